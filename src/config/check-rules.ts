import { createHash } from 'node:crypto';
import type { Category, Jurisdiction } from '../core/rule-book.js';
import type { Rule } from '../core/rule-types.js';
import { END_OF_DAY, parseCutoff, type Cutoff } from '../core/cutoff.js';
import { closestNames } from '../core/suggest.js';
import type { ProblemList } from './problems.js';
import type { ParsedFile } from './read-yaml-files.js';
import type { CategoriesFile, RuleFileEntry, RulesFile } from './schemas.js';

export interface CheckedRules {
  readonly rules: Rule[];
  readonly jurisdictions: Jurisdiction[];
  readonly categories: Category[];
}

/** A stable fingerprint of what a rule means; recorded with each item so that a changed rule can be found. */
export function ruleVersion(entry: RuleFileEntry): string {
  const canonical = JSON.stringify(sortKeys(entry));
  return createHash('sha256').update(canonical).digest('hex').slice(0, 12);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, sortKeys(v)]));
}

function hint(value: string, known: Iterable<string>): string {
  const names = closestNames(value, known);
  return names.length > 0 ? `; did you mean ${names.join(', ')}?` : '';
}

export function checkCategories(file: ParsedFile<CategoriesFile>, problems: ProblemList): Category[] {
  const domains = new Set<string>();
  file.value.domains.forEach((domain, i) => {
    if (domains.has(domain.id)) problems.add(file.file, `domains.${i}.id`, `domain "${domain.id}" is listed twice`);
    domains.add(domain.id);
  });
  const seen = new Set<string>();
  file.value.categories.forEach((category, i) => {
    if (seen.has(category.id)) problems.add(file.file, `categories.${i}.id`, `category "${category.id}" is listed twice`);
    seen.add(category.id);
    if (!domains.has(category.domain)) {
      problems.add(file.file, `categories.${i}.domain`, `unknown domain "${category.domain}"${hint(category.domain, domains)}`);
    }
  });
  return file.value.categories.map(({ id, name, domain }) => ({ id, name, domain }));
}

/** Checks the jurisdiction files together: unique ids, a tree with one root, and mappings that point somewhere. */
export function checkRules(
  files: ReadonlyArray<ParsedFile<RulesFile>>,
  categories: readonly Category[],
  problems: ProblemList,
): CheckedRules {
  const ruleOwners = new Map<string, string>();
  const jurisdictionFiles = new Map<string, ParsedFile<RulesFile>>();
  const rules: Rule[] = [];

  for (const parsed of files) {
    const { file, value } = parsed;
    const earlier = jurisdictionFiles.get(value.jurisdiction.id);
    if (earlier) problems.add(file, 'jurisdiction.id', `jurisdiction "${value.jurisdiction.id}" is already defined in ${earlier.file}`);
    else jurisdictionFiles.set(value.jurisdiction.id, parsed);
    value.rules.forEach((entry, i) => {
      const owner = ruleOwners.get(entry.id);
      if (owner) problems.add(file, `rules.${i}.id`, `rule "${entry.id}" is already defined in ${owner}`);
      ruleOwners.set(entry.id, file);
      rules.push({ ...entry, definedIn: value.jurisdiction.id, version: ruleVersion(entry) } as Rule);
    });
  }

  const categoryIds = new Set(categories.map((c) => c.id));
  for (const { file, value } of files) {
    const parent = value.jurisdiction.parent;
    if (parent !== undefined && !jurisdictionFiles.has(parent)) {
      problems.add(file, 'jurisdiction.parent', `unknown jurisdiction "${parent}"${hint(parent, jurisdictionFiles.keys())}`);
    }
    for (const [category, ruleId] of Object.entries(value.categories)) {
      if (!categoryIds.has(category)) {
        problems.add(file, `categories.${category}`, `unknown category "${category}"${hint(category, categoryIds)} (categories are listed in categories.yaml)`);
      }
      if (!ruleOwners.has(ruleId)) {
        problems.add(file, `categories.${category}`, `unknown rule "${ruleId}"${hint(ruleId, ruleOwners.keys())}`);
      }
    }
  }
  checkTree(jurisdictionFiles, problems);
  return { rules, jurisdictions: buildJurisdictions(jurisdictionFiles), categories: [...categories] };
}

function checkTree(jurisdictionFiles: ReadonlyMap<string, ParsedFile<RulesFile>>, problems: ProblemList): void {
  const roots = [...jurisdictionFiles.values()].filter((f) => f.value.jurisdiction.parent === undefined);
  if (jurisdictionFiles.size > 0 && roots.length !== 1) {
    const where = roots.length === 0 ? 'none has' : `${roots.map((r) => r.file).join(', ')} have`;
    problems.add(roots[0]?.file ?? 'config/rules', 'jurisdiction.parent', `exactly one jurisdiction (the national one) must have no parent; ${where} none`);
  }
  for (const [id, parsed] of jurisdictionFiles) {
    const visited = new Set<string>([id]);
    for (let current = parsed.value.jurisdiction.parent; current !== undefined; current = jurisdictionFiles.get(current)?.value.jurisdiction.parent) {
      if (visited.has(current)) {
        problems.add(parsed.file, 'jurisdiction.parent', `the parents of "${id}" form a cycle through "${current}"`);
        break;
      }
      visited.add(current);
    }
  }
}

/** Resolves inherited settings (cut-off time, locale) down the tree. */
function buildJurisdictions(jurisdictionFiles: ReadonlyMap<string, ParsedFile<RulesFile>>): Jurisdiction[] {
  const inherited = (id: string | undefined, pick: (file: RulesFile) => string | undefined, depth = 0): string | undefined => {
    const file = id === undefined ? undefined : jurisdictionFiles.get(id);
    if (!file || depth > jurisdictionFiles.size) return undefined;
    return pick(file.value) ?? inherited(file.value.jurisdiction.parent, pick, depth + 1);
  };
  return [...jurisdictionFiles.values()].map(({ value }) => {
    const cutoffText = inherited(value.jurisdiction.id, (f) => f.jurisdiction.cutoff);
    const cutoff: Cutoff = (cutoffText === undefined ? undefined : parseCutoff(cutoffText)) ?? END_OF_DAY;
    const locale = inherited(value.jurisdiction.id, (f) => f.jurisdiction.locale) === 'en' ? 'en' : 'zh';
    return {
      id: value.jurisdiction.id,
      name: value.jurisdiction.name,
      parent: value.jurisdiction.parent,
      cutoff,
      locale,
      categories: new Map(Object.entries(value.categories)),
    };
  });
}
