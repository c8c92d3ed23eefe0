import type { Knex } from 'knex';

/**
 * The publication ledger (公开台账): departments, one row per item that must be published, and the append-only
 * history of everything that happened to each item (全程留痕).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('departments', (t) => {
    t.text('code').primary();
    t.text('name').notNullable();
    t.text('jurisdiction').notNullable();
    t.specificType('reminder_emails', 'text[]').notNullable().defaultTo('{}');
    t.text('leader_email');
    // Departments removed from config stay (their items refer to them) but are no longer active. Names are not
    // unique here: config keeps them unique among the active ones, and a retired department may share one.
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamp('synced_at', { useTz: true }).notNullable();
  });

  await db.schema.createTable('ledger_items', (t) => {
    t.bigIncrements('id');
    t.text('jurisdiction').notNullable();
    t.text('reference').notNullable();
    t.text('title').notNullable();
    t.text('department_code').notNullable().references('code').inTable('departments');
    t.text('domain').notNullable();
    t.text('category').notNullable();
    t.text('rule_id').notNullable();
    t.text('rule_version').notNullable();
    // The events a rule may count from; which ones were given as a date alone is kept beside them, because
    // "before 2026-12-01" and "before 2026-12-01T09:00" are different deadlines.
    for (const column of ['formed_at', 'decided_at', 'received_at', 'submitted_at', 'verified_at', 'event_at', 'period_end_at']) {
      t.timestamp(column, { useTz: true });
    }
    t.specificType('date_only_events', 'text[]').notNullable().defaultTo('{}');
    // A disclosure request's clock (依申请公开).
    t.timestamp('supplement_requested_at', { useTz: true });
    t.timestamp('supplement_received_at', { useTz: true });
    t.timestamp('extension_approved_at', { useTz: true });
    t.jsonb('consultations');
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.date('due_date').notNullable();
    t.boolean('provisional').notNullable();
    t.text('status').notNullable().defaultTo('open');
    t.timestamp('published_at', { useTz: true });
    t.text('published_url');
    t.text('exemption_reason');
    t.text('exemption_basis');
    t.text('exemption_approved_by');
    t.text('withdrawal_reason');
    t.text('notes');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    // Reference first: commands name an item by its reference alone, and the same index serves both lookups.
    t.unique(['reference', 'jurisdiction']);
    t.index(['department_code', 'status', 'due_at']);
  });
  await db.raw(`alter table ledger_items add constraint ledger_items_status_check
    check (status in ('open', 'published', 'exempt', 'withdrawn'))`);
  await db.raw(`alter table ledger_items add constraint ledger_items_exemption_basis_check
    check (exemption_basis is null or exemption_basis in ('state_secret', 'trade_secret', 'privacy'))`);
  // Each status carries what it means: a publication its date and address, an exemption its basis, reason and
  // approver, a withdrawal its reason.
  await db.raw(`alter table ledger_items add constraint ledger_items_status_fields_check check (
    (status <> 'published' or (published_at is not null and published_url is not null))
    and (status <> 'exempt' or (exemption_basis is not null and exemption_reason is not null and exemption_approved_by is not null))
    and (status <> 'withdrawn' or withdrawal_reason is not null))`);
  // What the monitor asks most: the open items, by when they are due.
  await db.raw('create index ledger_items_open_due on ledger_items (due_at) where status = \'open\'');

  await db.schema.createTable('item_history', (t) => {
    t.bigIncrements('id');
    t.bigInteger('item_id').notNullable().references('id').inTable('ledger_items').onDelete('RESTRICT');
    t.timestamp('at', { useTz: true }).notNullable();
    t.text('actor').notNullable();
    t.text('action').notNullable();
    // {"field": [before, after], …}
    t.jsonb('changes').notNullable();
    t.text('note');
    // `at` is the time the change is stated for (the caller's clock); this is when the database wrote it.
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['item_id', 'id']);
  });
  // The history is append-only in the database itself, not only by convention in the code.
  await db.raw(`
    create function item_history_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'item_history is append-only (全程留痕): % refused', tg_op;
    end $$`);
  await db.raw(`create trigger item_history_no_update_or_delete before update or delete on item_history
    for each row execute function item_history_append_only()`);
  await db.raw(`create trigger item_history_no_truncate before truncate on item_history
    for each statement execute function item_history_append_only()`);
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('item_history');
  await db.raw('drop function item_history_append_only()');
  await db.schema.dropTable('ledger_items');
  await db.schema.dropTable('departments');
}
