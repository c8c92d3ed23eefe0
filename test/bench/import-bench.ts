import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { DateTime } from 'luxon';
import type { Department } from '../../src/core/organisation.js';
import type { RuleBook } from '../../src/core/rule-book.js';
import { importLedger } from '../../src/intake/import-ledger.js';
import { draftItem } from '../../src/ledger/draft-item.js';
import { rowFromDraft } from '../../src/ledger/item-row.js';
import { loadTestConfig } from '../helpers/config.js';
import { openTestDatabase } from '../helpers/databases.js';
import { syncShippedDepartments } from '../helpers/ledger-fixtures.js';
import { seededRandom } from './random.js';
import { verdict, withPeakMemory } from './report.js';

const ROWS = 100_000;
const TARGET_SECONDS = 5;

/** 100,000 rows of Tinghu items over 2026, every department and every category counted from "formed". */
function generateRows(book: RuleBook, departments: readonly Department[]): string[][] {
  const categories = [...book.categoriesOf('tinghu')].filter(([, r]) => r.rule.kind === 'workingDaysAfter' && r.rule.event === 'formed').map(([c]) => c);
  const random = seededRandom(7);
  const start = DateTime.fromISO('2026-01-05T09:00:00+08:00', { setZone: true });
  return Array.from({ length: ROWS }, (_, i) => [
    `BENCH-${String(i).padStart(6, '0')}`,
    `亭湖区公共资源配置信息第${i}号`,
    (departments[Math.floor(random() * departments.length)] ?? departments[0])!.name,
    categories[Math.floor(random() * categories.length)] ?? 'procurement.transaction',
    start.plus({ minutes: Math.floor(random() * 60 * 24 * 300) }).toFormat('yyyy-MM-dd HH:mm'),
  ]);
}

/**
 * Importing 100,000 rows into PostgreSQL, streamed: the first import (all inserted, with history) and the same
 * file again (all unchanged), beside a plain batched INSERT of the same rows (no checks, no history) as reference.
 */
export async function benchImport(): Promise<boolean> {
  const { ruleBook: book, organisation } = loadTestConfig();
  const departments = organisation.departments.filter((d) => d.jurisdiction === 'tinghu');
  const dir = mkdtempSync(join(tmpdir(), 'dw-bench-'));
  const file = join(dir, 'ledger.csv');
  // Generated in a function so that its rows are garbage before the import is timed.
  writeFileSync(file, `\uFEFF${stringify([['编号', '事项名称', '责任单位', '类别', '形成日期'], ...generateRows(book, departments)])}`);

  const database = await openTestDatabase('postgres');
  try {
    await syncShippedDepartments(database.db);
    const options = { file, partial: false, actor: 'bench', now: DateTime.fromISO('2026-11-21T09:00:00+08:00', { setZone: true }) };
    const first = await withPeakMemory(() => importLedger(database.db, book, organisation.departments, options));
    const again = await withPeakMemory(() => importLedger(database.db, book, organisation.departments, options));
    // Every row changed (its title): each item updated with a history row.
    const changedFile = join(dir, 'changed.csv');
    writeFileSync(changedFile, `\uFEFF${stringify([['编号', '事项名称', '责任单位', '类别', '形成日期'], ...generateRows(book, departments).map((r) => [r[0], `${r[1]}（更正）`, ...r.slice(2)])])}`);
    const changed = await withPeakMemory(() => importLedger(database.db, book, organisation.departments, { ...options, file: changedFile }));

    // Reference: the same rows written with plain batched INSERTs, no checks and no history, into an empty table.
    const drafts = generateRows(book, departments).map(([reference, title, departmentName, category, formed]) =>
      draftItem({ jurisdiction: 'tinghu', reference: `${reference}-ref`, title: title!, departmentCode: departments.find((d) => d.name === departmentName)!.code, category: category!, events: { formed: formed!.replace(' ', 'T') + ':00+08:00' }, status: 'open' }, book),
    );
    const at = '2026-11-21T09:00:00+08:00';
    const plain = await withPeakMemory(async () => {
      for (let i = 0; i < drafts.length; i += 1000) {
        await database.db('ledger_items').insert(drafts.slice(i, i + 1000).map((d) => ({ ...rowFromDraft(d), created_at: at, updated_at: at })));
      }
    });

    const ok = first.result.inserted === ROWS && again.result.unchanged === ROWS && changed.result.updated === ROWS && first.seconds <= TARGET_SECONDS;
    console.log(`\nledger import, ${ROWS.toLocaleString('en')} CSV rows into PostgreSQL (streamed, one transaction)`);
    console.log(`  first import            ${first.seconds.toFixed(2)} s  (${first.result.inserted} inserted, history written)  peak +${first.peakMb.toFixed(0)} MB RSS`);
    console.log(`  same file again         ${again.seconds.toFixed(2)} s  (${again.result.unchanged} unchanged)  peak +${again.peakMb.toFixed(0)} MB RSS`);
    console.log(`  every row changed       ${changed.seconds.toFixed(2)} s  (${changed.result.updated} updated, history written)  peak +${changed.peakMb.toFixed(0)} MB RSS`);
    console.log(`  plain INSERT reference  ${plain.seconds.toFixed(2)} s  (same rows, no checks, no history)  peak +${plain.peakMb.toFixed(0)} MB RSS`);
    console.log(`  ratio to the reference  ${(first.seconds / plain.seconds).toFixed(2)}×`);
    console.log(`  target ≤ ${TARGET_SECONDS} s for the first import: ${verdict(ok)}`);
    return ok;
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run directly (npm run bench runs each benchmark file in its own process).
if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = (await benchImport()) ? 0 : 1;
