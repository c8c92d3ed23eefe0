import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import { formatShanghai } from '../core/shanghai-time.js';

/** A disclosure request recorded as abandoned (or, in a dry run, that would be). */
export interface AbandonedRequest {
  readonly itemId: number;
  readonly reference: string;
  readonly jurisdiction: string;
}

const NOTE = '补正期限届满未补正，视为放弃申请（条例第三十条） / no supplement within the 补正 period: deemed abandoned';

/**
 * Requests waiting for the requester's supplement whose 补正 period ended before `now` are deemed abandoned
 * (视为放弃申请, 条例第三十条): not late, and no longer awaited. Each is recorded with its history row in one
 * statement (the database refuses a status change without one). Level-triggered and idempotent: a second run, or
 * one at the same time (SKIP LOCKED), finds nothing left to do.
 */
export async function abandonLapsedRequests(db: Knex, now: DateTime, options: { dryRun?: boolean; actor?: string } = {}): Promise<AbandonedRequest[]> {
  const at = formatShanghai(now);
  if (options.dryRun) {
    const rows = await db('ledger_items').select('id', 'reference', 'jurisdiction').where('status', 'awaiting_supplement').andWhere('due_at', '<', at).orderBy('id');
    return rows.map(toRequest);
  }
  const { rows } = await db.raw(
    `with lapsed as (
       select id from ledger_items where status = 'awaiting_supplement' and due_at < ?::timestamptz order by id for update skip locked
     ), updated as (
       update ledger_items l set status = 'abandoned', updated_at = ?::timestamptz from lapsed where l.id = lapsed.id
       returning l.id, l.reference, l.jurisdiction
     ), logged as (
       insert into item_history (item_id, at, actor, action, changes, note)
       select id, ?::timestamptz, ?, 'abandon', '{"status": ["awaiting_supplement", "abandoned"]}'::jsonb, ? from updated
     )
     select id, reference, jurisdiction from updated order by id`,
    [at, at, at, options.actor ?? 'system', NOTE],
  );
  return (rows as Array<{ id: number | string; reference: string; jurisdiction: string }>).map(toRequest);
}

function toRequest(row: { id: number | string; reference: string; jurisdiction: string }): AbandonedRequest {
  return { itemId: Number(row.id), reference: row.reference, jurisdiction: row.jurisdiction };
}
