import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import { InputError } from '../core/errors.js';
import type { RuleBook } from '../core/rule-book.js';
import { formatShanghai } from '../core/shanghai-time.js';
import { draftItem } from '../ledger/draft-item.js';
import type { LedgerItem } from '../ledger/item.js';
import { itemFromRow, type ItemRow } from '../ledger/item-row.js';
import { updateItems, type ItemUpdate } from '../ledger/item-store.js';

const FINGERPRINT_KEY = 'deadline-fingerprint';

export interface RecomputeResult {
  /** Whether the config differed from the one the ledger was last computed with (always true when forced). */
  readonly configChanged: boolean;
  readonly checked: number;
  /** Items whose due date, rule or rule version moved, each with a "recompute" history row. */
  readonly recomputed: number;
  /** Items the rules in force cannot place (e.g. their category is no longer mapped): left as they were. */
  readonly failed: Array<{ itemId: number; reference: string; reason: string }>;
}

export interface RecomputeOptions {
  readonly force?: boolean;
  readonly batchSize?: number;
  readonly actor?: string;
}

/**
 * When rules or calendars change, the due dates of open items are worked out again: a batch at a time, each batch
 * in one transaction with its rows locked, only the items that moved written back (one statement, with their
 * history). Steps already sent for an old due date do not count for the new one (the outbox is keyed by due
 * date), and a moved item is looked at by the next scan. Skipped when the config's fingerprint is the one the
 * ledger was last computed with, unless forced.
 */
export async function recomputeOpenItems(
  db: Knex,
  config: { ruleBook: RuleBook; fingerprint: string },
  now: DateTime,
  options: RecomputeOptions = {},
): Promise<RecomputeResult> {
  const stored = await db('monitor_state').where({ key: FINGERPRINT_KEY }).first('value');
  const configChanged = options.force === true || stored?.value !== config.fingerprint;
  const result = { configChanged, checked: 0, recomputed: 0, failed: [] as RecomputeResult['failed'] };
  if (!configChanged) return result;

  const change = { actor: options.actor ?? 'system', at: formatShanghai(now), note: `rules or calendars changed (config ${config.fingerprint})` };
  const batchSize = options.batchSize ?? 2000;
  for (let after = 0; ; ) {
    const rows = await db.transaction(async (trx) => {
      const batch = (await trx('ledger_items').where('status', 'open').andWhere('id', '>', after).orderBy('id').limit(batchSize).forUpdate()) as ItemRow[];
      const updates: ItemUpdate[] = [];
      for (const row of batch) updates.push(...redraft(itemFromRow(row), config.ruleBook, result));
      result.recomputed += (await updateItems(trx, updates, change)).length;
      return batch;
    });
    result.checked += rows.length;
    if (rows.length < batchSize) break;
    after = Number(rows[rows.length - 1]?.id);
  }
  await db('monitor_state')
    .insert({ key: FINGERPRINT_KEY, value: config.fingerprint, updated_at: change.at })
    .onConflict('key')
    .merge();
  return result;
}

/** The item under the rules in force; nothing when they cannot place it (reported, the item left alone). */
function redraft(item: LedgerItem, book: RuleBook, result: { failed: RecomputeResult['failed'] }): ItemUpdate[] {
  try {
    const next = draftItem(item, book);
    const moved = next.dueAt !== item.dueAt || next.ruleId !== item.ruleId || next.ruleVersion !== item.ruleVersion || next.provisional !== item.provisional;
    return moved ? [{ existing: item, next, action: 'recompute' }] : [];
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    result.failed.push({ itemId: item.id, reference: item.reference, reason: error.message });
    return [];
  }
}
