import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { recomputeOpenItems } from '../../src/monitor/recompute.js';
import { scan } from '../../src/monitor/scan.js';
import { loadTestConfig } from '../helpers/config.js';
import { openTestDatabase } from '../helpers/databases.js';
import { syncShippedDepartments } from '../helpers/ledger-fixtures.js';
import { verdict, withPeakMemory } from './report.js';

const ITEMS = 1_000_000;
const DUE_SHARE = 0.01;
const TARGET_SECONDS = 2;
const TARGET_RECOMPUTE_SECONDS = 30;
const TARGET_PEAK_MB = 300;

/**
 * One scan over 1,000,000 open items of which 1% need a look now, on PostgreSQL: its time and peak memory, beside
 * reading every open item once (what a scan that is not level-triggered would at least do) as the reference. Then
 * recomputing all of them after a config change; the generated due dates do not follow from their formation
 * dates, so every item moves (the worst case: a million updates with their history).
 */
export async function benchMonitor(): Promise<boolean> {
  const config = loadTestConfig();
  const database = await openTestDatabase('postgres');
  try {
    const { db } = database;
    await syncShippedDepartments(db);
    const now = DateTime.fromISO('2026-11-21T09:00:00+08:00', { setZone: true });
    // Generated in the database: items formed over 2026, due dates spread over the months around now; every
    // hundredth one's check has come, the others' lie ahead.
    await db.raw(
      `insert into ledger_items (jurisdiction, reference, title, department_code, domain, category, rule_id, rule_version,
         formed_at, due_at, due_date, provisional, status, created_at, updated_at, next_check_at)
       select 'tinghu', 'S-' || g, '事项' || g, 'tinghu.czj', 'procurement', 'procurement.transaction', 'general.active', ?,
         d - interval '30 days', d + interval '1 day' - interval '1 millisecond', d::date, false, 'open', ?::timestamptz, ?::timestamptz,
         case when g % ? = 0 then ?::timestamptz - interval '1 hour' else ?::timestamptz + (1 + g % 40) * interval '1 day' end
       from generate_series(1, ?) g, lateral (select (date '2026-10-01' + (g % 120)) :: timestamp at time zone 'Asia/Shanghai' as d) due`,
      [config.ruleBook.rule('general.active').version, now.toISO(), now.toISO(), Math.round(1 / DUE_SHARE), now.toISO(), now.toISO(), ITEMS],
    );
    await db.raw('analyze ledger_items');
    const context = { ruleBook: config.ruleBook, ladders: config.ladders };
    const run = await withPeakMemory(() => scan(db, context, now));
    const naive = await withPeakMemory(async () => {
      let read = 0;
      for (let after = 0; ; ) {
        const rows = await db('ledger_items').where('status', 'open').andWhere('id', '>', after).orderBy('id').limit(50_000).select('id', 'due_at', 'due_date');
        if (rows.length === 0) return read;
        read += rows.length;
        after = Number(rows[rows.length - 1].id);
      }
    });
    const recompute = await withPeakMemory(() => recomputeOpenItems(db, config, now, { force: true }));
    const ok =
      run.result.checked === ITEMS * DUE_SHARE &&
      run.seconds <= TARGET_SECONDS &&
      run.peakMb <= TARGET_PEAK_MB &&
      recompute.result.recomputed === ITEMS &&
      recompute.seconds <= TARGET_RECOMPUTE_SECONDS &&
      recompute.peakMb <= TARGET_PEAK_MB;
    console.log(`\nscan, ${ITEMS.toLocaleString('en')} open items on PostgreSQL, ${(DUE_SHARE * 100).toFixed(0)}% of them due a look`);
    console.log(`  one scan                ${run.seconds.toFixed(2)} s  (${run.result.checked} looked at, ${run.result.recorded.length} steps recorded)  peak +${run.peakMb.toFixed(0)} MB RSS`);
    console.log(`  reading every open item ${naive.seconds.toFixed(2)} s  (${naive.result} rows; the reference)  peak +${naive.peakMb.toFixed(0)} MB RSS`);
    console.log(`  ratio to the reference  ${(run.seconds / naive.seconds).toFixed(2)}×`);
    console.log(`  recompute every item    ${recompute.seconds.toFixed(2)} s  (${recompute.result.recomputed} moved, history written)  peak +${recompute.peakMb.toFixed(0)} MB RSS`);
    console.log(`  targets: scan ≤ ${TARGET_SECONDS} s, recompute ≤ ${TARGET_RECOMPUTE_SECONDS} s, each ≤ ${TARGET_PEAK_MB} MB: ${verdict(ok)}`);
    return ok;
  } finally {
    await database.close();
  }
}

// Run directly (npm run bench runs each benchmark file in its own process).
if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = (await benchMonitor()) ? 0 : 1;
