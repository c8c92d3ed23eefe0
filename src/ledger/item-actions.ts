import type { Knex } from 'knex';
import { InputError } from '../core/errors.js';
import type { Change, HistoryAction } from './history-store.js';
import type { ItemDraft, LedgerItem } from './item.js';
import { findItemsByReference, updateItem } from './item-store.js';

/**
 * The one item a reference names (in the given jurisdiction when references repeat across jurisdictions); with
 * `lock`, read with its row locked until the transaction ends.
 */
export async function requireItem(db: Knex, reference: string, jurisdiction?: string, lock = false): Promise<LedgerItem> {
  const matches = (await findItemsByReference(db, reference, lock)).filter((item) => !jurisdiction || item.jurisdiction === jurisdiction);
  if (matches.length === 0) throw new InputError(`no ledger item "${reference}"${jurisdiction ? ` in ${jurisdiction}` : ''}`);
  if (matches.length > 1) {
    throw new InputError(`"${reference}" is a reference in ${matches.map((m) => m.jurisdiction).join(', ')}: say which with --jurisdiction`);
  }
  return matches[0] as LedgerItem;
}

/**
 * Applies one lifecycle step to an item in a transaction, with its history row. The item is read with its row
 * locked, so that a second admin's step waits and then sees the first one's result, never the state before it.
 * Returns the item as stored (unchanged when the step changed nothing).
 */
export async function applyToItem(
  db: Knex,
  target: { reference: string; jurisdiction?: string | undefined },
  action: HistoryAction,
  step: (item: LedgerItem) => ItemDraft,
  change: Change,
): Promise<LedgerItem> {
  return db.transaction(async (trx) => {
    const found = await requireItem(trx, target.reference, target.jurisdiction, true);
    return (await updateItem(trx, found, step(found), action, change)) ?? found;
  });
}
