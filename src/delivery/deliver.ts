import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import { formatShanghai } from '../core/shanghai-time.js';
import { classifyFailure, retryDelayMinutes } from './failure.js';
import type { OutgoingMail } from './outgoing-mail.js';
import type { MailTransport } from './transport.js';

export interface DeliverResult {
  readonly sent: string[];
  /** Temporary failures, to be tried again later. */
  readonly retrying: Array<{ key: string; error: string }>;
  /** Permanent failures (a 5xx answer, a refused address) or too many attempts: not tried again. */
  readonly failed: Array<{ key: string; error: string }>;
}

export interface DeliverOptions {
  /** The From header. */
  readonly from: string;
  /** Messages claimed per round. */
  readonly batchSize?: number;
  /** After this many temporary failures a message fails for good. */
  readonly maxAttempts?: number;
  /** A message left "sending" this long (its sender crashed) is claimed again: the same mail, the same Message-ID. */
  readonly staleAfterMinutes?: number;
}

interface MessageRow {
  id: number;
  key: string;
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

/**
 * Sends the messages that wait. Each is claimed first (pending → sending, committed) so that no other sender takes
 * it, then sent, then recorded (sent | failed, or back to pending with a later next attempt). A crash between the
 * relay's "250 OK" and the record leaves it "sending": after `staleAfterMinutes` it is sent again, the same mail.
 */
export async function deliverPending(db: Knex, transport: MailTransport, now: DateTime, options: DeliverOptions): Promise<DeliverResult> {
  const result: DeliverResult = { sent: [], retrying: [], failed: [] };
  const batchSize = options.batchSize ?? 50;
  for (;;) {
    const claimed = await claim(db, now, batchSize, options.staleAfterMinutes ?? 10);
    for (const row of claimed) await sendOne(db, transport, row, now, options, result);
    if (claimed.length < batchSize) return result;
  }
}

async function claim(db: Knex, now: DateTime, batchSize: number, staleAfterMinutes: number): Promise<MessageRow[]> {
  const at = formatShanghai(now);
  const stale = formatShanghai(now.minus({ minutes: staleAfterMinutes }));
  const claimed = await db.raw(
    `update messages set status = 'sending', attempts = attempts + 1, attempted_at = ?
     where id in (
       select id from messages
       where (status = 'pending' and (next_attempt_at is null or next_attempt_at <= ?)) or (status = 'sending' and attempted_at < ?)
       order by id limit ? for update skip locked)
     returning id, key, to_addresses, cc_addresses, subject, text_body, html_body, message_id, composed_at, attempts, attachment_name, attachment_csv`,
    [at, at, stale, batchSize],
  );
  return (claimed.rows as MessageRow[]).sort((a, b) => Number(a.id) - Number(b.id));
}

async function sendOne(db: Knex, transport: MailTransport, row: MessageRow, now: DateTime, options: DeliverOptions, result: DeliverResult): Promise<void> {
  const at = formatShanghai(now);
  try {
    const response = await transport.send(outgoing(row, options.from));
    await db.transaction(async (trx) => {
      await trx('messages').where({ id: row.id }).update({ status: 'sent', sent_at: at, transport_response: response, last_error: null });
      // A step is sent once every message it is in is sent.
      await trx.raw(
        `update notifications n set status = 'sent'
         where n.status = 'sending' and n.id in (select notification_id from message_notifications where message_id = ?)
           and not exists (select 1 from message_notifications mn join messages m on m.id = mn.message_id
                           where mn.notification_id = n.id and m.status <> 'sent')`,
        [row.id],
      );
    });
    result.sent.push(row.key);
  } catch (error) {
    const failure = classifyFailure(error);
    const final = failure.permanent || row.attempts >= (options.maxAttempts ?? 8);
    await db.transaction(async (trx) => {
      await trx('messages')
        .where({ id: row.id })
        .update({
          status: final ? 'failed' : 'pending',
          last_error: failure.reason,
          next_attempt_at: final ? null : formatShanghai(now.plus({ minutes: retryDelayMinutes(row.attempts) })),
        });
      if (final) {
        await trx('notifications')
          .whereIn('id', trx('message_notifications').select('notification_id').where({ message_id: row.id }))
          .update({ status: 'failed' });
      }
    });
    (final ? result.failed : result.retrying).push({ key: row.key, error: failure.reason });
  }
}

function outgoing(row: MessageRow, from: string): OutgoingMail {
  return {
    key: row.key,
    from,
    to: row.to_addresses,
    cc: row.cc_addresses,
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
    messageId: row.message_id,
    date: row.composed_at,
    attachment: row.attachment_name && row.attachment_csv ? { filename: row.attachment_name, csv: row.attachment_csv } : undefined,
  };
}
