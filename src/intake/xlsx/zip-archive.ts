import type { Readable } from 'node:stream';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { UnreadableFileError } from '../table-row.js';

/** One XML event of a part: an element opened (with its attributes), text, or an element closed. */
export type XmlEvent = { readonly kind: 'open'; readonly name: string; readonly attributes: Readonly<Record<string, string>> } | { readonly kind: 'text'; readonly text: string } | { readonly kind: 'close'; readonly name: string };

/**
 * A workbook's zip, read through its central directory (yauzl): a truncated file has none and is refused before any
 * row, parts are reached in any order (shared strings before sheets, without a temporary file), and a part that
 * inflates to more than it declares is an error.
 */
export class ZipArchive {
  private constructor(
    private readonly zip: ZipFile,
    readonly entries: ReadonlyMap<string, Entry>,
    private readonly file: string,
  ) {}

  static async open(file: string, limits: { entries: number; totalBytes: number }): Promise<ZipArchive> {
    const zip = await new Promise<ZipFile>((resolve, reject) =>
      yauzl.open(file, { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true }, (error, opened) => (error ? reject(error) : resolve(opened))),
    ).catch((error: NodeJS.ErrnoException) => {
      throw new UnreadableFileError(error.code === 'ENOENT' ? `${file}: no such file` : `${file}: not a readable .xlsx workbook (${error.message}; is the file complete?)`);
    });
    try {
      if (zip.entryCount > limits.entries) throw new UnreadableFileError(`${file}: ${zip.entryCount} parts in the workbook, more than the limit of ${limits.entries}`);
      const entries = await listEntries(zip, file);
      let total = 0;
      for (const entry of entries.values()) total += entry.uncompressedSize;
      if (total > limits.totalBytes) {
        throw new UnreadableFileError(`${file}: the workbook inflates to ${mb(total)}, more than the limit of ${mb(limits.totalBytes)} (a ledger is far smaller: is this the right file?)`);
      }
      return new ZipArchive(zip, entries, file);
    } catch (error) {
      zip.close();
      throw error;
    }
  }

  close(): void {
    this.zip.close();
  }

  /**
   * A part's XML as batches of events, one batch per inflated chunk, streamed: strict UTF-8, well-formed to the
   * end (saxes, closed, so that a part that stops mid-row is an error, not a short sheet), at most `maxBytes`.
   */
  async *events(name: string, maxBytes: number): AsyncGenerator<XmlEvent[]> {
    const entry = this.entries.get(name);
    if (!entry) throw new UnreadableFileError(`${this.file}: the workbook has no ${name} (not an .xlsx saved by a spreadsheet program?)`);
    if (entry.uncompressedSize > maxBytes) throw new UnreadableFileError(`${this.file}: ${name} is ${mb(entry.uncompressedSize)}, more than the limit of ${mb(maxBytes)}`);
    const parser = new SaxesParser();
    let batch: XmlEvent[] = [];
    let failure: Error | undefined;
    parser.on('opentag', (tag: SaxesTagPlain) => batch.push({ kind: 'open', name: tag.name, attributes: tag.attributes }));
    parser.on('text', (text: string) => batch.push({ kind: 'text', text }));
    parser.on('closetag', (tag: SaxesTagPlain) => batch.push({ kind: 'close', name: tag.name }));
    parser.on('error', (error: Error) => (failure ??= error));
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let stream: Readable | undefined;
    const broken = (why: string) => new UnreadableFileError(`${this.file}: ${name} is damaged (${why})`);
    try {
      stream = await this.zip.openReadStreamPromise(entry);
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        parser.write(decoder.decode(chunk, { stream: true }));
        if (failure) throw broken(failure.message);
        yield batch;
        batch = [];
      }
      parser.write(decoder.decode());
      parser.close();
      if (failure) throw broken(failure.message);
      yield batch;
    } catch (error) {
      if (error instanceof UnreadableFileError) throw error;
      throw broken((error as Error).message);
    } finally {
      stream?.destroy();
    }
  }
}

async function listEntries(zip: ZipFile, file: string): Promise<Map<string, Entry>> {
  const entries = new Map<string, Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: Entry) => {
      if (entries.has(entry.fileName)) return reject(new UnreadableFileError(`${file}: the part ${entry.fileName} is in the workbook twice`));
      entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', (error: Error) => reject(new UnreadableFileError(`${file}: not a readable .xlsx workbook (${error.message})`)));
    zip.readEntry();
  });
  return entries;
}

function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MB`;
}
