import type { Department } from '../core/organisation.js';

/** Rows of one jurisdiction named in the refusal, at most. */
const ROWS_NAMED = 5;

/**
 * Which jurisdictions a file's rows belong to. A ledger file is one jurisdiction's: department names repeat
 * across jurisdictions (财政局), so a row that resolves elsewhere is a misfiled row, not another district's item.
 */
export class JurisdictionTally {
  private readonly rows = new Map<string, { count: number; rows: number[]; department: string }>();
  private leader: string | undefined;

  add(row: number, department: Department | undefined): void {
    if (!department) return;
    let tally = this.rows.get(department.jurisdiction);
    if (!tally) this.rows.set(department.jurisdiction, (tally = { count: 0, rows: [], department: department.name }));
    tally.count++;
    if (tally.rows.length < ROWS_NAMED) tally.rows.push(row);
    if (!this.leader || tally.count > (this.rows.get(this.leader)?.count ?? 0)) this.leader = department.jurisdiction;
  }

  /** The jurisdiction most of the rows so far belong to. */
  likely(): string | undefined {
    return this.leader;
  }

  /** Why the file is refused, when its rows belong to more than one jurisdiction; undefined when they do not. */
  refusal(nameOf: (jurisdiction: string) => string): string | undefined {
    if (this.rows.size < 2) return undefined;
    const ranked = [...this.rows].sort((a, b) => b[1].count - a[1].count);
    const parts = ranked.map(([id, { count, rows, department }]) => {
      const plural = count === 1 ? 'row' : 'rows';
      const named = `${plural} ${rows.join(', ')}${count > rows.length ? ', …' : ''}`;
      return `${id} (${nameOf(id)}): ${count} ${plural}, e.g. ${department} (${named})`;
    });
    const main = ranked[0]![0];
    return (
      `the rows belong to ${ranked.length} jurisdictions — ${parts.join('; ')}. A ledger file is one jurisdiction's: ` +
      `run again with --jurisdiction ${main} (department names are then looked up there only, and rows of another jurisdiction are refused), or split the file`
    );
  }
}
