import type { ImportProblem } from './import-ledger.js';

/** Problems listed one by one, at most: beyond, a file of 500,000 bad rows is counted, not listed (the text, the JSON). */
export const LISTED_PROBLEMS = 1_000;

/** The problems of an import: the first LISTED_PROBLEMS in full, the rest counted by column. */
export class ProblemReport {
  private readonly listed: ImportProblem[] = [];
  private readonly unlisted = new Map<string, number>();
  private rows = 0;
  private lastRow = -1;

  add(problem: ImportProblem): void {
    if (problem.row !== this.lastRow) {
      this.rows++;
      this.lastRow = problem.row;
    }
    if (this.listed.length < LISTED_PROBLEMS) this.listed.push(problem);
    else this.unlisted.set(problem.column || '(file)', (this.unlisted.get(problem.column || '(file)') ?? 0) + 1);
  }

  get empty(): boolean {
    return this.rows === 0;
  }

  /** Rows with a problem (a row's problems are added together). */
  get rejectedRows(): number {
    return this.rows;
  }

  /** The problems listed, by row. */
  problems(): ImportProblem[] {
    return [...this.listed].sort((a, b) => a.row - b.row);
  }

  /** How many more there were, by column, beyond those listed; undefined when none were left out. */
  more(): Record<string, number> | undefined {
    return this.unlisted.size === 0 ? undefined : Object.fromEntries(this.unlisted);
  }
}
