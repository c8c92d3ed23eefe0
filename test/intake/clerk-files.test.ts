/**
 * Ledger files as department clerks make them: title rows, guide sheets, other sheets, the dates they type, Excel
 * serials and broken formulas, other separators, the wrong encoding, rows of another jurisdiction, and the rejects
 * file sent back. Every problem is named in one pass, or the file imports cleanly.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { DateTime } from 'luxon';
import { afterAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/ledger/database.js';
import { applyToItem } from '../../src/ledger/item-actions.js';
import { findItem } from '../../src/ledger/item-store.js';
import { withdraw } from '../../src/ledger/lifecycle.js';
import { importLedger, ImportFileError, type ImportOptions } from '../../src/intake/import-ledger.js';
import { loadTestConfig } from '../helpers/config.js';
import { BACKENDS } from '../helpers/databases.js';
import { AT, useLedgerDatabase } from '../helpers/ledger-fixtures.js';

const { ruleBook: book, organisation } = loadTestConfig();
const NOW = DateTime.fromISO(AT, { setZone: true });
const HEADER = ['编号', '事项名称', '责任单位', '类别', '形成日期', '公开日期', '公开网址'];
const dir = mkdtempSync(join(tmpdir(), 'dw-clerk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
const fresh = (extension: string) => join(dir, `ledger-${++counter}.${extension}`);
function csvFile(records: string[][], options: { delimiter?: string; encoding?: 'gbk' } = {}): string {
  const file = fresh('csv');
  const text = stringify(records, { delimiter: options.delimiter ?? ',' });
  writeFileSync(file, options.encoding === 'gbk' ? iconv.encode(text, 'gbk') : `\uFEFF${text}`);
  return file;
}
const row = (ref: string, formed = '2026-10-09', department = '区财政局') => [ref, `${ref} 办公设备采购公告`, department, 'procurement.transaction', formed, '', ''];

describe.each(BACKENDS)('ledger files as clerks make them, on %s', (backend: Backend) => {
  const database = useLedgerDatabase(backend);
  const run = (file: string, options: Partial<ImportOptions> = {}) =>
    importLedger(database.db, book, organisation.departments, { file, partial: false, actor: 'admin', now: NOW, ...options });
  const eventsOf = async (reference: string) => (await findItem(database.db, 'tinghu', reference))?.events;

  it.each([
    ['2026年10月9日', '2026-10-09'],
    ['2026年10月9日 14时30分', '2026-10-09T14:30:00+08:00'],
    ['2026年10月9日14:30', '2026-10-09T14:30:00+08:00'],
    ['２０２６－１０－０９', '2026-10-09'],
    ['20261009', '2026-10-09'],
    ['2026/10/9 9:05', '2026-10-09T09:05:00+08:00'],
  ])('reads the date %s as %s', async (typed, stored) => {
    const ref = `DF-${++counter}`;
    expect(await run(csvFile([HEADER, row(ref, typed)]))).toMatchObject({ inserted: 1, rejected: [] });
    expect(await eventsOf(ref)).toEqual({ formed: stored });
  });

  it('reports format errors and the ledger\'s refusals in one pass, all or nothing', async () => {
    expect(await run(csvFile([HEADER, row('OP-1')]))).toMatchObject({ inserted: 1 });
    await applyToItem(database.db, { reference: 'OP-1' }, 'withdraw', (item) => withdraw(item, { reason: '重复登记' }), { actor: 'admin', at: AT });
    const file = csvFile([HEADER, ['OP-1', 'OP-1 办公设备采购公告', '区财政局', 'procurement.transaction', '2026-10-09', '2026-10-20', 'https://www.tinghu.gov.cn/op1.html'], row('OP-2', '2026-13-01'), row('OP-3')]);
    const result = await run(file);
    expect(result.committed).toBe(false);
    expect(result.rejected.map((p) => `${p.row} ${p.column}`)).toEqual(['2 公开日期', '3 形成日期']);
    expect(result.rejected[0]?.message).toMatch(/^OP-1 is withdrawn, but this row says published .*: reopen it first \(ledger reopen OP-1\)/);
    expect(await findItem(database.db, 'tinghu', 'OP-3')).toBeUndefined();
  });

  it('refuses again a repeat sent back in its rejects file, and never merges it into the first row\'s item', async () => {
    const file = csvFile([HEADER, row('RJ-1'), ['RJ-1', '另一个事项', '区财政局', 'procurement.transaction', '2026-10-12', '', ''], row('RJ-2', '2026-13-01')]);
    const first = await run(file, { partial: true });
    expect(first).toMatchObject({ inserted: 1 });
    expect(first.rejected.map((p) => `${p.row} ${p.column}: ${p.message}`)).toEqual(['3 编号: reference RJ-1 is also on row 2', '4 形成日期: the time "2026-13-01" is not an existing date']);
    // The clerk fixes the date and sends the whole rejects file back, the repeat unchanged.
    writeFileSync(first.rejectsFile!, readFileSync(first.rejectsFile!, 'utf8').replace('2026-13-01', '2026-10-13'));
    const again = await run(first.rejectsFile!, { partial: true });
    expect(again).toMatchObject({ inserted: 1, updated: 0, unchanged: 0 });
    // The rejects file lists the rows that failed a check first, then those the ledger refused (the repeat).
    expect(again.rejected).toEqual([{ row: 3, column: '编号', message: expect.stringMatching(/^reference RJ-1 is also on row 2 of the first import, and the ledger holds that row's item: this row is not merged into it/) }]);
    expect(await findItem(database.db, 'tinghu', 'RJ-1')).toMatchObject({ title: 'RJ-1 办公设备采购公告', events: { formed: '2026-10-09' } });
    // Refused again on a third round, until the row gets its own reference.
    expect((await run(again.rejectsFile!, { partial: true })).rejected).toHaveLength(1);
    const renamed = readFileSync(again.rejectsFile!, 'utf8').replace(/^RJ-1,另一个事项/m, 'RJ-3,另一个事项');
    writeFileSync(again.rejectsFile!, renamed);
    expect(await run(again.rejectsFile!)).toMatchObject({ inserted: 1, rejected: [] });
    expect(await findItem(database.db, 'tinghu', 'RJ-3')).toMatchObject({ title: '另一个事项' });
  });

  it('refuses a file whose rows belong to two jurisdictions, naming both and how to choose', async () => {
    // 财政局 is Baodi's name; the other rows are Tinghu's.
    const file = csvFile([HEADER, row('JX-1'), row('JX-2'), row('JX-3', '2026-10-09', '财政局')]);
    const error = await run(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFileError);
    expect((error as ImportFileError).problems).toEqual([{
      row: 1,
      column: '责任单位',
      message:
        'the rows belong to 2 jurisdictions — tinghu (盐城市亭湖区): 2 rows, e.g. 区财政局 (rows 2, 3); baodi (天津市宝坻区): 1 row, e.g. 财政局 (row 4). ' +
        'A ledger file is one jurisdiction\'s: run again with --jurisdiction tinghu (department names are then looked up there only, and rows of another jurisdiction are refused), or split the file',
    }]);
    expect(await findItem(database.db, 'tinghu', 'JX-1')).toBeUndefined();
    const chosen = await run(file, { jurisdiction: 'tinghu', partial: true });
    expect(chosen).toMatchObject({ inserted: 2, rejected: [{ row: 4, column: '责任单位', message: expect.stringMatching(/^unknown department "财政局"; did you mean 区财政局/) }] });
  });

  it('suggests departments of the file\'s own jurisdiction', async () => {
    const result = await run(csvFile([HEADER, row('SG-1'), row('SG-2', '2026-10-09', '区财政厅')]));
    expect(result.rejected).toEqual([{ row: 3, column: '责任单位', message: 'unknown department "区财政厅"; did you mean 区财政局? (departments are listed in config/departments/)' }]);
  });

  it.each([
    ['semicolons', ';'],
    ['tabs', '\t'],
  ])('reads a CSV separated by %s', async (_, delimiter) => {
    const ref = `SP-${++counter}`;
    expect(await run(csvFile([HEADER, row(ref)], { delimiter }))).toMatchObject({ inserted: 1, rejected: [] });
  });

  it('refuses a file with another separator in one line, with the advice', async () => {
    const file = fresh('csv');
    writeFileSync(file, `${HEADER.join('|')}\n${row('SP-x').join('|')}\n`);
    await expect(run(file)).rejects.toThrow(/^row 1: the header is one column \("编号\|事项名称\|.*"\): the columns are not separated by commas, tabs or semicolons; save the sheet from Excel or WPS as "CSV \(逗号分隔\)"/);
  });

  it('says in one line that a UTF-8 file was read as GBK', async () => {
    const file = csvFile([HEADER, row('EN-1')]);
    const error = await run(file, { encoding: 'gbk' }).catch((e: unknown) => e);
    expect((error as ImportFileError).problems).toEqual([{ row: 1, column: '', message: `${file} is not GBK: it reads as UTF-8; run again without --encoding` }]);
  });

  it('refuses bytes that are not GBK instead of importing replacement characters', async () => {
    const file = fresh('csv');
    const bytes = iconv.encode(stringify([HEADER, row('GB-1')]), 'gbk');
    const bad = Buffer.concat([bytes.subarray(0, bytes.length - 8), Buffer.from([0x81, 0x20]), bytes.subarray(bytes.length - 8)]);
    writeFileSync(file, bad);
    await expect(run(file, { encoding: 'gbk' })).rejects.toThrow(/is not valid GBK \(in the bytes from \d+ on\); is it UTF-8 \(run again without --encoding\), or damaged\?/);
    expect(await findItem(database.db, 'tinghu', 'GB-1')).toBeUndefined();
  });

  it('reads UTF-16 when its byte-order mark says so (Excel\'s Unicode text: tabs), and refuses it damaged', async () => {
    const file = fresh('csv');
    const text = stringify([HEADER, row('U16-1')], { delimiter: '\t' });
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    expect(await run(file)).toMatchObject({ inserted: 1, rejected: [] });
    expect(await findItem(database.db, 'tinghu', 'U16-1')).toMatchObject({ title: 'U16-1 办公设备采购公告' });
    const damaged = fresh('csv');
    writeFileSync(damaged, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le'), Buffer.from([0x00, 0xd8, 0x41, 0x00])]));
    await expect(run(damaged)).rejects.toThrow(/is not valid UTF-16LE .*save it again as CSV UTF-8|ends in the middle of a character/);
  });

  it('skips a title row above the header and says so; the row numbers stay the spreadsheet\'s', async () => {
    const file = csvFile([['亭湖区2026年11月政务公开台账', '', '', '', '', '', ''], HEADER, row('TT-1'), row('TT-2', '九月')]);
    const result = await run(file, { partial: true });
    expect(result).toMatchObject({ inserted: 1, notices: ['row 1 was skipped as a title above the header: 亭湖区2026年11月政务公开台账'] });
    expect(result.rejected.map((p) => p.row)).toEqual([4]);
  });

  it('reads a workbook as clerks make it: guide sheet first, title rows, serials, formulas, another sheet', async () => {
    const file = fresh('xlsx');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('填表说明').addRow(['请按下表填写，日期写成 2026年10月9日']);
    const sheet = workbook.addWorksheet('11月');
    sheet.addRow(['亭湖区2026年11月政务公开台账']);
    sheet.addRow(['填报单位：区财政局']);
    sheet.addRow(HEADER);
    sheet.addRow(['WB-1', '日期单元格', '区财政局', 'procurement.transaction', new Date(Date.UTC(2026, 9, 9)), null, null]);
    // A date typed into a cell formatted as a number: Excel keeps the serial (46304 = 2026-10-09).
    sheet.addRow(['WB-2', '数字单元格', '区财政局', 'procurement.transaction', 46304, null, null]);
    const formula = sheet.addRow(['WB-3', '公式无日期格式', '区财政局', 'procurement.transaction', null, null, null]).getCell(5);
    formula.value = { formula: 'DATE(2026,10,9)', result: 46304 } as ExcelJS.CellFormulaValue;
    sheet.addRow(['WB-4', '公式出错', '区财政局', 'procurement.transaction', { formula: '1/0', result: { error: '#DIV/0!' } }, null, null]);
    sheet.addRow(['WB-5', '公式未计算', '区财政局', 'procurement.transaction', { formula: 'TODAY()-3' }, null, null]);
    sheet.addRow(['WB-6', '文本日期', '区财政局', 'procurement.transaction', '2026年10月9日', null, null]);
    sheet.addRow(['WB-8', '错误值', '区财政局', 'procurement.transaction', { error: '#N/A' }, null, null]);
    const december = workbook.addWorksheet('12月');
    december.addRow(HEADER);
    december.addRow(row('WB-7'));
    await workbook.xlsx.writeFile(file);

    const result = await run(file);
    expect(result).toMatchObject({ committed: false, sheet: '11月' });
    expect(result.rejected).toEqual([
      { row: 7, column: '形成日期', message: 'the cell shows the error #DIV/0!: correct the formula it came from, or type the value' },
      { row: 8, column: '形成日期', message: 'holds the formula =TODAY()-3 with no saved result (the program that wrote the file does not calculate): open and save the file in Excel or WPS, or type the value' },
      { row: 10, column: '形成日期', message: 'the cell shows the error #N/A: correct the formula it came from, or type the value' },
    ]);
    expect(result.notices).toEqual([
      'row 1 was skipped as a title above the header: 亭湖区2026年11月政务公开台账',
      'row 2 was skipped as a title above the header: 填报单位：区财政局',
      'sheet "填表说明" (1 row) was not read: only sheet "11月" is imported; it has no ledger header',
      'sheet "12月" (2 rows) was not read: only sheet "11月" is imported; it has a ledger header too: save it as a file of its own and import that',
      '形成日期: 2 number cells were read as Excel dates (rows 5, 6), e.g. 46304 → 2026-10-09; format the column as a date (日期) so that the file says so itself',
    ]);
    const partial = await run(file, { partial: true });
    expect(partial).toMatchObject({ inserted: 4 });
    for (const reference of ['WB-1', 'WB-2', 'WB-3', 'WB-6']) expect(await eventsOf(reference)).toEqual({ formed: '2026-10-09' });
    const rejects = parse(readFileSync(partial.rejectsFile!, 'utf8'), { bom: true }) as string[][];
    expect(rejects.map((r) => r[4])).toEqual(['形成日期', '#DIV/0!', "'=TODAY()-3", '#N/A']); // a formula neutralised: not live again
  });

  it('writes an inert text cell that looks like a formula to the rejects file neutralised, and reads it back as it was', async () => {
    const file = fresh('xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('台账');
    sheet.addRow(HEADER);
    sheet.addRow(['FX-1', "=cmd|' /C calc'!A0", '区财政局', 'procurement.transaction', '2026-13-01', null, null]);
    await workbook.xlsx.writeFile(file);
    const result = await run(file, { partial: true });
    const rejects = readFileSync(result.rejectsFile!, 'utf8');
    expect((parse(rejects, { bom: true }) as string[][])[1]?.[1]).toBe("'=cmd|' /C calc'!A0");
    writeFileSync(result.rejectsFile!, rejects.replace('2026-13-01', '2026-10-09'));
    expect(await run(result.rejectsFile!)).toMatchObject({ inserted: 1, rejected: [] });
    expect(await findItem(database.db, 'tinghu', 'FX-1')).toMatchObject({ title: "=cmd|' /C calc'!A0" });
  });

  it('names the sheet it read when the header is wrong', async () => {
    const file = fresh('xlsx');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('说明 guide').addRow(['列 column', 'English header']);
    workbook.addWorksheet('台账').addRow(['编号', '事项名称', '责任单位', '类目', '形成日期']);
    await workbook.xlsx.writeFile(file);
    const error = await run(file).catch((e: unknown) => e);
    expect(error).toMatchObject({ sheet: '台账', problems: [{ row: 1, column: '类目', message: expect.stringContaining('unknown column "类目"; did you mean 类别?') }, { row: 1, column: '类别' }] });
  });

  it('says that a bare number in a CSV date column is an Excel serial that lost its format', async () => {
    const result = await run(csvFile([HEADER, row('SN-1', '46304')]));
    expect(result.rejected[0]?.message).toMatch(/46304 looks like an Excel date serial: format the column as a date \(日期\) before saving as CSV, or import the \.xlsx$/);
  });
});

describe.each(BACKENDS)('a ledger saved by LibreOffice, on %s', (backend: Backend) => {
  const database = useLedgerDatabase(backend);
  const FIXTURE = fileURLToPath(new URL('../fixtures/tinghu-ledger-libreoffice.xlsx', import.meta.url));

  it('names every problem in one pass, then imports the good rows with --partial', async () => {
    const run = (partial: boolean) => importLedger(database.db, book, organisation.departments, { file: FIXTURE, partial, rejectsFile: fresh('csv'), actor: 'admin', now: NOW });
    const result = await run(false);
    expect(result).toMatchObject({ committed: false, sheet: '台账' });
    expect(result.rejected).toEqual([
      { row: 7, column: '责任单位', message: 'unknown department "区财政厅"; did you mean 区财政局? (departments are listed in config/departments/)' },
      { row: 8, column: '形成日期', message: 'the cell shows the error #DIV/0!: correct the formula it came from, or type the value' },
    ]);
    expect(result.notices).toEqual([
      'row 1 was skipped as a title above the header: 亭湖区2026年11月政务公开台账（区财政局）',
      'sheet "填报说明" (1 row) was not read: only sheet "台账" is imported; it has no ledger header',
      '形成日期: 2 number cells were read as Excel dates (rows 6, 9), e.g. 46309 → 2026-10-14; format the column as a date (日期) so that the file says so itself',
    ]);
    expect(await run(true)).toMatchObject({ inserted: 5, committed: true });
    const formed = async (reference: string) => (await findItem(database.db, 'tinghu', reference))?.events.formed;
    expect([await formed('LO-1'), await formed('LO-2'), await formed('LO-3'), await formed('LO-4'), await formed('LO-7')]).toEqual(['2026-10-09', '2026-10-12', '2026-10-13', '2026-10-14', '2026-10-16']);
    expect(await findItem(database.db, 'tinghu', 'LO-3')).toMatchObject({ status: 'published', publishedAt: '2026-10-20T00:00:00+08:00' });
  });
});
