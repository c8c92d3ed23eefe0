import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import { formatShanghai, formatShanghaiMillis } from '../core/shanghai-time.js';
import type { ItemStatus } from '../ledger/item.js';
import type { FigureScope } from './office-figures.js';
import type { Period } from './period.js';
import { FIGURE_PREDICATES, periodItems, scopeSql, type PeriodFigure } from './timeliness.js';

/** One item behind a figure, as the dashboard lists it. */
export interface FigureItem {
  readonly itemId: number;
  readonly reference: string;
  readonly title: string;
  readonly departmentCode: string;
  readonly domain: string;
  /** ISO with +08:00. */
  readonly dueAt: string;
  readonly status: ItemStatus;
  readonly publishedAt?: string | undefined;
}

export interface FigureItems {
  readonly items: readonly FigureItem[];
  /** How many there are in all (the list stops at its limit). */
  readonly total: number;
}

interface ItemRow {
  id: number;
  reference: string;
  title: string;
  department_code: string;
  domain: string;
  due_at: Date;
  status: ItemStatus;
  published_at: Date | null;
  total: string;
}

/** The items a period's figure counts (statistics/timeliness.ts), by due moment, at most `limit` of them. */
export async function periodFigureItems(db: Knex, scope: FigureScope, period: Period, now: DateTime, figure: PeriodFigure, limit: number): Promise<FigureItems> {
  const where = periodItems({ departments: scope.departments.map((d) => d.code), domains: scope.domains, period, now });
  return listItems(db, `${where.sql} and ${FIGURE_PREDICATES[figure]}`, where.bindings, limit);
}

/** The open items of a scope as SQL: all of them, or (with `weekEnd`) those not yet late and due by then. */
export function openItems(scope: FigureScope, now: DateTime, weekEnd?: string): { sql: string; bindings: string[] } {
  const whose = scopeSql({ departments: scope.departments.map((d) => d.code), domains: scope.domains });
  return {
    sql: `status = 'open' and ${whose.sql}${weekEnd ? ' and due_at >= ?::timestamptz and due_date <= ?::date' : ''}`,
    bindings: [...whose.bindings, ...(weekEnd ? [formatShanghai(now), weekEnd] : [])],
  };
}

/** The open items now, or those of them due by `weekEnd` and not yet late (the dashboard's first counts). */
export async function openFigureItems(db: Knex, scope: FigureScope, now: DateTime, weekEnd: string | undefined, limit: number): Promise<FigureItems> {
  const where = openItems(scope, now, weekEnd);
  return listItems(db, where.sql, where.bindings, limit);
}

async function listItems(db: Knex, where: string, bindings: readonly string[], limit: number): Promise<FigureItems> {
  const { rows } = await db.raw(
    `select id, reference, title, department_code, domain, due_at, status, published_at, count(*) over () as total
     from ledger_items where ${where} order by due_at, reference limit ?`,
    [...bindings, limit],
  );
  const list = rows as ItemRow[];
  return {
    total: Number(list[0]?.total ?? 0),
    items: list.map((r) => ({
      itemId: Number(r.id),
      reference: r.reference,
      title: r.title,
      departmentCode: r.department_code,
      domain: r.domain,
      dueAt: formatShanghaiMillis(r.due_at.getTime()),
      status: r.status,
      publishedAt: r.published_at ? formatShanghaiMillis(r.published_at.getTime()) : undefined,
    })),
  };
}
