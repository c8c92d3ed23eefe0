import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import { formatShanghai, shanghaiDate } from '../core/shanghai-time.js';
import { DIGEST_WORDS } from './digest-words.js';
import { classifyFailure, retryDelayMinutes } from './failure.js';
import { insertMessage, messageIdFor } from './message-store.js';
import { smtpRefusalsTotal, smtpSendSeconds } from '../operations/metrics.js';
import { fillLinks, type MailLinks } from './mail-links.js';
import type { OutgoingMail } from './outgoing-mail.js';
import { renderAdminReport } from './render-admin.js';
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
  /** A message left "sending" this long (its sender crashed) is claimed again: the same mail, the same Message-ID. */
  readonly staleAfterMinutes?: number;
}

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
}

/** Claims take turns (a transaction-scoped advisory lock), so that the rate limit holds across replicas. */
const CLAIM_LOCK = 0x6477_0002;

/**
 * Sends the messages that wait. Each is claimed first (pending → sending, committed) so that no other sender takes
 * it, then sent, then recorded (sent | failed, or back to pending with a later next attempt). A crash between the
 * relay's "250 OK" and the record leaves it "sending": after `staleAfterMinutes` it is sent again, the same mail.
 */
export async function deliverPending(db: Knex, transport: MailTransport, now: DateTime, options: DeliverOptions): Promise<DeliverResult> {
  const result = { sent: [] as string[], retrying: [] as DeliverResult['retrying'], failed: [] as DeliverResult['failed'], throttled: false };
  const batchSize = options.batchSize ?? 200;
  for (;;) {
    const { claimed, allowance } = await claim(db, now, batchSize, options);
    const failedBefore = result.failed.length;
    await forEachConcurrently(claimed, options.concurrency ?? 10, (row) => sendOne(db, transport, row, now, options, result));
    // A failure made an admin report: one more round sends it now.
    const reported = (options.adminEmails?.length ?? 0) > 0 && result.failed.length > failedBefore;
    await markStepsSent(db);
    if (claimed.length < allowance && !reported) return result;
    if (allowance < batchSize) return { ...result, throttled: true };
  }
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

async function claim(db: Knex, now: DateTime, batchSize: number, options: DeliverOptions): Promise<{ claimed: MessageRow[]; allowance: number }> {
  const at = formatShanghai(now);
  const stale = formatShanghai(now.minus({ minutes: options.staleAfterMinutes ?? 10 }));
  return db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(?)', [CLAIM_LOCK]);
    let allowance = batchSize;
    if (options.ratePerMinute !== undefined) {
      const [recent] = (await trx.raw('select count(*) as n from messages where attempted_at > ?', [formatShanghai(now.minus({ minutes: 1 }))])).rows as Array<{ n: string }>;
      allowance = Math.max(0, Math.min(batchSize, options.ratePerMinute - Number(recent?.n ?? 0)));
      if (allowance === 0) return { claimed: [], allowance };
    }
    const claimed = await trx.raw(
      `update messages set status = 'sending', attempts = attempts + 1, attempted_at = ?
       where id in (
         select id from messages
         where (status = 'pending' and (next_attempt_at is null or next_attempt_at <= ?)) or (status = 'sending' and attempted_at < ?)
         order by id limit ? for update skip locked)
       returning id, key, audience, to_addresses, cc_addresses, subject, text_body, html_body, message_id, composed_at, attempts, attachment_name, attachment_csv`,
      [at, at, stale, allowance],
    );
    return { claimed: (claimed.rows as MessageRow[]).sort((a, b) => Number(a.id) - Number(b.id)), allowance };
  });
}

/** Runs `work` on every item with at most `limit` at once, in order of start. */
async function forEachConcurrently<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

async function sendOne(db: Knex, transport: MailTransport, row: MessageRow, now: DateTime, options: DeliverOptions, result: DeliverResult): Promise<void> {
  const at = formatShanghai(now);
  try {
    const sending = performance.now();
    const response = await transport.send(outgoing(row, options.from, options.links));
    smtpSendSeconds.observe((performance.now() - sending) / 1000);
    // One statement, straight after the relay's answer: the window in which a crash would repeat the mail stays short.
    await db('messages').where({ id: row.id }).update({ status: 'sent', sent_at: at, transport_response: response, last_error: null });
    result.sent.push(row.key);
  } catch (error) {
    const failure = classifyFailure(error);
    const final = failure.permanent || row.attempts >= (options.maxAttempts ?? 8);
    smtpRefusalsTotal.inc({ kind: failure.permanent ? 'permanent' : 'temporary' });
    await db.transaction(async (trx) => {
      await trx('messages')
        .where({ id: row.id })
        .update({
          status: final ? 'failed' : 'pending',
          last_error: failure.reason,
          next_attempt_at: final ? null : formatShanghai(now.plus({ minutes: retryDelayMinutes(row.attempts) })),
        });
      if (!final) return;
      await trx('notifications')
        .whereIn('id', trx('message_notifications').select('notification_id').where({ message_id: row.id }))
        .update({ status: 'failed' });
      // The admins hear of it (never of their own report failing: no loop).
      if (row.audience !== 'admin' && options.adminEmails && options.adminEmails.length > 0) {
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
    });
    (final ? result.failed : result.retrying).push({ key: row.key, error: failure.reason });
  }
}

/** A stored message as the transports send it, its links filled in: the same mail on every attempt. */
export function outgoing(row: Pick<MessageRow, 'key' | 'to_addresses' | 'cc_addresses' | 'subject' | 'text_body' | 'html_body' | 'message_id' | 'composed_at' | 'attachment_name' | 'attachment_csv'>,
  from: string,
  links: Pick<MailLinks, 'signer' | 'publicUrl'>,
): OutgoingMail {
  return {
    key: row.key,
    from,
    to: row.to_addresses,
    cc: row.cc_addresses,
    subject: row.subject,
    text: fillLinks(row.text_body, links),
    html: fillLinks(row.html_body, links),
    messageId: row.message_id,
    date: row.composed_at,
    attachment: row.attachment_name && row.attachment_csv ? { filename: row.attachment_name, csv: fillLinks(row.attachment_csv, links) } : undefined,
  };
}
