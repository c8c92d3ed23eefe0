import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import chineseDays from 'chinese-days';
import { dayNumberFromIso, isoFromDayNumber } from '../../src/core/civil-date.js';
import { computeDeadline } from '../../src/core/deadline.js';
import { loadTestConfig } from '../helpers/config.js';
import { COMPILED_MAIN } from '../helpers/run-cli.js';
import { seededRandom } from './random.js';
import { formatRate, percentile, perSecond, timed, verdict } from './report.js';

// chinese-days ships a CommonJS/UMD build: its functions hang off the default import.
const { findWorkday } = chineseDays;
const INPUTS = 1_000_000;
const TARGET_RATE = 2_000_000;
const TARGET_RATIO = 100;
/** One `due` call through the compiled CLI, start-up included. */
const TARGET_DUE_CALL_SECONDS = 0.7;
const CALLS = 7;

/** The wall time of one run of node with these arguments, checked to exit 0. */
function call(args: readonly string[], env: NodeJS.ProcessEnv = process.env): number {
  const { result: run, nanoseconds } = timed(() => spawnSync(process.execPath, args, { encoding: 'utf8', env }));
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} failed (is dist/ built? npm run build):\n${run.stderr}`);
  return Number(nanoseconds) / 1e9;
}

/** The median wall time of CALLS runs. */
function medianCall(args: readonly string[], env?: NodeJS.ProcessEnv): number {
  return percentile(Array.from({ length: CALLS }, () => call(args, env)), 50);
}

/**
 * One deadline asked of the compiled CLI (`npm run -s cli -- due …`), beside node starting on an empty script: the
 * first call, which loads and checks the config and keeps the rule book (rule-book-cache.ts), apart; then the
 * calls after it, which the target is for.
 */
function benchDueCall(): boolean {
  const cacheDir = mkdtempSync(join(tmpdir(), 'dw-bench-cache-'));
  try {
    const env = { ...process.env, DW_CACHE_DIR: cacheDir };
    const args = [COMPILED_MAIN, 'due', '--rule', 'general.active', '--at', '2026-09-30T18:00:00+08:00'];
    const first = call(args, env);
    const later = medianCall(args, env);
    const bare = medianCall(['-e', '']);
    const ok = later <= TARGET_DUE_CALL_SECONDS;
    console.log(`\nthe due command, one call through the compiled CLI (start-up included)`);
    console.log(`  due --rule general.active  ${later.toFixed(2)} s  (median of ${CALLS} calls on an unchanged config: the rule book kept)`);
    console.log(`  the first call             ${first.toFixed(2)} s  (after a config change or a build: every file read and checked)`);
    console.log(`  node on an empty script    ${bare.toFixed(2)} s  (the reference: start-up alone)`);
    console.log(`  target ≤ ${TARGET_DUE_CALL_SECONDS} s a call: ${verdict(ok)}`);
    return ok;
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

/**
 * Deadline computations per second: a million random (date in 2018–2026, n in 1..20) inputs, strings in and
 * strings out, ours beside chinese-days' findWorkday on the same inputs in the same run. The dates end on
 * 30 November 2026, so that every answer lies in a year both calendars have from its notice: for 2027 (no notice
 * yet) ours keeps the statutory holidays (法定节假日, provisional) where chinese-days counts Monday to Friday, and
 * 4,266 answers differed on that alone.
 */
export function benchDeadlines(): boolean {
  const book = loadTestConfig().ruleBook;
  const calendar = book.calendarFor('cn');
  const random = seededRandom(20261121);
  const first = dayNumberFromIso('2018-01-01');
  const span = dayNumberFromIso('2026-11-30') - first + 1;
  const dates = new Array<string>(INPUTS);
  const counts = new Int32Array(INPUTS);
  for (let i = 0; i < INPUTS; i++) {
    dates[i] = isoFromDayNumber(first + Math.floor(random() * span));
    counts[i] = 1 + Math.floor(random() * 20);
  }

  const ours = new Array<string>(INPUTS);
  const runOurs = () => {
    for (let i = 0; i < INPUTS; i++) ours[i] = calendar.addWorkingDays(dates[i] as string, counts[i] as number);
  };
  runOurs(); // warm-up: the first pass also builds the shared date-string table
  const oursTime = timed(runOurs).nanoseconds;

  const theirs = new Array<string>(INPUTS);
  const theirsTime = timed(() => {
    for (let i = 0; i < INPUTS; i++) theirs[i] = findWorkday(counts[i] as number, dates[i] as string);
  }).nanoseconds;

  let disagreements = 0;
  let example = '';
  for (let i = 0; i < INPUTS; i++) {
    if (ours[i] !== theirs[i]) {
      disagreements++;
      example ||= `${dates[i]} + ${counts[i]}: ours ${ours[i]}, chinese-days ${theirs[i]}`;
    }
  }

  const oursRate = perSecond(INPUTS, oursTime);
  const theirsRate = perSecond(INPUTS, theirsTime);
  const ratio = oursRate / theirsRate;

  // For scale: the whole engine (rule, ISO times with offset, explanation in two languages) per item.
  const rule = book.rule('general.active');
  const engineInputs = 100_000;
  const engineTime = timed(() => {
    for (let i = 0; i < engineInputs; i++) {
      computeDeadline({ rule, events: { formed: dates[i] as string }, calendar });
    }
  }).nanoseconds;

  console.log('deadline computations (addWorkingDays, YYYY-MM-DD in and out), 1,000,000 random inputs from 2018-01-01 to 2026-11-30 (every answer in a year with its notice), n 1..20');
  console.log(`  disclosure-watch       ${formatRate(oursRate)}  (${(Number(oursTime) / 1e6).toFixed(0)} ms)`);
  console.log(`  chinese-days findWorkday ${formatRate(theirsRate)}  (${(Number(theirsTime) / 1e6).toFixed(0)} ms)`);
  console.log(`  ratio                  ${ratio.toFixed(0)}×`);
  console.log(`  answers agree          ${disagreements === 0 ? `all ${INPUTS.toLocaleString('en')}` : `NO: ${disagreements} differ, e.g. ${example}`}`);
  console.log(`  full computeDeadline   ${formatRate(perSecond(engineInputs, engineTime))}  (with ISO times and the explanation; for scale, no target)`);
  const ok = oursRate >= TARGET_RATE && ratio >= TARGET_RATIO && disagreements === 0;
  console.log(`  target ≥ ${formatRate(TARGET_RATE)} and ≥ ${TARGET_RATIO}× with every answer agreeing: ${verdict(ok)}`);
  return benchDueCall() && ok;
}

// Run directly (npm run bench runs each benchmark file in its own process).
if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = (benchDeadlines()) ? 0 : 1;
