import type { Knex } from 'knex';

/**
 * A ledger item's status (open, published, exempt, withdrawn) changes only with its history row (全程留痕), written
 * in the same transaction: `UPDATE ledger_items SET status = 'published'` alone is refused by the database, whoever
 * sends it. Each history row records the transaction that wrote it; a deferred constraint trigger checks, at
 * commit, that the transaction changing a status wrote a history row for that item.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw('alter table item_history add column written_in xid8 not null default pg_current_xact_id()');
  await db.raw(`
    create function ledger_items_status_needs_history() returns trigger language plpgsql as $$
    begin
      if new.status is distinct from old.status and not exists (
        select 1 from item_history h where h.item_id = new.id and h.written_in = pg_current_xact_id()
      ) then
        raise exception 'ledger item % changed status (% to %) without a history row: refused (全程留痕)', new.id, old.status, new.status
          using errcode = 'check_violation';
      end if;
      return null;
    end $$`);
  await db.raw(`create constraint trigger ledger_items_status_needs_history after update of status on ledger_items
    deferrable initially deferred for each row execute function ledger_items_status_needs_history()`);
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop trigger ledger_items_status_needs_history on ledger_items');
  await db.raw('drop function ledger_items_status_needs_history()');
  await db.raw('alter table item_history drop column written_in');
}
