import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/databases.js';
import { facts, insertFacts, useLedgerDatabase } from '../helpers/ledger-fixtures.js';
import { STATISTICS_ITEMS } from '../helpers/timeliness-items.js';

const COUNTS = `count(*) filter (where status = 'published' and published_at <= due_at) as on_time,
  count(*) filter (where status = 'published' and published_at > due_at) as published_late,
  count(*) filter (where status = 'open') as open,
  count(*) filter (where status = 'exempt' and exemption_basis = 'state_secret') as exempt_state_secret,
  count(*) filter (where status = 'exempt' and exemption_basis = 'trade_secret') as exempt_trade_secret,
  count(*) filter (where status = 'exempt' and exemption_basis = 'privacy') as exempt_privacy,
  count(*) filter (where status = 'withdrawn') as withdrawn`;
const KEY = 'department_code, domain, category, rule_id, due_date';

/** What the database keeps counted, against the items counted now; rows that count nothing left out. */
async function compare(db: Knex): Promise<void> {
  const kept = (await db.raw(`select ${KEY}::text as due_date_text, on_time, published_late, open, exempt_state_secret, exempt_trade_secret, exempt_privacy, withdrawn
    from ledger_day_figures where on_time + published_late + open + exempt_state_secret + exempt_trade_secret + exempt_privacy + withdrawn > 0 order by ${KEY}`)).rows;
  const live = (await db.raw(`select ${KEY}::text as due_date_text, ${COUNTS} from ledger_items group by ${KEY} order by ${KEY}`)).rows;
  expect(JSON.parse(JSON.stringify(kept))).toEqual(JSON.parse(JSON.stringify(live)));
  expect(kept.length).toBeGreaterThan(0);
}

describe.each(BACKENDS)('the day figures the database keeps (ledger_day_figures) on %s', (backend) => {
  const ledger = useLedgerDatabase(backend);

  it('match the items counted afresh after inserts, publications, exemptions, withdrawals, moved due dates and edits', async () => {
    const { db } = ledger;
    await insertFacts(db, ...STATISTICS_ITEMS, ...Array.from({ length: 40 }, (_, i) => facts({ reference: `X-${i}`, departmentCode: i % 2 ? 'tinghu.czj' : 'tinghu.zjj', events: { formed: `2026-${String(1 + (i % 11)).padStart(2, '0')}-10T10:00:00+08:00` } })));
    await compare(db);
    // A publication on time, one late, an exemption, a withdrawal; each with its history, as the ledger requires.
    const ids = (await db('ledger_items').where('reference', 'like', 'X-%').orderBy('reference').select('id', 'due_at')) as Array<{ id: number; due_at: Date }>;
    await db.transaction(async (trx) => {
      for (const [i, row] of ids.entries()) {
        const change = [
          { status: 'published', published_at: new Date(row.due_at.getTime() - 3_600_000), published_url: 'https://x.test/1' },
          { status: 'published', published_at: new Date(row.due_at.getTime() + 86_400_000), published_url: 'https://x.test/2' },
          { status: 'exempt', exemption_basis: i % 2 ? 'privacy' : 'state_secret', exemption_reason: '理由', exemption_approved_by: '区政府办' },
          { status: 'withdrawn', withdrawal_reason: '取消' },
          {},
        ][i % 5]!;
        if (Object.keys(change).length === 0) continue;
        await trx('ledger_items').where({ id: row.id }).update(change);
        await trx('item_history').insert({ item_id: row.id, at: new Date(), actor: 'test', action: 'status', changes: JSON.stringify({ status: ['open', change.status] }) });
      }
    });
    await compare(db);
    // Due dates moved (a recompute), a title changed (counts nothing), in one statement each.
    await db.raw(`update ledger_items set due_date = due_date + 3, due_at = due_at + interval '3 days' where reference like 'X-1%'`);
    await db.raw(`update ledger_items set title = title || '（更正）' where reference like 'X-2%'`);
    await compare(db);
    // A department renamed its items' domain (a category moved): the counts follow the rows.
    await db.raw(`update ledger_items set domain = 'general', category = 'licensing', rule_id = 'general.licensing' where reference in ('X-30', 'X-31')`);
    await compare(db);
  });
});
