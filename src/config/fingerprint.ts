import { createHash } from 'node:crypto';
import type { RuleBook } from '../core/rule-book.js';
import { formatCutoff } from '../core/cutoff.js';

/**
 * A fingerprint of everything a due date depends on: the rules (by version), each jurisdiction's parent, cut-off
 * and category mappings, the official calendars and the local adjustments. When it differs from the one the
 * ledger was last computed with, open items' due dates are recomputed.
 */
export function deadlineFingerprint(book: RuleBook, localAdjustments: ReadonlyArray<{ date: string; kind: string; jurisdiction: string }>): string {
  const content = {
    rules: [...book.rules.values()].map((rule) => [rule.id, rule.version]).sort(),
    jurisdictions: [...book.jurisdictions.values()]
      .map((j) => [j.id, j.parent ?? null, formatCutoff(j.cutoff), [...j.categories].sort()])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    calendars: book.officialYears.map((year) => [year.year, year.holidays.map((h) => [h.name, h.off, h.makeupWorkdays])]),
    local: localAdjustments.map((a) => [a.jurisdiction, a.date, a.kind]).sort(),
  };
  return createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 16);
}
