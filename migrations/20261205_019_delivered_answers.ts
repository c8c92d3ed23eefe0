import type { Knex } from 'knex';

const BEFORE = `(status <> 'published' or (published_at is not null and published_url is not null))
    and (status <> 'exempt' or (exemption_basis is not null and exemption_reason is not null and exemption_approved_by is not null))
    and (status <> 'withdrawn' or withdrawal_reason is not null)`;

/**
 * A reply to a disclosure request (答复) and a report to the office (报送) are met by a document delivered to a
 * person or an office, not by a web page: such an item is answered with its date, the document's number
 * (reply_reference, 答复文号) and how it was delivered (delivery_method, 送达方式), and needs no address. Which
 * categories may be answered so is config's (categories.yaml `delivered`); the database keeps that an answered item
 * says where or how it was answered. Staged import rows carry both.
 */
export async function up(db: Knex): Promise<void> {
  for (const table of ['ledger_items', 'import_rows']) {
    await db.raw(`alter table ${table} add column reply_reference text, add column delivery_method text`);
  }
  await db.raw('alter table ledger_items drop constraint ledger_items_status_fields_check');
  await db.raw(`alter table ledger_items add constraint ledger_items_status_fields_check check (
    (status <> 'published' or (published_at is not null and (published_url is not null or (reply_reference is not null and delivery_method is not null))))
    and (status <> 'exempt' or (exemption_basis is not null and exemption_reason is not null and exemption_approved_by is not null))
    and (status <> 'withdrawn' or withdrawal_reason is not null))`);
}

export async function down(db: Knex): Promise<void> {
  await db.raw('alter table ledger_items drop constraint ledger_items_status_fields_check');
  await db.raw(`alter table ledger_items add constraint ledger_items_status_fields_check check (${BEFORE})`);
  for (const table of ['ledger_items', 'import_rows']) await db.raw(`alter table ${table} drop column reply_reference, drop column delivery_method`);
}
