import type { Knex } from 'knex';

/** What the monitor remembers between runs, e.g. the fingerprint of the config the ledger was computed with. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('monitor_state', (t) => {
    t.text('key').primary();
    t.text('value').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('monitor_state');
}
