/**
 * Files made to break the import, or broken by accident: truncated workbooks, broken XML, a zip that lies about its
 * sizes, a bomb of rows, a row past the last column, an endless cell. Each is refused with a message that names
 * what is wrong, nothing is written, and no transaction is left open.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importLedger, ImportFileError } from '../../src/intake/import-ledger.js';
import { readXlsx } from '../../src/intake/read-xlsx.js';
import { XLSX_LIMITS, type XlsxLimits } from '../../src/intake/xlsx/xlsx-limits.js';
import { loadTestConfig } from '../helpers/config.js';
import { AT, useLedgerDatabase } from '../helpers/ledger-fixtures.js';
import { runCli } from '../helpers/run-cli.js';
import { forgeDeclaredSize, rowXml, SHEET_HEAD, SHEET_TAIL, writeWorkbook } from '../helpers/xlsx-parts.js';

const { ruleBook, organisation } = loadTestConfig();
const dir = mkdtempSync(join(tmpdir(), 'dw-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const HEADER = ['编号', '事项名称', '责任单位', '类别', '形成日期'];
const goodRows = (count: number, prefix = 'HF') => Array.from({ length: count }, (_, i) => rowXml(i + 2, [`${prefix}-${i + 1}`, '办公设备采购公告', '区财政局', 'procurement.transaction', '2026-10-09'])).join('');
let n = 0;
/** A CSV of `count` good rows, PREFIX-1 … PREFIX-count. */
const goodCsv = (name: string, prefix: string, count: number) => {
  const file = join(dir, name);
  const lines = [HEADER.join(',')];
  for (let i = 1; i <= count; i++) lines.push(`${prefix}-${i},办公设备采购公告,区财政局,procurement.transaction,2026-10-09`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
};
const path = () => join(dir, `hostile-${++n}.xlsx`);

async function readAll(file: string, limits: XlsxLimits = XLSX_LIMITS): Promise<number> {
  let rows = 0;
  for await (const _ of readXlsx(file, limits)) rows++;
  return rows;
}

describe('hostile workbooks, read', () => {
  let valid: Buffer;
  beforeAll(async () => {
    const file = path();
    await writeWorkbook(file, `${SHEET_HEAD}${rowXml(1, HEADER)}${goodRows(2_000)}${SHEET_TAIL}`);
    valid = readFileSync(file);
    expect(await readAll(file)).toBe(2_001);
  });

  it.each([0.1, 0.5, 0.9, 0.99, 0.999])('a workbook cut at %d of its length is refused before any row', async (share) => {
    const file = path();
    writeFileSync(file, valid.subarray(0, Math.floor(valid.length * share)));
    await expect(readAll(file)).rejects.toThrow(/not a readable \.xlsx workbook \(.*; is the file complete\?\)/);
  });

  it.each([
    ['stops mid-row', `${SHEET_HEAD}${rowXml(1, HEADER)}${goodRows(1_500)}<row r="1502"><c r="A1502" t="inlineStr"><is><t>x`],
    ['has garbage in the middle', `${SHEET_HEAD}${rowXml(1, HEADER)}${goodRows(900)}<row r="902"><<<>>>${goodRows(100)}${SHEET_TAIL}`],
    ['closes the wrong element', `${SHEET_HEAD}${rowXml(1, HEADER)}${goodRows(10)}</row>${SHEET_TAIL}`],
  ])('a sheet that %s is an error, not a short sheet', async (_, xml) => {
    const file = path();
    await writeWorkbook(file, xml);
    await expect(readAll(file)).rejects.toThrow(/xl\/worksheets\/sheet1\.xml is damaged \(/);
  });

  it('a central directory that declares less than the part inflates to is caught as the part is read', async () => {
    const file = path();
    writeFileSync(file, forgeDeclaredSize(valid, 'xl/worksheets/sheet1.xml', 1_000));
    await expect(readAll(file)).rejects.toThrow(/sheet1\.xml is damaged \(.*too many bytes/i);
  });

  it('a bomb that declares its size is refused at once, naming the limit', async () => {
    const file = path();
    writeFileSync(file, forgeDeclaredSize(valid, 'xl/worksheets/sheet1.xml', 2 ** 31));
    const started = performance.now();
    await expect(readAll(file)).rejects.toThrow(/the workbook inflates to 2048 MB, more than the limit of 1024 MB/);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('rows past the row limit are refused, naming it', async () => {
    const file = path();
    const rows = function* () {
      yield `${SHEET_HEAD}${rowXml(1, HEADER)}`;
      for (let i = 0; i < 30; i++) yield goodRows(1_000, `B${i}`);
      yield SHEET_TAIL;
    };
    await writeWorkbook(file, rows());
    await expect(readAll(file, { ...XLSX_LIMITS, rows: 20_000 })).rejects.toThrow(/more than 20,000 rows, the limit \(sheet "台账", row \d+\)/);
  });

  it('a cell past the column limit is refused before the row is built', async () => {
    const file = path();
    await writeWorkbook(file, `${SHEET_HEAD}${rowXml(1, HEADER)}<row r="2"><c r="XFD2"><v>1</v></c></row>${SHEET_TAIL}`);
    await expect(readAll(file)).rejects.toThrow(/sheet "台账" has a cell in column 16,384 \(XFD2\), past the limit of 200 columns/);
  });

  it('a cell longer than Excel allows is refused', async () => {
    const file = path();
    await writeWorkbook(file, `${SHEET_HEAD}${rowXml(1, HEADER)}${rowXml(2, ['X-1', '长'.repeat(40_000)])}${SHEET_TAIL}`);
    await expect(readAll(file)).rejects.toThrow(/sheet "台账" cell B2 holds more than 32,767 characters, the limit/);
  });
});

describe('hostile workbooks, imported', () => {
  const database = useLedgerDatabase('postgres');
  const run = (file: string) => importLedger(database.db, ruleBook, organisation.departments, { file, partial: true, actor: 'admin', now: DateTime.fromISO(AT, { setZone: true }) });
  const openTransactions = async () => Number((await database.db.raw("select count(*) as n from pg_stat_activity where state like 'idle in transaction%' and datname = current_database()")).rows[0].n);

  it('a sheet broken after 900 good rows writes none of them, and leaves no transaction open', async () => {
    const file = path();
    await writeWorkbook(file, `${SHEET_HEAD}${rowXml(1, HEADER)}${goodRows(900, 'BR')}<row r="902"><<<>>>${SHEET_TAIL}`);
    const error = await run(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFileError);
    expect((error as ImportFileError).message).toMatch(/sheet1\.xml is damaged/);
    expect(Number((await database.db('ledger_items').where('reference', 'like', 'BR-%').count({ n: '*' }))[0]?.n)).toBe(0);
    expect(await openTransactions()).toBe(0);
  });

  it('a CSV of 200,000 bad rows (a spread of 130,000 overflowed the stack): the first 1,000 problems listed, the rest counted, every bad row in the rejects file', async () => {
    const file = join(dir, 'bad-200k.csv');
    const lines = ['编号,事项名称,责任单位,类别,形成日期'];
    for (let i = 1; i <= 200_000; i++) lines.push(`BAD-${i},标题,区财政厅,procurement.transaction,2026-10-09`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const result = await run(file);
    expect(result).toMatchObject({ inserted: 0, rejectedRows: 200_000, moreProblems: { 责任单位: 199_000 }, committed: true });
    expect(result.rejected).toHaveLength(1_000);
    expect(result.rejected[0]).toEqual({ row: 2, column: '责任单位', message: expect.stringContaining('unknown department "区财政厅"') });
    const rejects = readFileSync(result.rejectsFile!, 'utf8').split('\r\n');
    expect(rejects).toHaveLength(200_002); // the header, every row, and the last line's end
    expect(rejects[200_000]).toMatch(/^BAD-200000,/);
  }, 180_000);

  it('holds no transaction and no lock on the ledger while the file is read: the merge at the end is the one transaction', async () => {
    const file = goodCsv('read-30k.csv', 'RD', 30_000);
    const samples: Array<{ staged: number; locks: number }> = [];
    let done = false;
    const importing = run(file).finally(() => (done = true));
    while (!done) {
      const { rows } = await database.db.raw(`select (select count(*) from import_rows)::integer as staged,
        (select count(*) from pg_locks l join pg_class c on c.oid = l.relation
         where c.relname = 'ledger_items' and c.relnamespace = current_schema()::regnamespace and l.pid <> pg_backend_pid())::integer as locks`);
      samples.push(rows[0]);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await importing).toMatchObject({ inserted: 30_000, committed: true });
    const reading = samples.filter((s) => s.staged > 0 && s.staged < 30_000);
    expect(reading.length).toBeGreaterThan(0);
    expect(reading.filter((s) => s.locks > 0)).toEqual([]);
    expect(Number((await database.db('import_rows').count({ n: '*' }))[0]?.n)).toBe(0); // the staged rows are gone
  }, 120_000);

  it('two imports of the same new rows at once: one inserts them, the other finds them unchanged', async () => {
    const file = goodCsv('twice.csv', 'TW', 3_000);
    const results = await Promise.all([run(file), run(file)]);
    expect(results.map((r) => [r.inserted, r.unchanged]).sort()).toEqual([[0, 3_000], [3_000, 0]]);
  }, 60_000);

  it('refuses a pipe instead of waiting on it for good', async () => {
    const fifo = join(dir, 'ledger-pipe.csv');
    execFileSync('mkfifo', [fifo]);
    await expect(run(fifo)).rejects.toThrow(/ledger-pipe\.csv is a pipe, not a file: save the ledger as a \.csv or \.xlsx file and import that/);
  });

  it('a refused workbook is closed: a long-running portal refusing uploads keeps no file open', async () => {
    const file = path();
    await writeWorkbook(file, `${SHEET_HEAD}${rowXml(1, [...HEADER, '类目'])}${goodRows(100)}${SHEET_TAIL}`);
    const openFiles = () => readdirSync('/proc/self/fd').length;
    const before = openFiles();
    for (let i = 0; i < 20; i++) await expect(run(file)).rejects.toThrow(/unknown column "类目"/);
    expect(openFiles()).toBeLessThanOrEqual(before + 2);
  });

  it('the CLI exits 1 on a truncated workbook, saying so', async () => {
    const good = path();
    await writeWorkbook(good, `${SHEET_HEAD}${rowXml(1, HEADER)}${goodRows(50)}${SHEET_TAIL}`);
    const cut = path();
    writeFileSync(cut, readFileSync(good).subarray(0, 700));
    const result = runCli(['ledger', 'import', cut], { env: { DW_DATA_DIR: join(dir, 'pglite'), DW_NOW: AT, DATABASE_URL: '' } });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/nothing imported\nrow\s+column\s+problem\n1\s+.*not a readable \.xlsx workbook/);
  }, 60_000);
});
