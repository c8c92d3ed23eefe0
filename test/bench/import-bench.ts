import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { importLedger, type ImportOptions, type ImportResult } from '../../src/intake/import-ledger.js';
import { LedgerSheetReader } from '../../src/intake/ledger-sheet.js';
import { readTable } from '../../src/intake/read-table.js';
import { rowValues, SerialDates } from '../../src/intake/row-values.js';
import { validateRow } from '../../src/intake/validate-row.js';
import { loadTestConfig } from '../helpers/config.js';
import type { Database } from '../../src/ledger/database.js';
import { openTestDatabase, TEST_DATABASE_URL } from '../helpers/databases.js';
import { syncShippedDepartments } from '../helpers/ledger-fixtures.js';
import { BENCH_AT as AT, benchFiles, REFERENCE_HISTORY_COLUMNS, REFERENCE_ITEM_COLUMNS, type BenchFiles } from './import-files.js';
import { verdict, withPeakMemory } from './report.js';
import { emptyCopy } from './table-copies.js';

/** The 1M import first: the files are written before either, by a process of their own. */
const SIZES = [1_000_000, 100_000];
const TARGETS = { ratio: 1.5, seconds100k: 3, rssMb1m: 250, linearity: 1.25 };

interface Timed {
  readonly seconds: number;
  /** The process's resident memory at its highest (absolute: start-up, config and the import). */
  readonly maxRssMb: number;
}

interface ChildImport extends Timed {
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
}

/** The import in a process of its own, from the compiled code, as `npm run cli -- ledger import` runs it. */
function childImport(database: Database, file: string): ChildImport {
  const child = fileURLToPath(new URL('import-child.mjs', import.meta.url));
  const run = spawnSync(process.execPath, [child, TEST_DATABASE_URL, database.schema, file, AT], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the import's process failed (is dist/ built? npm run build):\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as ChildImport;
}

/** The PGlite import, in this process (an in-memory database cannot be shared with another). */
async function timedImport(db: Knex, options: ImportOptions): Promise<Timed & { result: ImportResult }> {
  const { ruleBook, organisation } = loadTestConfig();
  const baseline = process.memoryUsage().rss;
  const run = await withPeakMemory(() => importLedger(db, ruleBook, organisation.departments, options));
  return { result: run.result, seconds: run.seconds, maxRssMb: baseline / 2 ** 20 + run.peakMb };
}

/** The floor: COPY of the same rows and their history, encoded beforehand, into empty copies of the two tables. */
async function copyFloor(db: Knex, files: BenchFiles, name: string, faithful: boolean): Promise<number> {
  const items = `floor_items_${name}`;
  const history = `floor_history_${name}`;
  await emptyCopy(db, 'ledger_items', items, faithful);
  await emptyCopy(db, 'item_history', history, faithful, items);
  const copy = async (table: string, columns: ReadonlyArray<readonly [string, string]>, file: string) => {
    const connection = (await db.client.acquireConnection()) as pg.Client;
    try {
      await pipeline(createReadStream(file), connection.query(copyFrom(`copy "${table}" (${columns.map(([column]) => `"${column}"`).join(', ')}) from stdin`)));
    } finally {
      await db.client.releaseConnection(connection);
    }
  };
  const start = process.hrtime.bigint();
  await copy(items, REFERENCE_ITEM_COLUMNS, files.items);
  await copy(history, REFERENCE_HISTORY_COLUMNS, files.history);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const line = (label: string, run: Timed, what: string) => console.log(`  ${label.padEnd(26)} ${run.seconds.toFixed(2).padStart(7)} s  max RSS ${run.maxRssMb.toFixed(0).padStart(4)} MB  ${what}`);

/** Reading and checking every row of the file as the import does, writing nothing: what the import costs itself. */
async function checksAlone(file: string, now: DateTime): Promise<number> {
  const { ruleBook: book, organisation } = loadTestConfig();
  const start = process.hrtime.bigint();
  const reader = new LedgerSheetReader(readTable(file));
  const { header, mapping } = await reader.layout();
  const serials = new SerialDates();
  let good = 0;
  for await (const row of reader.rows()) {
    const checked = validateRow(rowValues(row, header, mapping, serials), { book, departments: organisation.departments, now });
    if ('draft' in checked) good++;
  }
  await reader.close();
  if (good === 0) throw new Error('checks alone: no row passed');
  return Number(process.hrtime.bigint() - start) / 1e9;
}

interface SizeResult {
  readonly first: ChildImport;
  /** COPY into copies with the ledger's keys and triggers (the floor the target is measured against), and without. */
  readonly floor: number;
  readonly bareFloor: number;
  readonly ok: boolean;
}

/** One size: the first import and the floors; at 100k also again, changed, and PGlite. In a database of its own. */
async function benchSize(rows: number, files: BenchFiles, now: DateTime): Promise<SizeResult> {
  const database = await openTestDatabase('postgres');
  try {
    await syncShippedDepartments(database.db);
    const first = childImport(database, files.ledger);
    const floor = await copyFloor(database.db, files, 'faithful', true);
    const bareFloor = await copyFloor(database.db, files, 'bare', false);
    console.log(`\nledger import, ${rows.toLocaleString('en')} CSV rows into PostgreSQL (staged without a transaction, merged in one; compiled, a process of its own)`);
    line('first import', first, `${first.inserted} inserted, history written`);
    console.log(`  ${'COPY floor'.padEnd(26)} ${floor.toFixed(2).padStart(7)} s  (the same rows and history, encoded beforehand, into empty copies of the tables with the ledger's foreign keys and triggers)`);
    console.log(`  ${'ratio to the floor'.padEnd(26)} ${(first.seconds / floor).toFixed(2).padStart(7)}×`);
    console.log(`  ${'bare COPY'.padEnd(26)} ${bareFloor.toFixed(2).padStart(7)} s  (the same, into copies without foreign keys or triggers: below what any write into the ledger costs; ratio ${(first.seconds / bareFloor).toFixed(2)}×)`);
    let ok = first.inserted === rows;
    if (rows === 100_000) {
      const alone = await checksAlone(files.ledger, now);
      console.log(`  ${'checks alone'.padEnd(26)} ${alone.toFixed(2).padStart(7)} s  (read and check every row, no database, in the bench's process: ${(alone / floor).toFixed(2)}× the floor)`);
      // No transaction may be open while the file is read, so the ledger's write cannot overlap the checks: an import
      // takes at least both. Printed to show how much of the gap to the floor is the import's own doing.
      const bound = alone + floor;
      console.log(`  ${'checks, then the floor'.padEnd(26)} ${bound.toFixed(2).padStart(7)} s  (the least an import can take that checks the whole file before it opens a transaction: ${(bound / floor).toFixed(2)}× the floor; the import is ${(first.seconds / bound).toFixed(2)}× this)`);
      const again = childImport(database, files.ledger);
      line('same file again', again, `${again.unchanged} unchanged`);
      const changed = childImport(database, files.changed);
      line('every row changed', changed, `${changed.updated} updated, history written`);
      ok &&= again.unchanged === rows && changed.updated === rows;
      const embedded = await openTestDatabase('pglite');
      try {
        await syncShippedDepartments(embedded.db);
        const pglite = await timedImport(embedded.db, { file: files.ledger, partial: false, actor: 'bench', now });
        line('first import, PGlite', pglite, `${pglite.result.inserted} inserted (in memory, in the bench's process; multi-row INSERT)`);
      } finally {
        await embedded.close();
      }
    }
    return { first, floor, bareFloor, ok };
  } finally {
    await database.close();
  }
}

/**
 * The import of 1,000,000 and 100,000 CSV rows into PostgreSQL beside the floor, COPY of the same rows and
 * history into empty copies of the tables, measured in the same run. Each import runs compiled in a process of
 * its own, so that its time and memory are its own. At 100k also the same file again (all unchanged), every row
 * changed, and the embedded PGlite (rows written by multi-row INSERT … SELECT from jsonb, as COPY does not serve
 * it there).
 */
export async function benchImport(): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'dw-bench-import-'));
  const now = DateTime.fromISO(AT, { setZone: true });
  const results: Record<number, SizeResult> = {};
  let ok = true;
  const generated = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('import-files.ts', import.meta.url)), dir, ...SIZES.map(String)], { stdio: 'inherit' });
  if (generated.status !== 0) throw new Error('writing the bench files failed');
  try {
    for (const rows of SIZES) {
      const size = await benchSize(rows, benchFiles(dir, rows), now);
      results[rows] = size;
      ok &&= size.ok;
    }
    const small = results[100_000]!;
    const big = results[1_000_000]!;
    const ratio = small.first.seconds / small.floor;
    const linearity = big.first.seconds / 1_000_000 / (small.first.seconds / 100_000);
    const checks = [
      [`100k ≤ ${TARGETS.ratio}× the COPY floor`, ratio <= TARGETS.ratio, `${ratio.toFixed(2)}×`],
      [`100k ≤ ${TARGETS.seconds100k} s`, small.first.seconds <= TARGETS.seconds100k, `${small.first.seconds.toFixed(2)} s`],
      [`1M ≤ ${TARGETS.rssMb1m} MB max RSS`, big.first.maxRssMb <= TARGETS.rssMb1m, `${big.first.maxRssMb.toFixed(0)} MB`],
      [`time linear (per row at 1M ≤ ${TARGETS.linearity}× per row at 100k)`, linearity <= TARGETS.linearity, `${linearity.toFixed(2)}×`],
    ] as const;
    console.log('\n  targets');
    for (const [name, pass, figure] of checks) {
      console.log(`    ${name.padEnd(58)} ${figure.padStart(8)}  ${verdict(pass)}`);
      ok &&= pass;
    }
    return ok;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run directly (npm run bench runs each benchmark file in its own process).
if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = (await benchImport()) ? 0 : 1;
