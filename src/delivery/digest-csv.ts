import { stringify } from 'csv-stringify/sync';

/**
 * A digest's full list as CSV for Excel: UTF-8 with a byte-order mark (so Chinese Excel reads it as UTF-8), CRLF
 * lines, and ledger text that could be read as a formula (=, +, -, @, or a leading tab or CR) neutralised.
 */
export function digestCsv(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return stringify([header, ...rows.map((row) => row.map(neutraliseFormula))], { bom: true, record_delimiter: 'windows' });
}

/** A cell Excel would run as a formula (CSV injection) gets a leading apostrophe, which Excel shows as text. */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}
