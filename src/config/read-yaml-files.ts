import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { locateProblem } from './locate-problem.js';
import { problemsFromZod, type ProblemList } from './problems.js';

export interface ParsedFile<T> {
  /** Path relative to the working directory, as problems name it. */
  readonly file: string;
  /** The file name without its directory and `.yaml`. */
  readonly stem: string;
  readonly value: T;
}

export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' || rel.startsWith('..') ? path : rel;
}

/** The `.yaml`/`.yml` files directly inside a directory, sorted by name; none when it does not exist. */
export function yamlFilesIn(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(dir, name));
}

/** Reads and validates one YAML file; a syntax or schema problem is recorded and the file is skipped. */
export function readYamlFile<S extends z.ZodType>(path: string, schema: S, problems: ProblemList): ParsedFile<z.output<S>> | undefined {
  const file = displayPath(path);
  const stem = path.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/, '');
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (error) {
    problems.add(file, '', `cannot be read: ${(error as Error).message}`);
    return undefined;
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const position = error.linePos?.[0];
      const where = position ? `line ${position.line} column ${position.col}` : '';
      problems.add(file, where, `YAML syntax: ${(error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`);
    }
    return undefined;
  }
  let value: unknown;
  try {
    // yaml refuses an alias that expands past its limit (a "billion laughs" file): the file's problem, not a crash.
    value = document.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    problems.add(file, '', `cannot be read: ${(error as Error).message} (aliases, *name, expand too far)`);
    return undefined;
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const { issues } = result.error;
    // A key reported missing next to an unknown one is what the unknown one was probably meant to be.
    const missingIn = new Map<string, string[]>();
    for (const issue of issues) {
      if (issue.code !== 'invalid_type' || !/ received undefined$/.test(issue.message) || issue.path.length === 0) continue;
      const parent = JSON.stringify(issue.path.slice(0, -1));
      missingIn.set(parent, [...(missingIn.get(parent) ?? []), String(issue.path.at(-1))]);
    }
    // problemsFromZod gives one problem per issue, in order: each is placed by its issue's path.
    problems.addAll(problemsFromZod(file, result.error).map((problem, i) => {
      const issue = issues[i]!;
      const unknown = issue.code === 'unrecognized_keys' ? { keys: issue.keys, missing: missingIn.get(JSON.stringify(issue.path)) ?? [] } : undefined;
      return locateProblem(problem, issue.path, unknown, document, lineCounter);
    }));
    return undefined;
  }
  return { file, stem, value: result.data };
}
