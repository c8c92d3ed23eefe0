import { fileURLToPath } from 'node:url';
import { loadConfig, type LoadedConfig } from '../../src/config/load-config.js';

/** The project's own config/, as shipped. */
export const PROJECT_CONFIG_DIR = fileURLToPath(new URL('../../config', import.meta.url));

let cached: LoadedConfig | undefined;

/** The shipped config, loaded once per test file, as on 2026-11-21 (the 2027 notice not yet out). */
export function loadTestConfig(): LoadedConfig {
  cached ??= loadConfig(PROJECT_CONFIG_DIR, { today: '2026-11-21' });
  return cached;
}
