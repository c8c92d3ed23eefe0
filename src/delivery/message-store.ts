import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import { formatShanghai } from '../core/shanghai-time.js';
import { recordset } from '../ledger/recordset.js';
import type { RenderedMail } from './render-department.js';

/** Who a message is for: a department (reminders, leader copied), a supervising office, or the admins. */
export type Audience = 'department' | 'supervisor' | 'admin';

export interface MessageDraft {
  /** Unique: e.g. "department:tinghu.czj:2026-11-23", one digest per audience per day however many composers run. */
  readonly key: string;
  readonly audience: Audience;
  readonly audienceCode: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly mail: RenderedMail;
  readonly messageId: string;
}

/** Stores a rendered message under its key; undefined when a message with that key exists already. */
export async function insertMessage(trx: Knex.Transaction, draft: MessageDraft, now: DateTime): Promise<number | undefined> {
  const [inserted] = await trx('messages')
    .insert({
      key: draft.key,
      audience: draft.audience,
      audience_code: draft.audienceCode,
      to_addresses: draft.to,
      cc_addresses: draft.cc,
      subject: draft.mail.subject,
      text_body: draft.mail.text,
      html_body: draft.mail.html,
      attachment_name: draft.mail.attachmentName,
      attachment_csv: draft.mail.csv,
      inline_images: draft.mail.images?.length ? JSON.stringify(draft.mail.images) : null,
      message_id: draft.messageId,
      composed_at: formatShanghai(now),
    })
    .onConflict('key')
    .ignore()
    .returning('id');
  return inserted ? Number(inserted.id) : undefined;
}

export interface MessageLink {
  readonly message_id: number;
  readonly notification_id: number;
  readonly audience: 'department' | 'supervisor';
}

/**
 * Records which steps a message carries, and moves a step into delivery (pending → sending) once every audience
 * it has is in a message: its department (reminder addresses, leader) and/or the supervising office.
 */
export async function linkSteps(trx: Knex.Transaction, links: readonly MessageLink[]): Promise<void> {
  if (links.length === 0) return;
  await trx.raw(
    `insert into message_notifications (message_id, notification_id, audience)
     select message_id, notification_id, audience from ${recordset(trx, [['message_id', 'bigint'], ['notification_id', 'bigint'], ['audience', 'text']])}`,
    [JSON.stringify(links)],
  );
  await moveIntoDelivery(trx, [...new Set(links.map((link) => link.notification_id))]);
}

/** Moves pending steps into delivery (pending → sending) once every audience they have is in a message. */
export async function moveIntoDelivery(trx: Knex.Transaction, notificationIds: readonly number[]): Promise<void> {
  if (notificationIds.length === 0) return;
  await trx.raw(
    `update notifications n set status = 'sending'
     where n.id in (select jsonb_array_elements_text(?::jsonb)::bigint) and n.status = 'pending'
       and (not (n.recipients && array['department', 'leader']::text[])
            or exists (select 1 from message_notifications mn where mn.notification_id = n.id and mn.audience = 'department'))
       and (not ('supervisor' = any(n.recipients))
            or exists (select 1 from message_notifications mn where mn.notification_id = n.id and mn.audience = 'supervisor'))`,
    [JSON.stringify(notificationIds)],
  );
}

/** `<dw.department.tinghu.czj.20261123@example.gov.cn>`: stable, so a resend is recognised as the same mail. */
export function messageIdFor(parts: readonly string[], domain: string): string {
  return `<dw.${parts.map((p) => p.replace(/[^A-Za-z0-9.-]/g, '-')).join('.')}@${domain}>`;
}
