import type { z } from 'zod';

/** One thing wrong in the admin's config, located as precisely as the check allows. */
export interface ConfigProblem {
  /** The file, relative to the working directory. */
  readonly file: string;
  /** Dotted path of the field inside the file, e.g. holidays.2.off.1; empty for the file as a whole. */
  readonly path: string;
  readonly message: string;
  /** The line of the file where the field is (or its object, for a key that is missing), when known. */
  readonly line?: number;
}

export function formatProblem(problem: ConfigProblem): string {
  const where = problem.line === undefined ? '' : ` (line ${problem.line})`;
  return problem.path ? `${problem.file}: ${problem.path}: ${problem.message}${where}` : `${problem.file}: ${problem.message}${where}`;
}

/** Bad config stops the program with every problem listed, not just the first. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(`invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
  }
}

export function joinPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map(String).join('.');
}

export function problemsFromZod(file: string, error: z.ZodError, basePath: ReadonlyArray<PropertyKey> = []): ConfigProblem[] {
  return error.issues.map((issue) => {
    const path = joinPath([...basePath, ...issue.path]);
    if (issue.code === 'unrecognized_keys') {
      return { file, path, message: `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}` };
    }
    // zod says "Invalid input: expected string, received undefined" for a missing key.
    if (issue.code === 'invalid_type' && / received undefined$/.test(issue.message)) return { file, path, message: 'is required' };
    return { file, path, message: issue.message };
  });
}

/** Collects problems while checking, so that one run reports them all. */
export class ProblemList {
  readonly items: ConfigProblem[] = [];
  add(file: string, path: string, message: string): void {
    this.items.push({ file, path, message });
  }
  addAll(problems: readonly ConfigProblem[]): void {
    this.items.push(...problems);
  }
  get empty(): boolean {
    return this.items.length === 0;
  }
}
