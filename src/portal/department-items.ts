import type { Knex } from 'knex';
import type { LedgerItem } from '../ledger/item.js';
import { itemFromRow, type ItemRow } from '../ledger/item-row.js';

/** A department's open items, soonest due first (the late ones, longest late, at the top). */
export async function openItemsOf(db: Knex, departmentCode: string): Promise<LedgerItem[]> {
  const rows = await db<ItemRow>('ledger_items').where({ department_code: departmentCode, status: 'open' }).orderBy([{ column: 'due_at' }, { column: 'reference' }]);
  return rows.map(itemFromRow);
}

/**
 * The item with this id if it belongs to one of `departmentCodes`; undefined otherwise, so that another
 * department's item reads exactly like one that does not exist.
 */
export async function itemOf(db: Knex, id: number, departmentCodes: readonly string[], lock = false): Promise<LedgerItem | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const query = db<ItemRow>('ledger_items').where({ id }).whereRaw('department_code = any(?::text[])', [departmentCodes as string[]]).first();
  const row = await (lock ? query.forUpdate() : query);
  return row ? itemFromRow(row) : undefined;
}
