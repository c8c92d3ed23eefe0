import { loadConfig, type LoadedConfig } from '../config/load-config.js';
import { resolveConfigDir } from '../config/config-dir.js';
import { shanghaiDate } from '../core/shanghai-time.js';
import { clockFromEnvironment } from '../runtime/clock.js';

/**
 * Loads the config for a command. Throws ConfigError. Its warnings (next year's holiday notice not loaded yet)
 * are for the admin: `config check` and the worker's start-up print them; other commands would repeat them on every
 * call, and the deadlines they print say themselves when they are provisional (暂定).
 */
export function loadConfigForCli(configOption: string | undefined, options: { printWarnings?: boolean } = {}): LoadedConfig {
  const today = shanghaiDate(clockFromEnvironment().now());
  const config = loadConfig(resolveConfigDir(configOption), { today });
  if (options.printWarnings) for (const warning of config.warnings) process.stderr.write(`warning: ${warning}\n`);
  return config;
}
