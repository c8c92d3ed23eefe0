import type { Knex } from 'knex';
import { recordset } from './recordset.js';
import type { Change, HistoryAction } from './history-store.js';
import { creationChanges, diffItems, type ItemDraft, type ItemStatus, type LedgerItem } from './item.js';
import { ITEM_COLUMNS, ITEM_CONTENT_COLUMNS, itemFromRow, rowFromDraft, type ItemRow } from './item-row.js';

/** Writes to ledger_items go through here, each with its history row in the same transaction. */

export async function findItem(db: Knex, jurisdiction: string, reference: string): Promise<LedgerItem | undefined> {
  const row = await db<ItemRow>('ledger_items').where({ jurisdiction, reference }).first();
  return row ? itemFromRow(row) : undefined;
}

/** Items with this reference in any jurisdiction (a reference is unique only within one); `lock`: FOR UPDATE. */
export async function findItemsByReference(db: Knex, reference: string, lock = false): Promise<LedgerItem[]> {
  const query = db<ItemRow>('ledger_items').where({ reference }).orderBy('jurisdiction');
  return (await (lock ? query.forUpdate() : query)).map(itemFromRow);
}

/**
 * The existing items among these references of one jurisdiction, by reference, their rows locked until the
 * transaction ends (an import then writes over what it read, not over a publication recorded meanwhile).
 */
export async function findItemsByReferences(db: Knex, jurisdiction: string, references: readonly string[]): Promise<Map<string, LedgerItem>> {
  if (references.length === 0) return new Map();
  // One array parameter: an IN list of a thousand placeholders costs far more to plan and bind.
  const rows = await db<ItemRow>('ledger_items').where({ jurisdiction }).whereRaw('reference = any(?::text[])', [references as string[]]).forUpdate();
  return new Map(rows.map((row) => [row.reference, itemFromRow(row)]));
}

/**
 * Inserts new items with their creation history in one statement: a single round trip for a whole batch, the
 * history row of each item taking the id the database gave it.
 */
export async function insertItems(db: Knex, drafts: readonly ItemDraft[], change: Change): Promise<LedgerItem[]> {
  if (drafts.length === 0) return [];
  const rows = drafts.map((draft, ordinal) => {
    // A key left out reads as null in jsonb_to_recordset: the empty columns (most of them) are not sent at all.
    const row = rowFromDraft(draft, { omitEmpty: true }) as ItemRow & Record<string, unknown>;
    row.created_at = change.at;
    row.updated_at = change.at;
    row.ordinal = ordinal;
    row.history = creationChanges(draft);
    return row;
  });
  const columns = ITEM_COLUMNS.map(([name]) => name);
  const sql = `with input as (select * from ${recordset(db, [...ITEM_COLUMNS, ['ordinal', 'integer'], ['history', 'jsonb']])}),
    inserted as (
      -- An open item is looked at by the next scan (next_check_at: see the monitor migration).
      insert into ledger_items (${columns.map(() => '??').join(', ')}, next_check_at)
      select ${columns.map(() => '??').join(', ')}, case when status = 'open' then created_at end from input order by ordinal
      returning id, jurisdiction, reference
    ),
    logged as (
      insert into item_history (item_id, at, actor, action, changes, note)
      select inserted.id, ?::timestamptz, ?, 'create', input.history, ? from inserted join input using (jurisdiction, reference)
    )
    select id, reference from inserted`;
  const result = await db.raw(sql, [JSON.stringify(rows), ...columns, ...columns, change.at, change.actor, change.note ?? null]);
  const ids = new Map((result.rows as Array<{ id: number; reference: string }>).map((r) => [r.reference, Number(r.id)]));
  return drafts.map((draft) => Object.assign({}, draft, { id: ids.get(draft.reference) as number, createdAt: change.at, updatedAt: change.at }));
}

export interface ItemUpdate {
  readonly existing: LedgerItem;
  readonly next: ItemDraft;
  readonly action: HistoryAction;
  /** The history note for this item (else the change's). */
  readonly note?: string | undefined;
}

/**
 * Writes each `next` over its `existing` item with the difference in history, all in one statement; items that
 * did not change are left alone. Returns the items as stored now, for those that changed.
 */
export async function updateItems(db: Knex, updates: readonly ItemUpdate[], change: Change): Promise<LedgerItem[]> {
  const changed = updates.map((update) => ({ update, changes: diffItems(update.existing, update.next) })).filter(({ changes }) => Object.keys(changes).length > 0);
  if (changed.length === 0) return [];
  const rows = changed.map(({ update, changes }) => {
    const row = rowFromDraft(update.next) as ItemRow & Record<string, unknown>;
    row.id = update.existing.id;
    row.action = update.action;
    row.changes = changes;
    row.note = update.note ?? change.note ?? null;
    return row;
  });
  const columns = ITEM_CONTENT_COLUMNS.map(([name]) => name);
  const sql = `with input as (select * from ${recordset(db, [['id', 'bigint'], ...ITEM_COLUMNS, ['action', 'text'], ['changes', 'jsonb'], ['note', 'text']])}),
    updated as (
      -- The ladder follows: an item that is no longer open leaves it; one reopened, or whose deadline moved, is
      -- looked at again by the next scan.
      update ledger_items set ${columns.map(() => '?? = input.??').join(', ')}, updated_at = ?::timestamptz,
        next_check_at = case
          when input.status <> 'open' then null
          when ledger_items.status <> 'open' or ledger_items.due_at <> input.due_at then ?::timestamptz
          else ledger_items.next_check_at end
      from input where ledger_items.id = input.id
      returning ledger_items.id
    ),
    logged as (
      insert into item_history (item_id, at, actor, action, changes, note)
      select input.id, ?::timestamptz, ?, input.action, input.changes, input.note from input join updated using (id)
    )
    select count(*) as n from updated`;
  const bindings = [JSON.stringify(rows), ...columns.flatMap((name) => [name, name]), change.at, change.at, change.at, change.actor];
  await db.raw(sql, bindings);
  return changed.map(({ update }) => Object.assign({}, update.next, { id: update.existing.id, createdAt: update.existing.createdAt, updatedAt: change.at }));
}

/** Writes `next` over `existing` with the difference in history; returns undefined when nothing changed. */
export async function updateItem(db: Knex, existing: LedgerItem, next: ItemDraft, action: HistoryAction, change: Change): Promise<LedgerItem | undefined> {
  const [updated] = await updateItems(db, [{ existing, next, action }], change);
  return updated;
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
