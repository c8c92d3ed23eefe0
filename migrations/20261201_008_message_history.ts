import type { Knex } from 'knex';

/**
 * What happened to a message after it was composed, beyond delivery's own fields: an admin sending a refused mail
 * again once its addresses were corrected (who, when, the addresses before and after). Append-only, as the items'.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('message_history', (t) => {
    t.bigIncrements('id');
    t.bigInteger('message_id').notNullable().references('id').inTable('messages').onDelete('RESTRICT');
    t.timestamp('at', { useTz: true }).notNullable();
    t.text('actor').notNullable();
    t.text('action').notNullable();
    // {"to": [before, after], "cc": [before, after], "lastError": "…"}
    t.jsonb('changes').notNullable();
    t.index(['message_id', 'id']);
  });
  await db.raw(`
    create function message_history_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'message_history is append-only: % refused', tg_op;
    end $$`);
  await db.raw(`create trigger message_history_no_update_or_delete before update or delete on message_history
    for each row execute function message_history_append_only()`);
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('message_history');
  await db.raw('drop function message_history_append_only()');
}
