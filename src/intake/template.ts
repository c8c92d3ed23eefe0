import ExcelJS from 'exceljs';
import { csvBytes, excelCsv } from '../csv/excel-csv.js';
import { COLUMNS, type Column } from './columns.js';
import type { JurisdictionGuide } from './template-guide.js';

const columns = COLUMNS as readonly Column[];

/** The date forms the import reads (normaliseClerkTime), as the guide shows them. */
export const ACCEPTED_DATE_FORMS = [
  '2026-11-05', '2026-11-05 14:30', '2026/11/5', '2026.11.5', '20261105', '2026年11月5日', '2026年11月5日 14时30分', '２０２６－１１－０５（全角 full-width）',
];

/**
 * An empty ledger file: a Chinese header row and the English one under it (the import accepts either, and skips
 * the second), each header explained. In .xlsx the explanations are the header cells' notes and a 说明 sheet,
 * which also lists the jurisdiction's departments and categories, with the date column each category counts from.
 */
export async function templateBytes(format: 'xlsx' | 'csv', guides: readonly JurisdictionGuide[] = []): Promise<Buffer> {
  if (format === 'csv') return csvBytes(excelCsv(columns.map((c) => c.zh), [columns.map((c) => c.en)]));
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('台账 ledger', { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.addRow(columns.map((c) => c.zh));
  sheet.addRow(columns.map((c) => c.en));
  columns.forEach((column, i) => {
    const cell = sheet.getRow(1).getCell(i + 1);
    cell.note = `${column.required ? '必填 required. ' : ''}${column.explainZh}\n${column.explainEn}`;
    cell.font = { bold: true };
    sheet.getColumn(i + 1).width = Math.max(12, column.zh.length * 2 + 4);
  });
  writeGuide(workbook.addWorksheet('说明 guide'), guides);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function writeGuide(guide: ExcelJS.Worksheet, guides: readonly JurisdictionGuide[]): void {
  const heading = (cells: string[]) => (guide.addRow(cells).font = { bold: true });
  heading(['列 column', 'English header', '必填 required', '说明', 'explanation']);
  for (const column of columns) guide.addRow([column.zh, column.en, column.required ? '是 yes' : '', column.explainZh, column.explainEn]);
  guide.addRow([]);
  guide.addRow(['时间 times', '', '', '不带时区的时间按北京时间；只填日期表示当天（起算日不计入）', 'Times without an offset are Asia/Shanghai; a date alone means that day']);
  guide.addRow(['日期写法 date forms', '', '', ACCEPTED_DATE_FORMS.join('；'), 'also an Excel date cell; a number in a date column is read as an Excel date serial, and the import says so']);
  guide.addRow(['一个辖区 one jurisdiction', '', '', '一个文件只填一个辖区的台账', 'a file is one jurisdiction\'s ledger']);
  for (const jurisdiction of guides) {
    guide.addRow([]);
    heading([`${jurisdiction.name}（${jurisdiction.id}）责任单位 departments`, '代码 code']);
    for (const department of jurisdiction.departments) guide.addRow([department.name, department.code]);
    guide.addRow([]);
    heading([`${jurisdiction.name} 类别 categories`, '类别代码 category id', '领域 domain', '适用规则 rule', '起算日期列 date column counted from']);
    for (const category of jurisdiction.categories) guide.addRow([category.name, category.id, category.domain, category.rule, category.dateColumn]);
  }
  guide.columns.forEach((col, i) => (col.width = [34, 30, 16, 60, 70][i] ?? 20));
}
