import type { Knex } from 'knex';
import { formatShanghaiMillis } from '../core/shanghai-time.js';
import { preparedRows } from '../ledger/prepared-query.js';

/** What a publication check (网上巡查) found: shown, or one of the problems a department and its office are told of. */
export type CheckOutcome = 'shown' | 'missing' | 'unreachable' | 'refused';

export interface CheckRecord {
  readonly itemId: number;
  readonly url: string;
  readonly outcome: CheckOutcome;
  readonly httpStatus?: number | undefined;
  readonly detail?: string | undefined;
}

/** A published item waiting for a look at its page. */
export interface ItemToCheck {
  readonly itemId: number;
  readonly jurisdiction: string;
  readonly reference: string;
  readonly title: string;
  readonly url: string;
}

/** The last check of each published item's current address; the lateral join keeps it to one index probe per item. */
const LAST_CHECK = `left join lateral (
    select c.url, c.outcome, c.checked_at from publication_checks c where c.item_id = i.id order by c.id desc limit 1
  ) last on true`;

/**
 * Published items whose current address has not been checked, or (for the weekly re-check) was last checked
 * before `recheckBefore`: oldest publications first, at most `limit`.
 */
export async function itemsToCheck(db: Knex, options: { recheckBefore?: string | undefined; limit: number }): Promise<ItemToCheck[]> {
  const { rows } = await db.raw(
    `select i.id, i.jurisdiction, i.reference, i.title, i.published_url from ledger_items i ${LAST_CHECK}
     where i.status = 'published' and i.published_url is not null
       and (last.url is distinct from i.published_url or (?::timestamptz is not null and last.checked_at < ?::timestamptz))
     order by i.published_at, i.id limit ?`,
    [options.recheckBefore ?? null, options.recheckBefore ?? null, options.limit],
  );
  return (rows as Array<{ id: number; jurisdiction: string; reference: string; title: string; published_url: string }>).map((r) => ({
    itemId: Number(r.id),
    jurisdiction: r.jurisdiction,
    reference: r.reference,
    title: r.title,
    url: r.published_url,
  }));
}

export async function recordCheck(db: Knex, record: CheckRecord, at: string): Promise<void> {
  await db('publication_checks').insert({ item_id: record.itemId, url: record.url, checked_at: at, outcome: record.outcome, http_status: record.httpStatus ?? null, detail: record.detail?.slice(0, 500) ?? null });
}

export interface CheckFindingRow {
  readonly itemId: number;
  readonly reference: string;
  readonly title: string;
  readonly departmentCode: string;
  readonly url: string;
  readonly outcome: Exclude<CheckOutcome, 'shown'>;
  readonly checkedAt: string;
  readonly detail?: string | undefined;
}

/**
 * Asked by every department page, office digest and dashboard: prepared once per connection. It starts from the
 * checks that found something wrong (a partial index, migration 014) and keeps those that are their item's last,
 * so its cost follows the problems found, not the million items published (probing each item's last check took
 * 0.55 s at 1M).
 */
const CHECK_FINDINGS = {
  name: 'dw-check-findings-2',
  text: `select i.id, i.reference, i.title, i.department_code, i.published_url, c.outcome, c.checked_at, c.detail
         from publication_checks c
         join ledger_items i on i.id = c.item_id
         where c.outcome <> 'shown' and i.status = 'published' and c.url = i.published_url and i.department_code = any($1::text[])
           and c.id = (select max(last.id) from publication_checks last where last.item_id = c.item_id)
         order by c.checked_at, i.id`,
};

/** The departments' published items whose page, at its last check, did not answer or did not show them. */
export async function checkFindings(db: Knex, departmentCodes: readonly string[]): Promise<CheckFindingRow[]> {
  const rows = await preparedRows(db, CHECK_FINDINGS, [departmentCodes]);
  return (rows as Array<{ id: number; reference: string; title: string; department_code: string; published_url: string; outcome: CheckFindingRow['outcome']; checked_at: Date; detail: string | null }>).map((r) => ({
    itemId: Number(r.id),
    reference: r.reference,
    title: r.title,
    departmentCode: r.department_code,
    url: r.published_url,
    outcome: r.outcome,
    checkedAt: formatShanghaiMillis(r.checked_at.getTime()),
    detail: r.detail ?? undefined,
  }));
}

/** The last check of one item (its page shows it, with what was found). */
export async function lastCheck(db: Knex, itemId: number): Promise<(CheckRecord & { checkedAt: string }) | undefined> {
  const row = await db('publication_checks').where({ item_id: itemId }).orderBy('id', 'desc').first();
  if (!row) return undefined;
  return { itemId, url: row.url, outcome: row.outcome, httpStatus: row.http_status ?? undefined, detail: row.detail ?? undefined, checkedAt: formatShanghaiMillis((row.checked_at as Date).getTime()) };
}
