import { basename } from 'node:path';
import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import type { Department } from '../core/organisation.js';
import type { RuleBook } from '../core/rule-book.js';
import { formatShanghai } from '../core/shanghai-time.js';
import type { Change } from '../ledger/history-store.js';
import { columnHeader, isHeaderEcho, mapHeaders, type ColumnKey } from './columns.js';
import type { CsvEncoding } from './read-csv.js';
import { readTable } from './read-table.js';
import { writeRejects, type RejectedRow } from './rejects-file.js';
import { UnreadableFileError, type TableRow } from './table-row.js';
import { importRowsTotal } from '../operations/metrics.js';
import { validateRow } from './validate-row.js';
import { emptyOutcome, writeBatch, type BatchEntry } from './write-batch.js';

export interface ImportOptions {
  readonly file: string;
  readonly encoding?: CsvEncoding | undefined;
  /** Import the good rows and write the bad ones to `rejectsFile`, instead of importing nothing. */
  readonly partial: boolean;
  readonly rejectsFile?: string | undefined;
  /** Department names are looked up in this jurisdiction only. */
  readonly jurisdiction?: string | undefined;
  /** Only this department's rows are accepted (its own upload through the portal); others are rejected. */
  readonly onlyDepartment?: Department | undefined;
  readonly actor: string;
  readonly now: DateTime;
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
  readonly rejected: ImportProblem[];
  /** Whether anything was written (false when a bad row stopped an all-or-nothing import). */
  readonly committed: boolean;
  readonly rejectsFile?: string | undefined;
}

/** The file as a whole cannot be imported (unreadable, or its header row is wrong): nothing is written. */
export class ImportFileError extends Error {
  override readonly name = 'ImportFileError';
  constructor(readonly problems: readonly ImportProblem[]) {
    super(problems.map((p) => `row ${p.row}${p.column ? `, ${p.column}` : ''}: ${p.message}`).join('\n'));
  }
}

const BATCH_SIZE = 500;

/**
 * Imports a ledger file (台账导入) in one transaction. Every row is checked; with any bad row nothing is written
 * unless `partial` is set. Rows are keyed by reference within their jurisdiction: new ones are inserted,
 * changed ones updated with their history, unchanged ones left alone. Rows are read, checked and written in
 * batches of a thousand; what is kept for the whole file is one entry per reference (to find repeats) and the
 * rejected rows.
 */
export async function importLedger(db: Knex, book: RuleBook, departments: readonly Department[], options: ImportOptions): Promise<ImportResult> {
  const rows = new RowReader(options);
  const header = await rows.first();
  const mapping = mapHeaders(header.cells);
  if (mapping.problems.length > 0) throw new ImportFileError(mapping.problems.map((p) => ({ row: header.row, ...p })));
  const fileHeaders = new Map([...mapping.columns].map(([index, column]) => [column.key, header.cells[index] ?? column.zh]));
  const headerOf = (key: ColumnKey) => fileHeaders.get(key) ?? columnHeader(key);

  const change: Change = { actor: options.actor, at: formatShanghai(options.now), note: `import ${basename(options.file)}` };
  const context = { book, departments, jurisdiction: options.jurisdiction, onlyDepartment: options.onlyDepartment, now: options.now };
  const outcome = emptyOutcome();
  const rejected: ImportProblem[] = [];
  const rejectedRows: RejectedRow[] = [];
  const reject = (row: number, cells: readonly string[], problems: ReadonlyArray<{ column: string; message: string }>) => {
    rejected.push(...problems.map((p) => ({ row, ...p })));
    rejectedRows.push({ row, cells, reasons: problems.map((p) => `${p.column}: ${p.message}`) });
  };
  const firstRowOf = new Map<string, number>();
  const known = new Map<string, Set<string>>();
  let batch: BatchEntry[] = [];

  const trx = await db.transaction();
  // One batch is written while the next is read and checked (the database works in its own process, so the two
  // overlap); never more than one in flight. Rows the ledger refuses are reported like rows that failed a check.
  let writing: Promise<void> = Promise.resolve();
  const allGood = () => rejected.length === 0 && outcome.conflicts.length === 0;
  const write = async (entries: BatchEntry[]) => {
    await writing;
    writing = writeBatch(trx, entries, change, known, outcome);
    writing.catch(() => undefined); // its error is thrown where it is awaited: at the next write or at the end
  };
  try {
    for await (const { row, cells } of rows.rest()) {
      if (cells.every((cell) => cell.trim() === '')) continue;
      if (row === header.row + 1 && isHeaderEcho(cells, mapping)) continue;
      const values = new Map<ColumnKey, { text: string; header: string }>();
      for (const [index, column] of mapping.columns) values.set(column.key, { text: cells[index] ?? '', header: header.cells[index] ?? column.zh });
      const checked = validateRow(values, context);
      if ('problems' in checked) {
        reject(row, cells, checked.problems);
        continue;
      }
      const key = `${checked.draft.jurisdiction}\u0000${checked.draft.reference}`;
      const earlier = firstRowOf.get(key);
      if (earlier !== undefined) {
        reject(row, cells, [{ column: headerOf('reference'), message: `reference ${checked.draft.reference} is also on row ${earlier}` }]);
        continue;
      }
      firstRowOf.set(key, row);
      const statusColumn = headerOf(checked.draft.status === 'exempt' ? 'exemptionBasis' : 'publishedAt');
      batch.push({ row, draft: checked.draft, cells, statusColumn });
      // Once an all-or-nothing import has a bad row, checking goes on (to report every problem) but writing stops.
      if (batch.length >= BATCH_SIZE) {
        if (options.partial || allGood()) await write(batch);
        batch = [];
      }
    }
    await writing;
    if (options.partial || allGood()) await writeBatch(trx, batch, change, known, outcome);
    for (const { entry, message } of outcome.conflicts) reject(entry.row, entry.cells, [{ column: entry.statusColumn, message }]);
    rejected.sort((a, b) => a.row - b.row);

    const committed = options.partial || rejected.length === 0;
    importRowsTotal.inc({ result: 'rejected' }, rejectedRows.length);
    if (!committed) {
      await trx.rollback();
      return { inserted: 0, updated: 0, unchanged: 0, rejected, committed };
    }
    // Written before committing: if the rejects cannot be saved, the good rows are not kept either.
    const rejectsFile = rejectedRows.length > 0 ? await writeRejects(options, header.cells, rejectedRows) : undefined;
    await trx.commit();
    const { inserted, updated, unchanged } = outcome;
    importRowsTotal.inc({ result: 'accepted' }, inserted + updated + unchanged);
    return { inserted, updated, unchanged, rejected, committed, rejectsFile };
  } catch (error) {
    if (!trx.isCompleted()) await trx.rollback().catch(() => undefined);
    throw error;
  }
}

/** The file's rows, with a file that cannot be read reported as an ImportFileError on the row it stopped at. */
class RowReader {
  private readonly rows: AsyncGenerator<TableRow>;
  private lastRow = 0;

  constructor(options: ImportOptions) {
    try {
      this.rows = readTable(options.file, { encoding: options.encoding });
    } catch (error) {
      throw this.unreadable(error);
    }
  }

  async first(): Promise<TableRow> {
    const header = await this.rows.next().catch((error: unknown) => {
      throw this.unreadable(error);
    });
    if (header.done) throw new ImportFileError([{ row: 1, column: '', message: 'the file is empty: it needs a header row' }]);
    this.lastRow = header.value.row;
    return header.value;
  }

  async *rest(): AsyncGenerator<TableRow> {
    try {
      for await (const row of this.rows) {
        this.lastRow = row.row;
        yield row;
      }
    } catch (error) {
      throw this.unreadable(error);
    }
  }

  private unreadable(error: unknown): unknown {
    if (!(error instanceof UnreadableFileError)) return error;
    return new ImportFileError([{ row: this.lastRow + 1, column: '', message: error.message }]);
  }
}
