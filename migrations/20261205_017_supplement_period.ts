import type { Knex } from 'knex';

const STATUSES_BEFORE = "'open', 'published', 'exempt', 'withdrawn'";
const STATUSES = "'open', 'published', 'exempt', 'withdrawn', 'awaiting_supplement', 'abandoned'";

/**
 * A disclosure request waiting for the requester's supplement (补正, 条例第三十条) is tracked with no reply deadline
 * (status awaiting_supplement, due at the end of the 补正 period the notice gave: supplement_due_at), and when that
 * period passes with no supplement it is deemed abandoned (视为放弃申请: status abandoned), not late. Staged import
 * rows carry the period too.
 */
export async function up(db: Knex): Promise<void> {
  for (const table of ['ledger_items', 'import_rows']) await db.raw(`alter table ${table} add column supplement_due_at timestamptz`);
  await db.raw('alter table ledger_items drop constraint ledger_items_status_check');
  await db.raw(`alter table ledger_items add constraint ledger_items_status_check check (status in (${STATUSES}))`);
  // Both states say a supplement was asked for, by when, and that none has come.
  await db.raw(`alter table ledger_items add constraint ledger_items_supplement_state_check check (
    status not in ('awaiting_supplement', 'abandoned')
    or (supplement_requested_at is not null and supplement_due_at is not null and supplement_received_at is null))`);
  // The scan finds the requests whose 补正 period has passed: few among many.
  await db.raw("create index ledger_items_awaiting_supplement on ledger_items (due_at) where status = 'awaiting_supplement'");
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop index ledger_items_awaiting_supplement');
  await db.raw('alter table ledger_items drop constraint ledger_items_supplement_state_check');
  await db.raw('alter table ledger_items drop constraint ledger_items_status_check');
  await db.raw(`alter table ledger_items add constraint ledger_items_status_check check (status in (${STATUSES_BEFORE}))`);
  for (const table of ['ledger_items', 'import_rows']) await db.raw(`alter table ${table} drop column supplement_due_at`);
}
