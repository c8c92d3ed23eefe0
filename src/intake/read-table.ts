import { extname } from 'node:path';
import { readCsv, type CsvEncoding } from './read-csv.js';
import { readXlsx } from './read-xlsx.js';
import { UnreadableFileError, type TableRow } from './table-row.js';

export function readTable(file: string, options: { encoding?: CsvEncoding | undefined } = {}): AsyncGenerator<TableRow> {
  const extension = extname(file).toLowerCase();
  if (extension === '.csv') return readCsv(file, options.encoding);
  if (extension === '.xlsx') {
    if (options.encoding && options.encoding !== 'utf-8') throw new UnreadableFileError('--encoding is for CSV files; an .xlsx file carries its own');
    return readXlsx(file);
  }
  throw new UnreadableFileError(`${file}: a ledger file is .csv or .xlsx (got "${extension || 'no extension'}")`);
}
