import { stringify } from 'csv-stringify/sync';

/**
 * A digest's full list as CSV for Excel: CRLF lines, and ledger text that could be read as a formula (=, +, -, @, or
 * a leading tab or CR) neutralised. The byte-order mark Chinese Excel needs is added when the mail is sent
 * (csvAttachmentBytes): PGlite strips a leading U+FEFF from text it returns, so the stored text cannot keep it.
 */
export function digestCsv(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return stringify([header, ...rows.map((row) => row.map(neutraliseFormula))], { record_delimiter: 'windows' });
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The attachment's bytes: UTF-8 after a byte-order mark (so Chinese Excel reads it as UTF-8), exactly one. */
export function csvAttachmentBytes(csv: string): Buffer {
  return Buffer.concat([UTF8_BOM, Buffer.from(csv.replace(/^\uFEFF/, ''), 'utf8')]);
}

/** A cell Excel would run as a formula (CSV injection) gets a leading apostrophe, which Excel shows as text. */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}
