import ExcelJS from 'exceljs';
import { UnreadableFileError, type TableRow } from './table-row.js';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Excel stores a time as a serial number with no time zone; exceljs hands it over as a Date whose UTC fields are
 * the wall-clock time written in the cell, which for a Chinese ledger is Asia/Shanghai. A time of exactly 00:00
 * is taken as a date alone.
 */
function excelTimeText(date: Date): string {
  const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const [h, m, s] = [date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()];
  if (h === 0 && m === 0 && s === 0) return day;
  return `${day} ${pad(h)}:${pad(m)}${s ? `:${pad(s)}` : ''}`;
}

/** Excel's day 0 (1899-12-30, in its 1900 date system) as milliseconds of the epoch, read as wall-clock time. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 24 * 60 * 60 * 1000;

/** A number format that shows a date or time (yyyy-mm-dd, m/d/yy, yyyy"年"m"月"d"日", hh:mm …), quoted text aside. */
function isDateFormat(numFmt: string | undefined): boolean {
  return numFmt !== undefined && /[ydhs]/i.test(numFmt.replace(/"[^"]*"|\[.*?\]/g, ''));
}

/**
 * A cell as the text a person sees. A formula's result comes as a bare serial number even when the cell shows
 * a date, so its number format decides.
 */
function cellText(value: ExcelJS.CellValue, numFmt: string | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return excelTimeText(value);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) {
      const result = value.result as ExcelJS.CellValue;
      if (typeof result === 'number' && isDateFormat(numFmt)) return excelTimeText(new Date(EXCEL_EPOCH_MS + Math.round(result * DAY_MS)));
      return cellText(result, numFmt);
    }
    if ('error' in value) return '';
  }
  return String(value);
}

/** Streams the rows of the first worksheet (a template's 说明 sheet after it is not read). */
export async function* readXlsx(file: string): AsyncGenerator<TableRow> {
  let reader: ExcelJS.stream.xlsx.WorkbookReader;
  try {
    reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit' });
  } catch (error) {
    throw new UnreadableFileError(`${file}: not a readable .xlsx workbook (${(error as Error).message})`);
  }
  try {
    for await (const worksheet of reader) {
      for await (const row of worksheet) {
        const cells: string[] = [];
        for (let column = 1; column <= row.cellCount; column++) {
          const cell = row.getCell(column);
          cells.push(cellText(cell.value, cell.numFmt));
        }
        yield { row: row.number, cells };
      }
      return;
    }
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    const code = (error as { code?: string }).code;
    throw new UnreadableFileError(`${file}: ${code === 'ENOENT' ? 'no such file' : `not a readable .xlsx workbook (${(error as Error).message})`}`);
  }
}
