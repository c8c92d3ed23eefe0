import type { Department } from '../core/organisation.js';
import type { RuleBook } from '../core/rule-book.js';
import { columnHeader, type ColumnKey } from './columns.js';

/** What the template's guide sheet lists for one jurisdiction: whom a row may name, and what it may be. */
export interface JurisdictionGuide {
  readonly id: string;
  readonly name: string;
  readonly departments: ReadonlyArray<{ name: string; code: string }>;
  readonly categories: ReadonlyArray<{ id: string; name: string; domain: string; rule: string; dateColumn: string }>;
}

/**
 * The guide for the jurisdictions that have departments (or the one asked for): each department, and each
 * category with the rule it falls under and the date column its deadline counts from, so that a clerk knows
 * which date to fill in.
 */
export function templateGuide(book: RuleBook, departments: readonly Department[], only?: string): JurisdictionGuide[] {
  const ids = only ? [only] : [...new Set(departments.map((d) => d.jurisdiction))];
  return ids.map((id) => ({
    id,
    name: book.jurisdiction(id).name,
    departments: departments.filter((d) => d.jurisdiction === id).map(({ name, code }) => ({ name, code })),
    categories: [...book.categoriesOf(id)].map(([category, { rule }]) => {
      const known = book.categories.get(category);
      return {
        id: category,
        name: known?.name ?? category,
        domain: book.domains.get(known?.domain ?? '')?.name ?? '',
        rule: rule.name,
        dateColumn: columnHeader(rule.event as ColumnKey),
      };
    }),
  }));
}
