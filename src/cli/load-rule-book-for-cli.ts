import { RuleBookCache } from '../config/rule-book-cache.js';
import { resolveConfigDir } from '../config/config-dir.js';
import type { RuleBook } from '../core/rule-book.js';
import { readBuildId } from '../runtime/build-id.js';

/**
 * The rule book alone, for commands that need nothing else (`due`): from the rule book cache when this build last
 * loaded this very config in full, else by loading and checking every file (ConfigError as any command) and then
 * keeping it. The YAML reader and the checks are loaded only then: they are most of a call's cost.
 */
export async function loadRuleBookForCli(configOption: string | undefined): Promise<RuleBook> {
  const cache = RuleBookCache.open(resolveConfigDir(configOption), readBuildId());
  const kept = cache?.read();
  if (kept) return kept;
  const { loadConfigForCli } = await import('./load-for-cli.js');
  const { ruleBook } = loadConfigForCli(configOption);
  await cache?.write(ruleBook);
  return ruleBook;
}
