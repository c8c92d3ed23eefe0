import type { Command } from 'commander';
import { humanTime } from '../core/deadline-basis.js';
import type { Department } from '../core/organisation.js';
import { scan, type ScanResult } from '../monitor/scan.js';
import { withLedger } from './ledger-session.js';
import { textTable } from './text-table.js';
import { plural } from './plural.js';

export function registerScanCommand(program: Command): void {
  program
    .command('scan')
    .description('look at the open items whose time has come and record each new ladder step (reminder, escalation) in the outbox')
    .option('--dry-run', 'show what a scan would record now, and write nothing')
    .option('--json', 'print the result as JSON')
    .option('--config <dir>', 'config directory')
    .action(async (options: { dryRun?: boolean; json?: boolean; config?: string }) => {
      const { result, departments } = await withLedger(options.config, async ({ config, database, now }) => ({
        result: await scan(database.db, { ruleBook: config.ruleBook, ladders: config.ladders }, now, { dryRun: options.dryRun }),
        departments: config.organisation.departments,
      }));
      process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : summary(result, departments, options.dryRun ?? false));
    });
}

function summary(result: ScanResult, departments: readonly Department[], dryRun: boolean): string {
  const name = (code: string) => departments.find((d) => d.code === code)?.name ?? code;
  const head = `${plural(result.checked, 'item')} looked at; ${result.recorded.length} ${dryRun ? 'would be recorded' : 'recorded'}${result.skipped.length ? `; ${result.skipped.length} skipped` : ''}\n`;
  const rows = result.recorded.map((n) => [n.reference, n.jurisdiction, name(n.departmentCode), n.step, humanTime(n.dueAt), n.recipients.join(', ')]);
  const skipped = result.skipped.map((s) => `skipped item ${s.itemId}: ${s.reason}\n`).join('');
  const abandoned = result.abandoned
    .map((a) => `${a.jurisdiction} ${a.reference}: ${dryRun ? 'would be deemed' : 'deemed'} abandoned, no supplement within the 补正 period (视为放弃申请, 条例第三十条)\n`)
    .join('');
  return head + (rows.length ? textTable(['reference', 'jurisdiction', 'department', 'step', 'due', 'notify'], rows) : '') + skipped + abandoned;
}
