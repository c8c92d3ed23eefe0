import type ExcelJS from 'exceljs';
import stringWidth from 'string-width';

export type SheetCell = string | number | null;

/** One table on a sheet of its own, the way offices print them: a title, headers, widths, a frozen header row. */
export interface SheetTable {
  /** The sheet's tab (at most 31 characters, no []:*?/\). */
  readonly sheet: string;
  readonly title: string;
  /** A line under the title: the period, when the figures were taken. */
  readonly subtitle?: string;
  readonly headers: readonly string[];
  readonly rows: ReadonlyArray<readonly SheetCell[]>;
  /** A last row in bold (合计). */
  readonly totalRow?: readonly SheetCell[];
}

const THIN = { style: 'thin' as const, color: { argb: 'FF808080' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
/** Wide enough for a header, never so wide that a long title pushes the next column off the page. */
const MIN_WIDTH = 8;
const MAX_WIDTH = 48;

function addTable(workbook: ExcelJS.Workbook, table: SheetTable): void {
  const headerRow = table.subtitle ? 3 : 2;
  const sheet = workbook.addWorksheet(table.sheet, {
    views: [{ state: 'frozen', ySplit: headerRow }],
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${headerRow}:${headerRow}` },
  });
  const columns = table.headers.length;
  const title = sheet.addRow([table.title]);
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: 'center' };
  sheet.mergeCells(1, 1, 1, columns);
  if (table.subtitle) {
    sheet.addRow([table.subtitle]).alignment = { horizontal: 'center' };
    sheet.mergeCells(2, 1, 2, columns);
  }
  const header = sheet.addRow([...table.headers]);
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
    cell.border = BORDER;
  });
  const body = [...table.rows, ...(table.totalRow ? [table.totalRow] : [])];
  for (const cells of body) {
    const row = sheet.addRow([...cells]);
    for (let i = 1; i <= columns; i++) row.getCell(i).border = BORDER;
  }
  if (table.totalRow) sheet.lastRow!.font = { bold: true };
  const widths = table.headers.map((h) => stringWidth(h));
  for (const cells of body) cells.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, stringWidth(String(cell ?? '')))));
  widths.forEach((width, i) => (sheet.getColumn(i + 1).width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, width + 2))));
}

/** An .xlsx of the tables, one sheet each. exceljs is loaded only when a workbook is asked for. */
export async function workbookBytes(tables: readonly SheetTable[]): Promise<Buffer> {
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = 'disclosure-watch';
  for (const table of tables) addTable(workbook, table);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
