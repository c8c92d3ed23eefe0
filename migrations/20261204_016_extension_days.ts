import type { Knex } from 'knex';

/**
 * 延期天数: how many working days an approved extension of a disclosure request's reply gives (条例第三十三条: at most
 * 20). Null means the full 20, as before this column. Staged import rows carry it too.
 */
export async function up(db: Knex): Promise<void> {
  for (const table of ['ledger_items', 'import_rows']) {
    await db.raw(`alter table ${table} add column extension_days integer
      constraint ${table}_extension_days_check check (extension_days is null or extension_days between 1 and 366)`);
  }
}

export async function down(db: Knex): Promise<void> {
  for (const table of ['ledger_items', 'import_rows']) await db.raw(`alter table ${table} drop column extension_days`);
}
