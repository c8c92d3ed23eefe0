import { join, resolve } from 'node:path';
import { projectRoot } from '../project-root.js';

/** The admin's config directory: --config, else DW_CONFIG_DIR, else config/ at the project root. */
export function resolveConfigDir(option?: string): string {
  if (option) return resolve(option);
  if (process.env.DW_CONFIG_DIR) return resolve(process.env.DW_CONFIG_DIR);
  return join(projectRoot(), 'config');
}
