import { loadConfig, type LoadedConfig } from '../config/load-config.js';
import { resolveConfigDir } from '../config/config-dir.js';
import { shanghaiDate } from '../core/shanghai-time.js';
import { clockFromEnvironment } from '../runtime/clock.js';

/** Loads the config for a command and prints its warnings to stderr (once per run). Throws ConfigError. */
export function loadConfigForCli(configOption: string | undefined): LoadedConfig {
  const today = shanghaiDate(clockFromEnvironment().now());
  const config = loadConfig(resolveConfigDir(configOption), { today });
  for (const warning of config.warnings) process.stderr.write(`warning: ${warning}\n`);
  return config;
}
