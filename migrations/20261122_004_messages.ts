import type { Knex } from 'knex';

/**
 * Mail made from the outbox: a message gathers notifications for one audience (a department's reminder digest, the
 * supervising office's digest), once per audience and day (its key). A message is rendered once and stored, so a
 * resend after a crash sends the same bytes with the same Message-ID. Each notification reaches each of its
 * audiences once: (notification, audience) is unique.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('messages', (t) => {
    t.bigIncrements('id');
    // e.g. "department:tinghu.czj:2026-11-23": one digest per audience per day, however many composers run.
    t.text('key').notNullable().unique();
    t.text('audience').notNullable();
    t.text('audience_code').notNullable();
    t.specificType('to_addresses', 'text[]').notNullable();
    t.specificType('cc_addresses', 'text[]').notNullable().defaultTo('{}');
    t.text('subject').notNullable();
    t.text('text_body').notNullable();
    t.text('html_body').notNullable();
    t.text('message_id').notNullable().unique();
    t.timestamp('composed_at', { useTz: true }).notNullable();
    // Delivery: pending → sending → sent | failed.
    t.text('status').notNullable().defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('attempted_at', { useTz: true });
    // After a temporary failure, not before this (exponential backoff).
    t.timestamp('next_attempt_at', { useTz: true });
    t.text('last_error');
    t.text('transport_response');
    t.timestamp('sent_at', { useTz: true });
  });
  await db.raw(`alter table messages add constraint messages_status_check check (status in ('pending', 'sending', 'sent', 'failed'))`);
  await db.raw(`alter table messages add constraint messages_audience_check check (audience in ('department', 'supervisor'))`);
  // Delivery's question: which messages are waiting. Only unfinished ones are indexed.
  await db.raw("create index messages_unsent on messages (id) where status in ('pending', 'sending')");

  await db.schema.createTable('message_notifications', (t) => {
    t.bigInteger('message_id').notNullable().references('id').inTable('messages').onDelete('RESTRICT');
    t.bigInteger('notification_id').notNullable().references('id').inTable('notifications').onDelete('RESTRICT');
    t.text('audience').notNullable();
    t.primary(['notification_id', 'audience']);
    t.index(['message_id']);
  });
  // Composing looks at notifications not yet in all their messages.
  await db.raw("create index notifications_pending on notifications (id) where status = 'pending'");
  // A step whose item was published, exempted or withdrawn before its mail was composed is not sent: cancelled.
  await db.raw('alter table notifications drop constraint notifications_status_check');
  await db.raw(`alter table notifications add constraint notifications_status_check
    check (status in ('pending', 'sending', 'sent', 'failed', 'cancelled'))`);
}

export async function down(db: Knex): Promise<void> {
  await db.raw('alter table notifications drop constraint notifications_status_check');
  await db.raw(`alter table notifications add constraint notifications_status_check
    check (status in ('pending', 'sending', 'sent', 'failed'))`);
  await db.raw('drop index notifications_pending');
  await db.schema.dropTable('message_notifications');
  await db.schema.dropTable('messages');
}
