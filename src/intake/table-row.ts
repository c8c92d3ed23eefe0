/** One row of a ledger file as text cells, with its row number as a spreadsheet shows it (the header is row 1). */
export interface TableRow {
  readonly row: number;
  readonly cells: string[];
}

/** The file cannot be read as a table at all (wrong encoding, not a workbook): nothing is imported. */
export class UnreadableFileError extends Error {
  override readonly name = 'UnreadableFileError';
}
