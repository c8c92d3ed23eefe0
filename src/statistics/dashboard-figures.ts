import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import type { LoadedConfig } from '../config/load-config.js';
import { addDays } from '../core/civil-date.js';
import type { Supervisor } from '../core/organisation.js';
import { shanghaiDate } from '../core/shanghai-time.js';
import { gatherCheckFindings, gatherLateItems } from '../delivery/escalation-facts.js';
import { agingBucket, type CheckFinding, type LateItem } from '../delivery/escalation-report.js';
import { domainName, localeOf } from '../delivery/mail-names.js';
import { byChinese, counted, departmentFigures, monthlyTrend, officeDepartments, type CountedRow, type DepartmentFigures, type FigureScope, type MonthFigures } from './office-figures.js';
import type { Period } from './period.js';
import { openItems } from './figure-items.js';
import { countTimeliness } from './timeliness.js';

/** The dashboard's filter: one department (by code) and/or one domain (by id), or everything. */
export interface DashboardFilter {
  readonly department?: string | undefined;
  readonly domain?: string | undefined;
}

export interface NowCounts {
  readonly open: number;
  /** Open, not yet late, due by the end of this week (Sunday, Beijing time). */
  readonly dueThisWeek: number;
  /** Open past their due moment. */
  readonly late: number;
  /** On the 督办 step of the ladder or past it. */
  readonly escalated: number;
  /** On the 通报 step (candidates for a circulated notice). */
  readonly notice: number;
}

export interface DashboardFigures {
  readonly period: Period;
  readonly filter: DashboardFilter;
  readonly now: NowCounts;
  readonly departments: DepartmentFigures;
  readonly trend: readonly MonthFigures[];
  /** The period's figures by domain (领域). */
  readonly byDomain: ReadonlyArray<{ readonly domain: string; readonly domainName: string; readonly count: CountedRow }>;
  /** Open late items now by working days late: ≤5, 6–10, 11–20, over 20. */
  readonly aging: readonly [number, number, number, number];
  /** The open late items now (what the late, escalated and 通报 counts link to). */
  readonly lateItems: readonly LateItem[];
  readonly checkFindings: readonly CheckFinding[];
}

/** The scope a filter leaves of an office's departments. */
export function filteredScope(config: LoadedConfig, supervisor: Supervisor, filter: DashboardFilter): FigureScope {
  const departments = officeDepartments(config, supervisor).filter((d) => !filter.department || d.code === filter.department);
  return { departments, domains: filter.domain ? [filter.domain] : undefined };
}

/** Whether an item is in what the filter leaves of the office's. */
function inScope(config: LoadedConfig, supervisor: Supervisor, filter: DashboardFilter): (item: { departmentCode: string; domain: string }) => boolean {
  const codes = new Set(filteredScope(config, supervisor, filter).departments.map((d) => d.code));
  return (item) => codes.has(item.departmentCode) && (!filter.domain || item.domain === filter.domain);
}

/** The open late items now, as the day's digest has them (with their ladder stage), in the filter's scope. */
export async function lateItemsNow(db: Knex, config: LoadedConfig, supervisor: Supervisor, filter: DashboardFilter, now: DateTime): Promise<LateItem[]> {
  const late = (await gatherLateItems(db, config, supervisor, now)).filter(inScope(config, supervisor, filter));
  return late.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.reference.localeCompare(b.reference));
}

/**
 * Whether a late item is in one of the dashboard's counts now: every late item is late (overdue); escalated counts
 * those on the 督办 step or past it; notice those on the 通报 step. The counts and their lists both ask this.
 */
export function inLateFigure(item: Pick<LateItem, 'stage'>, figure: 'overdue' | 'escalated' | 'notice'): boolean {
  if (figure === 'overdue') return true;
  return item.stage === 'notice' || (figure === 'escalated' && item.stage === 'escalated');
}

/** The Sunday that ends the week holding `today` (weeks run Monday to Sunday). */
export function endOfWeek(today: string): string {
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  return addDays(today, (7 - weekday) % 7);
}

/**
 * Everything the office's dashboard shows, for a period and a filter: the counts now (from the digest's own facts,
 * so that the dashboard and the day's digest agree), and the period's on-time figures (statistics/timeliness.ts, as
 * the 通报 and the annual statistics count them).
 */
export async function gatherDashboard(db: Knex, config: LoadedConfig, supervisor: Supervisor, period: Period, filter: DashboardFilter, now: DateTime): Promise<DashboardFigures> {
  const scope = filteredScope(config, supervisor, filter);
  const codes = new Set(scope.departments.map((d) => d.code));
  const today = shanghaiDate(now);
  const locale = localeOf(config, supervisor.jurisdiction);

  const lateItems = await lateItemsNow(db, config, supervisor, filter, now);
  const aging: [number, number, number, number] = [0, 0, 0, 0];
  for (const item of lateItems) aging[agingBucket(item.workingDaysLate)]++;

  const count = async (where: { sql: string; bindings: string[] }) => Number((await db.raw(`select count(*) as n from ledger_items where ${where.sql}`, where.bindings)).rows[0].n);
  const open = await count(openItems(scope, now));
  const dueThisWeek = await count(openItems(scope, now, endOfWeek(today)));

  const domains = await countTimeliness(db, { departments: [...codes], domains: scope.domains, period, now, by: ['domain'] });
  return {
    period,
    filter,
    now: {
      open,
      dueThisWeek,
      late: lateItems.length,
      escalated: lateItems.filter((i) => inLateFigure(i, 'escalated')).length,
      notice: lateItems.filter((i) => inLateFigure(i, 'notice')).length,
    },
    departments: await departmentFigures(db, scope, period, now),
    trend: await monthlyTrend(db, scope, today, now),
    byDomain: domains.map((row) => ({ domain: row.domain as string, domainName: domainName(config, row.domain as string, locale), count: counted(row) })).sort((a, b) => byChinese(a.domainName, b.domainName)),
    aging,
    lateItems,
    checkFindings: (await gatherCheckFindings(db, config, supervisor)).filter((f) => codes.has(f.departmentCode)),
  };
}
