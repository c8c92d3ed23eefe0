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

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return excelTimeText(value);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
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
        const values = row.values as ExcelJS.CellValue[];
        // row.values is 1-based: index 0 is always empty.
        yield { row: row.number, cells: values.slice(1).map(cellText) };
      }
      return;
    }
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    const code = (error as { code?: string }).code;
    throw new UnreadableFileError(`${file}: ${code === 'ENOENT' ? 'no such file' : `not a readable .xlsx workbook (${(error as Error).message})`}`);
  }
}
