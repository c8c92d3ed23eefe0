import type { Knex } from 'knex';
import type { Department } from '../../src/core/organisation.js';
import { draftItem } from '../../src/ledger/draft-item.js';
import type { ItemFacts } from '../../src/ledger/item.js';
import { insertItems } from '../../src/ledger/item-store.js';
import { syncDepartments } from '../../src/ledger/department-store.js';
import { loadTestConfig } from './config.js';

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
