import { TIME_COLUMNS, type ColumnKey, type HeaderMapping } from './columns.js';
import { plausibleSerial, serialTimeText } from './excel-serial.js';
import type { TableRow } from './table-row.js';
import type { RowValue, RowValues } from './validate-row.js';

/**
 * Number cells in a date column, read as Excel date serials (46331 → 2026-11-05): the clerk is told, once per
 * column, so that a number meant as something else does not pass as a date unseen.
 */
export class SerialDates {
  private readonly byColumn = new Map<string, { count: number; rows: number[]; example: string }>();

  note(header: string, row: number, serial: string, read: string): void {
    let column = this.byColumn.get(header);
    if (!column) this.byColumn.set(header, (column = { count: 0, rows: [], example: `${serial} → ${read}` }));
    column.count++;
    if (column.rows.length < 5) column.rows.push(row);
  }

  notices(): string[] {
    return [...this.byColumn].map(([header, { count, rows, example }]) => {
      const where = `row${count === 1 ? '' : 's'} ${rows.join(', ')}${count > rows.length ? ', …' : ''}`;
      return `${header}: ${count} number cell${count === 1 ? ' was' : 's were'} read as Excel dates (${where}), e.g. ${example}; format the column as a date (日期) so that the file says so itself`;
    });
  }
}

/** A row's cells by column, with the header the file used for each; number cells of date columns read as dates. */
export function rowValues(row: TableRow, header: TableRow, mapping: HeaderMapping, serials: SerialDates): RowValues {
  const values = new Map<ColumnKey, RowValue>();
  for (const [index, column] of mapping.columns) {
    const name = header.cells[index] ?? column.zh;
    let text = row.cells[index] ?? '';
    let kind = row.kinds?.[index];
    if (kind === 'number' && TIME_COLUMNS.has(column.key)) {
      const serial = plausibleSerial(text.trim());
      if (serial !== undefined) {
        const read = serialTimeText(serial);
        serials.note(name, row.row, text.trim(), read);
        text = read;
        kind = undefined;
      }
    }
    values.set(column.key, { text, header: name, kind });
  }
  return values;
}
