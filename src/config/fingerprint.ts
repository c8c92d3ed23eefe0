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

type LocalAdjustments = ReadonlyArray<{ date: string; kind: string; jurisdiction: string }>;

/**
 * What a due date depends on, in parts, so that a recompute can tell what changed. The calendars are kept by year
 * (官方节假日安排 and 地方调整 together): a new year's notice, or a local closure, moves only the items whose
 * counting reaches into that year, and a recompute then reads only those.
 */
export interface DeadlineFingerprintParts {
  /** The engine's version, the rules (by version), each jurisdiction's parent, cut-off and category mappings. */
  readonly base: string;
  /** Each calendar year's official schedule and local adjustments, by year ("2026": hash). */
  readonly years: Readonly<Record<string, string>>;
}

function hash(content: unknown): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 16);
}

/**
 * A fingerprint of everything a due date depends on: the engine's version, the rules (by version), each jurisdiction's parent, cut-off
 * and category mappings, the official calendars and the local adjustments. When it differs from the one the
 * ledger was last computed with, open items' due dates are recomputed.
 */
export function deadlineFingerprint(book: RuleBook, localAdjustments: LocalAdjustments): string {
  return hash({ ...baseContent(book), ...calendarContent(book, localAdjustments) });
}

/** The same content as deadlineFingerprint, in parts: what every item depends on, and each calendar year. */
export function deadlineFingerprintParts(book: RuleBook, localAdjustments: LocalAdjustments): DeadlineFingerprintParts {
  const years = new Map<number, { official: unknown; local: unknown[] }>();
  const year = (y: number) => years.get(y) ?? years.set(y, { official: null, local: [] }).get(y)!;
  for (const official of book.officialYears) year(official.year).official = holidaysContent(official);
  for (const adjustment of [...localAdjustments].sort(compareAdjustments)) year(Number(adjustment.date.slice(0, 4))).local.push(adjustmentContent(adjustment));
  return { base: hash(baseContent(book)), years: Object.fromEntries([...years].map(([y, content]) => [String(y), hash(content)])) };
}

/**
 * The calendar years whose content differs between two sets of parts (added, removed or changed), or 'all' when
 * what every item depends on changed.
 */
export function changedYears(before: DeadlineFingerprintParts, after: DeadlineFingerprintParts): number[] | 'all' {
  if (before.base !== after.base) return 'all';
  const years = new Set([...Object.keys(before.years), ...Object.keys(after.years)]);
  return [...years].filter((y) => before.years[y] !== after.years[y]).map(Number).sort((a, b) => a - b);
}

function baseContent(book: RuleBook) {
  return {
    engine: ENGINE_VERSION,
    rules: [...book.rules.values()].map((rule) => [rule.id, rule.version]).sort(),
    jurisdictions: [...book.jurisdictions.values()]
      .map((j) => [j.id, j.parent ?? null, formatCutoff(j.cutoff), [...j.categories].sort()])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
  };
}

function calendarContent(book: RuleBook, localAdjustments: LocalAdjustments) {
  return {
    calendars: book.officialYears.map((year) => [year.year, holidaysContent(year)]),
    local: localAdjustments.map(adjustmentContent).sort(),
  };
}

/** What a year's official schedule contributes to a fingerprint (the whole one and its year's part alike). */
function holidaysContent(year: RuleBook['officialYears'][number]): unknown[] {
  return year.holidays.map((h) => [h.name, h.off, h.makeupWorkdays]);
}

function adjustmentContent(a: LocalAdjustments[number]): string[] {
  return [a.jurisdiction, a.date, a.kind];
}

function compareAdjustments(a: LocalAdjustments[number], b: LocalAdjustments[number]): number {
  return a.jurisdiction.localeCompare(b.jurisdiction) || a.date.localeCompare(b.date) || a.kind.localeCompare(b.kind);
}
