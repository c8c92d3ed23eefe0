import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import { formatShanghai, shanghaiDate } from '../core/shanghai-time.js';
import { EXEMPTION_BASES, type ExemptionBasis } from '../ledger/item.js';
import type { Period } from './period.js';

/**
 * How timely a set of items was (公开及时率): the one definition that the dashboard, the escalation digests, the
 * 通报 draft and the annual statistics all count with.
 *
 * An item counts in a period when its due date falls in it and its due moment has passed (before `now`): an item
 * due tomorrow is neither on time nor late yet, even if it is published already. Of those, an item published by its
 * due moment is on time; one published after it, or still open, is late. Exempt items (不予公开, approved) and
 * withdrawn ones are not duties to publish: counted beside the rate, never in it; but an exemption recorded after
 * the due moment came too late to excuse the item, which was late by then: it counts in the rate, as late
 * (exemptedLate), as well as under its basis.
 */
export interface TimelinessCount {
  /** Items whose due moment came in the period and that were a duty then: onTime + publishedLate + openLate + exemptedLate. */
  readonly due: number;
  readonly onTime: number;
  /** Published after the due moment (逾期公开). */
  readonly publishedLate: number;
  /** Still not published (逾期未公开). */
  readonly openLate: number;
  /** Exempted, but only after the due moment (逾期后才决定不予公开): late. Also counted in `exempt` under its basis. */
  readonly exemptedLate: number;
  readonly exempt: Readonly<Record<ExemptionBasis, number>>;
  readonly withdrawn: number;
}

export type Grouping = 'department' | 'domain' | 'category' | 'rule' | 'month';

export interface TimelinessRow extends TimelinessCount {
  readonly department?: string;
  readonly domain?: string;
  readonly category?: string;
  readonly rule?: string;
  /** YYYY-MM of the due date. */
  readonly month?: string;
}

export interface TimelinessQuery {
  /** The departments counted (a supervisor's, or one of them). */
  readonly departments: readonly string[];
  /** Only these domains, when given (the dashboard's filter). */
  readonly domains?: readonly string[] | undefined;
  /** A period, or any span of whole days (the 12 months of a trend). */
  readonly period: Pick<Period, 'start' | 'end'>;
  /** Items due at or after it are not counted yet. */
  readonly now: DateTime;
  readonly by: readonly Grouping[];
}

const GROUP_COLUMNS: Readonly<Record<Grouping, string>> = {
  department: 'department_code',
  domain: 'domain',
  category: 'category',
  rule: 'rule_id',
  month: "to_char(due_date, 'YYYY-MM')",
};

/**
 * Which of a period's items each figure is, as SQL: the counts below and the lists the dashboard links them to
 * (figure-items.ts) share these, so a figure and its list cannot disagree.
 */
export const FIGURE_PREDICATES = {
  due: "(status in ('open', 'published') or (status = 'exempt' and exempted_at > due_at))",
  onTime: "status = 'published' and published_at <= due_at",
  publishedLate: "status = 'published' and published_at > due_at",
  openLate: "status = 'open'",
  exemptedLate: "status = 'exempt' and exempted_at > due_at",
  late: "(status = 'open' or (status = 'published' and published_at > due_at) or (status = 'exempt' and exempted_at > due_at))",
  exempt: "status = 'exempt'",
  withdrawn: "status = 'withdrawn'",
} as const;
export type PeriodFigure = keyof typeof FIGURE_PREDICATES;

/** The counted columns, as ledger_day_figures (migration 014) keeps them, with the predicate each counts. */
const COUNTED: ReadonlyArray<readonly [column: string, predicate: string]> = [
  ['on_time', FIGURE_PREDICATES.onTime],
  ['published_late', FIGURE_PREDICATES.publishedLate],
  ['open', FIGURE_PREDICATES.openLate],
  ['exempted_late', FIGURE_PREDICATES.exemptedLate],
  ...EXEMPTION_BASES.map((basis): [string, string] => [`exempt_${basis}`, `${FIGURE_PREDICATES.exempt} and exemption_basis = '${basis}'`]),
  ['withdrawn', FIGURE_PREDICATES.withdrawn],
];

type CountRow = Record<string, string | number | null>;

/** Whose items: some departments, and optionally some domains only (also the open items' lists, figure-items.ts). */
export function scopeSql(query: Pick<TimelinessQuery, 'departments' | 'domains'>): { sql: string; bindings: string[] } {
  return {
    sql: `department_code = any(array(select jsonb_array_elements_text(?::jsonb)))${query.domains ? ' and domain = any(array(select jsonb_array_elements_text(?::jsonb)))' : ''}`,
    bindings: [JSON.stringify(query.departments), ...(query.domains ? [JSON.stringify(query.domains)] : [])],
  };
}

/**
 * The items a period counts (due in it, due moment passed), of some departments and optionally domains: the one
 * WHERE clause every list of a period's items shares.
 */
export function periodItems(query: Omit<TimelinessQuery, 'by'>): { sql: string; bindings: string[] } {
  const scope = scopeSql(query);
  return {
    sql: `${scope.sql} and due_date >= ?::date and due_date < ?::date and due_at < ?::timestamptz`,
    bindings: [...scope.bindings, query.period.start, query.period.end, formatShanghai(query.now)],
  };
}

/**
 * One row per group (only groups with items); with no grouping, one row for everything. The days before today
 * come from ledger_day_figures, which the database keeps counted (migration 014); today's items are counted live,
 * those whose due moment has passed. Both by the predicates above; a test checks that the two ways agree.
 */
export async function countTimeliness(db: Knex, query: TimelinessQuery): Promise<TimelinessRow[]> {
  const today = shanghaiDate(query.now);
  const scope = scopeSql(query);
  const columns = COUNTED.map(([column]) => column).join(', ');
  const groups = query.by.map((g) => `${GROUP_COLUMNS[g]} as ${g}`);
  const { rows } = await db.raw(
    `with counted as (
       select department_code, domain, category, rule_id, due_date, ${columns}
       from ledger_day_figures where ${scope.sql} and due_date >= ?::date and due_date < least(?::date, ?::date)
       union all
       select department_code, domain, category, rule_id, due_date, ${COUNTED.map(([column, predicate]) => `(${predicate})::int as ${column}`).join(', ')}
       from ledger_items where ${scope.sql} and due_date >= greatest(?::date, ?::date) and due_date < ?::date and due_at < ?::timestamptz
     )
     select ${[...groups, ''].join(', ')} ${COUNTED.map(([column]) => `sum(${column}) as ${column}`).join(', ')}
     from counted
     ${query.by.length ? `group by ${query.by.map((_, i) => i + 1).join(', ')}` : ''}`,
    [...scope.bindings, query.period.start, query.period.end, today, ...scope.bindings, query.period.start, today, query.period.end, formatShanghai(query.now)],
  );
  // A kept row whose items all moved away counts nothing: such groups are left out, as if never counted.
  const counts = (rows as CountRow[]).filter((row) => query.by.length === 0 || COUNTED.some(([column]) => Number(row[column]) !== 0));
  return counts.map((row) => {
    const onTime = Number(row.on_time);
    const publishedLate = Number(row.published_late);
    const openLate = Number(row.open);
    const exemptedLate = Number(row.exempted_late);
    const keys: Record<string, string> = {};
    for (const g of query.by) keys[g] = String(row[g]);
    return {
      ...keys,
      due: onTime + publishedLate + openLate + exemptedLate,
      onTime,
      publishedLate,
      openLate,
      exemptedLate,
      exempt: Object.fromEntries(EXEMPTION_BASES.map((basis) => [basis, Number(row[`exempt_${basis}`])])) as Record<ExemptionBasis, number>,
      withdrawn: Number(row.withdrawn),
    };
  });
}

/** Nothing under any basis. */
export function noExemptions(): Record<ExemptionBasis, number> {
  return Object.fromEntries(EXEMPTION_BASES.map((basis) => [basis, 0])) as Record<ExemptionBasis, number>;
}

export const NO_ITEMS: TimelinessCount = { due: 0, onTime: 0, publishedLate: 0, openLate: 0, exemptedLate: 0, exempt: noExemptions(), withdrawn: 0 };

/** All the exemptions of a count, whatever their basis. */
export function exemptTotal(count: Pick<TimelinessCount, 'exempt'>): number {
  return EXEMPTION_BASES.reduce((sum, basis) => sum + count.exempt[basis], 0);
}

/** The sum of counts (a total row). */
export function sumCounts(counts: Iterable<TimelinessCount>): TimelinessCount {
  let total = NO_ITEMS;
  for (const c of counts) {
    total = {
      due: total.due + c.due,
      onTime: total.onTime + c.onTime,
      publishedLate: total.publishedLate + c.publishedLate,
      openLate: total.openLate + c.openLate,
      exemptedLate: total.exemptedLate + c.exemptedLate,
      exempt: Object.fromEntries(EXEMPTION_BASES.map((basis) => [basis, total.exempt[basis] + c.exempt[basis]])) as Record<ExemptionBasis, number>,
      withdrawn: total.withdrawn + c.withdrawn,
    };
  }
  return total;
}

export function lateCount(count: TimelinessCount): number {
  return count.publishedLate + count.openLate + count.exemptedLate;
}

/** The share on time, 0–1; undefined when nothing was due. */
export function onTimeShare(count: Pick<TimelinessCount, 'due' | 'onTime'>): number | undefined {
  return count.due === 0 ? undefined : count.onTime / count.due;
}

/** e.g. 87.5%, rounded down so that a department with one late item never reads 100.0%; nothing due yet: no rate. */
export function onTimeRate(count: Pick<TimelinessCount, 'due' | 'onTime'>): string | undefined {
  if (count.due === 0) return undefined;
  // Integer arithmetic: 29 of 100 must read 29.0%, not 28.9% through 0.29 × 1000 = 289.99….
  return `${(Math.floor((count.onTime * 1000) / count.due) / 10).toFixed(1)}%`;
}
