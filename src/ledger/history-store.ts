import type { Knex } from 'knex';
import { formatShanghaiMillis } from '../core/shanghai-time.js';
import { bulkInsert } from './bulk-insert.js';
import { TRACKED_FIELDS, type FieldChanges } from './item.js';

const HISTORY_COLUMNS = [
  ['item_id', 'bigint'],
  ['at', 'timestamptz'],
  ['actor', 'text'],
  ['action', 'text'],
  ['changes', 'jsonb'],
  ['note', 'text'],
] as const;

export const HISTORY_ACTIONS = ['create', 'update', 'publish', 'exempt', 'withdraw', 'reopen', 'recompute'] as const;
export type HistoryAction = (typeof HISTORY_ACTIONS)[number];

/** Who did it and when: `--actor` on the CLI, "system" for the worker; the time from the caller's clock. */
export interface Change {
  readonly actor: string;
  readonly at: string;
  readonly note?: string | undefined;
}

export interface HistoryEntry {
  readonly id: number;
  readonly itemId: number;
  readonly at: string;
  readonly actor: string;
  readonly action: HistoryAction;
  readonly changes: FieldChanges;
  readonly note?: string | undefined;
}

export interface HistoryRecord {
  readonly itemId: number;
  readonly action: HistoryAction;
  readonly changes: FieldChanges;
}

/** Appends history rows; the only write this table ever gets (the database refuses updates and deletes). */
export async function appendHistory(db: Knex, records: readonly HistoryRecord[], change: Change): Promise<void> {
  const rows = records.map((record) => ({
    item_id: record.itemId,
    at: change.at,
    actor: change.actor,
    action: record.action,
    changes: record.changes,
    note: change.note ?? null,
  }));
  await bulkInsert(db, 'item_history', HISTORY_COLUMNS, rows, ['id']);
}

/** jsonb keeps keys in its own order; people read them in the order of TRACKED_FIELDS. */
function inReadingOrder(changes: FieldChanges): FieldChanges {
  const rank = (field: string) => {
    const index = (TRACKED_FIELDS as readonly string[]).indexOf(field);
    return index < 0 ? TRACKED_FIELDS.length : index;
  };
  return Object.fromEntries(Object.entries(changes).sort(([a], [b]) => rank(a) - rank(b)));
}

export async function itemHistory(db: Knex, itemId: number): Promise<HistoryEntry[]> {
  const rows = await db('item_history').where({ item_id: itemId }).orderBy('id');
  return rows.map((row) => ({
    id: Number(row.id),
    itemId: Number(row.item_id),
    at: formatShanghaiMillis((row.at as Date).getTime()),
    actor: row.actor,
    action: row.action,
    changes: inReadingOrder(typeof row.changes === 'string' ? JSON.parse(row.changes) : row.changes),
    note: row.note ?? undefined,
  }));
}
