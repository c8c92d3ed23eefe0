import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/databases.js';
import { facts, insertFacts, useLedgerDatabase } from '../helpers/ledger-fixtures.js';
import { STATISTICS_ITEMS } from '../helpers/timeliness-items.js';

const BASES = ['state_secret', 'law_prohibited', 'security_stability', 'trade_secret', 'privacy', 'internal_affairs', 'process_info', 'enforcement_file'];
/** The counts as the statistics define them (statistics/timeliness.ts), written out here: the test's own reading. */
const FIELDS: Array<[string, string]> = [
  ['on_time', "status = 'published' and published_at <= due_at"],
  ['published_late', "status = 'published' and published_at > due_at"],
  ['open', "status = 'open'"],
  ['exempted_late', "status = 'exempt' and exempted_at > due_at"],
  ...BASES.map((b): [string, string] => [`exempt_${b}`, `status = 'exempt' and exemption_basis = '${b}'`]),
  ['withdrawn', "status = 'withdrawn'"],
];
const COUNTS = FIELDS.map(([column, predicate]) => `count(*) filter (where ${predicate}) as ${column}`).join(', ');
const KEY = 'department_code, domain, category, rule_id, due_date';

/** What the database keeps counted, against the items counted now; rows that count nothing left out. */
async function compare(db: Knex): Promise<void> {
  const columns = FIELDS.map(([column]) => column);
  const kept = (await db.raw(`select ${KEY}::text as due_date_text, ${columns.join(', ')}
    from ledger_day_figures where ${columns.join(' + ')} > 0 order by ${KEY}`)).rows;
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
          // Recorded a day after the due moment on odd rows (late), an hour before it on even ones.
          { status: 'exempt', exemption_basis: i % 2 ? 'process_info' : 'state_secret', exemption_reason: '理由', exemption_approved_by: '区政府办', updated_at: new Date(row.due_at.getTime() + (i % 2 ? 86_400_000 : -3_600_000)) },
          { status: 'withdrawn', withdrawal_reason: '取消' },
          {},
        ][i % 5]!;
        if (Object.keys(change).length === 0) continue;
        await trx('ledger_items').where({ id: row.id }).update(change);
        await trx('item_history').insert({ item_id: row.id, at: new Date(), actor: 'test', action: 'status', changes: JSON.stringify({ status: ['open', change.status] }) });
      }
    });
    await compare(db);
    expect(Number((await db('ledger_day_figures').sum({ n: 'exempted_late' }))[0]?.n)).toBeGreaterThan(0);
    // Due dates moved (a recompute), a title changed (counts nothing), in one statement each.
    await db.raw(`update ledger_items set due_date = due_date + 3, due_at = due_at + interval '3 days' where reference like 'X-1%'`);
    await db.raw(`update ledger_items set title = title || '（更正）' where reference like 'X-2%'`);
    await compare(db);
    // A department renamed its items' domain (a category moved): the counts follow the rows.
    await db.raw(`update ledger_items set domain = 'general', category = 'licensing', rule_id = 'general.licensing' where reference in ('X-30', 'X-31')`);
    await compare(db);
  });
});
