import { statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import type { Department } from '../core/organisation.js';
import type { RuleBook } from '../core/rule-book.js';
import { formatShanghai } from '../core/shanghai-time.js';
import type { Change } from '../ledger/history-store.js';
import { importRowsTotal } from '../operations/metrics.js';
import { columnHeader, isHeaderEcho, REJECTS_HEADER, type ColumnKey } from './columns.js';
import { duplicateNamedIn } from './duplicate-reference.js';
import { headerProblems } from './header-problems.js';
import { JurisdictionTally } from './jurisdiction-tally.js';
import { LedgerSheetReader, NoHeaderFound, type LedgerLayout } from './ledger-sheet.js';
import { readsAsUtf8, type CsvEncoding } from './read-csv.js';
import { readTable } from './read-table.js';
import { ProblemReport } from './problem-report.js';
import { checkRejectsTarget, RejectsWriter } from './rejects-file.js';
import { rowValues, SerialDates } from './row-values.js';
import { UnreadableFileError, type TableRow } from './table-row.js';
import { validateRow } from './validate-row.js';
import { mergeStaged, type MergeRefusal } from './merge-staged.js';
import { StagedRows } from './staged-rows.js';
import { READ_STALL_MS, withStallLimit } from './stall-limit.js';

export interface ImportOptions {
  readonly file: string;
  readonly encoding?: CsvEncoding | undefined;
  /** Import the good rows and write the bad ones to `rejectsFile`, instead of importing nothing. */
  readonly partial: boolean;
  readonly rejectsFile?: string | undefined;
  /** Overwrite an existing rejects file (never the file imported). */
  readonly overwriteRejects?: boolean | undefined;
  /** Department names are looked up in this jurisdiction only, and rows of another are refused. */
  readonly jurisdiction?: string | undefined;
  /** Only this department's rows are accepted (its own upload through the portal); others are rejected. */
  readonly onlyDepartment?: Department | undefined;
  readonly actor: string;
  readonly now: DateTime;
  /** A read that gives no row for this long is stopped (READ_STALL_MS unless set). */
  readonly stallMs?: number | undefined;
}

export interface ImportProblem {
  readonly row: number;
  readonly column: string;
  readonly message: string;
}

export interface ImportResult {
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  /** The problems, by row: the first LISTED_PROBLEMS of them (see moreProblems). */
  readonly rejected: ImportProblem[];
  /** Rows refused, all of them. */
  readonly rejectedRows: number;
  /** Problems beyond those listed, counted by column: a file of half a million bad rows is not listed row by row. */
  readonly moreProblems?: Record<string, number> | undefined;
  /** Whether anything was written (false when a bad row stopped an all-or-nothing import). */
  readonly committed: boolean;
  readonly rejectsFile?: string | undefined;
  /** The worksheet that was read (an .xlsx file). */
  readonly sheet?: string | undefined;
  /** What the clerk should know although nothing was wrong: skipped title rows, sheets not read, numbers read as dates. */
  readonly notices: string[];
}

/** The file as a whole cannot be imported (unreadable, its header row is wrong, rows of several jurisdictions): nothing is written. */
export class ImportFileError extends Error {
  override readonly name = 'ImportFileError';
  constructor(
    readonly problems: readonly ImportProblem[],
    readonly sheet?: string | undefined,
  ) {
    super(problems.map((p) => `row ${p.row}${p.column ? `, ${p.column}` : ''}: ${p.message}`).join('\n'));
  }
}

/**
 * Imports a ledger file (台账导入). Every row is checked and, when it passes, staged (import_rows), with no
 * transaction open while the file is read; the staged rows are then merged into the ledger in one short
 * transaction, which is also where the ledger's own refusals (an item already published, a reference repeated)
 * are found, so that one pass finds every problem. With any bad row nothing is kept unless `partial` is set.
 * Rows are keyed by reference within their jurisdiction: new ones are inserted, changed ones updated with their
 * history, unchanged ones left alone. What the import holds in memory is a batch of rows, the problems listed and
 * a few counters, whatever the size of the file: repeats are found by the database.
 */
export async function importLedger(db: Knex, book: RuleBook, departments: readonly Department[], options: ImportOptions): Promise<ImportResult> {
  if (options.partial) checkRejectsTarget(options);
  const rows = new RowReader(options);
  try {
    return await importRows(db, book, departments, options, rows);
  } finally {
    await rows.reader.close();
  }
}

async function importRows(db: Knex, book: RuleBook, departments: readonly Department[], options: ImportOptions, rows: RowReader): Promise<ImportResult> {
  const layout = await rows.layout();
  const { header, mapping } = layout;
  if (mapping.problems.length > 0) throw new ImportFileError(mapping.problems.map((p) => ({ row: header.row, ...p })), layout.sheet);
  const fileHeaders = new Map([...mapping.columns].map(([index, column]) => [column.key, header.cells[index] ?? column.zh]));
  const headerOf = (key: ColumnKey) => fileHeaders.get(key) ?? columnHeader(key);
  // A rejects file says why each row was refused; a row refused as a repeat is refused again (never merged).
  const reasonsAt = header.cells.findIndex((cell) => cell.trim() === REJECTS_HEADER);

  const change: Change = { actor: options.actor, at: formatShanghai(options.now), note: `import ${basename(options.file)}` };
  const jurisdiction = options.jurisdiction ?? options.onlyDepartment?.jurisdiction;
  const tally = new JurisdictionTally();
  const serials = new SerialDates();
  const report = new ProblemReport();
  // Rejected rows go to the rejects file as they come; nothing of them is kept in memory but the listed problems.
  const rejects = options.partial ? new RejectsWriter(options, header.cells) : undefined;
  const reject = async (row: number, cells: readonly string[], problems: ReadonlyArray<{ column: string; message: string }>) => {
    for (const problem of problems) report.add({ row, ...problem });
    await rejects?.add({ row, cells, reasons: problems.map((p) => `${p.column}: ${p.message}`) });
  };

  const staged = await StagedRows.begin(db);
  try {
    for await (const { row, cells, kinds } of rows.rest()) {
      if (cells.every((cell) => cell.trim() === '')) continue;
      if (row === header.row + 1 && isHeaderEcho(cells, mapping)) continue;
      const values = rowValues({ row, cells, kinds }, header, mapping, serials);
      const checked = validateRow(values, { book, departments, jurisdiction, onlyDepartment: options.onlyDepartment, likelyJurisdiction: tally.likely(), now: options.now });
      tally.add(row, checked.department);
      if ('problems' in checked) {
        await reject(row, cells, checked.problems);
        continue;
      }
      const repeated = reasonsAt >= 0 ? duplicateNamedIn(cells[reasonsAt] ?? '') : undefined;
      const repeatOf = repeated?.reference === checked.draft.reference ? repeated.row : undefined;
      await staged.add({ row, draft: checked.draft, repeatOf, cells: rejects ? cells : undefined });
    }
    await staged.finish();
    if (!jurisdiction) {
      const mixed = tally.refusal((id) => book.jurisdiction(id).name);
      if (mixed) throw new ImportFileError([{ row: header.row, column: headerOf('department'), message: mixed }], layout.sheet);
    }

    // The one transaction: short, and only once the whole file has been read. An all-or-nothing import with bad
    // rows merges too, to learn the ledger's refusals in the same pass, and is rolled back.
    const trx = await db.transaction();
    try {
      const refuse = ({ row, cells, column, message }: MergeRefusal) => reject(row, cells, [{ column, message }]);
      const counts = await mergeStaged(trx, { importId: staged.importId, change, headerOf, refuse, book });
      const notices = [...layoutNotices(layout, rows.reader), ...serials.notices()];
      const committed = options.partial || report.empty;
      const problems = { rejected: report.problems(), rejectedRows: report.rejectedRows, moreProblems: report.more() };
      importRowsTotal.inc({ result: 'rejected' }, report.rejectedRows);
      if (!committed) {
        await trx.rollback();
        return { inserted: 0, updated: 0, unchanged: 0, ...problems, committed, sheet: layout.sheet, notices };
      }
      // Put in place before committing: if the rejects cannot be saved, the good rows are not kept either.
      const rejectsFile = await rejects?.publish();
      await trx.commit();
      const { inserted, updated, unchanged } = counts;
      importRowsTotal.inc({ result: 'accepted' }, inserted + updated + unchanged);
      return { inserted, updated, unchanged, ...problems, committed, rejectsFile, sheet: layout.sheet, notices };
    } finally {
      if (!trx.isCompleted()) await trx.rollback().catch(() => undefined);
    }
  } catch (error) {
    await rejects?.discard();
    throw error;
  } finally {
    await staged.discard();
  }
}

/** The title rows skipped above the header, and the sheets that were not read. */
function layoutNotices(layout: LedgerLayout, reader: LedgerSheetReader): string[] {
  const notices = layout.titleRows.map((title) => {
    const text = title.cells.filter((cell) => cell.trim() !== '').join(' ');
    return `row ${title.row} was skipped as a title above the header: ${text.length > 60 ? `${text.slice(0, 60)}…` : text}`;
  });
  for (const other of reader.otherSheets()) {
    const what = `sheet "${other.name}" (${other.rows} ${other.rows === 1 ? 'row' : 'rows'}) was not read: only sheet "${layout.sheet}" is imported`;
    notices.push(other.looksLikeLedger ? `${what}; it has a ledger header too: save it as a file of its own and import that` : `${what}; it has no ledger header`);
  }
  return notices;
}

/**
 * A pipe, a device or a socket can block a read for good, where the stall limit cannot reach (the read waits in
 * the thread pool): only a file is imported.
 */
function refuseNonRegularFile(file: string): void {
  let stats;
  try {
    stats = statSync(file);
  } catch {
    return; // the reader says what is wrong with a file that is not there
  }
  if (!stats.isFile()) {
    const what = stats.isDirectory() ? 'a directory' : stats.isFIFO() ? 'a pipe' : stats.isSocket() ? 'a socket' : 'a device';
    throw new UnreadableFileError(`${file} is ${what}, not a file: save the ledger as a .csv or .xlsx file and import that`);
  }
}

/** The file's ledger rows, with a file that cannot be read reported as an ImportFileError on the row it stopped at. */
class RowReader {
  readonly reader: LedgerSheetReader;
  private lastRow = 0;
  private sheet: string | undefined;

  constructor(private readonly options: ImportOptions) {
    try {
      refuseNonRegularFile(options.file);
      const rows = withStallLimit(readTable(options.file, { encoding: options.encoding }), options.stallMs ?? READ_STALL_MS, options.file);
      this.reader = new LedgerSheetReader(this.tracked(rows));
    } catch (error) {
      throw this.unreadable(error);
    }
  }

  private async *tracked(rows: AsyncIterable<TableRow>): AsyncGenerator<TableRow> {
    for await (const row of rows) {
      this.lastRow = row.row;
      this.sheet = row.sheet;
      yield row;
    }
  }

  async layout(): Promise<LedgerLayout> {
    try {
      return await this.reader.layout();
    } catch (error) {
      if (!(error instanceof NoHeaderFound)) throw this.unreadable(error);
      throw new ImportFileError(headerProblems(error, { wrongEncoding: await this.wrongEncoding() }), error.closest?.sheet);
    }
  }

  /** A CSV read in GBK that is really UTF-8 has no header a person would recognise: say that, in one line. */
  private async wrongEncoding(): Promise<string | undefined> {
    const { file, encoding } = this.options;
    if (extname(file).toLowerCase() !== '.csv' || !encoding || encoding === 'utf-8' || !(await readsAsUtf8(file))) return undefined;
    return `no header row found when the file is read as ${encoding}; it reads as UTF-8: run again without --encoding`;
  }

  async *rest(): AsyncGenerator<TableRow> {
    try {
      yield* this.reader.rows();
    } catch (error) {
      throw this.unreadable(error);
    }
  }

  private unreadable(error: unknown): unknown {
    if (!(error instanceof UnreadableFileError)) return error;
    return new ImportFileError([{ row: this.lastRow + 1, column: '', message: error.message }], this.sheet);
  }
}
