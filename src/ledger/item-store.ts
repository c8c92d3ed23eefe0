import type { Knex } from 'knex';
import { appendHistory, type Change, type HistoryAction } from './history-store.js';
import { diffItems, type ItemDraft, type ItemStatus, type LedgerItem } from './item.js';
import { itemFromRow, rowFromDraft, type ItemRow } from './item-row.js';

/** Writes to ledger_items go through here, each with its history row in the same transaction. */

export async function findItem(db: Knex, jurisdiction: string, reference: string): Promise<LedgerItem | undefined> {
  const row = await db<ItemRow>('ledger_items').where({ jurisdiction, reference }).first();
  return row ? itemFromRow(row) : undefined;
}

/** Items with this reference in any jurisdiction (a reference is unique only within one). */
export async function findItemsByReference(db: Knex, reference: string): Promise<LedgerItem[]> {
  const rows = await db<ItemRow>('ledger_items').where({ reference }).orderBy('jurisdiction');
  return rows.map(itemFromRow);
}

/** The existing items among these references of one jurisdiction, by reference. */
export async function findItemsByReferences(db: Knex, jurisdiction: string, references: readonly string[]): Promise<Map<string, LedgerItem>> {
  if (references.length === 0) return new Map();
  const rows = await db<ItemRow>('ledger_items').where({ jurisdiction }).whereIn('reference', references as string[]);
  return new Map(rows.map((row) => [row.reference, itemFromRow(row)]));
}

export async function insertItems(db: Knex, drafts: readonly ItemDraft[], change: Change): Promise<LedgerItem[]> {
  if (drafts.length === 0) return [];
  const rows = drafts.map((draft) => ({ ...rowFromDraft(draft), created_at: change.at, updated_at: change.at }));
  const inserted = (await db('ledger_items').insert(rows).returning('*')) as ItemRow[];
  const items = inserted.map(itemFromRow);
  await appendHistory(db, items.map((item) => ({ itemId: item.id, action: 'create', changes: diffItems({}, item) })), change);
  return items;
}

/** Writes `next` over `existing` with the difference in history; returns undefined when nothing changed. */
export async function updateItem(
  db: Knex,
  existing: LedgerItem,
  next: ItemDraft,
  action: HistoryAction,
  change: Change,
): Promise<LedgerItem | undefined> {
  const changes = diffItems(existing, next);
  if (Object.keys(changes).length === 0) return undefined;
  const [row] = (await db('ledger_items')
    .where({ id: existing.id })
    .update({ ...rowFromDraft(next), updated_at: change.at })
    .returning('*')) as ItemRow[];
  await appendHistory(db, [{ itemId: existing.id, action, changes }], change);
  return itemFromRow(row as ItemRow);
}

export interface ItemFilter {
  readonly status?: ItemStatus | undefined;
  readonly jurisdiction?: string | undefined;
  readonly departmentCode?: string | undefined;
  readonly domain?: string | undefined;
  /** Only items due at or before this instant (ISO). */
  readonly dueBy?: string | undefined;
  readonly limit?: number | undefined;
}

/** Items by when they are due, earliest first. */
export async function listItems(db: Knex, filter: ItemFilter): Promise<LedgerItem[]> {
  const query = db<ItemRow>('ledger_items').orderBy([{ column: 'due_at' }, { column: 'id' }]);
  if (filter.status) query.where('status', filter.status);
  if (filter.jurisdiction) query.where('jurisdiction', filter.jurisdiction);
  if (filter.departmentCode) query.where('department_code', filter.departmentCode);
  if (filter.domain) query.where('domain', filter.domain);
  if (filter.dueBy) query.where('due_at', '<=', filter.dueBy);
  if (filter.limit) query.limit(filter.limit);
  return (await query).map(itemFromRow);
}
