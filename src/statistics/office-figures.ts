import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import type { LoadedConfig } from '../config/load-config.js';
import type { Department, Supervisor } from '../core/organisation.js';
import { monthsEndingWith, type Period } from './period.js';
import { countTimeliness, lateCount, NO_ITEMS, onTimeRate, sumCounts, type TimelinessCount } from './timeliness.js';

export interface CountedRow extends TimelinessCount {
  readonly late: number;
  /** e.g. 87.5%; null when nothing was due. */
  readonly rate: string | null;
}

export interface DepartmentRow extends CountedRow {
  readonly departmentCode: string;
  readonly departmentName: string;
}

export function counted(count: TimelinessCount): CountedRow {
  return { ...count, late: lateCount(count), rate: onTimeRate(count) ?? null };
}

export const byChinese = (a: string, b: string): number => a.localeCompare(b, 'zh');

/** The departments a supervising office oversees: those of its jurisdiction. */
export function officeDepartments(config: LoadedConfig, supervisor: Supervisor): Department[] {
  return config.organisation.departments.filter((d) => d.jurisdiction === supervisor.jurisdiction);
}

export interface DepartmentFigures {
  /** Every department of the office, those with nothing due included, by name. */
  readonly byDepartment: readonly DepartmentRow[];
  readonly total: CountedRow;
}

/** Whose items a figure counts: an office's departments (or one of them), and optionally some domains only. */
export interface FigureScope {
  readonly departments: readonly Department[];
  readonly domains?: readonly string[] | undefined;
}

/** An office's whole scope. */
export function officeScope(config: LoadedConfig, supervisor: Supervisor): FigureScope {
  return { departments: officeDepartments(config, supervisor) };
}

/**
 * The period's on-time figures of an office's departments: what the dashboard's bars, the 通报's table and the
 * annual statistics' first sheet show, from this one function.
 */
export async function departmentFigures(db: Knex, { departments, domains }: FigureScope, period: Period, now: DateTime): Promise<DepartmentFigures> {
  const rows = new Map((await countTimeliness(db, { departments: departments.map((d) => d.code), domains, period, now, by: ['department'] })).map((r) => [r.department as string, r]));
  const byDepartment = departments
    .map((d): DepartmentRow => ({ departmentCode: d.code, departmentName: d.name, ...counted(rows.get(d.code) ?? NO_ITEMS) }))
    .sort((a, b) => byChinese(a.departmentName, b.departmentName));
  return { byDepartment, total: counted(sumCounts(rows.values())) };
}

export interface MonthFigures {
  readonly month: Period;
  readonly count: CountedRow;
}

/** The on-time figures of each of the 12 months up to the one holding `today`, oldest first: the trend. */
export async function monthlyTrend(db: Knex, { departments, domains }: FigureScope, today: string, now: DateTime): Promise<MonthFigures[]> {
  const months = monthsEndingWith(today, 12);
  const span = { start: months[0]!.start, end: months[months.length - 1]!.end };
  const rows = new Map((await countTimeliness(db, { departments: departments.map((d) => d.code), domains, period: span, now, by: ['month'] })).map((r) => [r.month as string, r]));
  return months.map((month) => ({ month, count: counted(rows.get(month.id) ?? NO_ITEMS) }));
}
