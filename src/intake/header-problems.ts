import { columnHeader } from './columns.js';
import type { NoHeaderFound } from './ledger-sheet.js';

export interface HeaderProblem {
  readonly row: number;
  readonly column: string;
  readonly message: string;
}

/**
 * What to tell the clerk when no sheet has a ledger header: one line when the cause is plain (the columns are
 * not separated by commas, the encoding is wrong), else what is wrong with the row that came closest.
 */
export function headerProblems(notFound: NoHeaderFound, hints: { wrongEncoding?: string | undefined } = {}): HeaderProblem[] {
  const closest = notFound.closest;
  if (!closest) return [{ row: 1, column: '', message: 'the file is empty: it needs a header row (see `ledger template`)' }];
  const { row, mapping } = closest;
  if (hints.wrongEncoding) return [{ row: row.row, column: '', message: hints.wrongEncoding }];
  const filled = row.cells.filter((cell) => cell.trim() !== '');
  if (filled.length === 1 && mapping.columns.size === 0 && /[|,;\t，；、]/.test(filled[0] as string)) {
    const shown = (filled[0] as string).slice(0, 60);
    return [{
      row: row.row,
      column: '',
      message: `the header is one column ("${shown}"): the columns are not separated by commas, tabs or semicolons; save the sheet from Excel or WPS as "CSV (逗号分隔)" (CSV, comma delimited), or import the .xlsx`,
    }];
  }
  if (mapping.columns.size === 0) {
    const sheet = closest.sheet === undefined ? '' : ` on sheet "${closest.sheet}"`;
    return [{ row: row.row, column: '', message: `no header row found${sheet}: the first rows name none of the columns (${columnHeader('reference')}, ${columnHeader('title')}, …; see \`ledger template\`)` }];
  }
  return mapping.problems.map((problem) => ({ row: row.row, ...problem }));
}
