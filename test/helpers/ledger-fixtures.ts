import type { Knex } from 'knex';
import { afterAll, beforeAll } from 'vitest';
import type { Backend, Database } from '../../src/ledger/database.js';
import type { Department } from '../../src/core/organisation.js';
import { draftItem } from '../../src/ledger/draft-item.js';
import type { ItemFacts } from '../../src/ledger/item.js';
import { insertItems } from '../../src/ledger/item-store.js';
import { syncDepartments } from '../../src/ledger/department-store.js';
import { loadTestConfig } from './config.js';
import { openTestDatabase } from './databases.js';

export const AT = '2026-11-21T09:00:00+08:00';

export async function syncShippedDepartments(db: Knex): Promise<readonly Department[]> {
  const { departments } = loadTestConfig().organisation;
  await syncDepartments(db, departments, AT);
  return departments;
}

/** A Tinghu procurement notice formed on 2026-09-30: due 2026-11-03 under general.active. */
export function facts(overrides: Partial<ItemFacts> = {}): ItemFacts {
  return {
    jurisdiction: 'tinghu',
    reference: 'TH-2026-001',
    title: '区财政局2026年办公设备采购公告',
    departmentCode: 'tinghu.czj',
    category: 'procurement.transaction',
    events: { formed: '2026-09-30T18:00:00+08:00' },
    status: 'open',
    ...overrides,
  };
}

export async function insertFacts(db: Knex, ...list: ItemFacts[]) {
  return insertItems(db, list.map((f) => draftItem(f, loadTestConfig().ruleBook)), { actor: 'test', at: AT });
}

/**
 * A migrated database with the shipped departments for the tests of one describe block: opened before them,
 * dropped after. `db` is read when a test runs, once the database is open.
 */
export function useLedgerDatabase(backend: Backend): { readonly db: Knex } {
  let database: Database | undefined;
  beforeAll(async () => {
    database = await openTestDatabase(backend);
    await syncShippedDepartments(database.db);
  }, 60_000);
  afterAll(async () => database?.close());
  return {
    get db(): Knex {
      if (!database) throw new Error('the test database is not open yet');
      return database.db;
    },
  };
}
