import type { Knex } from 'knex';

/**
 * The status check (20261202_009) runs only for rows whose status changed. Its trigger fired for every row an
 * UPDATE named the status column of, changed or not, and each firing was queued until commit: an import that
 * corrected the titles of 100,000 items queued 100,000 checks that had nothing to check. The function is the same.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw('drop trigger ledger_items_status_needs_history on ledger_items');
  await db.raw(`create constraint trigger ledger_items_status_needs_history after update of status on ledger_items
    deferrable initially deferred for each row when (old.status is distinct from new.status)
    execute function ledger_items_status_needs_history()`);
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop trigger ledger_items_status_needs_history on ledger_items');
  await db.raw(`create constraint trigger ledger_items_status_needs_history after update of status on ledger_items
    deferrable initially deferred for each row execute function ledger_items_status_needs_history()`);
}
