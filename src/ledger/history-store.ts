import type { Knex } from 'knex';
import { formatShanghaiMillis } from '../core/shanghai-time.js';
import { TRACKED_FIELDS, type FieldChanges } from './item.js';

export const HISTORY_ACTIONS = ['create', 'update', 'publish', 'exempt', 'withdraw', 'reopen', 'recompute', 'request-exemption', 'refuse-exemption', 'abandon'] as const;
export type HistoryAction = (typeof HISTORY_ACTIONS)[number];

/**
 * Who did it and when: `--actor` on the CLI, "system" for the worker; the time from the caller's clock. History
 * rows are written by the statements that insert and update items (item-store.ts), in the same statement, and
 * never changed afterwards: the database refuses it.
 */
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

/** jsonb keeps keys in its own order; people read them in the order of TRACKED_FIELDS. */
function inReadingOrder(changes: FieldChanges): FieldChanges {
  const rank = (field: string) => {
    const index = (TRACKED_FIELDS as readonly string[]).indexOf(field);
    return index < 0 ? TRACKED_FIELDS.length : index;
  };
  return Object.fromEntries(Object.entries(changes).sort(([a], [b]) => rank(a) - rank(b)));
}

/**
 * A step in an item's story that changes none of its fields (an exemption asked for, or refused): recorded in its
 * history all the same (全程留痕), with no field changes.
 */
export async function appendHistoryEvent(db: Knex, itemId: number, action: HistoryAction, change: Change): Promise<void> {
  await db('item_history').insert({ item_id: itemId, at: change.at, actor: change.actor, action, changes: {}, note: change.note ?? null });
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
