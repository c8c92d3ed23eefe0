import type { Knex } from 'knex';
import type { RuleBook } from '../core/rule-book.js';
import type { Change } from '../ledger/history-store.js';
import { diffItems, type ItemDraft } from '../ledger/item.js';
import { ITEM_CONTENT_COLUMNS, itemFromRow, type ItemRow } from '../ledger/item-row.js';
import { findItemsByReferences, updateItems, type ItemUpdate } from '../ledger/item-store.js';
import type { ColumnKey } from './columns.js';
import { duplicateReferenceMessage, stillDuplicateMessage } from './duplicate-reference.js';
import { mergeRow } from './merge-row.js';

/** A staged row the merge refuses, with its cells when they were kept (a partial import's rejects file). */
export interface MergeRefusal {
  readonly row: number;
  readonly cells: readonly string[];
  readonly column: string;
  readonly message: string;
}

export interface MergeCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface MergeContext {
  readonly importId: string;
  readonly change: Change;
  /** The file's header of a column (refusals name it). */
  readonly headerOf: (key: ColumnKey) => string;
  readonly refuse: (refusal: MergeRefusal) => Promise<void>;
  /** The rules in force: a kept publication's publicity period is checked against its rule (mergeRow). */
  readonly book: RuleBook;
}

/** The advisory lock that serialises merges (the project's locks are 0x6477_…: "dw"). */
const MERGE_LOCK = 0x6477_0003;

/**
 * Memory for the merge's sorts and hashes (this transaction only): the new rows are inserted in file order, and a
 * sort of 100,000 staged rows spilled to disk at PostgreSQL's default 4 MB.
 */
const MERGE_WORK_MEM = '64MB';

/** File rows read from import_rows at a time: what the merge holds in memory. */
const PAGE = 5_000;

const NAMES = ITEM_CONTENT_COLUMNS.map(([name]) => name);
const quoted = (alias: string) => NAMES.map((name) => `${alias}."${name}"`).join(', ');
const SAME_ITEM = 'l.jurisdiction = s.jurisdiction and l.reference = s.reference';
/** What the merge reads back of a staged row (not its creation history: only new rows need that, and they are inserted by the database). */
const READ_BACK = `${quoted('s')}, s.file_row, s.cells, s.repeat_of, s.duplicate_of`;
/** The staged row says exactly what the ledger holds: nothing to do, and nothing to read back. */
const IDENTICAL = `(${quoted('s')}) is not distinct from (${quoted('l')})`;

/**
 * Merges an import's staged rows into the ledger, in the caller's transaction, set-based: repeats of a reference
 * in the file are refused (the first row stands), then rows a rejects file says repeated an item the ledger holds;
 * rows identical to their item are counted; rows that change an item are merged with what it holds, page by page
 * (its rows locked), and updated with history, or refused when they contradict a recorded publication or
 * exemption; new references are inserted with their creation history in one statement.
 */
export async function mergeStaged(trx: Knex.Transaction, context: MergeContext): Promise<MergeCounts> {
  // One merge at a time: two imports naming the same new reference would otherwise both insert it, and the second
  // fail on the unique index. Waiting, the second sees the first's items and merges with them. Merges are short.
  await trx.raw('select pg_advisory_xact_lock(?)', [MERGE_LOCK]);
  await trx.raw(`set local work_mem = '${MERGE_WORK_MEM}'`);
  const pages = new StagedPages(trx, context.importId, await lastFileRow(trx, context.importId));
  await refuseRepeats(trx, pages, context);
  await refuseStillRepeated(trx, pages, context);
  const counts: MergeCounts = { inserted: 0, updated: 0, unchanged: await countIdentical(trx, context.importId) };
  await mergeChanged(trx, pages, context, counts);
  counts.inserted = await insertNew(trx, context);
  return counts;
}

async function refuseRepeats(trx: Knex.Transaction, pages: StagedPages, { importId, headerOf, refuse }: MergeContext): Promise<void> {
  const marked = await trx.raw(
    `update import_rows s set duplicate_of = f.first_row
     from (select jurisdiction, reference, min(file_row) as first_row from import_rows where import_id = ?
           group by jurisdiction, reference having count(*) > 1) f
     where s.import_id = ? and s.jurisdiction = f.jurisdiction and s.reference = f.reference and s.file_row > f.first_row`,
    [importId, importId],
  );
  if (!marked.rowCount) return; // the common case: no repeats, and no pass over the staged rows to find none
  await pages.each('duplicate_of is not null', async (rows) => {
    for (const row of rows) {
      await refuse({ row: row.file_row, cells: row.cells ?? [], column: headerOf('reference'), message: duplicateReferenceMessage(row.reference, row.duplicate_of!) });
    }
  });
  await trx('import_rows').where({ import_id: importId }).whereNotNull('duplicate_of').delete();
}

async function refuseStillRepeated(trx: Knex.Transaction, pages: StagedPages, { importId, headerOf, refuse }: MergeContext): Promise<void> {
  const held = `repeat_of is not null and exists (select 1 from ledger_items l where ${SAME_ITEM})`;
  // Only a rejects file sent back has rows that say they repeat one: most imports have none.
  const any = await trx.raw(`select exists (select 1 from import_rows s where s.import_id = ? and ${held}) as found`, [importId]);
  if (!(any.rows[0] as { found: boolean }).found) return;
  await pages.each(held, async (rows) => {
    for (const row of rows) {
      await refuse({ row: row.file_row, cells: row.cells ?? [], column: headerOf('reference'), message: stillDuplicateMessage(row.reference, row.repeat_of!) });
    }
  });
  await trx.raw(`delete from import_rows s where s.import_id = ? and ${held}`, [importId]);
}

async function countIdentical(trx: Knex.Transaction, importId: string): Promise<number> {
  const result = await trx.raw(`select count(*)::integer as n from import_rows s join ledger_items l on ${SAME_ITEM} where s.import_id = ? and ${IDENTICAL}`, [importId]);
  return Number((result.rows[0] as { n: number }).n);
}

async function mergeChanged(trx: Knex.Transaction, pages: StagedPages, { importId, change, headerOf, refuse, book }: MergeContext, counts: MergeCounts): Promise<void> {
  // Marked in one statement (one join), then read in pages along the primary key: a condition on the ledger in
  // each page's query would be planned without statistics for the fresh rows, and could scan them all each time.
  const marked = await trx.raw(`update import_rows s set differs = true from ledger_items l where s.import_id = ? and ${SAME_ITEM} and not ${IDENTICAL}`, [importId]);
  if (!marked.rowCount) return;
  await pages.each('differs', async (page) => {
    const byJurisdiction = new Map<string, StagedRecord[]>();
    for (const row of page) {
      const list = byJurisdiction.get(row.jurisdiction);
      if (list) list.push(row);
      else byJurisdiction.set(row.jurisdiction, [row]);
    }
    for (const [jurisdiction, rows] of byJurisdiction) {
      const existing = await findItemsByReferences(trx, jurisdiction, rows.map((row) => row.reference));
      const updates: ItemUpdate[] = [];
      for (const row of rows) {
        const current = existing.get(row.reference)!;
        const draft = draftOf(row);
        const merged = mergeRow(current, draft, book);
        if ('conflict' in merged) {
          const column = headerOf(draft.status === 'exempt' ? 'exemptionBasis' : 'publishedAt');
          await refuse({ row: row.file_row, cells: row.cells ?? [], column, message: merged.conflict });
        } else if (Object.keys(diffItems(current, merged.next)).length === 0) counts.unchanged++;
        else updates.push({ existing: current, next: merged.next, action: merged.action, note: `${change.note} row ${row.file_row}` });
      }
      counts.updated += (await updateItems(trx, updates, change)).length;
    }
  });
}

/**
 * The new references, inserted with their creation history in one statement. Their ids are drawn in file order
 * in a materialised CTE that both inserts read: no join back from the inserted items to the staged rows (planned
 * from the staging table's statistics, that join went from a hash join to a nested loop: 52 s instead of 2).
 */
async function insertNew(trx: Knex.Transaction, { importId, change }: MergeContext): Promise<number> {
  const columns = NAMES.map((name) => `"${name}"`).join(', ');
  const result = await trx.raw(
    `with new_rows as materialized (
       select nextval(pg_get_serial_sequence('ledger_items', 'id')) as id, f.* from (
         select ${quoted('s')}, s.history from import_rows s
         where s.import_id = ? and not exists (select 1 from ledger_items l where ${SAME_ITEM})
         order by s.file_row
       ) f
     ),
     inserted as (
       -- An open item is looked at by the next scan (next_check_at: see the monitor migration).
       insert into ledger_items (id, ${columns}, created_at, updated_at, next_check_at)
       select n.id, ${quoted('n')}, ?::timestamptz, ?::timestamptz, case when n.status = 'open' then ?::timestamptz end from new_rows n
     ),
     logged as (
       insert into item_history (item_id, at, actor, action, changes, note)
       select n.id, ?::timestamptz, ?, 'create', n.history, ? from new_rows n
     )
     select count(*)::integer as n from new_rows`,
    [importId, change.at, change.at, change.at, change.at, change.actor, change.note ?? null],
  );
  return Number((result.rows[0] as { n: number }).n);
}

interface StagedRecord extends ItemRow {
  file_row: number;
  cells: string[] | null;
  repeat_of: number | null;
  duplicate_of: number | null;
}

/** The item a staged row describes, read back as the ledger's own rows are. */
function draftOf(row: StagedRecord): ItemDraft {
  const { id: _id, createdAt: _created, updatedAt: _updated, ...draft } = itemFromRow(row);
  return draft;
}

async function lastFileRow(trx: Knex.Transaction, importId: string): Promise<number> {
  const result = await trx.raw('select max(file_row) as last from import_rows where import_id = ?', [importId]);
  return Number((result.rows[0] as { last: number | null }).last ?? 0);
}

/**
 * This import's staged rows matching a condition (about `s`), in file order, a span of PAGE file rows at a time:
 * a file of a million refused repeats is never held at once. Spans of the primary key rather than "after the last
 * row, LIMIT n": without statistics for the fresh rows the planner reads every row and sorts them for each page
 * of the latter, which made a 100,000-row merge quadratic.
 */
class StagedPages {
  constructor(
    private readonly trx: Knex.Transaction,
    private readonly importId: string,
    private readonly lastRow: number,
  ) {}

  async each(where: string, onPage: (rows: StagedRecord[]) => Promise<void>): Promise<void> {
    const sql = `select ${READ_BACK} from import_rows s where s.import_id = ? and s.file_row >= ? and s.file_row < ? and ${where} order by s.file_row`;
    for (let from = 0; from <= this.lastRow; from += PAGE) {
      const rows = (await this.trx.raw(sql, [this.importId, from, from + PAGE])).rows as StagedRecord[];
      if (rows.length > 0) await onPage(rows);
    }
  }
}
