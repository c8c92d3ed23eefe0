import { writeFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { COLUMNS, type Column } from './columns.js';

const columns = COLUMNS as readonly Column[];

/**
 * An empty ledger file: a Chinese header row and the English one under it (the import accepts either, and skips
 * the second), each header explained. In .xlsx the explanations are the header cells' notes and a 说明 sheet.
 */
export async function writeTemplate(file: string, format: 'xlsx' | 'csv'): Promise<void> {
  if (format === 'csv') {
    await writeFile(file, `\uFEFF${stringify([columns.map((c) => c.zh), columns.map((c) => c.en)])}`, 'utf8');
    return;
  }
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
  const guide = workbook.addWorksheet('说明 guide');
  guide.addRow(['列 column', 'English header', '必填 required', '说明', 'explanation']);
  guide.getRow(1).font = { bold: true };
  for (const column of columns) guide.addRow([column.zh, column.en, column.required ? '是 yes' : '', column.explainZh, column.explainEn]);
  guide.addRow([]);
  guide.addRow(['时间 times', '', '', '不带时区的时间按北京时间；只填日期表示当天（起算日不计入）', 'Times without an offset are Asia/Shanghai; a date alone means that day']);
  guide.columns.forEach((col, i) => (col.width = [14, 24, 12, 60, 70][i] ?? 20));
  await workbook.xlsx.writeFile(file);
}
