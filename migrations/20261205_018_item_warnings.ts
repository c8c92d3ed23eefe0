import type { Knex } from 'knex';

/**
 * The deadline engine's warnings, kept with the item that caused them ([{en, zh}], null when none): a supplement
 * asked for late, an extension approved after the reply was due, a "before the event" limit on a day off. They
 * never change the date, and once the item is in the ledger they must not be forgotten: `ledger list`, `ledger
 * show` and the digests show them. Written with the deadline (draft, recompute); staged import rows carry them too.
 * Existing items get theirs at the next start, when the deadline fingerprint (which carries the engine's version)
 * has the open items worked out again.
 */
export async function up(db: Knex): Promise<void> {
  for (const table of ['ledger_items', 'import_rows']) await db.raw(`alter table ${table} add column warnings jsonb`);
}

export async function down(db: Knex): Promise<void> {
  for (const table of ['ledger_items', 'import_rows']) await db.raw(`alter table ${table} drop column warnings`);
}
