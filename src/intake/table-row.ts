/**
 * What a workbook cell held besides its text: a number (a date column reads it as an Excel date serial), a
 * formula whose result is an error (the text is the error, `#DIV/0!`), or a formula with no saved result (the
 * text is the formula, `=TODAY()-3`: the file was written by a program that does not calculate).
 */
export type CellKind = 'number' | 'error' | 'unsaved-formula';

/** One row of a ledger file as text cells, with its row number as a spreadsheet shows it (the header is row 1). */
export interface TableRow {
  /** The worksheet's name (an .xlsx file), undefined for a CSV file. */
  readonly sheet?: string | undefined;
  readonly row: number;
  readonly cells: string[];
  /** By cell index, for the cells that were not plain text; absent when all were (every CSV cell). */
  readonly kinds?: ReadonlyArray<CellKind | undefined> | undefined;
}

/** The file cannot be read as a table at all (wrong encoding, not a workbook): nothing is imported. */
export class UnreadableFileError extends Error {
  override readonly name = 'UnreadableFileError';
}
