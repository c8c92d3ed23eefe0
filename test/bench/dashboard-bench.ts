import { noExemptions } from '../../src/statistics/timeliness.js';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { DateTime } from 'luxon';
import { chartFont, chartPng } from '../../src/charts/chart-png.js';
import { chartSvg } from '../../src/charts/chart-svg.js';
import { GlyphText } from '../../src/charts/glyph-text.js';
import { rateBarsChart, trendChart } from '../../src/charts/office-charts.js';
import type { ChartSpec } from '../../src/charts/chart-spec.js';
import { SHANGHAI } from '../../src/core/shanghai-time.js';
import { departmentFigures, monthlyTrend, officeScope } from '../../src/statistics/office-figures.js';
import { parsePeriod } from '../../src/statistics/period.js';
import { fixedClock } from '../../src/runtime/clock.js';
import { loadTestConfig } from '../helpers/config.js';
import { openTestDatabase } from '../helpers/databases.js';
import { syncShippedDepartments } from '../helpers/ledger-fixtures.js';
import { browserLike, injectablePortal, portalContext } from '../helpers/portal.js';
import { percentile, verdict } from './report.js';

const ITEMS = 1_000_000;
const WARM_UPS = 3;
const SAMPLES = 15;
const TARGET_PAGE_MS = 300;
const CHART_SAMPLES = 40;
const TARGET_CHART_MS = 50;
/** Tuesday 2026-12-01 10:00 in Shanghai. */
const NOW = DateTime.fromISO('2026-12-01T10:00:00+08:00').setZone(SHANGHAI);

async function sample(work: () => Promise<unknown>, warmUps: number, samples: number): Promise<{ median: number; worst: number }> {
  for (let i = 0; i < warmUps; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return { median: percentile(times, 50), worst: Math.max(...times) };
}

/**
 * The office's dashboard on a ledger of 1,000,000 items of the 13 Tinghu departments, due over the last 13 months
 * (most published, on time or late; some open, some late; a few exempt or withdrawn), on PostgreSQL: the server
 * time of a page (fastify inject, session included), for a quarter and for the year. The reference, in the same run:
 * the one aggregate the page cannot do without, the quarter's items counted by department and status.
 */
async function benchDashboard(): Promise<boolean> {
  const config = loadTestConfig();
  const database = await openTestDatabase('postgres');
  try {
    const { db } = database;
    await syncShippedDepartments(db);
    const codes = config.organisation.departments.filter((d) => d.jurisdiction === 'tinghu').map((d) => d.code);
    const started = performance.now();
    await db.raw(
      `insert into ledger_items (jurisdiction, reference, title, department_code, domain, category, rule_id, rule_version,
         formed_at, due_at, due_date, provisional, status, published_at, published_url, exemption_basis, exemption_reason, exemption_approved_by,
         withdrawal_reason, created_at, updated_at)
       select 'tinghu', 'B-' || g, '事项' || g, (?::text[])[1 + g % ?], 'procurement', 'procurement.transaction', 'general.active', ?,
         d - interval '30 days', d + interval '1 day' - interval '1 millisecond', d::date, false, s.status,
         case when s.status = 'published' then d + (case when g % 10 = 0 then interval '3 days' else interval '-1 day' end) end,
         case when s.status = 'published' then 'https://www.tinghu.example.test/' || g end,
         case when s.status = 'exempt' then 'privacy' end, case when s.status = 'exempt' then '涉及个人隐私' end, case when s.status = 'exempt' then '区政府办' end,
         case when s.status = 'withdrawn' then '项目取消' end, ?::timestamptz, ?::timestamptz
       from generate_series(1, ?) g,
         lateral (select (date '2025-11-15' + (g % 400)) :: timestamp at time zone 'Asia/Shanghai' as d) due,
         lateral (select case when d > ?::timestamptz - interval '1 day' then 'open'
                              when g % 200 = 0 then 'open' when g % 199 = 0 then 'exempt' when g % 197 = 0 then 'withdrawn'
                              else 'published' end as status) s`,
      [codes, codes.length, config.ruleBook.rule('general.active').version, NOW.toISO(), NOW.toISO(), ITEMS, NOW.toISO()],
    );
    await db.raw('vacuum analyze ledger_items');
    const [{ open, late }] = (await db.raw(`select count(*) filter (where status = 'open') as open, count(*) filter (where status = 'open' and due_at < ?) as late from ledger_items`, [NOW.toISO()])).rows;
    console.log(`\ndashboard, ${ITEMS.toLocaleString('en')} items of ${codes.length} departments on PostgreSQL (${open} open, ${late} of them late; generated in ${((performance.now() - started) / 1000).toFixed(1)} s)`);

    const context = portalContext(db, fixedClock(NOW), { config });
    const app = await injectablePortal(context);
    const { get, visitor } = browserLike(() => app, () => context);
    const office = await visitor('supervisor', 'tinghu');
    const page = (period: string) => async () => {
      const response = await get(office, `/o/dashboard?period=${period}`);
      if (response.statusCode !== 200) throw new Error(`the dashboard answered ${response.statusCode}`);
    };
    const quarter = await sample(page('2026-Q4'), WARM_UPS, SAMPLES);
    const year = await sample(page('2026'), WARM_UPS, SAMPLES);
    const floor = await sample(
      () =>
        db.raw(`select department_code, status, count(*) from ledger_items where due_date >= '2026-10-01' and due_date < '2027-01-01' and due_at < ? group by 1, 2`, [NOW.toISO()]),
      WARM_UPS,
      SAMPLES,
    );
    const parts = await sample(
      async () => {
        await departmentFigures(db, officeScope(config, config.organisation.supervisors[0]!), parsePeriod('2026-Q4'), NOW);
      },
      1,
      5,
    );
    const trend = await sample(
      async () => {
        await monthlyTrend(db, officeScope(config, config.organisation.supervisors.find((s) => s.jurisdiction === 'tinghu')!), '2026-12-01', NOW);
      },
      1,
      5,
    );
    await app.close();
    const ok = quarter.median <= TARGET_PAGE_MS && year.median <= TARGET_PAGE_MS;
    console.log(`  page, a quarter          ${quarter.median.toFixed(0)} ms median, ${quarter.worst.toFixed(0)} ms worst (${SAMPLES} requests)`);
    console.log(`  page, the year           ${year.median.toFixed(0)} ms median, ${year.worst.toFixed(0)} ms worst`);
    console.log(`    of which: the quarter's department figures ${parts.median.toFixed(0)} ms, the 12-month trend ${trend.median.toFixed(0)} ms`);
    console.log(`  reference: the quarter counted by department and status, one query: ${floor.median.toFixed(0)} ms median`);
    console.log(`  ratio to the reference   ${(quarter.median / floor.median).toFixed(2)}× (quarter), ${(year.median / floor.median).toFixed(2)}× (year)`);
    console.log(`  target: ≤ ${TARGET_PAGE_MS} ms a page (server time): ${verdict(ok)}`);
    return ok;
  } finally {
    await database.close();
  }
}

/**
 * The digest's two charts as PNG: the time to draw each (labels as glyph outlines, rasterised by resvg), beside the
 * reference of resvg drawing the same chart with its labels left out (the rasteriser's own floor).
 */
async function benchCharts(): Promise<boolean> {
  const glyphs = GlyphText.open(chartFont());
  const departments = loadTestConfig().organisation.departments.filter((d) => d.jurisdiction === 'tinghu');
  const rows = departments.map((d, i) => ({ departmentName: d.name, due: 40 + i, onTime: 30 + i, publishedLate: 5, openLate: 5, exemptedLate: 0, exempt: noExemptions(), withdrawn: 0, late: 10, rate: `${((30 + i) / (40 + i) * 100).toFixed(1)}%` }));
  const months = Array.from({ length: 12 }, (_, i) => ({ month: parsePeriod(`2026-${String(i + 1).padStart(2, '0')}`), count: { ...rows[0]!, due: 50, onTime: 40 + (i % 7), late: 10 - (i % 7), rate: '80.0%' } }));
  const charts: Array<[string, ChartSpec]> = [
    ['on-time bars (13 departments)', rateBarsChart(rows, '2026年（截至12月1日）', 'zh')],
    ['12-month trend', trendChart(months, 'zh')],
  ];
  let ok = true;
  console.log('\ncharts as PNG (resvg; labels as Noto Sans CJK outlines through fontkit), 1520 px wide');
  for (const [name, chart] of charts) {
    const drawn = await sample(async () => chartPng(chart, glyphs), 3, CHART_SAMPLES);
    const bare = chartSvg(chart, () => '');
    const floor = await sample(async () => new Resvg(bare, { font: { loadSystemFonts: false }, fitTo: { mode: 'zoom', value: 2 } }).render().asPng(), 3, CHART_SAMPLES);
    ok &&= drawn.median <= TARGET_CHART_MS;
    console.log(`  ${name.padEnd(30)} ${drawn.median.toFixed(1)} ms median, ${drawn.worst.toFixed(1)} ms worst; without its labels ${floor.median.toFixed(1)} ms (reference): ${(drawn.median / floor.median).toFixed(2)}×`);
  }
  console.log(`  target: ≤ ${TARGET_CHART_MS} ms a PNG: ${verdict(ok)}`);
  return ok;
}

export async function benchDashboardAndCharts(): Promise<boolean> {
  const charts = await benchCharts();
  const dashboard = await benchDashboard();
  return charts && dashboard;
}

// Run directly (npm run bench runs each benchmark file in its own process).
if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = (await benchDashboardAndCharts()) ? 0 : 1;
