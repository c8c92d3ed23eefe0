// One ledger import in a process of its own, run from the compiled code (dist/, built by `npm ci`) as the CLI runs
// it: its time and its process's peak memory are the import's, not the bench's (tsx, the bench's own data).
// JavaScript rather than TypeScript so that no loader sits in the process it measures.
// Usage: node import-child.mjs DATABASE_URL SCHEMA FILE NOW; prints one JSON line.
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const dist = new URL('../../dist/src/', import.meta.url);
const { loadConfig } = await import(new URL('config/load-config.js', dist).href);
const { openDatabase } = await import(new URL('ledger/database.js', dist).href);
const { importLedger } = await import(new URL('intake/import-ledger.js', dist).href);
const { DateTime } = await import('luxon');

const [url, schema, file, now] = process.argv.slice(2);
const config = loadConfig(fileURLToPath(new URL('../../config', import.meta.url)), { today: now.slice(0, 10) });
const database = await openDatabase({ url, dataDir: '', schema });
try {
  const start = performance.now();
  const result = await importLedger(database.db, config.ruleBook, config.organisation.departments, {
    file,
    partial: false,
    actor: 'bench',
    now: DateTime.fromISO(now, { setZone: true }),
  });
  const seconds = (performance.now() - start) / 1000;
  // maxRSS is in kilobytes: the whole process at its highest, start-up and config included.
  console.log(JSON.stringify({ seconds, maxRssMb: process.resourceUsage().maxRSS / 1024, inserted: result.inserted, updated: result.updated, unchanged: result.unchanged }));
} finally {
  await database.close();
}
