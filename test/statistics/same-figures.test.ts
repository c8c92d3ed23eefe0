import { describe, expect, it } from 'vitest';
import { gatherEscalationFacts } from '../../src/delivery/escalation-facts.js';
import { composeNotice } from '../../src/reports/compose-notice.js';
import { gatherAnnualStatistics } from '../../src/statistics/annual-statistics.js';
import { gatherDashboard } from '../../src/statistics/dashboard-figures.js';
import { gatherNoticeFacts } from '../../src/statistics/notice-facts.js';
import type { TimelinessCount } from '../../src/statistics/timeliness.js';
import { parsePeriod } from '../../src/statistics/period.js';
import { loadTestConfig } from '../helpers/config.js';
import { BACKENDS } from '../helpers/databases.js';
import { insertFacts, useLedgerDatabase } from '../helpers/ledger-fixtures.js';
import { STATISTICS_ITEMS, STATISTICS_NOW as NOW } from '../helpers/timeliness-items.js';

const config = loadTestConfig();
const tinghu = config.organisation.supervisors.find((s) => s.jurisdiction === 'tinghu')!;
const figures = (rows: ReadonlyArray<{ departmentName: string } & TimelinessCount>) =>
  Object.fromEntries(rows.map((r) => [r.departmentName, [r.due, r.onTime, r.publishedLate, r.openLate]]));

/** One period, every surface: the dashboard, the escalation digest, the 通报 draft and the annual statistics. */
describe.each(BACKENDS)('the same period gives the same figures everywhere, on %s', (backend) => {
  const ledger = useLedgerDatabase(backend);

  it('the year and the month', async () => {
    await insertFacts(ledger.db, ...STATISTICS_ITEMS);
    const digest = await gatherEscalationFacts(ledger.db, config, tinghu, NOW, NOW.minus({ days: 1 }), true);
    const year = parsePeriod('2026');
    const dashboard = await gatherDashboard(ledger.db, config, tinghu, year, {}, NOW);
    const notice = await gatherNoticeFacts(ledger.db, config, tinghu, year, NOW, 3);
    const annual = await gatherAnnualStatistics(ledger.db, config, tinghu, 2026, NOW);

    const expected = figures(dashboard.departments.byDepartment);
    expect(expected['区财政局']).toEqual([4, 2, 1, 1]);
    expect(figures(digest.rates.map((r) => ({ departmentName: r.departmentName, ...r.year })))).toEqual(expected);
    expect(figures(notice.byDepartment)).toEqual(expected);
    expect(figures(annual.byDepartment)).toEqual(expected);
    // The draft's table: the departments with something due, and the total row.
    const table = composeNotice(notice, config.notice!).find((b) => b.kind === 'table');
    const drafted = Object.fromEntries((table && 'rows' in table ? table.rows : []).map((row) => [row[0], row.slice(1, 5).map(Number)]));
    expect(drafted).toEqual({ ...Object.fromEntries(Object.entries(expected).filter(([, f]) => (f[0] as number) > 0)), 合计: [7, 3, 1, 3] });

    const month = await gatherDashboard(ledger.db, config, tinghu, parsePeriod('2026-12'), {}, NOW);
    expect(figures(digest.rates.map((r) => ({ departmentName: r.departmentName, ...r.month })))).toEqual(figures(month.departments.byDepartment));
    expect(month.trend.at(-2)?.count).toMatchObject({ due: 5, onTime: 2 });
  });
});
