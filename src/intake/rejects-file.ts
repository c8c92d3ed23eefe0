import { writeFile } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';

export interface RejectedRow {
  readonly cells: readonly string[];
  readonly reasons: readonly string[];
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
  options: { file: string; rejectsFile?: string | undefined },
  header: readonly string[],
  rows: readonly RejectedRow[],
): Promise<string> {
  const path = options.rejectsFile ?? defaultRejectsFile(options.file);
  const width = Math.max(header.length, ...rows.map((row) => row.cells.length));
  const pad = (cells: readonly string[]) => [...cells, ...Array<string>(width - cells.length).fill('')];
  const records = [[...pad(header), '错误原因 errors'], ...rows.map((row) => [...pad(row.cells), row.reasons.join('；')])];
  await writeFile(path, `\uFEFF${stringify(records)}`, 'utf8');
  return path;
}
