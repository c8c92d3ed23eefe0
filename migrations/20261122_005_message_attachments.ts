import type { Knex } from 'knex';

/** Each digest carries its full list as a CSV attachment, stored with the message so that a resend is the same mail. */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('messages', (t) => {
    t.text('attachment_name');
    t.text('attachment_csv');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('messages', (t) => {
    t.dropColumn('attachment_name');
    t.dropColumn('attachment_csv');
  });
}
