import { chartSvg } from '../../charts/chart-svg.js';
import { rateBarsChart, trendChart } from '../../charts/office-charts.js';
import { humanTime } from '../../core/deadline-basis.js';
import type { Department } from '../../core/organisation.js';
import type { MailLocale } from '../../delivery/digest-words.js';
import { escapeHtml, htmlTable } from '../../delivery/html.js';
import type { DashboardFigures, DashboardFilter } from '../../statistics/dashboard-figures.js';
import type { FigureItem } from '../../statistics/figure-items.js';
import { periodTitle, type Period } from '../../statistics/period.js';
import { dashboardTables, dashboardUrl, exportUrl, htmlCells, itemsUrl, type DashboardPaths } from '../dashboard-tables.js';
import { NOW_FIGURES, type DashboardFigure, type DashboardWords } from '../dashboard-words.js';
import type { PortalWords } from '../portal-words.js';
import { page, section, type Viewer } from './layout.js';

export interface DashboardPageInput {
  readonly lang: string;
  readonly locale: MailLocale;
  readonly words: PortalWords;
  readonly dashboard: DashboardWords;
  readonly officeName: string;
  readonly figures: DashboardFigures;
  readonly paths: DashboardPaths;
  /** What the period picker offers, newest first. */
  readonly periods: readonly Period[];
  readonly departments: readonly Department[];
  readonly domains: ReadonlyArray<{ readonly id: string; readonly name: string }>;
  readonly viewer: Viewer;
}

function options(values: ReadonlyArray<readonly [value: string, label: string]>, selected: string | undefined): string {
  return values.map(([value, label]) => `<option value="${escapeHtml(value)}"${value === (selected ?? '') ? ' selected' : ''}>${escapeHtml(label)}</option>`).join('');
}

/** The period picker and the filters: a GET form, so that every view has an address to keep or send on. */
function filterForm(input: DashboardPageInput): string {
  const { dashboard: w, figures } = input;
  const select = (name: string, label: string, values: ReadonlyArray<readonly [string, string]>, selected: string | undefined) =>
    `<label>${escapeHtml(label)} <select name="${name}">${options(values, selected)}</select></label>`;
  return `<form method="get" action="${escapeHtml(input.paths.base)}" class="filters">${[
    select('period', w.period, input.periods.map((p) => [p.id, periodTitle(p, input.locale)]), figures.period.id),
    select('department', w.department, [['', w.all], ...input.departments.map((d): [string, string] => [d.code, d.name])], figures.filter.department),
    select('domain', w.domain, [['', w.all], ...input.domains.map((d): [string, string] => [d.id, d.name])], figures.filter.domain),
  ].join('')}<button type="submit">${escapeHtml(w.show)}</button></form>`;
}

function tiles(input: DashboardPageInput): string {
  const { dashboard: w, figures } = input;
  const shown: ReadonlyArray<readonly [DashboardFigure, number]> = [
    ['open', figures.now.open],
    ['dueThisWeek', figures.now.dueThisWeek],
    ['overdue', figures.now.late],
    ['escalated', figures.now.escalated],
    ['notice', figures.now.notice],
  ];
  return `<ul class="tiles">${shown
    .map(([figure, count]) => `<li class="tile tile-${figure}"><a href="${escapeHtml(itemsUrl(input.paths, figure, figures.period, figures.filter))}"><span class="count">${count}</span> <span class="label">${escapeHtml(w.figures[figure])}</span></a></li>`)
    .join('')}</ul>`;
}

/** The office's dashboard (公开工作看板): the counts now, the period's on-time bars and tables, the trend. No script. */
export function renderDashboardPage(input: DashboardPageInput): string {
  const { dashboard: w, figures, paths } = input;
  const tables = dashboardTables(figures, w, paths);
  const what = periodTitle(figures.period, input.locale);
  const charts: Record<string, string> = {
    departments: `<figure class="chart">${chartSvg(rateBarsChart(figures.departments.byDepartment, what, input.locale))}</figure>`,
    trend: `<figure class="chart">${chartSvg(trendChart(figures.trend, input.locale))}</figure>`,
  };
  const body = tables
    .map((table) => {
      const list = table.rows.length === 0 ? `<p>${escapeHtml(w.none)}</p>` : `<div class="scroll">${htmlTable(table.headers, [...table.rows, ...(table.totalRow ? [table.totalRow] : [])].map(htmlCells))}</div>`;
      const exportLink = `<p><a href="${escapeHtml(exportUrl(paths, table.key, figures.period, figures.filter))}">${escapeHtml(w.exportXlsx)}</a></p>`;
      return `<section id="${table.key}"><h2>${escapeHtml(table.title)}</h2>${charts[table.key] ?? ''}${list}${exportLink}</section>`;
    })
    .join('');
  const year = figures.period.id.slice(0, 4);
  const actions = `<p class="actions"><a href="${escapeHtml(`${paths.base}/notice.docx?period=${encodeURIComponent(figures.period.id)}`)}">${escapeHtml(w.draftNotice)}</a> <a href="${escapeHtml(`${paths.base}/annual.xlsx?year=${year}`)}">${escapeHtml(w.annual(year))}</a></p>`;
  return page(input.lang, input.words, w.heading(input.officeName), `${filterForm(input)}${actions}${section(w.countsHeading, tiles(input))}${body}`, input.viewer);
}

export interface ItemsPageInput extends Omit<DashboardPageInput, 'periods' | 'domains' | 'figures'> {
  readonly period: Period;
  readonly filter: DashboardFilter;
  readonly figure: DashboardFigure;
  readonly items: readonly FigureItem[];
  readonly total: number;
  readonly domainNames: ReadonlyMap<string, string>;
}

/** The items behind one figure, each linking to its page; past the list's limit, the export has them all. */
export function renderItemsPage(input: ItemsPageInput): string {
  const { dashboard: w, period, filter, paths } = input;
  const names = new Map(input.departments.map((d) => [d.code, d.name]));
  // Figures of now (open, late …) are not the period's: the heading names the period only for the period's own.
  const periodWide = !NOW_FIGURES.has(input.figure);
  const scope = [filter.department ? names.get(filter.department) : undefined, filter.domain ? input.domainNames.get(filter.domain) : undefined, periodWide ? periodTitle(period, input.locale) : undefined]
    .filter(Boolean)
    .join(' · ');
  const heading = w.itemsHeading(w.figures[input.figure], scope, input.total);
  const rows = input.items.map((item) => [
    { text: item.reference, href: `/view/items/${item.itemId}` },
    item.title,
    names.get(item.departmentCode) ?? item.departmentCode,
    input.domainNames.get(item.domain) ?? item.domain,
    humanTime(item.dueAt),
    w.statuses[item.status],
    item.publishedAt ? humanTime(item.publishedAt) : '',
  ]);
  const more = input.total > input.items.length ? `<p>${escapeHtml(w.moreItems(input.total - input.items.length))}</p>` : '';
  const body = `<p><a href="${escapeHtml(dashboardUrl(paths, period, filter))}">${escapeHtml(w.back)}</a></p>${
    rows.length === 0 ? `<p>${escapeHtml(w.none)}</p>` : `<div class="scroll">${htmlTable(w.itemHeaders, rows)}</div>`
  }${more}<p><a href="${escapeHtml(exportUrl(paths, 'items', period, filter, input.figure))}">${escapeHtml(w.exportXlsx)}</a></p>`;
  return page(input.lang, input.words, heading, body, input.viewer);
}
