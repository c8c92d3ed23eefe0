import type { Command } from 'commander';
import { recomputeOpenItems } from '../monitor/recompute.js';
import { actorOf } from './actor.js';
import { withLedger } from './ledger-session.js';
import { plural } from './plural.js';

export function registerRecomputeCommand(program: Command): void {
  program
    .command('recompute')
    .description('work out open items\' due dates again if the rules or calendars changed since they were computed (the worker does this at start-up)')
    .option('--force', 'recompute even if the config looks unchanged')
    .option('--actor <name>', 'who, for the history (default: DW_ACTOR or the login name)')
    .option('--json', 'print the result as JSON')
    .option('--config <dir>', 'config directory')
    .action(async (options: { force?: boolean; actor?: string; json?: boolean; config?: string }) => {
      const actor = actorOf(options.actor);
      const result = await withLedger(options.config, ({ config, database, now }) => recomputeOpenItems(database.db, config, now, { force: options.force, actor }));
      if (options.json) {
        process.stdout.write(`${JSON.stringify(result)}\n`);
        return;
      }
      const lines = [
        result.configChanged
          ? `${plural(result.checked, 'open item')} checked${result.years ? ` (those whose counting reaches into ${result.years.join(', ')}, the calendar years that changed)` : ''}; ${result.recomputed} moved (each with a "recompute" history entry)`
          : 'rules and calendars unchanged since the ledger was computed: nothing to do (--force to check anyway)',
        ...result.failed.map((f) => `not placed: ${f.reference}: ${f.reason}`),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
