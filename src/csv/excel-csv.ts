import { stringify } from 'csv-stringify/sync';

/**
 * Every CSV the project writes (digest attachments, the portal's list, `ledger list --format csv`, the rejects file,
 * the template) is made here, the one way: CRLF lines, and text that Excel would run as a formula (=, +, -, @, or a
 * leading tab or CR: CSV injection) neutralised. The byte-order mark Chinese Excel needs is added to the bytes
 * (csvBytes), not to the text: PGlite strips a leading U+FEFF from text it returns, so stored text cannot keep it.
 */
export function excelCsv(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return excelCsvRecords([header, ...rows]);
}

/** Records alone, the same way, for a CSV written a part at a time (the rejects file of a big import). */
export function excelCsvRecords(records: ReadonlyArray<readonly string[]>): string {
  return stringify(records.map((record) => record.map(neutraliseFormula)), { record_delimiter: 'windows' });
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** A CSV's bytes: UTF-8 after a byte-order mark (so Chinese Excel reads it as UTF-8), exactly one. */
export function csvBytes(csv: string): Buffer {
  return Buffer.concat([UTF8_BOM, Buffer.from(csv.replace(/^\uFEFF/, ''), 'utf8')]);
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell Excel would run as a formula gets a leading apostrophe; Excel then shows it as text, apostrophe and all. */
export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/**
 * The cell as it was before neutraliseFormula: a file the project wrote (a rejects file) read back imports what the
 * department typed, not the apostrophe.
 */
export function restoreFormula(cell: string): string {
  return cell.charCodeAt(0) === 39 /* ' */ && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}
