import type { Command } from 'commander';
import { writeNewFile } from '../files/safe-files.js';
import { localeOf } from '../delivery/mail-names.js';
import { annualTables } from '../reports/annual-tables.js';
import { noticeText } from '../reports/compose-notice.js';
import { draftNotice } from '../reports/draft-notice.js';
import { noticeDocx } from '../reports/notice-docx.js';
import { parsePeriod, type Period } from '../statistics/period.js';
import { workbookBytes } from '../reports/office-workbook.js';
import { gatherAnnualStatistics } from '../statistics/annual-statistics.js';
import { findSupervisor } from './find-audience.js';
import { withLedger } from './ledger-session.js';
import { textTable } from './text-table.js';
import { UsageError } from './usage-error.js';

interface ReportOptions {
  jurisdiction?: string;
  out?: string;
  force?: boolean;
  json?: boolean;
  config?: string;
}

function parseYear(text: string): number {
  if (!/^\d{4}$/.test(text)) throw new UsageError(`--year ${text}: give a year, e.g. --year 2026`);
  return Number(text);
}

export function registerReportCommands(program: Command): void {
  const report = program.command('report').description("the supervising office's reports: the year's statistics (年度统计) and the 通报 draft");

  report
    .command('annual')
    .description("the year's figures per department and category for the annual report (政府信息公开工作年度报告): due, published, on time, late, exempt by basis, requests by outcome")
    .requiredOption('--year <yyyy>', 'the year, e.g. 2026', parseYear)
    .option('--jurisdiction <id>', "the supervising office's jurisdiction (may be left out when there is one office)")
    .option('--out <file.xlsx>', 'write the workbook there (three sheets: by department, by category, requests)')
    .option('--force', 'overwrite --out if it exists')
    .option('--json', 'print the figures as JSON')
    .option('--config <dir>', 'config directory')
    .action(async (options: ReportOptions & { year: number }) => {
      if (options.out && !options.out.toLowerCase().endsWith('.xlsx')) throw new UsageError(`--out ${options.out}: the workbook is written as .xlsx; name the file so`);
      await withLedger(options.config, async ({ config, database, now }) => {
        const supervisor = findSupervisor(config, options.jurisdiction);
        const stats = await gatherAnnualStatistics(database.db, config, supervisor, options.year, now);
        const tables = annualTables(stats, localeOf(config, supervisor.jurisdiction));
        if (options.out) await writeNewFile(options.out, await workbookBytes(tables), { force: options.force });
        if (options.json) {
          process.stdout.write(`${JSON.stringify(stats, null, 2)}\n`);
          return;
        }
        const [departments] = tables;
        const cells = (row: ReadonlyArray<string | number | null>) => row.map((cell) => String(cell ?? ''));
        process.stdout.write(`${departments!.title}\n${departments!.subtitle}\n\n${textTable(departments!.headers, [...departments!.rows, departments!.totalRow!].map(cells))}`);
        if (options.out) process.stdout.write(`written to ${options.out}\n`);
      });
    });

  report
    .command('notice')
    .description('draft the circulated notice (通报) of a period: figures, departments praised and criticised, failed checks; wording from config/reports.yaml')
    .requiredOption('--period <period>', 'a year (2026), a quarter (2026-Q4) or a month (2026-11)', (text: string) => parsePeriod(text))
    .option('--jurisdiction <id>', "the supervising office's jurisdiction (may be left out when there is one office)")
    .option('--out <file.docx>', 'write the draft there, to edit in WPS or Word (without it: the text on stdout)')
    .option('--force', 'overwrite --out if it exists')
    .option('--config <dir>', 'config directory')
    .action(async (options: ReportOptions & { period: Period }) => {
      if (options.out && !options.out.toLowerCase().endsWith('.docx')) throw new UsageError(`--out ${options.out}: the draft is written as .docx; name the file so`);
      await withLedger(options.config, async ({ config, database, now }) => {
        const supervisor = findSupervisor(config, options.jurisdiction);
        const blocks = await draftNotice(database.db, config, supervisor, options.period, now);
        if (!options.out) {
          process.stdout.write(`${noticeText(blocks)}\n`);
          return;
        }
        await writeNewFile(options.out, await noticeDocx(blocks), { force: options.force });
        process.stdout.write(`${blocks[0]?.kind === 'title' ? blocks[0].text : ''}\nwritten to ${options.out}\n`);
      });
    });
}
