import type { Knex } from 'knex';

/**
 * 决定类型: an item that is itself a licensing or penalty decision (行政许可 / 行政处罚), whatever its category; such
 * decisions are due in 7 working days (国办发〔2017〕97号 二(四)). Staged import rows carry it too.
 */
export async function up(db: Knex): Promise<void> {
  for (const table of ['ledger_items', 'import_rows']) {
    await db.raw(`alter table ${table} add column decision_type text
      constraint ${table}_decision_type_check check (decision_type is null or decision_type in ('licensing', 'penalty'))`);
  }
}

export async function down(db: Knex): Promise<void> {
  for (const table of ['ledger_items', 'import_rows']) await db.raw(`alter table ${table} drop column decision_type`);
}
