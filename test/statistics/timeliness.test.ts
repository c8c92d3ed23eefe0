import type { Department } from '../../src/core/organisation.js';
import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../src/statistics/period.js';
import { countTimeliness, lateCount, onTimeRate, sumCounts } from '../../src/statistics/timeliness.js';
import { BACKENDS } from '../helpers/databases.js';
import { applyToItem } from '../../src/ledger/item-actions.js';
import { findItem } from '../../src/ledger/item-store.js';
import { exempt, reopen } from '../../src/ledger/lifecycle.js';
import { periodFigureItems } from '../../src/statistics/figure-items.js';
import { facts, insertFacts, useLedgerDatabase } from '../helpers/ledger-fixtures.js';
import { STATISTICS_ITEMS, STATISTICS_NOW as NOW } from '../helpers/timeliness-items.js';

/** The items and their due dates: test/helpers/timeliness-items.ts. */
describe.each(BACKENDS)('on-time counts (公开及时率) on %s', (backend) => {
  const ledger = useLedgerDatabase(backend);
  const departments = ['tinghu.czj', 'tinghu.zjj'];

  it('counts each item in the period its due date falls in, once its due moment has passed', async () => {
    await insertFacts(ledger.db, ...STATISTICS_ITEMS);

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

describe.each(BACKENDS)('an exemption recorded after the due moment (逾期后才决定不予公开) on %s', (backend) => {
  const ledger = useLedgerDatabase(backend);

  it('counts as late, in the rate and under its basis; one recorded in time excuses the item; the database keeps when', async () => {
    // Both formed 09-30, due 11-03 24:00 (国庆 off, make-up 10-10); created 11-21 as open items.
    const [early, late] = await insertFacts(ledger.db, facts({ reference: 'EX-EARLY' }), facts({ reference: 'EX-LATE' }));
    const exemption = { reason: '内部讨论稿', basis: '过程性信息', approvedBy: '区政府办' };
    const at = (iso: string) => ({ actor: 'test', at: iso });
    await applyToItem(ledger.db, { reference: 'EX-EARLY', jurisdiction: 'tinghu' }, 'exempt', (item) => exempt(item, exemption), at('2026-11-03T17:00:00+08:00'));
    await applyToItem(ledger.db, { reference: 'EX-LATE', jurisdiction: 'tinghu' }, 'exempt', (item) => exempt(item, exemption), at('2026-11-04T09:00:00+08:00'));
    expect((await findItem(ledger.db, 'tinghu', 'EX-EARLY'))?.exemptedAt).toBe('2026-11-03T17:00:00+08:00');
    expect((await findItem(ledger.db, 'tinghu', 'EX-LATE'))).toMatchObject({ exemptedAt: '2026-11-04T09:00:00+08:00', exemptionBasis: 'process_info' });

    const [november] = await countTimeliness(ledger.db, { departments: ['tinghu.czj'], period: parsePeriod('2026-11'), now: NOW, by: [] });
    expect(november).toMatchObject({ due: 1, onTime: 0, exemptedLate: 1, exempt: { process_info: 2 } });
    expect(lateCount(november!)).toBe(1);
    expect(onTimeRate(november!)).toBe('0.0%');
    const listed = await periodFigureItems(ledger.db, { departments: [{ code: 'tinghu.czj' } as Department] }, parsePeriod('2026-11'), NOW, 'exemptedLate', 10);
    expect(listed.items.map((i) => i.reference)).toEqual(['EX-LATE']);

    // Reopened, it is open again (and late); exempted again, the new time is kept.
    await applyToItem(ledger.db, { reference: 'EX-EARLY', jurisdiction: 'tinghu' }, 'reopen', (item) => reopen(item), at('2026-11-10T09:00:00+08:00'));
    expect((await findItem(ledger.db, 'tinghu', 'EX-EARLY'))?.exemptedAt).toBeUndefined();
    await applyToItem(ledger.db, { reference: 'EX-EARLY', jurisdiction: 'tinghu' }, 'exempt', (item) => exempt(item, exemption), at('2026-11-11T09:00:00+08:00'));
    const [again] = await countTimeliness(ledger.db, { departments: ['tinghu.czj'], period: parsePeriod('2026-11'), now: NOW, by: [] });
    expect(again).toMatchObject({ due: 2, exemptedLate: 2 });
    expect([early?.id, late?.id].every(Number.isInteger)).toBe(true);
  });
});
