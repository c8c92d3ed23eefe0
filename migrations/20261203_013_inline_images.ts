import type { Knex } from 'knex';

/**
 * Pictures shown inside a message (the escalation digest's charts, `cid:` images), stored with it like its CSV so
 * that every attempt and every resend is the same mail: [{ cid, filename, alt, base64 }].
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('messages', (t) => {
    t.jsonb('inline_images');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('messages', (t) => {
    t.dropColumn('inline_images');
  });
}
