// One ledger import in a process of its own, run from the compiled code (dist/, built by `npm ci`) as the CLI runs
// it: its time and its process's peak memory are the import's, not the bench's (tsx, the bench's own data).
// JavaScript rather than TypeScript so that no loader sits in the process it measures.
// Usage: node import-child.mjs DATABASE_URL SCHEMA FILE NOW; prints one JSON line.
//        node import-child.mjs --checks-only FILE NOW: reads and checks every row as the import does, writing
//        nothing (the part of an import that must end before its transaction opens), and prints its time.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const dist = new URL('../../dist/src/', import.meta.url);
const load = (module) => import(new URL(module, dist).href);
const { loadConfig } = await load('config/load-config.js');
const { DateTime } = await import('luxon');

/**
 * The process's own peak resident memory, in MB. Not `process.resourceUsage().maxRSS`: Linux carries a forked
 * parent's peak across exec into the child's (a child whose own peak was 39 MB read 704 MB under a 743 MB parent),
 * whereas VmHWM starts afresh with the new program.
 */
function peakMb() {
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))[1]) / 1024;
}

const checksOnly = process.argv[2] === '--checks-only';
const [url, schema, file, now] = checksOnly ? [undefined, undefined, ...process.argv.slice(3)] : process.argv.slice(2);
const at = DateTime.fromISO(now, { setZone: true });
const config = loadConfig(fileURLToPath(new URL('../../config', import.meta.url)), { today: now.slice(0, 10) });

if (checksOnly) {
  const { LedgerSheetReader } = await load('intake/ledger-sheet.js');
  const { readTable } = await load('intake/read-table.js');
  const { rowValues, SerialDates } = await load('intake/row-values.js');
  const { validateRow } = await load('intake/validate-row.js');
  const context = { book: config.ruleBook, departments: config.organisation.departments, now: at };
  const start = performance.now();
  const reader = new LedgerSheetReader(readTable(file));
  const { header, mapping } = await reader.layout();
  const serials = new SerialDates();
  let good = 0;
  for await (const row of reader.rows()) if ('draft' in validateRow(rowValues(row, header, mapping, serials), context)) good++;
  await reader.close();
  const seconds = (performance.now() - start) / 1000;
  if (good === 0) throw new Error('checks alone: no row passed');
  console.log(JSON.stringify({ seconds, maxRssMb: peakMb(), good }));
} else {
  const { openDatabase } = await load('ledger/database.js');
  const { importLedger } = await load('intake/import-ledger.js');
  const database = await openDatabase({ url, dataDir: '', schema });
  try {
    const start = performance.now();
    const result = await importLedger(database.db, config.ruleBook, config.organisation.departments, { file, partial: false, actor: 'bench', now: at });
    const seconds = (performance.now() - start) / 1000;
    console.log(JSON.stringify({ seconds, maxRssMb: peakMb(), inserted: result.inserted, updated: result.updated, unchanged: result.unchanged }));
  } finally {
    await database.close();
  }
}
