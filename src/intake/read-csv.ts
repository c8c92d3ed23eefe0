import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { parse } from 'csv-parse';
import { parse as parseText } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { restoreFormula } from '../csv/excel-csv.js';
import { UnreadableFileError, type TableRow } from './table-row.js';

/** Encodings a CSV may come in: Chinese Excel saves CSV as GBK (GB18030 is its superset). */
export const CSV_ENCODINGS = ['utf-8', 'gbk', 'gb18030'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

/**
 * Decodes UTF-8 strictly, chunk by chunk: invalid bytes stop the read with a hint instead of turning Chinese
 * text into U+FFFD replacement characters that would then be imported.
 */
class StrictUtf8Decoder extends Transform {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private offset = 0;

  constructor(private readonly file: string) {
    super({ readableObjectMode: false, decodeStrings: true });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      callback(null, this.decoder.decode(chunk, { stream: true }));
      this.offset += chunk.length;
    } catch {
      callback(
        new UnreadableFileError(
          `${this.file} is not valid UTF-8 (in the bytes from ${this.offset} on); Chinese Excel saves CSV as GBK: run again with --encoding gbk`,
        ),
      );
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      callback(null, this.decoder.decode());
    } catch {
      callback(new UnreadableFileError(`${this.file} ends in the middle of a UTF-8 character; is it GBK? try --encoding gbk`));
    }
  }
}

/** The first bytes of a file, enough to see its separator and encoding; empty if it cannot be read (the read says why). */
async function headOf(file: string): Promise<Buffer> {
  try {
    const handle = await open(file, 'r');
    try {
      const buffer = Buffer.alloc(64 * 1024);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    return Buffer.alloc(0);
  }
}

/** Separators seen in ledgers: Excel's CSV uses commas, but a European locale's Excel saves semicolons, and copies out of other tools use tabs. */
const SEPARATORS = [',', '\t', ';'] as const;
export type Separator = (typeof SEPARATORS)[number];

/**
 * The separator of a CSV file: the one that splits its first lines into the most columns (a comma when none
 * does better). A title row above the header has no separator in it, so the widest of the first ten lines decides.
 */
export async function sniffSeparator(file: string, encoding: CsvEncoding): Promise<Separator> {
  const head = await headOf(file);
  const text = encoding === 'utf-8' ? new TextDecoder('utf-8').decode(head) : iconv.decode(head, encoding);
  const lines = text.split(/\r?\n/);
  if (head.length === 64 * 1024) lines.pop(); // cut in the middle
  const sample = lines.filter((line) => line.trim() !== '').slice(0, 10).join('\n');
  let best: Separator = ',';
  let widest = 0;
  for (const delimiter of SEPARATORS) {
    try {
      const records = parseText(sample, { delimiter, bom: true, relax_column_count: true, relax_quotes: true }) as string[][];
      const width = records.reduce((max, record) => Math.max(max, record.length), 0);
      if (width > widest) [best, widest] = [delimiter, width];
    } catch {
      // A quoted cell that spans the sampled lines: this separator cannot be judged, the others can.
    }
  }
  return best;
}

/** Whether a file read as GBK is really UTF-8 (valid UTF-8 with Chinese in it): the encoding given was wrong. */
export async function readsAsUtf8(file: string): Promise<boolean> {
  const head = await headOf(file);
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return /[^\u0000-\u007f]/.test(text);
  } catch {
    return false;
  }
}

/** Streams the records of a CSV file, with its separator sniffed; a byte-order mark is dropped. */
export async function* readCsv(file: string, encoding: CsvEncoding = 'utf-8'): AsyncGenerator<TableRow> {
  const delimiter = await sniffSeparator(file, encoding);
  const decoder = encoding === 'utf-8' ? new StrictUtf8Decoder(file) : iconv.decodeStream(encoding);
  // Empty lines are kept (the import skips empty rows), so that the n-th record is the spreadsheet's row n.
  const parser = parse({ bom: true, delimiter, relax_column_count: true, skip_empty_lines: false });
  const source = createReadStream(file);
  source.on('error', (error) => parser.destroy(error));
  decoder.on('error', (error: Error) => parser.destroy(error));
  source.pipe(decoder).pipe(parser);
  try {
    let row = 0;
    for await (const cells of parser as AsyncIterable<string[]>) yield { row: ++row, cells: cells.map(restoreFormula) };
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    const code = (error as { code?: string }).code;
    throw new UnreadableFileError(`${file}: ${code === 'ENOENT' ? 'no such file' : `not a readable CSV file (${(error as Error).message})`}`);
  }
}
