import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { DateTime } from 'luxon';
import { afterAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/ledger/database.js';
import { itemHistory } from '../../src/ledger/history-store.js';
import { applyToItem } from '../../src/ledger/item-actions.js';
import { findItem, listItems } from '../../src/ledger/item-store.js';
import { withdraw } from '../../src/ledger/lifecycle.js';
import { importLedger, ImportFileError, type ImportOptions } from '../../src/intake/import-ledger.js';
import { templateBytes } from '../../src/intake/template.js';
import { loadTestConfig } from '../helpers/config.js';
import { BACKENDS } from '../helpers/databases.js';
import { AT, useLedgerDatabase } from '../helpers/ledger-fixtures.js';

const { ruleBook: book, organisation } = loadTestConfig();
const NOW = DateTime.fromISO(AT, { setZone: true });
const HEADER = ['序号', '编号', '事项名称', '责任单位', '领域', '类别', '形成日期', '决定日期', '事件时间', '公开日期', '公开网址'];
const dir = mkdtempSync(join(tmpdir(), 'dw-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
/** A CSV file (UTF-8 with BOM unless told otherwise) with the header above and these rows. */
function csvFile(rows: string[][], options: { encoding?: 'gbk'; header?: string[]; bom?: boolean } = {}): string {
  const file = join(dir, `ledger-${++counter}.csv`);
  const text = stringify([options.header ?? HEADER, ...rows]);
  writeFileSync(file, options.encoding === 'gbk' ? iconv.encode(text, 'gbk') : `${options.bom === false ? '' : '\uFEFF'}${text}`);
  return file;
}

/** A row with every column of HEADER; `ref` keeps tests apart in the shared database. */
function row(ref: string, overrides: Partial<Record<(typeof HEADER)[number], string>> = {}): string[] {
  const values: Record<string, string> = {
    序号: '1', 编号: ref, 事项名称: '区财政局2026年办公设备采购公告', 责任单位: '区财政局', 领域: '政府采购', 类别: 'procurement.transaction',
    形成日期: '2026-09-30 18:00', 决定日期: '', 事件时间: '', 公开日期: '', 公开网址: '', ...overrides,
  };
  return HEADER.map((h) => values[h] ?? '');
}

describe.each(BACKENDS)('ledger import on %s', (backend: Backend) => {
  const database = useLedgerDatabase(backend);
  const run = (file: string, options: Partial<ImportOptions> = {}) =>
    importLedger(database.db, book, organisation.departments, { file, partial: false, actor: 'admin', now: NOW, ...options });
  const refsIn = async (prefix: string) => (await database.db('ledger_items').where('reference', 'like', `${prefix}%`).pluck('reference')).sort();

  it('imports a CSV, and importing it again changes nothing', async () => {
    const file = csvFile([row('A-1'), row('A-2', { 类别: '行政许可决定', 领域: '', 形成日期: '', 决定日期: '2026-11-02' })]);
    expect(await run(file)).toEqual({ inserted: 2, updated: 0, unchanged: 0, rejected: [], rejectedRows: 0, committed: true, rejectsFile: undefined, notices: [] });
    expect(await findItem(database.db, 'tinghu', 'A-1')).toMatchObject({ dueDate: '2026-11-03', events: { formed: '2026-09-30T18:00:00+08:00' }, departmentCode: 'tinghu.czj' });
    expect(await findItem(database.db, 'tinghu', 'A-2')).toMatchObject({ category: 'licensing', ruleId: 'general.licensing', dueDate: '2026-11-11', events: { decided: '2026-11-02' } });
    expect(await run(file)).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
  });

  it.each([
    { what: 'an unknown department', cells: { 责任单位: '区财政厅' }, column: '责任单位', message: 'unknown department "区财政厅"; did you mean 区财政局? (departments are listed in config/departments/)' },
    { what: 'a category with no rule here', cells: { 类别: 'construction.works', 领域: '' }, column: '类别', message: 'category "construction.works" has no rule in tinghu (盐城市亭湖区)' },
    { what: 'a missing start event', cells: { 形成日期: '' }, column: '形成日期', message: 'is empty, but rule general.active (主动公开信息（20个工作日）) counts from it' },
    { what: 'an unparseable date', cells: { 形成日期: '九月三十日' }, column: '形成日期', message: 'the time "九月三十日" is not a date or time; write it like 2026-09-30, 2026年9月30日 or 2026-09-30 18:00' },
    { what: 'an impossible date', cells: { 形成日期: '2026-02-30' }, column: '形成日期', message: 'the time "2026-02-30" is not an existing date' },
    { what: 'an event more than a day in the future', cells: { 形成日期: '2026-11-23' }, column: '形成日期', message: '2026-11-23 is more than a day in the future' },
    { what: 'a publication before its start event', cells: { 公开日期: '2026-09-29', 公开网址: 'https://www.tinghu.gov.cn/a.html' }, column: '公开日期', message: 'published 2026-09-29, before the item\'s "formed" event (2026-09-30T18:00:00+08:00)' },
    { what: 'an over-long field', cells: { 事项名称: '长'.repeat(501) }, column: '事项名称', message: '事项名称 is 501 characters long; at most 500 are kept' },
    { what: 'a domain that does not match the category', cells: { 领域: '住房保障' }, column: '领域', message: '"住房保障" does not match the domain of category procurement.transaction (procurement / 政府采购 / Government procurement)' },
    { what: 'a publication without its address', cells: { 公开日期: '2026-10-20' }, column: '公开网址', message: 'a publication needs its web address' },
  ])('rejects $what with file row, column and reason, and writes nothing', async ({ cells, column, message }) => {
    const ref = `B-${++counter}-`;
    const file = csvFile([row(`${ref}1`), row(`${ref}2`, cells)]);
    const result = await run(file);
    expect(result).toEqual({ inserted: 0, updated: 0, unchanged: 0, rejected: [{ row: 3, column, message }], rejectedRows: 1, committed: false, notices: [] });
    expect(await refsIn(ref)).toEqual([]);
  });

  it('a row that is a penalty decision (决定类型) inside a mixed category is due in 7 working days, and a wrong type is refused', async () => {
    const header = [...HEADER, '决定类型'];
    const decision = (ref: string, type: string) => [...row(ref, { 类别: 'medical.supplier_credit', 领域: '', 责任单位: '区卫计委', 形成日期: '', 决定日期: '2026-11-02' }), type];
    // 7 working days from Mon 11-02: 11-03..06(4) 11-09..11(7); the category alone would give 20 (11-30)
    expect(await run(csvFile([decision('DT-1', '行政处罚')], { header }))).toMatchObject({ inserted: 1, committed: true });
    expect(await findItem(database.db, 'tinghu', 'DT-1')).toMatchObject({ category: 'medical.supplier_credit', decisionType: 'penalty', ruleId: 'general.penalty', dueDate: '2026-11-11' });
    const result = await run(csvFile([decision('DT-2', '行政强制')], { header }));
    expect(result.rejected).toEqual([{ row: 2, column: '决定类型', message: 'decision type "行政强制": must be 行政许可 (licensing) or 行政处罚 (penalty), or left blank' }]);
    expect(await refsIn('DT-2')).toEqual([]);
  });

  it('a disclosure request with a 10-working-day extension (延期天数) is due 10 working days later, and 25 is refused', async () => {
    const header = ['编号', '事项名称', '责任单位', '类别', '收到时间', '延期批准日期', '延期天数'];
    const request = (ref: string, days: string) => [ref, '关于某项目批复文件的公开申请', '区政务办', 'request.reply', '2026-09-30 18:00', '2026-10-28', days];
    // 20 working days → 11-03; +10: 11-04..06(3) 11-09..13(8) 11-16 11-17(10)
    expect(await run(csvFile([request('EX-1', '10')], { header }))).toMatchObject({ inserted: 1, committed: true });
    expect(await findItem(database.db, 'tinghu', 'EX-1')).toMatchObject({ dueDate: '2026-11-17', events: { extensionDays: 10 } });
    const result = await run(csvFile([request('EX-2', '25')], { header }));
    expect(result.rejected).toEqual([{ row: 2, column: '延期天数', message: 'an extension is 1 to 20 working days (条例第三十三条)' }]);
  });

  it('a request waiting for its supplement (补正) has no reply deadline, is abandoned once its period has passed, and is open again when the supplement is recorded', async () => {
    const header = ['编号', '事项名称', '责任单位', '类别', '收到时间', '补正告知日期', '补正期限', '收到补正日期', '征求意见对象', '征求意见日期', '收到意见日期'];
    const request = (ref: string, cells: string[]) => [ref, '关于某项目批复文件的公开申请', '区政务办', 'request.reply', ...cells];
    const rows = [
      request('RQ-1', ['2026-11-16 10:00', '2026-11-18', '2026-12-02', '', '', '', '']),
      // 补正期限 11-05 passed before the import (now 11-21): deemed abandoned at once.
      request('RQ-2', ['2026-10-20 10:00', '2026-10-22', '2026-11-05', '', '', '', '']),
      // another organ consulted 10-28..11-06: (10-28, 11-06] = 7 working days not counted; 27 after 10-26:
      // 10-27..30(4) 11-02..06(9) 11-09..13(14) 11-16..20(19) 11-23..27(24) 11-30 12-01 12-02(27)
      request('RQ-3', ['2026-10-26 10:00', '', '', '', '其他机关', '2026-10-28', '2026-11-06']),
    ];
    expect(await run(csvFile(rows, { header }))).toMatchObject({ inserted: 3, committed: true, rejected: [] });
    expect(await findItem(database.db, 'tinghu', 'RQ-1')).toMatchObject({ status: 'awaiting_supplement', dueAt: '2026-12-02T23:59:59.999+08:00', events: { supplementDue: '2026-12-02' } });
    expect(await findItem(database.db, 'tinghu', 'RQ-2')).toMatchObject({ status: 'abandoned', dueAt: '2026-11-05T23:59:59.999+08:00' });
    expect(await findItem(database.db, 'tinghu', 'RQ-3')).toMatchObject({ status: 'open', dueDate: '2026-12-02', events: { consultations: [{ from: '2026-10-28', to: '2026-11-06', party: 'organ' }] } });
    // Not open, so on no reminder ladder and in no overdue list.
    expect((await listItems(database.db, { status: 'open' })).map((i) => i.reference)).not.toContain('RQ-1');

    // The supplement came on 11-20: 20 working days from it, 11-23..27(5) 11-30..12-04(10) 12-07..11(15) 12-14..18(20).
    rows[0] = request('RQ-1', ['2026-11-16 10:00', '2026-11-18', '2026-12-02', '2026-11-20 10:00', '', '', '']);
    expect(await run(csvFile(rows, { header }))).toMatchObject({ inserted: 0, updated: 1, unchanged: 2 });
    const supplemented = await findItem(database.db, 'tinghu', 'RQ-1');
    expect(supplemented).toMatchObject({ status: 'open', dueDate: '2026-12-18' });
    expect((await itemHistory(database.db, supplemented!.id)).at(-1)?.changes.status).toEqual(['awaiting_supplement', 'open']);

    const missing = await run(csvFile([request('RQ-4', ['2026-11-16 10:00', '2026-11-18', '', '', '', '', ''])], { header }));
    expect(missing.rejected).toEqual([{ row: 2, column: '补正期限', message: 'is empty: a request still waiting for its supplement (补正) needs the end of the period the 补正 notice gave, or fill in 收到补正日期' }]);
    const party = await run(csvFile([request('RQ-5', ['2026-11-16 10:00', '', '', '', '上级', '2026-11-17', ''])], { header }));
    expect(party.rejected).toEqual([{ row: 2, column: '征求意见对象', message: '"上级": who was consulted, 第三方 (third_party) or 其他机关 (organ)' }]);
  });

  it('a reply or report delivered as a document is answered by its number and delivery (答复文号, 送达方式), with no address', async () => {
    const header = ['编号', '事项名称', '责任单位', '类别', '收到时间', '形成日期', '公开日期', '公开网址', '答复文号', '送达方式'];
    const answered = (ref: string, category: string, cells: string[]) => [ref, '答复或报送', '区政务办', category, ...cells];
    const result = await run(
      csvFile(
        [
          answered('DL-1', 'request.reply', ['2026-10-20 10:00', '', '2026-11-05', '', '亭政公开〔2026〕第15号', '邮寄（EMS）']),
          answered('DL-2', 'report.annual', ['', '2026-01-15', '2026-01-20', '', '亭政办报〔2026〕2号', '当面送达']),
        ],
        { header },
      ),
    );
    expect(result).toMatchObject({ inserted: 2, rejected: [] });
    expect(await findItem(database.db, 'tinghu', 'DL-1')).toMatchObject({ status: 'published', publishedUrl: undefined, replyReference: '亭政公开〔2026〕第15号', deliveryMethod: '邮寄（EMS）' });
    const refused = await run(
      csvFile(
        [
          answered('DL-3', 'procurement.transaction', ['', '2026-10-20', '2026-11-05', '', '亭财〔2026〕1号', '邮寄']),
          answered('DL-4', 'request.reply', ['2026-10-20 10:00', '', '2026-11-05', '', '亭政公开〔2026〕第16号', '']),
          answered('DL-5', 'request.reply', ['2026-10-20 10:00', '', '', '', '亭政公开〔2026〕第17号', '邮寄']),
        ],
        { header },
      ),
    );
    expect(refused.rejected).toEqual([
      { row: 2, column: '答复文号', message: 'a document number and delivery (答复文号, 送达方式) are for replies to requests and reports to the office; this item is published online: give its web address' },
      { row: 3, column: '送达方式', message: 'a reply or report is recorded with its document number (答复文号) and how it was delivered (送达方式), or with the web address it was published at' },
      { row: 4, column: '公开日期', message: 'is empty: a publication (or a delivered reply) needs its date' },
    ]);
  });

  it('takes every ground of the Regulation, partial disclosures, and the third party\'s answer where the law asks for it', async () => {
    const header = ['编号', '事项名称', '责任单位', '类别', '收到时间', '形成日期', '公开日期', '公开网址', '答复文号', '送达方式', '不予公开依据', '不予公开理由', '保密审查批准人', '第三方意见', '不公开部分依据', '不公开部分理由'];
    const row = (ref: string, category: string, cells: Record<string, string>) => header.map((h) => ({ 编号: ref, 事项名称: '事项', 责任单位: '区政务办', 类别: category, ...cells })[h] ?? '');
    const exempted = (ground: string) => ({ 形成日期: '2026-11-10', 不予公开依据: ground, 不予公开理由: '理由', 保密审查批准人: '区政府办' });
    const result = await run(
      csvFile(
        [
          row('GR-1', 'procurement.transaction', exempted('过程性信息')),
          row('GR-2', 'procurement.transaction', exempted('三安全一稳定')),
          row('GR-3', 'procurement.transaction', exempted('enforcement_file')),
          // A request partly disclosed: its withheld part is privacy, and the third party refused (第十五条, 第三十二条).
          row('GR-4', 'request.reply', { 收到时间: '2026-11-02 10:00', 公开日期: '2026-11-20', 答复文号: '亭政公开〔2026〕第9号', 送达方式: '邮寄', 第三方意见: '第三方不同意公开', 不公开部分依据: '个人隐私', 不公开部分理由: '涉及他人身份证号' }),
        ],
        { header },
      ),
    );
    expect(result).toMatchObject({ inserted: 4, rejected: [] });
    expect((await findItem(database.db, 'tinghu', 'GR-2'))?.exemptionBasis).toBe('security_stability');
    expect(await findItem(database.db, 'tinghu', 'GR-4')).toMatchObject({ status: 'published', withheldBasis: 'privacy', thirdPartyOpinion: 'refused' });
    const refused = await run(
      csvFile(
        [
          row('GR-5', 'request.reply', { 收到时间: '2026-11-02 10:00', 不予公开依据: '商业秘密', 不予公开理由: '理由', 保密审查批准人: '区政府办' }),
          row('GR-6', 'procurement.transaction', { ...exempted('商业秘密'), 第三方意见: '第三方同意公开' }),
          row('GR-7', 'procurement.transaction', { 形成日期: '2026-11-10', 不公开部分依据: '个人隐私', 不公开部分理由: '理由' }),
        ],
        { header },
      ),
    );
    expect(refused.rejected).toEqual([
      { row: 2, column: '第三方意见', message: "withheld as 商业秘密: a request's reply records the third party's answer (第三方意见: refused 第三方不同意公开, or no_answer 逾期未提出意见; 第十五条、第三十二条)" },
      { row: 3, column: '第三方意见', message: "with the third party's consent, or where not publishing would seriously harm the public interest, the information is published (予以公开, 第十五条), not withheld" },
      { row: 4, column: '不公开部分依据', message: 'a withheld part (部分公开) belongs to a publication: give its date and where or how it was published' },
    ]);
  });

  it('rejects a reference used twice in one file, naming the first row', async () => {
    const file = csvFile([row('C-1'), row('C-2'), row('C-1')]);
    expect((await run(file)).rejected).toEqual([{ row: 4, column: '编号', message: 'reference C-1 is also on row 2' }]);
    expect(await refsIn('C-')).toEqual([]);
  });

  it('with --partial imports the good rows and writes the bad ones, as they were, with their reasons', async () => {
    const file = csvFile([row('D-1'), row('D-2', { 责任单位: '区财政厅' }), row('D-3'), row('D-4', { 形成日期: '2026-13-01', 类别: 'x.y' })]);
    const result = await run(file, { partial: true });
    expect(result).toMatchObject({ inserted: 2, updated: 0, unchanged: 0, committed: true, rejectsFile: file.replace(/\.csv$/, '.rejects.csv') });
    expect(result.rejected.map((p) => `${p.row} ${p.column}`)).toEqual(['3 责任单位', '5 类别', '5 形成日期']);
    expect(await refsIn('D-')).toEqual(['D-1', 'D-3']);
    const rejects = readFileSync(result.rejectsFile!, 'utf8');
    expect(rejects.startsWith('\uFEFF')).toBe(true);
    expect(parse(rejects, { bom: true })).toEqual([
      [...HEADER, '错误原因 errors'],
      [...row('D-2', { 责任单位: '区财政厅' }), '责任单位: unknown department "区财政厅"; did you mean 区财政局? (departments are listed in config/departments/)'],
      [...row('D-4', { 形成日期: '2026-13-01', 类别: 'x.y' }), '类别: unknown category "x.y"；形成日期: the time "2026-13-01" is not an existing date'],
    ]);
  });

  it('reads GBK CSV with --encoding gbk exactly, and says how when the bytes are not UTF-8', async () => {
    const title = '亭湖区2026年保障性住房分配结果（第一批）——公示';
    const file = csvFile([row('E-1', { 事项名称: title, 类别: '保障性住房分配', 领域: '住房保障', 责任单位: '区住建局' })], { encoding: 'gbk' });
    await expect(run(file)).rejects.toThrow(ImportFileError);
    await expect(run(file)).rejects.toThrow(/is not valid UTF-8 \(in the bytes from \d+ on\); Chinese Excel saves CSV as GBK: run again with --encoding gbk/);
    expect(await run(file, { encoding: 'gbk' })).toMatchObject({ inserted: 1, rejected: [] });
    expect(await findItem(database.db, 'tinghu', 'E-1')).toMatchObject({ title, category: 'housing.allocation', departmentCode: 'tinghu.zjj' });
  });

  it('reads UTF-8 without a byte-order mark and English headers', async () => {
    const header = ['reference', 'title', 'department', 'category', 'formed_at'];
    const file = csvFile([['F-1', '采购合同 公告', 'tinghu.czj', 'procurement.transaction', '2026-10-08T09:00:00+08:00']], { header, bom: false });
    expect(await run(file)).toMatchObject({ inserted: 1 });
  });

  it('reads XLSX, with Excel dates and times as Beijing time and Chinese text exactly', async () => {
    const file = join(dir, 'ledger.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('台账');
    sheet.addRow(['编号', '事项名称', '责任单位', '类别', '形成日期']);
    // Excel keeps wall-clock times: exceljs writes a Date's UTC fields as the cell's time.
    sheet.addRow(['G-1', '区卫计委医用耗材集中采购结果「第二批」', '区卫计委', 'medical.procurement', new Date(Date.UTC(2026, 8, 30, 18, 0))]);
    sheet.addRow(['G-2', '区卫计委供货企业信用奖惩', '区卫计委', 'medical.supplier_credit', new Date(Date.UTC(2026, 9, 9))]);
    // A date worked out by a formula: Excel keeps its result as a serial number (46304 = 2026-10-09), shown as a date.
    const formula = sheet.addRow(['G-3', '区卫计委采购合同', '区卫计委', 'medical.procurement', null]).getCell(5);
    formula.value = { formula: 'DATE(2026,10,9)', result: 46304 } as ExcelJS.CellFormulaValue;
    formula.numFmt = 'yyyy"年"m"月"d"日"';
    await workbook.xlsx.writeFile(file);
    expect(await run(file)).toMatchObject({ inserted: 3, rejected: [] });
    expect(await findItem(database.db, 'tinghu', 'G-3')).toMatchObject({ events: { formed: '2026-10-09' } });
    expect(await findItem(database.db, 'tinghu', 'G-1')).toMatchObject({ title: '区卫计委医用耗材集中采购结果「第二批」', events: { formed: '2026-09-30T18:00:00+08:00' }, dueDate: '2026-11-03' });
    expect(await findItem(database.db, 'tinghu', 'G-2')).toMatchObject({ events: { formed: '2026-10-09' }, dueDate: '2026-11-05' });
  });

  it('updates a changed row with its history and a recomputed due date; a stale file does not undo a publication', async () => {
    expect(await run(csvFile([row('H-1'), row('H-2')]))).toMatchObject({ inserted: 2 });
    const changed = csvFile([row('H-1', { 形成日期: '2026-10-09' }), row('H-2', { 公开日期: '2026-10-20 10:00', 公开网址: 'https://www.tinghu.gov.cn/h2.html' })]);
    expect(await run(changed)).toMatchObject({ inserted: 0, updated: 2, unchanged: 0 });
    const h1 = await findItem(database.db, 'tinghu', 'H-1');
    expect(h1?.dueDate).toBe('2026-11-05');
    const history = await itemHistory(database.db, h1!.id);
    expect(history.at(-1)).toMatchObject({ action: 'update', actor: 'admin', note: expect.stringMatching(/^import ledger-\d+\.csv row 2$/), changes: { dueDate: ['2026-11-03', '2026-11-05'] } });
    expect(await findItem(database.db, 'tinghu', 'H-2')).toMatchObject({ status: 'published', publishedAt: '2026-10-20T10:00:00+08:00' });
    // The first file again: H-1's date goes back; H-2 stays published (the file says nothing of its publication).
    expect(await run(csvFile([row('H-1'), row('H-2')]))).toMatchObject({ updated: 1, unchanged: 1 });
    expect(await findItem(database.db, 'tinghu', 'H-2')).toMatchObject({ status: 'published' });
  });

  it.each(['xlsx', 'csv'] as const)('accepts its own %s template, filled in, with both header rows', async (format) => {
    const file = join(dir, `template.${format}`);
    writeFileSync(file, await templateBytes(format));
    if (format === 'csv') {
      writeFileSync(file, readFileSync(file, 'utf8') + stringify([['I-csv', '标题', '区政务办', '', 'bidding.contract', '2026-10-12']]));
    } else {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(file);
      workbook.getWorksheet(1)!.addRow(['I-xlsx', '标题', '区政务办', '', 'bidding.contract', '2026-10-12']);
      await workbook.xlsx.writeFile(file);
    }
    expect(await run(file)).toMatchObject({ inserted: 1, rejected: [] });
    expect((await listItems(database.db, { departmentCode: 'tinghu.zwb' })).map((i) => i.reference)).toContain(`I-${format}`);
  });

  it('refuses a file whose header is wrong before reading any row', async () => {
    const file = csvFile([row('J-1')], { header: ['编号', '事项名称', '责任单位', '类目', '形成日期'] });
    const error = await run(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFileError);
    expect((error as ImportFileError).problems).toEqual([
      { row: 1, column: '类目', message: 'unknown column "类目"; did you mean 类别? (see `ledger template`)' },
      { row: 1, column: '类别', message: 'required column 类别 (category) is missing' },
    ]);
  });
});

describe.each(BACKENDS)('ledger import and the recorded state, on %s', (backend: Backend) => {
  const database = useLedgerDatabase(backend);
  const run = (file: string, options: Partial<ImportOptions> = {}) =>
    importLedger(database.db, book, organisation.departments, { file, partial: false, actor: 'admin', now: NOW, ...options });

  it('stores a publication date given alone as that day in Beijing time, and re-importing it changes nothing', async () => {
    const file = csvFile([row('K-1', { 公开日期: '2026-10-20', 公开网址: 'https://www.tinghu.gov.cn/k1.html' })]);
    expect(await run(file)).toMatchObject({ inserted: 1 });
    expect(await findItem(database.db, 'tinghu', 'K-1')).toMatchObject({ status: 'published', publishedAt: '2026-10-20T00:00:00+08:00' });
    expect(await run(file)).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
  });

  it('refuses a row that contradicts a recorded withdrawal, naming the way out; --partial leaves it out', async () => {
    expect(await run(csvFile([row('L-1'), row('L-2')]))).toMatchObject({ inserted: 2 });
    await applyToItem(database.db, { reference: 'L-1' }, 'withdraw', (item) => withdraw(item, { reason: '重复登记' }), { actor: 'admin', at: AT });
    const file = csvFile([row('L-1', { 公开日期: '2026-10-20', 公开网址: 'https://www.tinghu.gov.cn/l1.html' }), row('L-2', { 事项名称: '新标题' })]);
    const message = 'L-1 is withdrawn, but this row says published 2026-10-20T00:00:00+08:00 at https://www.tinghu.gov.cn/l1.html: reopen it first (ledger reopen L-1) to change that';
    expect(await run(file)).toEqual({ inserted: 0, updated: 0, unchanged: 0, rejected: [{ row: 2, column: '公开日期', message }], rejectedRows: 1, committed: false, notices: [] });
    expect(await findItem(database.db, 'tinghu', 'L-2')).toMatchObject({ title: '区财政局2026年办公设备采购公告' });
    const partial = await run(file, { partial: true });
    expect(partial).toMatchObject({ updated: 1, rejected: [{ row: 2, column: '公开日期', message }] });
    expect(await findItem(database.db, 'tinghu', 'L-1')).toMatchObject({ status: 'withdrawn' });
  });

  it('records a publication made by a file as a publication in the history', async () => {
    expect(await run(csvFile([row('M-1')]))).toMatchObject({ inserted: 1 });
    expect(await run(csvFile([row('M-1', { 公开日期: '2026-10-20 10:00', 公开网址: 'https://www.tinghu.gov.cn/m1.html' })]))).toMatchObject({ updated: 1 });
    const item = await findItem(database.db, 'tinghu', 'M-1');
    expect((await itemHistory(database.db, item!.id)).map((h) => h.action)).toEqual(['create', 'publish']);
  });

  it('accepts its own rejects file back once the rows are fixed', async () => {
    const file = csvFile([row('N-1'), row('N-2', { 责任单位: '区财政厅' })]);
    const result = await run(file, { partial: true });
    const fixed = readFileSync(result.rejectsFile!, 'utf8').replace('区财政厅', '区财政局');
    writeFileSync(result.rejectsFile!, fixed);
    expect(await run(result.rejectsFile!)).toMatchObject({ inserted: 1, rejected: [] });
  });

  it('rejects control characters that the database could not store, and counts rows as the spreadsheet does', async () => {
    const file = join(dir, 'blank-lines.csv');
    writeFileSync(file, `${stringify([HEADER])}\n${stringify([row('O-1'), row('O-2', { 事项名称: 'a\u0000b' })])}`);
    expect((await run(file)).rejected).toEqual([{ row: 4, column: '事项名称', message: 'contains control characters or broken text (e.g. NUL); retype the cell' }]);
  });

  it('reports a file of another kind as a file problem', async () => {
    const file = join(dir, 'ledger.txt');
    writeFileSync(file, 'x');
    await expect(run(file)).rejects.toThrow(ImportFileError);
  });
});
