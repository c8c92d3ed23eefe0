import ExcelJS from 'exceljs';
import { excelTimeText, serialTimeText } from './excel-serial.js';
import { UnreadableFileError, type CellKind, type TableRow } from './table-row.js';

/** A number format that shows a date or time (yyyy-mm-dd, m/d/yy, yyyy"年"m"月"d"日", hh:mm …), quoted text aside. */
function isDateFormat(numFmt: string | undefined): boolean {
  return numFmt !== undefined && /[ydhs]/i.test(numFmt.replace(/"[^"]*"|\[.*?\]/g, ''));
}

interface CellReading {
  readonly text: string;
  readonly kind?: CellKind | undefined;
}

const EMPTY: CellReading = { text: '' };

/**
 * A cell as the text a person sees, and what it was when that matters. A formula's result comes as a bare serial
 * number even when the cell shows a date, so its number format decides; a number shown as a number is marked, so
 * that a date column can read it as an Excel date serial and say so.
 */
function readCell(value: ExcelJS.CellValue, numFmt: string | undefined, result?: unknown): CellReading {
  if (value === null || value === undefined) return EMPTY;
  if (value instanceof Date) return { text: excelTimeText(value) };
  if (typeof value === 'number') return isDateFormat(numFmt) ? { text: serialTimeText(value) } : { text: String(value), kind: 'number' };
  if (typeof value !== 'object') return { text: String(value) };
  if ('richText' in value) return { text: value.richText.map((part) => part.text).join('') };
  if ('error' in value) return { text: String(value.error), kind: 'error' };
  if ('formula' in value || 'sharedFormula' in value) {
    const formula = `=${('formula' in value ? value.formula : value.sharedFormula) ?? ''}`;
    // The stream reader parses a saved result as a number, so an error result (#DIV/0!) arrives as NaN, its code lost.
    const saved = result ?? (value as { result?: unknown }).result;
    if (typeof saved === 'number' && Number.isNaN(saved)) return { text: formula, kind: 'error' };
    if (saved === undefined || saved === null) return { text: formula, kind: 'unsaved-formula' };
    return readCell(saved as ExcelJS.CellValue, numFmt);
  }
  if ('text' in value && typeof value.text === 'string') return { text: value.text };
  return { text: String(value) };
}

/**
 * Streams the rows of every worksheet, each with its sheet's name: which sheet is the ledger is the import's
 * choice (the one whose header matches), and the others are named to the clerk rather than passed over in silence.
 */
export async function* readXlsx(file: string): AsyncGenerator<TableRow> {
  let reader: ExcelJS.stream.xlsx.WorkbookReader;
  try {
    reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit' });
  } catch (error) {
    throw new UnreadableFileError(`${file}: not a readable .xlsx workbook (${(error as Error).message})`);
  }
  try {
    for await (const worksheet of reader) {
      const sheet = (worksheet as unknown as { name?: string }).name ?? `sheet ${(worksheet as unknown as { id?: string }).id ?? '?'}`;
      for await (const row of worksheet) {
        const cells: string[] = [];
        let kinds: Array<CellKind | undefined> | undefined;
        for (let column = 1; column <= row.cellCount; column++) {
          const cell = row.getCell(column);
          const { text, kind } = readCell(cell.value, cell.numFmt, cell.type === ExcelJS.ValueType.Formula ? cell.result : undefined);
          cells.push(text);
          if (kind) (kinds ??= [])[column - 1] = kind;
        }
        yield { sheet, row: row.number, cells, kinds };
      }
    }
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    const code = (error as { code?: string }).code;
    throw new UnreadableFileError(`${file}: ${code === 'ENOENT' ? 'no such file' : `not a readable .xlsx workbook (${(error as Error).message})`}`);
  }
}
