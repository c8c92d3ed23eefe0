import { serialTimeText } from './excel-serial.js';
import { UnreadableFileError, type CellKind, type TableRow } from './table-row.js';
import { readWorkbookParts, type WorkbookParts } from './xlsx/workbook-parts.js';
import { XLSX_LIMITS, type XlsxLimits } from './xlsx/xlsx-limits.js';
import { ZipArchive, type XmlEvent } from './xlsx/zip-archive.js';

/** Days from 1899-12-30 to 1904-01-01: a serial of the 1904 date system plus this is one of the 1900 system. */
const DATE_1904_OFFSET = 1462;

interface RawCell {
  column: number;
  /** The `t` attribute: s (shared string), str (a formula's text), inlineStr, b, e (error), n or absent (number), d. */
  type: string;
  style: number;
  value?: string;
  formula?: string;
  reference?: string;
}

/**
 * Streams the rows of every worksheet, in tab order, each with its sheet's name: which sheet is the ledger is the
 * import's choice, and the others are named to the clerk rather than passed over in silence. Read with yauzl and
 * saxes (not exceljs's stream reader, which hung on a truncated file, returned a damaged sheet short without a word,
 * and lost a formula's error code): the zip's central directory first, every limit of XLSX_LIMITS checked as the
 * file is read, at most one sheet chunk's rows in memory.
 */
export async function* readXlsx(file: string, limits: XlsxLimits = XLSX_LIMITS): AsyncGenerator<TableRow> {
  const zip = await ZipArchive.open(file, limits);
  try {
    const parts = await readWorkbookParts(zip, file, limits);
    let rows = 0;
    for (const { name: sheet, part } of parts.sheets) {
      const reader = new SheetRows(file, sheet, parts, limits);
      for await (const batch of zip.events(part, limits.totalBytes)) {
        for (const row of reader.take(batch)) {
          if (++rows > limits.rows) throw new UnreadableFileError(`${file}: more than ${limits.rows.toLocaleString('en')} rows, the limit (sheet "${sheet}", row ${row.row})`);
          yield row;
        }
      }
    }
  } finally {
    zip.close();
  }
}

/** Turns a sheet part's XML events into rows of text cells, remembering where it is between batches. */
class SheetRows {
  private row: { number: number; cells: string[]; kinds?: Array<CellKind | undefined> } | undefined;
  private lastRow = 0;
  private cell: RawCell | undefined;
  private field: 'value' | 'formula' | undefined;
  private inInline = false;
  private phonetic = 0;

  constructor(
    private readonly file: string,
    private readonly sheet: string,
    private readonly parts: WorkbookParts,
    private readonly limits: XlsxLimits,
  ) {}

  take(events: readonly XmlEvent[]): TableRow[] {
    const done: TableRow[] = [];
    for (const event of events) {
      if (event.kind === 'open') this.open(event.name, event.attributes);
      else if (event.kind === 'text') this.text(event.text);
      else if (event.name === 'c') this.endCell();
      else if (event.name === 'row') {
        if (this.row) done.push({ sheet: this.sheet, row: this.row.number, cells: this.row.cells, kinds: this.row.kinds });
        this.row = undefined;
      } else if (event.name === 'v' || event.name === 'f' || event.name === 't') this.field = undefined;
      else if (event.name === 'is') this.inInline = false;
      else if (event.name === 'rPh') this.phonetic--;
    }
    return done;
  }

  private open(name: string, attributes: Readonly<Record<string, string>>): void {
    if (name === 'row') {
      this.lastRow = attributes.r ? Number(attributes.r) : this.lastRow + 1;
      this.row = { number: this.lastRow, cells: [] };
    } else if (name === 'c' && this.row) {
      const column = attributes.r ? columnOf(attributes.r) : this.row.cells.length + 1;
      if (column > this.limits.columns) {
        throw new UnreadableFileError(`${this.file}: sheet "${this.sheet}" has a cell in column ${column.toLocaleString('en')} (${attributes.r ?? `row ${this.row.number}`}), past the limit of ${this.limits.columns} columns`);
      }
      this.cell = { column, type: attributes.t ?? 'n', style: Number(attributes.s ?? 0), reference: attributes.r };
    } else if (this.cell && name === 'v') {
      this.field = 'value';
      this.cell.value ??= '';
    } else if (this.cell && name === 'f') {
      this.field = 'formula';
      this.cell.formula ??= '';
    } else if (this.cell && name === 'is') this.inInline = true;
    else if (this.cell && this.inInline && name === 't' && this.phonetic === 0) {
      this.field = 'value';
      this.cell.value ??= '';
    } else if (name === 'rPh') this.phonetic++;
  }

  private text(text: string): void {
    const cell = this.cell;
    if (!cell || !this.field) return;
    const now = (cell[this.field] ?? '') + text;
    if (now.length > this.limits.cellLength) {
      throw new UnreadableFileError(`${this.file}: sheet "${this.sheet}" cell ${cell.reference ?? cell.column} holds more than ${this.limits.cellLength.toLocaleString('en')} characters, the limit`);
    }
    cell[this.field] = now;
  }

  private endCell(): void {
    const { cell, row } = this;
    this.cell = undefined;
    if (!cell || !row) return;
    const { text, kind } = this.reading(cell);
    while (row.cells.length < cell.column - 1) row.cells.push('');
    row.cells[cell.column - 1] = text;
    if (kind) (row.kinds ??= [])[cell.column - 1] = kind;
  }

  /** A cell as the text a person sees, and what it was when that matters (a number, an error, a formula never calculated). */
  private reading(cell: RawCell): { text: string; kind?: CellKind } {
    const { value, formula } = cell;
    switch (cell.type) {
      case 's': {
        const text = this.parts.sharedStrings[Number(value)];
        if (text === undefined) throw new UnreadableFileError(`${this.file}: sheet "${this.sheet}" cell ${cell.reference ?? cell.column} names shared string ${value}, which the workbook lacks (damaged?)`);
        return { text };
      }
      case 'str':
      case 'inlineStr':
      case 'd':
        return { text: value ?? '' };
      case 'b':
        return { text: value === '1' ? 'TRUE' : value === '0' ? 'FALSE' : (value ?? '') };
      case 'e':
        // The error a formula gave (#DIV/0!), or one typed or pasted as a value.
        return { text: value ?? '#VALUE!', kind: 'error' };
      default: {
        if (value === undefined || value === '') return formula !== undefined ? { text: `=${formula}`, kind: 'unsaved-formula' } : { text: '' };
        if (!this.parts.dateStyles.has(cell.style)) return { text: value, kind: 'number' };
        const serial = Number(value);
        if (!Number.isFinite(serial)) return { text: value };
        return { text: serialTimeText(this.parts.date1904 ? serial + DATE_1904_OFFSET : serial) };
      }
    }
  }
}

/** `AB12` → 28. */
function columnOf(reference: string): number {
  let column = 0;
  for (let i = 0; i < reference.length; i++) {
    const code = reference.charCodeAt(i);
    if (code < 65 || code > 90) break;
    column = column * 26 + code - 64;
  }
  return column;
}
