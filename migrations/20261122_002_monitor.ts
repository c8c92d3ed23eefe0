import type { Knex } from 'knex';

/**
 * The monitor's state: when each open item must be looked at next (level-triggered scans take the items whose
 * time has come), the ladder step it last reached and for which due date, and the outbox of notifications the
 * scans record, each once.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('ledger_items', (t) => {
    t.timestamp('next_check_at', { useTz: true });
    t.text('ladder_step');
    t.date('ladder_due_date');
  });
  // Open items already in the ledger are looked at by the first scan.
  await db('ledger_items').where({ status: 'open' }).update({ next_check_at: db.fn.now() });
  // The scan's question: which open items need a look now. Only open items are indexed, so the index stays as
  // small as the work.
  await db.raw("create index ledger_items_next_check on ledger_items (next_check_at) where status = 'open'");

  await db.schema.createTable('notifications', (t) => {
    t.bigIncrements('id');
    t.bigInteger('item_id').notNullable().references('id').inTable('ledger_items').onDelete('RESTRICT');
    t.text('jurisdiction').notNullable();
    t.text('department_code').notNullable();
    // The ladder step (upcoming-3, due+0, overdue+1 …) and its stage.
    t.text('step').notNullable();
    t.text('stage').notNullable();
    // The due date the step was reached for: a new due date climbs the ladder afresh.
    t.date('due_date').notNullable();
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.specificType('recipients', 'text[]').notNullable();
    t.timestamp('decided_at', { useTz: true }).notNullable();
    // Delivery (the email issue): pending → sending → sent | failed.
    t.text('status').notNullable().defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    // Never the same step twice for the same item and due date, however many scans or replicas run.
    t.unique(['item_id', 'step', 'due_date']);
    t.index(['status', 'id']);
  });
  await db.raw(`alter table notifications add constraint notifications_status_check
    check (status in ('pending', 'sending', 'sent', 'failed'))`);
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('notifications');
  await db.raw('drop index ledger_items_next_check');
  await db.schema.alterTable('ledger_items', (t) => {
    t.dropColumn('next_check_at');
    t.dropColumn('ladder_step');
    t.dropColumn('ladder_due_date');
  });
}
