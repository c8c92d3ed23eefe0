import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import { writeNewFile } from '../files/safe-files.js';
import { csvBytes, excelCsv } from '../csv/excel-csv.js';
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

/**
 * The rows a partial import left out, as they were, with a last column saying why: the department fixes them
 * there and imports that file again. UTF-8 with a byte-order mark, so that Excel shows the Chinese text.
 */
export async function writeRejects(
  options: RejectsTarget,
  header: readonly string[],
  rows: readonly RejectedRow[],
): Promise<string> {
  const path = options.rejectsFile ?? defaultRejectsFile(options.file);
  const width = rows.reduce((widest, row) => Math.max(widest, row.cells.length), header.length);
  const pad = (cells: readonly string[]) => [...cells, ...Array<string>(width - cells.length).fill('')];
  const inOrder = [...rows].sort((a, b) => a.row - b.row);
  // A file that was itself a rejects file keeps one reasons column: the new reasons replace the old.
  const reasonsAt = header.indexOf(REJECTS_HEADER);
  const keep = (cells: readonly string[]) => (reasonsAt < 0 ? pad(cells) : pad(cells).filter((_, i) => i !== reasonsAt));
  // Formulas neutralised as in every CSV the project writes (an inert text cell of an .xlsx must not come back live);
  // the import restores them when the file is read back.
  const csv = excelCsv([...keep(header), REJECTS_HEADER], inOrder.map((row) => [...keep(row.cells), row.reasons.join('；')]));
  await writeNewFile(path, csvBytes(csv), { force: options.overwriteRejects });
  return path;
}
