import type { Knex } from 'knex';

/**
 * Mail to the admins (a reminder the relay refused for good), and the question the rate limit asks every round:
 * how many messages were tried in the last minute.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw('alter table messages drop constraint messages_audience_check');
  await db.raw(`alter table messages add constraint messages_audience_check check (audience in ('department', 'supervisor', 'admin'))`);
  await db.raw('create index messages_attempted_at on messages (attempted_at)');
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop index messages_attempted_at');
  await db.raw("delete from messages where audience = 'admin'");
  await db.raw('alter table messages drop constraint messages_audience_check');
  await db.raw(`alter table messages add constraint messages_audience_check check (audience in ('department', 'supervisor'))`);
}
