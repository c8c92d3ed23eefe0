import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import { formatShanghai, shanghaiDate } from '../core/shanghai-time.js';
import { DIGEST_WORDS } from './digest-words.js';
import type { DeliveryListener } from './delivery-events.js';
import { oneLine } from '../library-log.js';
import { classifyFailure, retryDelayMinutes, type SendFailure } from './failure.js';
import { nextCommitTurn } from './commit-turns.js';
import { claimMessages, newClaimName, recordSent, releaseUnsent, renewLease, type MessageRow } from './message-claims.js';
import { insertMessage, messageIdFor } from './message-store.js';
import { smtpRefusalsTotal, smtpSendSeconds } from '../operations/metrics.js';
import { linkFiller, type MailLinks } from './mail-links.js';
import type { OutgoingMail } from './outgoing-mail.js';
import { renderAdminReport } from './render-admin.js';
import { throughBlips } from './through-blips.js';
import type { MailTransport } from './transport.js';

export interface DeliverResult {
  readonly sent: string[];
  /** Temporary failures, to be tried again later. */
  readonly retrying: Array<{ key: string; error: string }>;
  /** Permanent failures (a 5xx answer, a refused address) or too many attempts: not tried again. */
  readonly failed: Array<{ key: string; error: string }>;
  /** Messages left for a later run because the rate limit was reached. */
  readonly throttled: boolean;
}

export interface DeliverOptions {
  /** The From header. */
  readonly from: string;
  /** Fills in each message's portal link. */
  readonly links: Pick<MailLinks, 'signer' | 'publicUrl'>;
  /** The domain of the Message-IDs of admin reports. */
  readonly messageIdDomain: string;
  /** Told of each message that fails for good; empty: the log and the supervisor's digest only. */
  readonly adminEmails?: readonly string[];
  /** At most this many attempts in any minute, across every replica (relays that throttle); unset: no limit. */
  readonly ratePerMinute?: number | undefined;
  /** Messages claimed per round. */
  readonly batchSize?: number;
  /** Messages in flight at once: twice the SMTP pool's connections, so that each connection sends while another message is recorded. */
  readonly concurrency?: number;
  /** After this many temporary failures a message fails for good. */
  readonly maxAttempts?: number;
  /**
   * How long a claim holds without renewal (s). Renewed every third of it while the round's sends are in progress;
   * a dead or hung sender's messages are taken over once it has passed. Longer than the transport's timeouts.
   */
  readonly leaseSeconds?: number;
  /** How long a result is tried again while the database is away (ms) before the lease is left to cover it. */
  readonly recordForMs?: number;
  /** No new sends once aborted: those in flight finish and are recorded, the rest go back to pending. */
  readonly signal?: AbortSignal | undefined;
  /** Told of every send, refusal, takeover and retry at the moment it happens. */
  readonly onEvent?: DeliveryListener | undefined;
}

export type { MessageRow } from './message-claims.js';

/** The lease of a claim by default: well above the SMTP timeouts (transport.ts), so a send ends before its lease. */
export const LEASE_SECONDS = 60;

/**
 * Sends the messages that wait. Each round claims a batch under a name of its own with a lease (pending → sending,
 * committed), so no other sender takes them while the lease holds; sends them; and records each result where the
 * message is still that claim's (sent | failed, or back to pending with a later attempt). A result that another
 * sender's takeover made stale is dropped, never written over theirs. A result the database could not take is tried
 * again for `recordForMs`. A crash between the relay's "250 OK" and the record leaves it "sending": once its lease
 * has passed it is sent again, the same mail with the same Message-ID.
 */
export async function deliverPending(db: Knex, transport: MailTransport, now: DateTime, options: DeliverOptions): Promise<DeliverResult> {
  const result = { sent: [] as string[], retrying: [] as DeliverResult['retrying'], failed: [] as DeliverResult['failed'], throttled: false };
  const batchSize = options.batchSize ?? 200;
  const leaseSeconds = options.leaseSeconds ?? LEASE_SECONDS;
  const emit: DeliveryListener = options.onEvent ?? (() => undefined);
  const sentAt = formatShanghai(now);
  while (!options.signal?.aborted) {
    const claim = newClaimName();
    const { claimed, allowance } = await claimMessages(db, now, { claim, batchSize, leaseSeconds, ratePerMinute: options.ratePerMinute });
    for (const row of claimed) if (row.taken_over_from) emit({ kind: 'taken-over', key: row.key, from: row.taken_over_from });
    const failedBefore = result.failed.length;
    const lease = keepLease(db, claim, leaseSeconds, emit);
    let unsent: MessageRow[];
    try {
      unsent = await forEachConcurrently(claimed, options.concurrency ?? 10, options.signal, (row) => sendOne(db, transport, row, claim, { now, sentAt }, options, result, emit));
    } finally {
      await lease.stop();
    }
    if (unsent.length > 0) {
      const released = await throughBlips(() => releaseUnsent(db, claim, unsent.map((row) => row.id)), { forMs: options.recordForMs ?? RECORD_FOR_MS });
      emit({ kind: 'released', count: released });
    }
    // A failure made an admin report: one more round sends it now.
    const reported = (options.adminEmails?.length ?? 0) > 0 && result.failed.length > failedBefore;
    await markStepsSent(db);
    if (claimed.length < allowance && !reported) return result;
    if (allowance < batchSize) return { ...result, throttled: true };
  }
  return result;
}

/** How long a result is tried again while the database is away: twice the lease, after which it has passed anyway. */
const RECORD_FOR_MS = 2 * LEASE_SECONDS * 1000;

/** Renews the claim's lease every third of it until stopped; a renewal the database refuses is reported and tried at the next. */
function keepLease(db: Knex, claim: string, leaseSeconds: number, emit: DeliveryListener): { stop(): Promise<void> } {
  let renewing: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    renewing = renewing.then(() => renewLease(db, claim, leaseSeconds).catch((error: unknown) => emit({ kind: 'lease-not-renewed', error: oneLine(error) })));
  }, (leaseSeconds * 1000) / 3);
  return {
    async stop() {
      clearInterval(timer);
      await renewing;
    },
  };
}

/**
 * A step is sent once every message it is in is sent. Asked afresh after the messages are recorded (a statement
 * of its own, so it sees every sender's commits): two senders recording the department's and the office's message
 * of one step at the same moment would each miss the other's inside one transaction. Also mends a step left
 * "sending" by a crash between the two writes.
 */
async function markStepsSent(db: Knex): Promise<void> {
  await db.raw(
    `update notifications n set status = 'sent'
     where n.status = 'sending'
       and not exists (select 1 from message_notifications mn join messages m on m.id = mn.message_id
                       where mn.notification_id = n.id and m.status <> 'sent')`,
  );
}

/** Runs `work` on every item with at most `limit` at once, in order of start, until aborted; returns the items never started. */
async function forEachConcurrently<T>(items: readonly T[], limit: number, signal: AbortSignal | undefined, work: (item: T) => Promise<void>): Promise<T[]> {
  let next = 0;
  const lane = async () => {
    while (next < items.length && !signal?.aborted) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return items.slice(next);
}

async function sendOne(db: Knex, transport: MailTransport, row: MessageRow, claim: string, { now, sentAt }: { now: DateTime; sentAt: string }, options: DeliverOptions, result: DeliverResult, emit: DeliveryListener): Promise<void> {
  const sending = performance.now();
  const slow = setTimeout(() => emit({ kind: 'slow', key: row.key, seconds: transport.sendTimeoutMs / 1000 }), transport.sendTimeoutMs);
  // The final "." waits for this turn, which ends once the result is recorded: of this process's messages, only one
  // at a time can be accepted by the relay and not yet recorded, so a kill doubles at most one.
  const turn = nextCommitTurn();
  let response: string;
  try {
    response = await transport.send(outgoing(row, options.from, options.links), turn);
  } catch (error) {
    // Refused, or given up before an answer: nothing was accepted that a record could miss, so the turn passes on.
    turn.end();
    clearTimeout(slow);
    return recordRefusal(db, row, claim, classifyFailure(error), now, options, result, emit);
  }
  clearTimeout(slow);
  const ms = Math.round(performance.now() - sending);
  smtpSendSeconds.observe(ms / 1000);
  // One statement, straight after the relay's answer: the window in which a crash would repeat the mail stays short.
  const written = await recordThroughBlips(() => recordSent(db, row, claim, response, sentAt), row, 'sent', options, emit).finally(() => turn.end());
  if (written === undefined) return;
  if (!written) return emit({ kind: 'claim-lost', key: row.key, outcome: 'sent' });
  result.sent.push(row.key);
  emit({ kind: 'sent', key: row.key, response, ms });
}

async function recordRefusal(db: Knex, row: MessageRow, claim: string, failure: SendFailure, now: DateTime, options: DeliverOptions, result: DeliverResult, emit: DeliveryListener): Promise<void> {
  const final = failure.permanent || row.attempts >= (options.maxAttempts ?? 8);
  const outcome = final ? 'failed' : 'retrying';
  smtpRefusalsTotal.inc({ kind: failure.permanent ? 'permanent' : 'temporary' });
  const nextAttemptAt = formatShanghai(now.plus({ minutes: retryDelayMinutes(row.attempts) }));
  const written = await recordThroughBlips(
    () =>
      db.transaction(async (trx) => {
        const fenced = await trx('messages')
          .where({ id: row.id, claimed_by: claim, status: 'sending' })
          .update({ status: final ? 'failed' : 'pending', last_error: failure.reason, next_attempt_at: final ? null : nextAttemptAt, lease_until: null });
        if (fenced === 0) return false;
        if (final) await failSteps(trx, row, failure, now, options);
        return true;
      }),
    row,
    outcome,
    options,
    emit,
  );
  if (written === undefined) return;
  if (!written) return emit({ kind: 'claim-lost', key: row.key, outcome });
  if (final) {
    result.failed.push({ key: row.key, error: failure.reason });
    emit({ kind: 'failed', key: row.key, error: failure.reason });
  } else {
    result.retrying.push({ key: row.key, error: failure.reason });
    emit({ kind: 'retrying', key: row.key, error: failure.reason, nextAttemptAt });
  }
}

/** A message failed for good: its steps are failed, and the admins hear of it (never of their own report failing: no loop). */
async function failSteps(trx: Knex.Transaction, row: MessageRow, failure: SendFailure, now: DateTime, options: DeliverOptions): Promise<void> {
  await trx('notifications')
    .whereIn('id', trx('message_notifications').select('notification_id').where({ message_id: row.id }))
    .update({ status: 'failed' });
  if (row.audience === 'admin' || !options.adminEmails || options.adminEmails.length === 0) return;
  const refused = { key: row.key, subject: row.subject, to: [...row.to_addresses, ...row.cc_addresses], error: failure.reason };
  await insertMessage(
    trx,
    {
      key: `admin:failed-${row.id}`,
      audience: 'admin',
      audienceCode: 'admin',
      to: options.adminEmails,
      cc: [],
      mail: renderAdminReport(refused, shanghaiDate(now), DIGEST_WORDS.zh),
      messageId: messageIdFor(['admin', `failed-${row.id}`], options.messageIdDomain),
    },
    now,
  );
}

/** A result's write, tried again through a database blip; undefined when it could not be written in the time allowed. */
async function recordThroughBlips(write: () => Promise<boolean>, row: MessageRow, outcome: 'sent' | 'retrying' | 'failed', options: DeliverOptions, emit: DeliveryListener): Promise<boolean | undefined> {
  try {
    return await throughBlips(write, {
      forMs: options.recordForMs ?? RECORD_FOR_MS,
      onRetry: (tries, error) => emit({ kind: 'record-retry', key: row.key, tries, error: oneLine(error) }),
    });
  } catch (error) {
    emit({ kind: 'record-gave-up', key: row.key, outcome, error: oneLine(error) });
    return undefined;
  }
}

/** A stored message as the transports send it, its links filled in: the same mail on every attempt. */
export function outgoing(row: Pick<MessageRow, 'key' | 'to_addresses' | 'cc_addresses' | 'subject' | 'text_body' | 'html_body' | 'message_id' | 'composed_at' | 'attachment_name' | 'attachment_csv' | 'inline_images'>,
  from: string,
  links: Pick<MailLinks, 'signer' | 'publicUrl'>,
): OutgoingMail {
  const fillLinks = linkFiller(links);
  return {
    key: row.key,
    from,
    to: row.to_addresses,
    cc: row.cc_addresses,
    subject: row.subject,
    text: fillLinks(row.text_body),
    html: fillLinks(row.html_body),
    messageId: row.message_id,
    date: row.composed_at,
    attachment: row.attachment_name && row.attachment_csv ? { filename: row.attachment_name, csv: fillLinks(row.attachment_csv) } : undefined,
    images: row.inline_images ?? [],
  };
}
