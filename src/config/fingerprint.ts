import { createHash } from 'node:crypto';
import type { RuleBook } from '../core/rule-book.js';
import { formatCutoff } from '../core/cutoff.js';

/**
 * The counting itself, apart from config: raised whenever the engine counts a due date differently from the same
 * rules and calendars, so that a ledger computed by the earlier engine is recomputed at the next start. 2: a year
 * without its notice keeps the statutory holidays (it was Mon–Fri only); a late extension no longer moves a reply.
 * 3: the engine's warnings are kept on the item (migration 018), so open items get theirs.
 */
export const ENGINE_VERSION = 3;

/**
 * A fingerprint of everything a due date depends on: the engine's version, the rules (by version), each jurisdiction's parent, cut-off
 * and category mappings, the official calendars and the local adjustments. When it differs from the one the
 * ledger was last computed with, open items' due dates are recomputed.
 */
export function deadlineFingerprint(book: RuleBook, localAdjustments: ReadonlyArray<{ date: string; kind: string; jurisdiction: string }>): string {
  const content = {
    engine: ENGINE_VERSION,
    rules: [...book.rules.values()].map((rule) => [rule.id, rule.version]).sort(),
    jurisdictions: [...book.jurisdictions.values()]
      .map((j) => [j.id, j.parent ?? null, formatCutoff(j.cutoff), [...j.categories].sort()])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    calendars: book.officialYears.map((year) => [year.year, year.holidays.map((h) => [h.name, h.off, h.makeupWorkdays])]),
    local: localAdjustments.map((a) => [a.jurisdiction, a.date, a.kind]).sort(),
  };
  return createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 16);
}
