import type { Knex } from 'knex';
import { MIGRATIONS } from '../../migrations/index.js';
import { pgKnex, type Database } from './database.js';
import { grantRuntimeRole } from './runtime-role.js';

const migrationSource: Knex.MigrationSource<readonly [string, Knex.Migration]> = {
  getMigrations: async () => [...MIGRATIONS],
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
};

function config(database: Pick<Database, 'schema'>): Knex.MigratorConfig {
  return { migrationSource, schemaName: database.schema, tableName: 'knex_migrations' };
}

/**
 * Brings the schema up to date; returns the names of the migrations it ran. With DATABASE_MIGRATION_URL the
 * migrations run as the owning role, which then grants the application's role what it needs and no more
 * (runtime-role.ts); otherwise as the application's own role, which then owns the tables.
 */
export async function migrateLatest(database: Database): Promise<string[]> {
  return oneAtATime(database, () => migrate(database));
}

/** Migrations take turns across processes (replicas starting together on a new database). */
const MIGRATION_LOCK = 0x6477_0004;

/**
 * knex creates its own tables (knex_migrations, its lock) before taking its lock, so replicas starting together on
 * a new database raced to create them and all but one crashed. A transaction holding an advisory lock on a
 * connection of its own makes the others wait until the first has migrated; they then find nothing to do. The
 * embedded ledger has one holder, and one session: it needs no turn.
 */
async function oneAtATime<T>(database: Database, run: () => Promise<T>): Promise<T> {
  if (database.backend !== 'postgres') return run();
  return database.db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(?)', [MIGRATION_LOCK]);
    return run();
  });
}

async function migrate(database: Database): Promise<string[]> {
  if (!database.migrationUrl) {
    const [, names] = (await database.db.migrate.latest(config(database))) as [number, string[]];
    return names;
  }
  const owner = pgKnex({ connectionString: database.migrationUrl }, database.schema, { min: 0, max: 1 });
  try {
    const [, names] = (await owner.migrate.latest(config(database))) as [number, string[]];
    await grantRuntimeRole(owner, database.db, database.schema);
    return names;
  } finally {
    await owner.destroy();
  }
}

/** Undoes every migration (tests, and an admin starting over). */
export async function rollbackAll(database: Database): Promise<string[]> {
  const [, names] = (await database.db.migrate.rollback(config(database), true)) as [number, string[]];
  return names;
}
