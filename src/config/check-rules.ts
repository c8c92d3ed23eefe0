import type { Category, Jurisdiction } from '../core/rule-book.js';
import type { Rule } from '../core/rule-types.js';
import { END_OF_DAY, type Cutoff } from '../core/cutoff.js';
import { didYouMean } from '../core/suggest.js';
import { checkJurisdictionTree } from './check-jurisdiction-tree.js';
import type { ProblemList } from './problems.js';
import type { ParsedFile } from './read-yaml-files.js';
import { ruleVersion } from './rule-version.js';
import type { RulesFile } from './schemas.js';

export interface CheckedRules {
  readonly rules: Rule[];
  readonly jurisdictions: Jurisdiction[];
  /** Old rule id → the rule that answers for it now. */
  readonly ruleAliases: Map<string, string>;
  /** Each jurisdiction's id with its ancestors' ids, nearest first (a loop, reported, is cut). */
  readonly lineages: Map<string, string[]>;
}

export interface Completeness {
  /** Every rules file parsed: an unknown rule or jurisdiction is really unknown, not in a file that failed. */
  readonly rulesComplete: boolean;
  /** categories.yaml parsed. */
  readonly categoriesKnown: boolean;
}

/**
 * Checks the jurisdiction files together: unique ids, one tree, and category mappings that point to known
 * categories and to rules of the jurisdiction itself or an ancestor.
 */
export function checkRules(
  files: ReadonlyArray<ParsedFile<RulesFile>>,
  categories: readonly Category[],
  rulesDir: string,
  completeness: Completeness,
  problems: ProblemList,
): CheckedRules {
  const ruleFiles = new Map<string, string>();
  const jurisdictionFiles = new Map<string, ParsedFile<RulesFile>>();
  const rules: Rule[] = [];
  for (const parsed of files) {
    const { file, value } = parsed;
    const earlier = jurisdictionFiles.get(value.jurisdiction.id);
    if (earlier) problems.add(file, 'jurisdiction.id', `jurisdiction "${value.jurisdiction.id}" is already defined in ${earlier.file}`);
    else jurisdictionFiles.set(value.jurisdiction.id, parsed);
    value.rules.forEach((entry, i) => {
      const owner = ruleFiles.get(entry.id);
      if (owner) problems.add(file, `rules.${i}.id`, `rule "${entry.id}" is already defined in ${owner}`);
      ruleFiles.set(entry.id, file);
      rules.push({ ...entry, definedIn: value.jurisdiction.id, version: ruleVersion(entry) } as Rule);
    });
  }
  checkJurisdictionTree(jurisdictionFiles, rulesDir, completeness.rulesComplete, problems);
  checkMappings(jurisdictionFiles, rules, categories, completeness, problems);
  const ruleAliases = checkAliases(files, rules, completeness, problems);
  const lineages = new Map([...jurisdictionFiles.keys()].map((id) => [id, lineageOf(id, jurisdictionFiles)]));
  return { rules, jurisdictions: buildJurisdictions(jurisdictionFiles), ruleAliases, lineages };
}

/** An alias names an id no rule has any more, and points at a rule that exists (never at another alias). */
function checkAliases(
  files: ReadonlyArray<ParsedFile<RulesFile>>,
  rules: readonly Rule[],
  completeness: Completeness,
  problems: ProblemList,
): Map<string, string> {
  const ruleIds = new Set(rules.map((rule) => rule.id));
  const aliases = new Map<string, string>();
  for (const { file, value } of files) {
    for (const [alias, target] of Object.entries(value.aliases)) {
      const path = `aliases.${alias}`;
      if (ruleIds.has(alias)) problems.add(file, path, `"${alias}" is a rule's id: an alias names an id that no rule has any more`);
      else if (aliases.has(alias)) problems.add(file, path, `alias "${alias}" is given twice`);
      if (!ruleIds.has(target) && completeness.rulesComplete) {
        problems.add(file, path, `unknown rule "${target}"${didYouMean(target, ruleIds)}`);
      }
      aliases.set(alias, target);
    }
  }
  return aliases;
}

function checkMappings(
  jurisdictionFiles: ReadonlyMap<string, ParsedFile<RulesFile>>,
  rules: readonly Rule[],
  categories: readonly Category[],
  completeness: Completeness,
  problems: ProblemList,
): void {
  const categoryIds = new Set(categories.map((c) => c.id));
  const definedIn = new Map(rules.map((rule) => [rule.id, rule.definedIn]));
  for (const [id, { file, value }] of jurisdictionFiles) {
    const lineage = lineageOf(id, jurisdictionFiles);
    // Only a chain that reaches the root can tell whether a rule is an ancestor's (a parent may be in a failed file).
    const reachesRoot = jurisdictionFiles.get(lineage[lineage.length - 1] as string)?.value.jurisdiction.parent === undefined;
    for (const [category, ruleId] of Object.entries(value.categories)) {
      const path = `categories.${category}`;
      if (completeness.categoriesKnown && !categoryIds.has(category)) {
        problems.add(file, path, `unknown category "${category}"${didYouMean(category, categoryIds)} (categories are listed in categories.yaml)`);
      }
      const owner = definedIn.get(ruleId);
      if (owner === undefined) {
        if (completeness.rulesComplete) problems.add(file, path, `unknown rule "${ruleId}"${didYouMean(ruleId, definedIn.keys())}`);
      } else if (reachesRoot && !lineage.includes(owner)) {
        problems.add(file, path, `rule "${ruleId}" belongs to jurisdiction ${owner}, which is not ${id} or one of its parents (${lineage.join(' → ')})`);
      }
    }
  }
}

/** The jurisdiction and its ancestors, nearest first; stops at an unknown parent or a loop. */
function lineageOf(id: string, files: ReadonlyMap<string, ParsedFile<RulesFile>>): string[] {
  const lineage: string[] = [];
  for (let current: string | undefined = id; current !== undefined && files.has(current) && !lineage.includes(current); ) {
    lineage.push(current);
    current = files.get(current)?.value.jurisdiction.parent;
  }
  return lineage;
}

/** Resolves inherited settings (cut-off time, locale) down the tree. */
function buildJurisdictions(files: ReadonlyMap<string, ParsedFile<RulesFile>>): Jurisdiction[] {
  return [...files.keys()].map((id) => {
    const chain = lineageOf(id, files).map((member) => (files.get(member) as ParsedFile<RulesFile>).value);
    const own = chain[0] as RulesFile;
    const cutoff: Cutoff = chain.find((f) => f.jurisdiction.cutoff)?.jurisdiction.cutoff ?? END_OF_DAY;
    const locale = chain.find((f) => f.jurisdiction.locale)?.jurisdiction.locale ?? 'zh';
    return {
      id,
      name: own.jurisdiction.name,
      parent: own.jurisdiction.parent,
      cutoff,
      locale,
      categories: new Map(Object.entries(own.categories)),
    };
  });
}
