import type { Knex } from 'knex';

/**
 * An empty copy of a ledger table, for a benchmark's floor. `like … including all` copies columns, defaults,
 * checks and indexes; `faithful` adds what it leaves out and what a write into the ledger pays for too: the foreign
 * keys (to departments, and from the history to the copy of the items) and the triggers (the day figures,
 * exempted_at), read from the catalogue so that the copy follows the migrations.
 */
export async function emptyCopy(db: Knex, table: string, copy: string, faithful: boolean, itemsCopy?: string | undefined): Promise<void> {
  await db.raw('create table ?? (like ?? including all)', [copy, table]);
  if (!faithful) return;
  const keys = await db.raw(`select conname, pg_get_constraintdef(oid) as def from pg_constraint where conrelid = ?::regclass and contype = 'f'`, [table]);
  for (const { conname, def } of keys.rows as Array<{ conname: string; def: string }>) {
    const target = itemsCopy ? def.replace(/REFERENCES (\S+\.)?ledger_items\(/, `REFERENCES "${itemsCopy}"(`) : def;
    await db.raw(`alter table ?? add constraint ?? ${target}`, [copy, `${copy}_${conname}`]);
  }
  const triggers = await db.raw('select pg_get_triggerdef(oid) as def from pg_trigger where tgrelid = ?::regclass and not tgisinternal', [table]);
  for (const { def } of triggers.rows as Array<{ def: string }>) {
    await db.raw(def.replace(/TRIGGER (\S+)/, `TRIGGER ${copy}_$1`).replace(new RegExp(` ON (\\S+\\.)?${table} `), ` ON "${copy}" `));
  }
}

