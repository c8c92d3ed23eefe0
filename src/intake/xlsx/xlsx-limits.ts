/**
 * What a ledger workbook may hold. A ledger is tens of thousands of rows of some twenty columns; beyond these a file
 * is a mistake or an attack (a 6 MB zip that inflates to 1.4 GB), refused before it costs memory or minutes. Each
 * refusal names the limit it hit.
 */
export const XLSX_LIMITS = {
  /** Parts in the zip (a workbook of a few sheets has about a dozen). */
  entries: 1_000,
  /** Bytes all parts declare once inflated, together. */
  totalBytes: 1024 * 2 ** 20,
  /** Bytes of the workbook, relationships and styles parts, each. */
  partBytes: 16 * 2 ** 20,
  /** Rows of all sheets together. */
  rows: 1_000_000,
  /** Columns of a row (XFD, column 16,384, in every row once took 2.8 GB). */
  columns: 200,
  /** Characters of one cell: Excel's own limit. */
  cellLength: 32_767,
  /** Entries of the shared-string table. */
  sharedStrings: 2_000_000,
} as const;

export type XlsxLimits = { readonly [K in keyof typeof XLSX_LIMITS]: number };
