import type { Knex } from 'knex';

/**
 * Fenced claims with leases. A sender claims a message under a name of its own (`claimed_by`, new for every claim)
 * until `lease_until`, on the database's clock, and renews the lease while its sends are in progress. Every result
 * is written only where the row is still that claim, so a sender whose lease ran out (a hung relay, a blocked
 * process) cannot overwrite what the sender who took over recorded. A dead sender's messages are taken over once the
 * lease has passed, instead of the ten minutes after the attempt that the old rule waited.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('messages', (t) => {
    t.text('claimed_by');
    t.timestamp('lease_until', { useTz: true });
  });
  // A message in delivery when this runs keeps the old rule's ten minutes.
  await db.raw(`update messages set claimed_by = 'before-leases', lease_until = coalesce(attempted_at, now()) + interval '10 minutes' where status = 'sending'`);
  await db.raw(`alter table messages add constraint messages_sending_is_claimed check (status <> 'sending' or (claimed_by is not null and lease_until is not null))`);
}

export async function down(db: Knex): Promise<void> {
  await db.raw('alter table messages drop constraint messages_sending_is_claimed');
  await db.schema.alterTable('messages', (t) => {
    t.dropColumn('lease_until');
    t.dropColumn('claimed_by');
  });
}
