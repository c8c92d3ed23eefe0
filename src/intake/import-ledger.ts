import { basename } from 'node:path';
import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import type { Department } from '../core/organisation.js';
import type { RuleBook } from '../core/rule-book.js';
import { formatShanghai } from '../core/shanghai-time.js';
import type { Change } from '../ledger/history-store.js';
import type { ItemDraft, LedgerItem } from '../ledger/item.js';
import { diffItems } from '../ledger/item.js';
import { findItemsByReferences, insertItems, referencesIn, updateItem } from '../ledger/item-store.js';
import { isHeaderEcho, mapHeaders, type ColumnKey } from './columns.js';
import type { CsvEncoding } from './read-csv.js';
import { readTable } from './read-table.js';
import { writeRejects, type RejectedRow } from './rejects-file.js';
import { UnreadableFileError } from './table-row.js';
import { validateRow, type RowValues } from './validate-row.js';

export interface ImportOptions {
  readonly file: string;
  readonly encoding?: CsvEncoding | undefined;
  /** Import the good rows and write the bad ones to `rejectsFile`, instead of importing nothing. */
  readonly partial: boolean;
  readonly rejectsFile?: string | undefined;
  /** Department names are looked up in this jurisdiction only. */
  readonly jurisdiction?: string | undefined;
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

const BATCH_SIZE = 1000;

/**
 * Imports a ledger file (台账导入) in one transaction. Every row is checked; with any bad row nothing is written
 * unless `partial` is set. Rows are keyed by reference within their jurisdiction: new ones are inserted,
 * changed ones updated with their history, unchanged ones left alone. Streamed: rows are read, checked and
 * written in batches, so memory does not grow with the file.
 */
export async function importLedger(db: Knex, book: RuleBook, departments: readonly Department[], options: ImportOptions): Promise<ImportResult> {
  const rows = readTable(options.file, { encoding: options.encoding });
  const header = await rows.next().catch(rethrowUnreadable);
  if (header.done) throw new ImportFileError([{ row: 1, column: '', message: 'the file is empty: it needs a header row' }]);
  const mapping = mapHeaders(header.value.cells);
  if (mapping.problems.length > 0) throw new ImportFileError(mapping.problems.map((p) => ({ row: header.value.row, ...p })));

  const headers = header.value.cells;
  const change: Change = { actor: options.actor, at: formatShanghai(options.now), note: `import ${basename(options.file)}` };
  const context = { book, departments, jurisdiction: options.jurisdiction, now: options.now };
  const counts = { inserted: 0, updated: 0, unchanged: 0 };
  const rejected: ImportProblem[] = [];
  const rejectedRows: RejectedRow[] = [];
  const firstRowOf = new Map<string, number>();
  let batch: Array<{ row: number; draft: ItemDraft }> = [];
  const known = new Map<string, Set<string>>();
  // One batch is written while the next is read and checked: the database works in its own process, so the two
  // overlap. Never more than one write in flight, so memory stays bounded.
  let writing: Promise<void> = Promise.resolve();
  const write = async (entries: typeof batch) => {
    await writing;
    writing = writeBatch(trx, entries, change, counts, known);
    writing.catch(() => undefined); // awaited (and its error thrown) at the next write or at the end
  };

  const trx = await db.transaction();
  try {
    for await (const { row, cells } of iterate(rows)) {
      if (cells.every((cell) => cell.trim() === '')) continue;
      if (row === header.value.row + 1 && isHeaderEcho(cells, mapping)) continue;
      const values = new Map<ColumnKey, { text: string; header: string }>();
      for (const [index, column] of mapping.columns) values.set(column.key, { text: cells[index] ?? '', header: headers[index] ?? column.zh });
      const outcome = validateRow(values, context);
      let problems = 'problems' in outcome ? outcome.problems : [];
      if ('draft' in outcome) {
        const key = `${outcome.draft.jurisdiction}\u0000${outcome.draft.reference}`;
        const earlier = firstRowOf.get(key);
        if (earlier !== undefined) problems = [{ column: values.get('reference')?.header ?? 'reference', message: `reference ${outcome.draft.reference} is also on row ${earlier}` }];
        else {
          firstRowOf.set(key, row);
          batch.push({ row, draft: outcome.draft });
        }
      }
      if (problems.length > 0) {
        rejected.push(...problems.map((p) => ({ row, ...p })));
        rejectedRows.push({ cells, reasons: problems.map((p) => `${p.column}: ${p.message}`) });
      }
      // Once an all-or-nothing import has a bad row, checking goes on (to report every problem) but writing stops.
      if (batch.length >= BATCH_SIZE) {
        if (options.partial || rejected.length === 0) await write(batch);
        batch = [];
      }
    }
    await writing;
    const committed = options.partial || rejected.length === 0;
    if (committed) {
      await writeBatch(trx, batch, change, counts, known);
      await trx.commit();
    } else {
      await trx.rollback();
    }
    const rejectsFile = options.partial && rejectedRows.length > 0 ? await writeRejects(options, header.value.cells, rejectedRows) : undefined;
    return committed ? { ...counts, rejected, committed, rejectsFile } : { inserted: 0, updated: 0, unchanged: 0, rejected, committed };
  } catch (error) {
    if (!trx.isCompleted()) await trx.rollback().catch(() => undefined);
    throw error;
  }
}

async function* iterate<T>(rows: AsyncGenerator<T>): AsyncGenerator<T> {
  try {
    for await (const row of rows) yield row;
  } catch (error) {
    rethrowUnreadable(error);
  }
}

function rethrowUnreadable(error: unknown): never {
  if (error instanceof UnreadableFileError) throw new ImportFileError([{ row: 1, column: '', message: error.message }]);
  throw error;
}

/**
 * What a re-imported row makes of an existing item: the file's facts, and its publication or exemption when it
 * gives one; a row that says nothing of either leaves the item's status as recorded (a stale file does not undo
 * a publication recorded since).
 */
function mergeRow(existing: LedgerItem, draft: ItemDraft): ItemDraft {
  if (draft.status !== 'open') return draft;
  const { status, publishedAt, publishedUrl, exemptionBasis, exemptionReason, exemptionApprovedBy, withdrawalReason } = existing;
  return { ...draft, status, publishedAt, publishedUrl, exemptionBasis, exemptionReason, exemptionApprovedBy, withdrawalReason };
}

async function writeBatch(
  trx: Knex.Transaction,
  batch: ReadonlyArray<{ row: number; draft: ItemDraft }>,
  change: Change,
  counts: { inserted: number; updated: number; unchanged: number },
  known: Map<string, Set<string>>,
): Promise<void> {
  const byJurisdiction = new Map<string, Array<{ row: number; draft: ItemDraft }>>();
  for (const entry of batch) {
    const list = byJurisdiction.get(entry.draft.jurisdiction);
    if (list) list.push(entry);
    else byJurisdiction.set(entry.draft.jurisdiction, [entry]);
  }
  for (const [jurisdiction, entries] of byJurisdiction) {
    // Which references already exist is learnt once per jurisdiction, so new rows cost no lookup.
    let references = known.get(jurisdiction);
    if (!references) known.set(jurisdiction, (references = await referencesIn(trx, jurisdiction)));
    const existingReferences = entries.filter((e) => references.has(e.draft.reference)).map((e) => e.draft.reference);
    const existing = await findItemsByReferences(trx, jurisdiction, existingReferences);
    const fresh: ItemDraft[] = [];
    for (const { row, draft } of entries) {
      const current = existing.get(draft.reference);
      if (!current) {
        fresh.push(draft);
        continue;
      }
      const next = mergeRow(current, draft);
      if (Object.keys(diffItems(current, next)).length === 0) counts.unchanged++;
      else {
        await updateItem(trx, current, next, 'update', { ...change, note: `${change.note} row ${row}` });
        counts.updated++;
      }
    }
    counts.inserted += (await insertItems(trx, fresh, change)).length;
  }
}
