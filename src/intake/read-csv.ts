import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { parse } from 'csv-parse';
import { parse as parseText } from 'csv-parse/sync';
import { restoreFormula } from '../csv/excel-csv.js';
import { UnreadableFileError, type TableRow } from './table-row.js';

/** Encodings a CSV may come in: Chinese Excel saves CSV as GBK (GB18030 is its superset). */
export const CSV_ENCODINGS = ['utf-8', 'gbk', 'gb18030'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

/** What a file is read as: the encodings one may ask for, or UTF-16, which its byte-order mark announces. */
type Decoding = CsvEncoding | 'utf-16le' | 'utf-16be';

/** Why bytes that do not decode stopped the read, and what to try. */
function undecodable(file: string, decoding: Decoding, offset: number, atEnd: boolean, utf8: boolean): UnreadableFileError {
  if (decoding !== 'utf-8' && utf8) return new UnreadableFileError(`${file} is not ${decoding.toUpperCase()}: it reads as UTF-8; run again without --encoding`);
  const where = atEnd ? 'ends in the middle of a character' : `is not valid ${decoding.toUpperCase()} (in the bytes from ${offset} on)`;
  const advice =
    decoding === 'utf-8'
      ? 'Chinese Excel saves CSV as GBK: run again with --encoding gbk'
      : decoding.startsWith('utf-16')
        ? 'the file is damaged: save it again as CSV UTF-8 (逗号分隔)'
        : 'is it UTF-8 (run again without --encoding), or damaged? Save it again from Excel or WPS';
  return new UnreadableFileError(`${file} ${where}; ${advice}`);
}

/**
 * Decodes strictly, chunk by chunk, in every encoding: invalid bytes stop the read with a hint instead of turning
 * Chinese text into U+FFFD replacement characters that would then be imported (iconv-lite would replace them).
 */
class StrictDecoder extends Transform {
  private readonly decoder: TextDecoder;
  private offset = 0;

  constructor(
    private readonly file: string,
    private readonly decoding: Decoding,
    /** Whether the file's first bytes read as UTF-8 with Chinese in them: then that is the advice. */
    private readonly utf8: boolean,
  ) {
    super({ readableObjectMode: false, decodeStrings: true });
    this.decoder = new TextDecoder(decoding, { fatal: true });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      callback(null, this.decoder.decode(chunk, { stream: true }));
      this.offset += chunk.length;
    } catch {
      callback(undecodable(this.file, this.decoding, this.offset, false, this.utf8));
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      callback(null, this.decoder.decode());
    } catch {
      callback(undecodable(this.file, this.decoding, this.offset, true, this.utf8));
    }
  }
}

/** UTF-16 when a byte-order mark says so (Excel's "Unicode text"), whatever was asked; else the encoding asked for. */
function decodingOf(head: Buffer, asked: CsvEncoding): Decoding {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return asked;
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
type Separator = (typeof SEPARATORS)[number];

/**
 * The separator of a CSV file: the one that splits its first lines into the most columns (a comma when none
 * does better). A title row above the header has no separator in it, so the widest of the first ten lines decides.
 */
function sniffSeparator(head: Buffer, decoding: Decoding): Separator {
  const text = new TextDecoder(decoding).decode(head);
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
  return headReadsAsUtf8(await headOf(file));
}

function headReadsAsUtf8(head: Buffer): boolean {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return /[^\u0000-\u007f]/.test(text);
  } catch {
    return false;
  }
}

/** Streams the records of a CSV file, with its separator sniffed; a byte-order mark is dropped. */
export async function* readCsv(file: string, encoding: CsvEncoding = 'utf-8'): AsyncGenerator<TableRow> {
  const head = await headOf(file);
  const decoding = decodingOf(head, encoding);
  const delimiter = sniffSeparator(head, decoding);
  const decoder = new StrictDecoder(file, decoding, decoding !== 'utf-8' && headReadsAsUtf8(head));
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
