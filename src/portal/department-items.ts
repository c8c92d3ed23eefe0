import type { Knex } from 'knex';
import { formatShanghaiMillis } from '../core/shanghai-time.js';
import { preparedRows } from '../ledger/prepared-query.js';
import type { LedgerItem } from '../ledger/item.js';
import type { ItemSummary } from './item-view.js';
import { itemFromRow, type ItemRow } from '../ledger/item-row.js';

/** An open item as a list shows it, and whether an exemption request of it waits for the office. */
export type OpenItem = ItemSummary & { readonly exemptionPending: boolean };

const OPEN_ITEMS = {
  name: 'dw-open-items-of',
  text: `select i.id, i.jurisdiction, i.reference, i.title, i.department_code, i.category, i.decision_type, i.rule_id, i.due_at, i.due_date, i.status,
                exists (select 1 from exemption_requests r where r.item_id = i.id and r.status = 'pending') as exemption_pending
         from ledger_items i where i.department_code = $1 and i.status = 'open' order by i.due_at, i.reference`,
};

/**
 * A department's open items, soonest due first (the late ones, longest late, at the top): only the columns a list
 * shows (a page with a thousand items would spend most of its time turning the others into values), with whether
 * each has an exemption request waiting, in one round trip.
 */
export async function openItemsOf(db: Knex, departmentCode: string): Promise<OpenItem[]> {
  const rows = await preparedRows(db, OPEN_ITEMS, [departmentCode]);
  return (rows as Array<Pick<ItemRow, 'jurisdiction' | 'reference' | 'title' | 'department_code' | 'category' | 'decision_type' | 'rule_id' | 'due_date' | 'status'> & { id: number; due_at: Date; exemption_pending: boolean }>).map((r) => ({
    id: Number(r.id),
    jurisdiction: r.jurisdiction,
    reference: r.reference,
    title: r.title,
    departmentCode: r.department_code,
    category: r.category,
    decisionType: r.decision_type ?? undefined,
    ruleId: r.rule_id,
    dueAt: formatShanghaiMillis(r.due_at.getTime()),
    dueDate: r.due_date,
    status: r.status,
    exemptionPending: r.exemption_pending,
  }));
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
