import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { bulkInsert, type BulkInsert, type RowBatch } from '../ledger/bulk-insert.js';
import { creationChanges, type ItemDraft } from '../ledger/item.js';
import { ITEM_CONTENT_COLUMNS, rowFromDraft } from '../ledger/item-row.js';
import type { ColumnTypes } from '../ledger/recordset.js';

const STAGED_COLUMNS: ColumnTypes = [['import_id', 'uuid'], ['file_row', 'integer'], ...ITEM_CONTENT_COLUMNS, ['history', 'jsonb'], ['repeat_of', 'integer'], ['cells', 'jsonb']];

/** Rows per statement: large enough that a statement's cost is in its rows, small enough to keep memory flat. */
const STAGE_BATCH = 5_000;

/** An import killed midway leaves its rows; the next import removes those older than this. */
const STALE_AFTER = '1 day';

export interface StagedRow {
  readonly row: number;
  readonly draft: ItemDraft;
  /** The row of the first import this row repeated, as the rejects file it came from says. */
  readonly repeatOf?: number | undefined;
  /** The file's cells, kept for the rejects file when the merge refuses the row (a partial import only). */
  readonly cells?: readonly string[] | undefined;
}

/**
 * The checked rows of one import, written to import_rows as they come, in batches, each its own short statement
 * (no transaction spans the reading of the file). One batch is written while the next is read and checked: the
 * database works in its own process, so the two overlap; never more than one in flight.
 */
export class StagedRows {
  private writing: Promise<void> = Promise.resolve();
  private readonly table: BulkInsert;
  private batch: RowBatch;

  private constructor(
    private readonly db: Knex,
    readonly importId: string,
  ) {
    this.table = bulkInsert(db, 'import_rows', STAGED_COLUMNS);
    this.batch = this.table.batch();
  }

  static async begin(db: Knex): Promise<StagedRows> {
    await db('import_rows').whereRaw(`staged_at < now() - interval '${STALE_AFTER}'`).delete();
    return new StagedRows(db, randomUUID());
  }

  async add({ row, draft, repeatOf, cells }: StagedRow): Promise<void> {
    // A key left out is NULL, and most columns of a row are empty.
    const record = rowFromDraft(draft, { omitEmpty: true }) as unknown as Record<string, unknown>;
    record.import_id = this.importId;
    record.file_row = row;
    record.history = creationChanges(draft);
    if (repeatOf !== undefined) record.repeat_of = repeatOf;
    if (cells) record.cells = cells;
    this.batch.add(record);
    if (this.batch.rows >= STAGE_BATCH) await this.flush();
  }

  /** Writes what is left; resolves when every row is in import_rows. */
  async finish(): Promise<void> {
    await this.flush();
    await this.writing;
  }

  /** Removes this import's rows, whatever became of it. */
  async discard(): Promise<void> {
    await this.writing.catch(() => undefined);
    await this.db('import_rows').where({ import_id: this.importId }).delete();
  }

  private async flush(): Promise<void> {
    await this.writing;
    if (this.batch.rows === 0) return;
    const batch = this.batch;
    this.batch = this.table.batch();
    this.writing = batch.write();
    this.writing.catch(() => undefined); // its error is thrown where it is awaited: at the next flush or at the end
  }
}
