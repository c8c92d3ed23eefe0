import type { Command } from 'commander';
import { CSV_ENCODINGS, type CsvEncoding } from '../intake/read-csv.js';
import { importLedger, ImportFileError, type ImportResult } from '../intake/import-ledger.js';
import { writeNewFile } from '../files/safe-files.js';
import { templateGuide } from '../intake/template-guide.js';
import { loadConfigForCli } from './load-for-cli.js';
import { actorOf } from './actor.js';
import { checkJurisdiction } from './jurisdiction-option.js';
import { withLedger } from './ledger-session.js';
import { plural } from './plural.js';
import { printable } from './printable.js';
import { textTable } from './text-table.js';
import { EXIT_FAILURE, UsageError } from './usage-error.js';

interface ImportCommandOptions {
  encoding: string;
  force?: boolean;
  partial?: boolean;
  rejects?: string;
  jurisdiction?: string;
  json?: boolean;
  actor?: string;
  config?: string;
}

export function registerImportCommands(ledger: Command): void {
  ledger
    .command('import <file>')
    .description('import a ledger file (.csv or .xlsx): new items inserted, changed ones updated with history, nothing written if any row is bad')
    .option('--encoding <name>', `CSV encoding: ${CSV_ENCODINGS.join(', ')} (Chinese Excel saves GBK)`, 'utf-8')
    .option('--partial', 'import the good rows and write the bad ones, with their reasons, to a rejects file')
    .option('--rejects <file>', 'where --partial writes the bad rows (default: FILE.rejects.csv)')
    .option('--force', 'overwrite the rejects file if it exists (never the file being imported)')
    .option('--jurisdiction <id>', 'the jurisdiction whose ledger this is: department names are looked up there, rows of another are refused (needed for a file that names departments of several)')
    .option('--json', 'print {inserted, updated, unchanged, rejected: [{row, column, message}]}')
    .option('--actor <name>', 'who is importing, for the history (default: DW_ACTOR or the login name)')
    .option('--config <dir>', 'config directory')
    .action(async (file: string, options: ImportCommandOptions) => {
      const encoding = options.encoding.toLowerCase();
      if (!(CSV_ENCODINGS as readonly string[]).includes(encoding)) throw new UsageError(`--encoding ${options.encoding}: one of ${CSV_ENCODINGS.join(', ')}`);
      if (options.rejects && !options.partial) throw new UsageError('--rejects goes with --partial: without it nothing is imported when a row is bad');
      const actor = actorOf(options.actor);
      const result = await withLedger(options.config, async ({ config, database, now }) => {
        checkJurisdiction(options.jurisdiction, config);
        try {
          return await importLedger(database.db, config.ruleBook, config.organisation.departments, {
            file,
            encoding: encoding as CsvEncoding,
            partial: options.partial ?? false,
            rejectsFile: options.rejects,
            overwriteRejects: options.force ?? false,
            jurisdiction: options.jurisdiction,
            actor,
            now,
          });
        } catch (error) {
          if (!(error instanceof ImportFileError)) throw error;
          return error;
        }
      });
      if (result instanceof ImportFileError) {
        const rejected = result.problems;
        const json = { inserted: 0, updated: 0, unchanged: 0, rejected, rejectedRows: 0, committed: false, sheet: result.sheet, notices: [] };
        process.stdout.write(options.json ? `${JSON.stringify(json)}\n` : `${fileAndSheet(file, result.sheet)}: nothing imported\n${problemTable(rejected)}`);
        process.exitCode = EXIT_FAILURE;
        return;
      }
      process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : summary(file, result));
      // Rejected rows need someone's attention, whether or not --partial imported the others.
      if (result.rejected.length > 0) process.exitCode = EXIT_FAILURE;
    });

  ledger
    .command('template')
    .description('write an empty ledger file with both header rows (Chinese and English) explained, and a guide sheet of the departments and categories')
    .option('--format <format>', 'xlsx or csv', 'xlsx')
    .option('--out <file>', 'where to write it (default: ledger-template.xlsx / .csv)')
    .option('--jurisdiction <id>', 'list this jurisdiction\'s departments and categories only (default: every jurisdiction with departments)')
    .option('--force', 'overwrite the file if it exists')
    .option('--config <dir>', 'config directory')
    .action(async (options: { format: string; out?: string; jurisdiction?: string; force?: boolean; config?: string }) => {
      if (options.format !== 'xlsx' && options.format !== 'csv') throw new UsageError(`--format ${options.format}: xlsx or csv`);
      const out = options.out ?? `ledger-template.${options.format}`;
      const config = loadConfigForCli(options.config);
      const jurisdiction = checkJurisdiction(options.jurisdiction, config);
      // exceljs is loaded by the command that writes a workbook, not by every import.
      const { templateBytes } = await import('../intake/template.js');
      const bytes = await templateBytes(options.format, templateGuide(config.ruleBook, config.organisation.departments, jurisdiction));
      // A filled-in ledger is easily saved under the template's name: it is not overwritten unasked.
      await writeNewFile(out, bytes, { force: options.force });
      process.stdout.write(`wrote ${out}\n`);
    });
}

function problemTable(problems: readonly ImportResult['rejected'][number][]): string {
  return problems.length === 0 ? '' : textTable(['row', 'column', 'problem'], problems.map((p) => [String(p.row), p.column, p.message]));
}

function fileAndSheet(file: string, sheet: string | undefined): string {
  return printable(sheet === undefined ? file : `${file}, sheet "${sheet}"`);
}

function summary(file: string, result: ImportResult): string {
  const counts = `${result.inserted} inserted, ${result.updated} updated, ${result.unchanged} unchanged, ${plural(result.rejectedRows, 'row')} rejected`;
  const outcome = result.committed ? '' : ' — nothing written: fix the rows below, or use --partial';
  const rejects = result.rejectsFile ? `\nbad rows written to ${result.rejectsFile}` : '';
  const notices = result.notices.map((notice) => `note: ${printable(notice)}\n`).join('');
  const more = result.moreProblems
    ? `… and ${Object.values(result.moreProblems).reduce((a, b) => a + b, 0).toLocaleString('en')} more problems, not listed: ${Object.entries(result.moreProblems).map(([column, count]) => `${printable(column)} ${count.toLocaleString('en')}`).join(', ')}${result.rejectsFile ? ` (every bad row is in ${result.rejectsFile})` : ''}\n`
    : '';
  return `${fileAndSheet(file, result.sheet)}: ${counts}${outcome}${rejects}\n${notices}${problemTable(result.rejected)}${more}`;
}
