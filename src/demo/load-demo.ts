import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import type { LoadedConfig } from '../config/load-config.js';
import { formatShanghai } from '../core/shanghai-time.js';
import { draftItem } from '../ledger/draft-item.js';
import { insertItems } from '../ledger/item-store.js';
import { demoHistory } from './demo-history.js';
import { DEMO_JURISDICTION, demoLedger } from './demo-ledger.js';

export interface DemoLoad {
  readonly jurisdiction: string;
  readonly items: number;
  readonly departments: number;
}

/**
 * Fills an empty ledger with the demo jurisdiction's items and a year of published ones, so that a first `npm start`
 * has something to show.
 * A ledger with anything in it is left alone; so is a config without the demo jurisdiction's departments.
 */
export async function loadDemoIfEmpty(db: Knex, config: LoadedConfig, now: DateTime): Promise<DemoLoad | undefined> {
  const departments = config.organisation.departments.filter((d) => d.jurisdiction === DEMO_JURISDICTION);
  if (departments.length === 0 || !config.ruleBook.jurisdictions.has(DEMO_JURISDICTION)) return undefined;
  return db.transaction(async (trx) => {
    // Locked so that two first starts do not both fill it.
    await trx.raw('lock table ledger_items in share row exclusive mode');
    const [count] = (await trx('ledger_items').count({ n: '*' })) as Array<{ n: number | string }>;
    if (Number(count?.n) > 0) return undefined;
    const drafts = [...demoLedger(config.ruleBook, departments, now), ...demoHistory(config.ruleBook, departments, now)].map((facts) => draftItem(facts, config.ruleBook));
    await insertItems(trx, drafts, { actor: 'demo', at: formatShanghai(now) });
    return { jurisdiction: DEMO_JURISDICTION, items: drafts.length, departments: new Set(drafts.map((d) => d.departmentCode)).size };
  });
}
