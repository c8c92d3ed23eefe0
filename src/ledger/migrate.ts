import type { Knex } from 'knex';
import { MIGRATIONS } from '../../migrations/index.js';
import type { Database } from './database.js';

const migrationSource: Knex.MigrationSource<readonly [string, Knex.Migration]> = {
  getMigrations: async () => [...MIGRATIONS],
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
};

function config(database: Database): Knex.MigratorConfig {
  return { migrationSource, schemaName: database.schema, tableName: 'knex_migrations' };
}

/** Brings the schema up to date; returns the names of the migrations it ran. */
export async function migrateLatest(database: Database): Promise<string[]> {
  const [, names] = (await database.db.migrate.latest(config(database))) as [number, string[]];
  return names;
}

/** Undoes every migration (tests, and an admin starting over). */
export async function rollbackAll(database: Database): Promise<string[]> {
  const [, names] = (await database.db.migrate.rollback(config(database), true)) as [number, string[]];
  return names;
}
