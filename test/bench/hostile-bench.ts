import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { importLedger } from '../../src/intake/import-ledger.js';
import { loadTestConfig } from '../helpers/config.js';
import { openTestDatabase } from '../helpers/databases.js';
import { syncShippedDepartments } from '../helpers/ledger-fixtures.js';
import { forgeDeclaredSize, rowXml, SHEET_HEAD, SHEET_TAIL, writeWorkbook } from '../helpers/xlsx-parts.js';
import { verdict, withPeakMemory } from './report.js';

const ROWS = 5_000_000;
const TARGET_SECONDS = 30;
const TARGET_MB = 300;

/**
 * The zip bomb of the security review: a workbook of a few MB holding 5,000,000 identical rows (1.39 GB of sheet
 * XML), imported as it is and with its central directory forged to declare 1,000 bytes. Each must be refused within
 * 30 s and 300 MB more memory (before the new reader: out of heap after 5 min 19 s at 4.45 GB).
 */
export async function benchHostile(): Promise<boolean> {
  const { ruleBook, organisation } = loadTestConfig();
  const dir = mkdtempSync(join(tmpdir(), 'dw-bench-bomb-'));
  const honest = join(dir, 'bomb.xlsx');
  const row = rowXml(2, ['BOMB-1', '亭湖区公共资源配置信息公开事项名称', '区财政局', 'procurement.transaction', '2026-10-09']);
  const sheet = function* () {
    yield `${SHEET_HEAD}${rowXml(1, ['编号', '事项名称', '责任单位', '类别', '形成日期'])}`;
    const chunk = row.repeat(10_000);
    for (let i = 0; i < ROWS / 10_000; i++) yield chunk;
    yield SHEET_TAIL;
  };
  const built = await withPeakMemory(() => writeWorkbook(honest, sheet()));
  const lying = join(dir, 'bomb-lying.xlsx');
  writeFileSync(lying, forgeDeclaredSize(readFileSync(honest), 'xl/worksheets/sheet1.xml', 1_000));
  const database = await openTestDatabase('postgres');
  try {
    await syncShippedDepartments(database.db);
    const run = (file: string) => importLedger(database.db, ruleBook, organisation.departments, { file, partial: false, actor: 'bench', now: DateTime.fromISO('2026-11-21T09:00:00+08:00', { setZone: true }) }).then(
      () => 'imported (it should not have been)',
      (error: Error) => error.message.split('\n')[0] ?? '',
    );
    const sizeMb = readFileSync(honest).length / 2 ** 20;
    console.log(`\nhostile workbooks: ${ROWS.toLocaleString('en')} identical rows in ${sizeMb.toFixed(1)} MB (${(row.length * ROWS / 2 ** 30).toFixed(2)} GB of sheet XML; built in ${built.seconds.toFixed(1)} s)`);
    let ok = true;
    for (const [name, file] of [['as built', honest], ['central directory forged to 1,000 bytes', lying]] as const) {
      const refused = await withPeakMemory(() => run(file));
      const pass = refused.seconds <= TARGET_SECONDS && refused.peakMb <= TARGET_MB && !refused.result.startsWith('imported');
      ok &&= pass;
      console.log(`  ${name.padEnd(40)} refused in ${refused.seconds.toFixed(2)} s, peak +${refused.peakMb.toFixed(0)} MB RSS: ${refused.result.replace(dir, '…')}`);
    }
    console.log(`  reference (before the new reader): out of heap after 319 s at 4.45 GB`);
    console.log(`  target ≤ ${TARGET_SECONDS} s and ≤ ${TARGET_MB} MB each: ${verdict(ok)}`);
    return ok;
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run directly (npm run bench runs each benchmark file in its own process).
if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = (await benchHostile()) ? 0 : 1;
