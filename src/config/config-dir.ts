import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The admin's config directory: --config, else DW_CONFIG_DIR, else config/ at the project root. */
export function resolveConfigDir(option?: string): string {
  if (option) return resolve(option);
  if (process.env.DW_CONFIG_DIR) return resolve(process.env.DW_CONFIG_DIR);
  // src/config/ and dist/config/ are both two levels below the project root.
  return fileURLToPath(new URL('../../config', import.meta.url));
}
