import type { LoadedConfig } from '../config/load-config.js';
import type { Database } from './database.js';
import { syncDepartments } from './department-store.js';
import { migrateLatest } from './migrate.js';

/** Before anything reads or writes the ledger: its schema up to date and its departments as config says. */
export async function prepareLedger(database: Database, config: LoadedConfig, at: string): Promise<{ readonly migrations: readonly string[] }> {
  const migrations = await migrateLatest(database);
  await syncDepartments(database.db, config.organisation.departments, at);
  return { migrations };
}
