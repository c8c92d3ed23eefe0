import { mapHeaders, type HeaderMapping } from './columns.js';
import type { TableRow } from './table-row.js';

/** A header is looked for among a sheet's first rows: above it, clerks put a title (亭湖区2026年11月政务公开台账). */
const HEADER_SEARCH_ROWS = 10;

/** Where the ledger is in a file: its sheet, its header row, and the title rows above the header that were skipped. */
export interface LedgerLayout {
  readonly sheet?: string | undefined;
  readonly header: TableRow;
  readonly mapping: HeaderMapping;
  readonly titleRows: readonly TableRow[];
}

/** A sheet that was not imported, with how many non-empty rows it has and whether it has a ledger header too. */
export interface OtherSheet {
  readonly name: string;
  rows: number;
  looksLikeLedger: boolean;
}

/** No sheet has a ledger header: the row that came closest (to report what is wrong with it), if any row had text. */
export class NoHeaderFound extends Error {
  override readonly name = 'NoHeaderFound';
  constructor(readonly closest: { sheet?: string | undefined; row: TableRow; mapping: HeaderMapping } | undefined) {
    super('no ledger header found');
  }
}

const isEmpty = (row: TableRow) => row.cells.every((cell) => cell.trim() === '');

/** The template's own explanations sheet (说明 guide): never imported, and not worth a warning. */
const isGuideSheet = (name: string) => /^(说明|guide)/i.test(name.trim());

/** A sheet named 台账 is where the ledger is, even if its header is wrong (then its problems are the ones reported). */
const isLedgerName = (name: string | undefined) => name !== undefined && /台账|ledger/i.test(name);

/**
 * Finds the ledger in a stream of rows: the first sheet that has a header row (every required column) among its
 * first ten non-empty rows; a CSV file is one sheet. Then streams that sheet's rows after the header, and counts
 * the other sheets' rows as they pass, so that they can be named. Keeps at most ten rows in memory.
 */
export class LedgerSheetReader {
  private readonly source: AsyncIterator<TableRow>;
  private layoutFound: LedgerLayout | undefined;
  private readonly others = new Map<string, OtherSheet>();

  constructor(rows: AsyncIterable<TableRow>) {
    this.source = rows[Symbol.asyncIterator]();
  }

  private async next(): Promise<TableRow | undefined> {
    const result = await this.source.next();
    return result.done ? undefined : result.value;
  }

  async layout(): Promise<LedgerLayout> {
    let closest: { sheet?: string | undefined; row: TableRow; mapping: HeaderMapping; named: boolean } | undefined;
    let sheet: string | undefined;
    let candidates: TableRow[] = [];
    let searching = true;
    for (let row = await this.next(); row; row = await this.next()) {
      if (row.sheet !== sheet) {
        // The sheet before had no header: what it holds was passed over, so it is named like the sheets after.
        if (searching) for (const passed of candidates) this.countOther(passed);
        sheet = row.sheet;
        candidates = [];
        searching = true;
      }
      if (isEmpty(row)) continue;
      if (!searching) {
        this.countOther(row);
        continue;
      }
      const mapping = mapHeaders(row.cells);
      if (mapping.missing.length === 0) {
        this.layoutFound = { sheet, header: row, mapping, titleRows: candidates };
        return this.layoutFound;
      }
      const named = isLedgerName(sheet);
      if (!closest || (named && !closest.named) || (named === closest.named && mapping.columns.size > closest.mapping.columns.size)) {
        closest = { sheet, row, mapping, named };
      }
      candidates.push(row);
      if (candidates.length >= HEADER_SEARCH_ROWS) {
        searching = false;
        for (const passed of candidates) this.countOther(passed);
      }
    }
    throw new NoHeaderFound(closest);
  }

  /** The ledger sheet's rows after its header; other sheets' rows are counted, not yielded. */
  async *rows(): AsyncGenerator<TableRow> {
    const layout = this.layoutFound;
    if (!layout) throw new Error('rows() before layout()');
    for (let row = await this.next(); row; row = await this.next()) {
      if (row.sheet === layout.sheet) yield row;
      else if (!isEmpty(row)) this.countOther(row);
    }
  }

  /** Ends the read early (a refused header, a failed import): the file is closed, not left open in a long-lived portal. */
  async close(): Promise<void> {
    await this.source.return?.(undefined);
  }

  /** The sheets that were not imported and have something in them (the template's guide sheet aside). */
  otherSheets(): OtherSheet[] {
    return [...this.others.values()];
  }

  private countOther(row: TableRow): void {
    const name = row.sheet;
    if (name === undefined || isGuideSheet(name)) return;
    let other = this.others.get(name);
    if (!other) this.others.set(name, (other = { name, rows: 0, looksLikeLedger: false }));
    other.rows++;
    if (other.rows <= HEADER_SEARCH_ROWS && !other.looksLikeLedger) other.looksLikeLedger = mapHeaders(row.cells).missing.length === 0;
  }
}
