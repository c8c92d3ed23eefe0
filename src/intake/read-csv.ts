import { createReadStream } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
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

/** Streams the records of a CSV file; a byte-order mark is dropped. */
export async function* readCsv(file: string, encoding: CsvEncoding = 'utf-8'): AsyncGenerator<TableRow> {
  const decoder = encoding === 'utf-8' ? new StrictUtf8Decoder(file) : iconv.decodeStream(encoding);
  // Empty lines are kept (the import skips empty rows), so that the n-th record is the spreadsheet's row n.
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: false });
  const source = createReadStream(file);
  source.on('error', (error) => parser.destroy(error));
  decoder.on('error', (error: Error) => parser.destroy(error));
  source.pipe(decoder).pipe(parser);
  try {
    let row = 0;
    for await (const cells of parser as AsyncIterable<string[]>) yield { row: ++row, cells };
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    const code = (error as { code?: string }).code;
    throw new UnreadableFileError(`${file}: ${code === 'ENOENT' ? 'no such file' : `not a readable CSV file (${(error as Error).message})`}`);
  }
}
