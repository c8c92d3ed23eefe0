import { exemptTotal } from '../statistics/timeliness.js';
import { humanTime } from '../core/deadline-basis.js';
import type { Cell } from '../delivery/html.js';
import type { SheetTable } from '../reports/office-workbook.js';
import type { DashboardFigures, DashboardFilter } from '../statistics/dashboard-figures.js';
import type { CountedRow } from '../statistics/office-figures.js';
import { periodTitle, type Period } from '../statistics/period.js';
import type { DashboardFigure, DashboardWords } from './dashboard-words.js';

/** A cell of a dashboard table: its value, and the page of the items behind it when it is a figure. */
export interface FigureCell {
  readonly value: string | number;
  readonly href?: string | undefined;
}

export interface DashboardTable {
  readonly key: 'departments' | 'trend' | 'domains' | 'aging' | 'checks';
  readonly title: string;
  readonly headers: readonly string[];
  readonly rows: ReadonlyArray<readonly FigureCell[]>;
  readonly totalRow?: readonly FigureCell[] | undefined;
}

export const TABLE_KEYS: ReadonlyArray<DashboardTable['key']> = ['departments', 'trend', 'domains', 'aging', 'checks'];

/** Where the dashboard and its lists live: /o/dashboard for the office, /view/offices/<j>/dashboard for an admin. */
export interface DashboardPaths {
  readonly base: string;
}

type Query = Readonly<Record<string, string | undefined>>;

function withQuery(path: string, query: Query): string {
  const search = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

export function dashboardUrl(paths: DashboardPaths, period: Period, filter: DashboardFilter): string {
  return withQuery(paths.base, { period: period.id, department: filter.department, domain: filter.domain });
}

/** The page listing the items behind a figure. */
export function itemsUrl(paths: DashboardPaths, figure: DashboardFigure, period: Period, filter: DashboardFilter): string {
  return withQuery(`${paths.base}/items`, { figure, period: period.id, department: filter.department, domain: filter.domain });
}

export function exportUrl(paths: DashboardPaths, table: DashboardTable['key'] | 'items', period: Period, filter: DashboardFilter, figure?: DashboardFigure): string {
  return withQuery(`${paths.base}/export.xlsx`, { table, figure, period: period.id, department: filter.department, domain: filter.domain });
}

function countCells(count: CountedRow, link: (figure: DashboardFigure) => string): FigureCell[] {
  return [
    { value: count.due, href: link('due') },
    { value: count.onTime, href: link('onTime') },
    { value: count.publishedLate, href: link('publishedLate') },
    { value: count.openLate, href: link('openLate') },
    { value: count.exemptedLate, href: link('exemptedLate') },
    { value: count.rate ?? '—' },
  ];
}

/** The dashboard's tables, each figure linking to its items; the same tables are what its XLSX exports hold. */
export function dashboardTables(figures: DashboardFigures, words: DashboardWords, paths: DashboardPaths): DashboardTable[] {
  const { period, filter } = figures;
  const title = periodTitle(period, words.locale);
  const link = (figure: DashboardFigure, narrow: DashboardFilter = {}) => itemsUrl(paths, figure, period, { ...filter, ...narrow });
  const departments: DashboardTable = {
    key: 'departments',
    title: words.ratesHeading(title),
    headers: words.rateHeaders,
    rows: figures.departments.byDepartment.map((row) => [
      { value: row.departmentName, href: dashboardUrl(paths, period, { ...filter, department: row.departmentCode }) },
      ...countCells(row, (figure) => link(figure, { department: row.departmentCode })),
      { value: exemptTotal(row), href: link('exempt', { department: row.departmentCode }) },
      { value: row.withdrawn, href: link('withdrawn', { department: row.departmentCode }) },
    ]),
    totalRow: [{ value: words.total }, ...countCells(figures.departments.total, (figure) => link(figure)), { value: exemptTotal(figures.departments.total), href: link('exempt') }, { value: figures.departments.total.withdrawn, href: link('withdrawn') }],
  };
  const trend: DashboardTable = {
    key: 'trend',
    title: words.trendHeading,
    headers: words.trendHeaders,
    rows: figures.trend.map(({ month, count }) => [
      { value: periodTitle(month, words.locale), href: dashboardUrl(paths, month, filter) },
      { value: count.due, href: itemsUrl(paths, 'due', month, filter) },
      { value: count.onTime, href: itemsUrl(paths, 'onTime', month, filter) },
      { value: count.late, href: itemsUrl(paths, 'late', month, filter) },
      { value: count.rate ?? '—' },
    ]),
  };
  const domains: DashboardTable = {
    key: 'domains',
    title: words.domainsHeading(title),
    headers: words.domainHeaders,
    rows: figures.byDomain.map((row) => [{ value: row.domainName, href: dashboardUrl(paths, period, { ...filter, domain: row.domain }) }, ...countCells(row.count, (figure) => link(figure, { domain: row.domain }))]),
  };
  const agingTotal = figures.aging.reduce((sum, n) => sum + n, 0);
  const aging: DashboardTable = {
    key: 'aging',
    title: words.agingHeading,
    headers: words.agingHeaders,
    rows: [[...figures.aging.map((n) => ({ value: n })), { value: agingTotal, href: link('overdue') }]],
  };
  const checks: DashboardTable = {
    key: 'checks',
    title: words.checksHeading,
    headers: words.checkHeaders,
    rows: figures.checkFindings.map((f) => [
      { value: f.departmentName },
      { value: f.reference, href: `/view/items/${f.itemId}` },
      { value: f.title },
      { value: f.url },
      { value: words.checkOutcomes[f.outcome] },
      { value: humanTime(f.checkedAt) },
    ]),
  };
  return [departments, trend, domains, aging, checks];
}

export function htmlCells(row: readonly FigureCell[]): Cell[] {
  return row.map((cell) => (cell.href ? { text: String(cell.value), href: cell.href } : String(cell.value)));
}

/** A dashboard table as a workbook sheet: the values, without the links. */
export function sheetOf(table: { readonly title: string; readonly headers: readonly string[]; readonly rows: ReadonlyArray<readonly FigureCell[]>; readonly totalRow?: readonly FigureCell[] | undefined }, subtitle: string, sheet: string): SheetTable {
  const values = (row: readonly FigureCell[]) => row.map((cell) => cell.value);
  return { sheet, title: table.title, subtitle, headers: table.headers, rows: table.rows.map(values), totalRow: table.totalRow ? values(table.totalRow) : undefined };
}
