import type { Knex } from 'knex';

/** The append-only trails: the application may read and add to them, never change or remove a row. */
const TRAILS = ['item_history', 'message_history'];
/** The migrator's own bookkeeping: read to see whether the schema is current, never written by the application. */
const MIGRATOR_TABLES = ['knex_migrations', 'knex_migrations_lock'];

/**
 * What the application's role may do, granted by the owning role after each migration run: read and write the
 * ledger's tables and their sequences, only read and insert the trails. Not being their owner, it cannot ALTER a
 * table (DISABLE TRIGGER), drop a trigger or replace its function, so the history it writes stays written.
 * Nothing is granted when both are one role (then it owns everything, and only the triggers guard the trail).
 */
export async function grantRuntimeRole(owner: Knex, runtime: Knex, schema: string): Promise<void> {
  const [ownerRole, runtimeRole] = await Promise.all([currentRole(owner), currentRole(runtime)]);
  if (ownerRole === runtimeRole) return;
  await owner.transaction(async (trx) => {
    await trx.raw('grant usage on schema ?? to ??', [schema, runtimeRole]);
    await trx.raw('grant select, insert, update, delete on all tables in schema ?? to ??', [schema, runtimeRole]);
    await trx.raw('grant usage, select on all sequences in schema ?? to ??', [schema, runtimeRole]);
    for (const table of TRAILS) await trx.raw('revoke update, delete, truncate on ??.?? from ??', [schema, table, runtimeRole]);
    for (const table of MIGRATOR_TABLES) await trx.raw('revoke insert, update, delete, truncate on ??.?? from ??', [schema, table, runtimeRole]);
  });
}

async function currentRole(db: Knex): Promise<string> {
  return ((await db.raw('select current_user as role')).rows[0] as { role: string }).role;
}
