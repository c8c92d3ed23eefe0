import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { SHANGHAI } from '../../src/core/shanghai-time.js';
import type { ItemFacts } from '../../src/ledger/item.js';
import { parsePeriod } from '../../src/statistics/period.js';
import { countTimeliness, lateCount, onTimeRate, sumCounts } from '../../src/statistics/timeliness.js';
import { BACKENDS } from '../helpers/databases.js';
import { facts, insertFacts, useLedgerDatabase } from '../helpers/ledger-fixtures.js';

const NOW = DateTime.fromISO('2026-12-01T12:00:00+08:00', { zone: SHANGHAI });
const published = (at: string): Partial<ItemFacts> => ({ status: 'published', publishedAt: at, publishedUrl: 'https://www.tinghu.gov.cn/x' });

/**
 * Procurement items (general.active, 20 working days, due by the end of the day) whose due dates a reader can
 * check with `cli due`: formed 09-01 → 09-29; 09-30 → 11-03 (国庆 7 days off, make-up 10-10); 10-20 → 11-17;
 * 11-05 → 12-03; 06-01 → 06-30.
 */
const ITEMS: ReadonlyArray<[reference: string, formed: string, department: string, more: Partial<ItemFacts>]> = [
  ['A', '2026-09-30', 'tinghu.czj', published('2026-11-02T10:00:00+08:00')], // due 11-03: on time
  ['B', '2026-09-30', 'tinghu.czj', published('2026-11-04T09:00:00+08:00')], // due 11-03: published late
  ['C', '2026-10-20', 'tinghu.czj', {}], // due 11-17, open: late
  ['D', '2026-10-20', 'tinghu.czj', { status: 'exempt', exemptionBasis: 'privacy', exemptionReason: '涉及个人隐私', exemptionApprovedBy: '区政府办' }],
  ['E', '2026-11-05', 'tinghu.czj', {}], // due 12-03, after now: not counted yet
  ['F', '2026-09-01', 'tinghu.czj', published('2026-09-29T23:00:00+08:00')], // due 09-29: on time
  ['G', '2026-10-20', 'tinghu.zjj', { status: 'withdrawn', withdrawalReason: '项目取消' }],
  ['H', '2026-06-01', 'tinghu.zjj', {}], // due 06-30, open: late
  ['I', '2026-11-05', 'tinghu.zjj', published('2026-11-20T10:00:00+08:00')], // due 12-03, published early: not counted yet
];

describe.each(BACKENDS)('on-time counts (公开及时率) on %s', (backend) => {
  const ledger = useLedgerDatabase(backend);
  const departments = ['tinghu.czj', 'tinghu.zjj'];

  it('counts each item in the period its due date falls in, once its due moment has passed', async () => {
    await insertFacts(ledger.db, ...ITEMS.map(([reference, formed, departmentCode, more]) => facts({ reference, departmentCode, events: { formed: `${formed}T10:00:00+08:00` }, ...more })));

    const [november] = await countTimeliness(ledger.db, { departments, period: parsePeriod('2026-11'), now: NOW, by: [] });
    expect(november).toMatchObject({ due: 3, onTime: 1, publishedLate: 1, openLate: 1, exempt: { privacy: 1, state_secret: 0, trade_secret: 0 }, withdrawn: 1 });
    expect(onTimeRate(november!)).toBe('33.3%');

    const year = await countTimeliness(ledger.db, { departments, period: parsePeriod('2026'), now: NOW, by: ['department'] });
    const byDepartment = Object.fromEntries(year.map((row) => [row.department, row]));
    expect(byDepartment['tinghu.czj']).toMatchObject({ due: 4, onTime: 2, publishedLate: 1, openLate: 1 });
    expect(byDepartment['tinghu.zjj']).toMatchObject({ due: 1, onTime: 0, openLate: 1, withdrawn: 1 });
    expect(lateCount(sumCounts(year))).toBe(3);

    const months = await countTimeliness(ledger.db, { departments, period: parsePeriod('2026'), now: NOW, by: ['month'] });
    expect(Object.fromEntries(months.map((row) => [row.month, row.due]))).toEqual({ '2026-06': 1, '2026-09': 1, '2026-11': 3 });

    // Once 12-03 has passed, E (open) is late and I (published 11-20) on time.
    const [december] = await countTimeliness(ledger.db, { departments, period: parsePeriod('2026-12'), now: NOW.plus({ days: 3 }), by: [] });
    expect(december).toMatchObject({ due: 2, onTime: 1, openLate: 1 });
  });

  it('keeps to the departments and domains asked for', async () => {
    const [czj] = await countTimeliness(ledger.db, { departments: ['tinghu.czj'], period: parsePeriod('2026-Q4'), now: NOW, by: [] });
    expect(czj).toMatchObject({ due: 3 });
    const housing = await countTimeliness(ledger.db, { departments, domains: ['housing'], period: parsePeriod('2026-Q4'), now: NOW, by: ['domain'] });
    expect(housing).toEqual([]);
  });

  it('rounds the rate down, in integers', () => {
    expect(onTimeRate({ due: 100, onTime: 29 })).toBe('29.0%');
    expect(onTimeRate({ due: 1000, onTime: 999 })).toBe('99.9%');
    expect(onTimeRate({ due: 0, onTime: 0 })).toBeUndefined();
  });
});
