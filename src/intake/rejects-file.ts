import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import { FileInTheMaking } from '../files/safe-files.js';
import { excelCsvRecords } from '../csv/excel-csv.js';
import { REJECTS_HEADER } from './columns.js';

export interface RejectedRow {
  readonly row: number;
  readonly cells: readonly string[];
  readonly reasons: readonly string[];
}

export interface RejectsTarget {
  readonly file: string;
  readonly rejectsFile?: string | undefined;
  /** An existing rejects file is refused unless this is set (`--force`). */
  readonly overwriteRejects?: boolean | undefined;
}

/**
 * Before the import reads anything: the rejects file is never the file being imported (the clerk's ledger would be
 * lost), and an existing one is refused unless asked, rather than after the whole file was checked.
 */
export function checkRejectsTarget(options: RejectsTarget): void {
  const path = options.rejectsFile ?? defaultRejectsFile(options.file);
  if (resolve(path) === resolve(options.file) || sameFile(path, options.file)) {
    throw new InputError(`--rejects ${path} is the file being imported: the bad rows go to a file of their own`);
  }
  if (!options.overwriteRejects && existsSync(path)) throw new InputError(`${path} exists (the rejects of an earlier import?): remove it, choose --rejects, or --force to overwrite it`);
}

function sameFile(a: string, b: string): boolean {
  try {
    const [x, y] = [statSync(a), statSync(b)];
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

/** `ledger.xlsx` → `ledger.rejects.csv`, beside it. */
export function defaultRejectsFile(file: string): string {
  return file.replace(/\.[^./\\]+$/, '') + '.rejects.csv';
}

/** Rows gathered before they are written: a few write calls for a big file, not one per row. */
const FLUSH_ROWS = 500;
const UTF8_BOM = new Uint8Array([0xef, 0xbb, 0xbf]);

/**
 * The rows a partial import left out, as they were, with a last column saying why: the department fixes them
 * there and imports that file again. UTF-8 with a byte-order mark, so that Excel shows the Chinese text; formulas
 * neutralised as in every CSV the project writes (an inert text cell of an .xlsx must not come back live), which
 * the import undoes when the file is read back. Written as the rows come, to a temporary file that appears at its
 * path only when the import commits: half a million bad rows cost no memory, and a failed import leaves nothing.
 */
export class RejectsWriter {
  private pending: string[][] = [];
  private file: FileInTheMaking | undefined;
  private readonly width: number;
  private readonly reasonsAt: number;

  constructor(
    private readonly target: RejectsTarget,
    private readonly header: readonly string[],
  ) {
    // A file that was itself a rejects file keeps one reasons column: the new reasons replace the old.
    this.reasonsAt = header.indexOf(REJECTS_HEADER);
    this.width = header.length;
  }

  get path(): string {
    return this.target.rejectsFile ?? defaultRejectsFile(this.target.file);
  }

  async add(row: RejectedRow): Promise<void> {
    this.pending.push([...this.keep(row.cells), row.reasons.join('；')]);
    if (this.pending.length >= FLUSH_ROWS) await this.flush();
  }

  /** Writes what is left and puts the file in place; undefined when no row was rejected (no file then). */
  async publish(): Promise<string | undefined> {
    if (!this.file && this.pending.length === 0) return undefined;
    await this.flush();
    await this.file!.publish({ force: this.target.overwriteRejects });
    return this.path;
  }

  async discard(): Promise<void> {
    await this.file?.discard();
  }

  private async flush(): Promise<void> {
    if (!this.file) {
      this.file = await FileInTheMaking.begin(this.path);
      await this.file.write(UTF8_BOM);
      await this.file.write(Buffer.from(excelCsvRecords([[...this.keep(this.header), REJECTS_HEADER]]), 'utf8'));
    }
    if (this.pending.length === 0) return;
    const records = this.pending;
    this.pending = [];
    await this.file.write(Buffer.from(excelCsvRecords(records), 'utf8'));
  }

  /** The cells under the file's own header, the old reasons column dropped; cells past the header have none to go under. */
  private keep(cells: readonly string[]): string[] {
    const kept: string[] = [];
    for (let i = 0; i < this.width; i++) if (i !== this.reasonsAt) kept.push(cells[i] ?? '');
    return kept;
  }
}
