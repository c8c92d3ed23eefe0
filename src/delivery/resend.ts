import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import type { LoadedConfig } from '../config/load-config.js';
import { InputError } from '../core/errors.js';
import { formatShanghai, formatShanghaiMillis } from '../core/shanghai-time.js';
import { moveIntoDelivery } from './message-store.js';

/** A message the relay refused for good, with its answer: what an admin looks at to fix an address. */
export interface FailedMessage {
  readonly id: number;
  readonly key: string;
  readonly audience: string;
  readonly audienceCode: string;
  readonly subject: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly attempts: number;
  readonly lastError: string;
  readonly attemptedAt?: string | undefined;
}

interface FailedRow {
  id: number;
  key: string;
  audience: string;
  audience_code: string;
  subject: string;
  to_addresses: string[];
  cc_addresses: string[];
  attempts: number;
  last_error: string | null;
  attempted_at: Date | null;
}

const fromRow = (r: FailedRow): FailedMessage => ({
  id: Number(r.id),
  key: r.key,
  audience: r.audience,
  audienceCode: r.audience_code,
  subject: r.subject,
  to: r.to_addresses,
  cc: r.cc_addresses,
  attempts: r.attempts,
  lastError: r.last_error ?? '',
  attemptedAt: r.attempted_at ? formatShanghaiMillis(r.attempted_at.getTime()) : undefined,
});

/** How many messages the outbox holds, by status (pending, sending, sent, failed). */
export async function messageCounts(db: Knex): Promise<Record<string, number>> {
  const rows = (await db('messages').select('status').count({ n: '*' }).groupBy('status').orderBy('status')) as Array<{ status: string; n: number | string }>;
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

export async function failedMessages(db: Knex): Promise<FailedMessage[]> {
  return ((await db('messages').where({ status: 'failed' }).orderBy('id')) as FailedRow[]).map(fromRow);
}

/** The key of a refused message, by its id (the admins' page names messages by id); undefined if it did not fail. */
export async function failedMessageKey(db: Knex, id: number): Promise<string | undefined> {
  if (!Number.isSafeInteger(id)) return undefined;
  return ((await db('messages').where({ id, status: 'failed' }).first('key')) as { key: string } | undefined)?.key;
}

/** Who a message is for as config says now: a department's reminders (its leader if it was copied), an office, the admins. */
function currentRecipients(config: LoadedConfig, message: FailedMessage): { to: string[]; cc: string[] } {
  const { departments, supervisors } = config.organisation;
  if (message.audience === 'department') {
    const department = departments.find((d) => d.code === message.audienceCode);
    if (!department) throw new InputError(`${message.key}: department ${message.audienceCode} is no longer in config/departments`);
    return { to: [...department.reminderEmails], cc: message.cc.length > 0 && department.leaderEmail ? [department.leaderEmail] : [] };
  }
  if (message.audience === 'supervisor') {
    const supervisor = supervisors.find((s) => s.jurisdiction === message.audienceCode);
    if (!supervisor) throw new InputError(`${message.key}: jurisdiction ${message.audienceCode} has no supervisor in config/departments`);
    return { to: [...supervisor.emails], cc: [] };
  }
  return { to: [...config.mail.adminEmails], cc: [] };
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Sends a refused message again once its addresses were corrected in config: the same mail (its Message-ID, body
 * and links), to the addresses config gives now, recorded in the message's history. Refused when config still gives
 * the addresses the relay refused (it would refuse them again) or the message did not fail.
 */
export async function resendMessage(db: Knex, config: LoadedConfig, key: string, actor: string, now: DateTime): Promise<{ from: { to: string[]; cc: string[] }; to: { to: string[]; cc: string[] } }> {
  return db.transaction(async (trx) => {
    const row = (await trx('messages').where({ key }).forUpdate().first()) as (FailedRow & { status: string }) | undefined;
    if (!row) throw new InputError(`no message "${key}" (cli mail status --failed lists the refused ones)`);
    if (row.status !== 'failed') throw new InputError(`${key} is ${row.status}, not failed: nothing to send again`);
    const message = fromRow(row);
    const next = currentRecipients(config, message);
    if (same(next.to, message.to) && same(next.cc, message.cc)) {
      throw new InputError(`${key}: config still gives ${[...message.to, ...message.cc].join(', ')}, which the relay refused (${message.lastError}); correct the address in config first`);
    }
    await trx('messages').where({ id: message.id }).update({ to_addresses: next.to, cc_addresses: next.cc, status: 'pending', attempts: 0, next_attempt_at: null });
    // Its steps wait for it again: back to pending, and into delivery once every audience they have is in a message
    // (a step also due to the office waits for the office's digest), as when they were first composed.
    const steps = (await trx('notifications')
      .whereIn('id', trx('message_notifications').select('notification_id').where({ message_id: message.id }))
      .where({ status: 'failed' })
      .update({ status: 'pending' })
      .returning('id')) as Array<{ id: number }>;
    await moveIntoDelivery(trx, steps.map((s) => Number(s.id)));
    await trx('message_history').insert({
      message_id: message.id,
      at: formatShanghai(now),
      actor,
      action: 'resend',
      changes: JSON.stringify({ to: [message.to, next.to], cc: [message.cc, next.cc], lastError: message.lastError }),
    });
    return { from: { to: [...message.to], cc: [...message.cc] }, to: next };
  });
}
