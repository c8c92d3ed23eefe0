import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import { formatShanghai } from '../core/shanghai-time.js';
import { preparedQuery } from '../ledger/prepared-query.js';
import type { InlineImage } from './render-department.js';

/** A stored message as the ledger keeps it (`messages`). */
export interface MessageRow {
  id: number;
  key: string;
  audience: string;
  to_addresses: string[];
  cc_addresses: string[];
  subject: string;
  text_body: string;
  html_body: string;
  message_id: string;
  composed_at: Date;
  attempts: number;
  attachment_name: string | null;
  attachment_csv: string | null;
  inline_images: InlineImage[] | null;
}

/** A claimed message, and the claim it was taken from when that claim's lease had run out (its sender died or hung). */
export interface ClaimedMessage extends MessageRow {
  taken_over_from: string | null;
}

/** Claims take turns (a transaction-scoped advisory lock), so that the rate limit holds across replicas. */
const CLAIM_LOCK = 0x6477_0002;

/** This process, as claims name it: the host and the PID, then a part new for every claim. */
const SENDER = `${hostname()}:${process.pid}`;

/** A name for one round's claim: never reused, so a result written under it can only be this round's. */
export function newClaimName(): string {
  return `${SENDER}/${randomUUID().slice(0, 8)}`;
}

export interface ClaimOptions {
  readonly claim: string;
  readonly batchSize: number;
  readonly leaseSeconds: number;
  readonly ratePerMinute?: number | undefined;
}

/**
 * Claims up to `batchSize` messages (pending and due, or in delivery under a lease that has run out) for `claim`,
 * with a lease on the database's clock: every replica reads the same clock, whatever its own says. Returns them in
 * id order, with how many the rate limit allowed.
 */
export async function claimMessages(db: Knex, now: DateTime, options: ClaimOptions): Promise<{ claimed: ClaimedMessage[]; allowance: number }> {
  const at = formatShanghai(now);
  return db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(?)', [CLAIM_LOCK]);
    let allowance = options.batchSize;
    if (options.ratePerMinute !== undefined) {
      const [recent] = (await trx.raw('select count(*) as n from messages where attempted_at > ?', [formatShanghai(now.minus({ minutes: 1 }))])).rows as Array<{ n: string }>;
      allowance = Math.max(0, Math.min(options.batchSize, options.ratePerMinute - Number(recent?.n ?? 0)));
      if (allowance === 0) return { claimed: [], allowance };
    }
    const claimed = await trx.raw(
      `with picked as (
         select id, case when status = 'sending' then claimed_by end as taken_over_from from messages
         where (status = 'pending' and (next_attempt_at is null or next_attempt_at <= ?))
            or (status = 'sending' and lease_until < clock_timestamp())
         order by id limit ? for update skip locked)
       update messages m set status = 'sending', attempts = m.attempts + 1, attempted_at = ?, claimed_by = ?,
         lease_until = clock_timestamp() + make_interval(secs => ?)
       from picked where m.id = picked.id
       returning m.id, m.key, m.audience, m.to_addresses, m.cc_addresses, m.subject, m.text_body, m.html_body, m.message_id,
         m.composed_at, m.attempts, m.attachment_name, m.attachment_csv, m.inline_images, picked.taken_over_from`,
      [at, allowance, at, options.claim, options.leaseSeconds],
    );
    return { claimed: (claimed.rows as ClaimedMessage[]).sort((a, b) => Number(a.id) - Number(b.id)), allowance };
  });
}

/** Extends the lease of every message still in delivery under `claim`. */
export async function renewLease(db: Knex, claim: string, leaseSeconds: number): Promise<void> {
  await db.raw(`update messages set lease_until = clock_timestamp() + make_interval(secs => ?) where claimed_by = ? and status = 'sending'`, [leaseSeconds, claim]);
}

/**
 * Gives back claimed messages that were never handed to the relay (a stop asked for): pending again at once, the
 * attempt not counted. Only those still under `claim`.
 */
export async function releaseUnsent(db: Knex, claim: string, ids: readonly number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db.raw(
    `update messages set status = 'pending', attempts = greatest(attempts - 1, 0), lease_until = null
     where claimed_by = ? and status = 'sending' and id in (select jsonb_array_elements_text(?::jsonb)::bigint)`,
    [claim, JSON.stringify(ids)],
  );
  return result.rowCount ?? 0;
}

/**
 * Records the relay's "250 OK" where the message is still this claim's: false when another sender has taken it
 * over meanwhile (this one's lease ran out), whose result is then the one that stands. `sentAt` is the run's time,
 * formatted once for all its messages (formatShanghai). A prepared statement: the next message's final "." waits
 * for this record (commit-turns.ts), so its time is paid once per message in turn.
 */
export async function recordSent(db: Knex, row: Pick<MessageRow, 'id'>, claim: string, response: string, sentAt: string): Promise<boolean> {
  const { rowCount } = await preparedQuery(db, RECORD_SENT, [sentAt, response, row.id, claim]);
  return rowCount === 1;
}

const RECORD_SENT = {
  name: 'dw-record-sent',
  text: `update messages set status = 'sent', sent_at = $1, transport_response = $2, last_error = null, lease_until = null
         where id = $3 and claimed_by = $4 and status = 'sending'`,
};
