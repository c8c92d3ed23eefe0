import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { humanTime } from '../core/deadline-basis.js';
import type { Supervisor } from '../core/organisation.js';
import { SHANGHAI, shanghaiDate } from '../core/shanghai-time.js';
import { localeOf } from '../delivery/mail-names.js';
import { annualTables } from '../reports/annual-tables.js';
import { draftNotice } from '../reports/draft-notice.js';
import { gatherAnnualStatistics } from '../statistics/annual-statistics.js';
import { endOfWeek, filteredScope, gatherDashboard, inLateFigure, lateItemsNow, type DashboardFilter } from '../statistics/dashboard-figures.js';
import { openFigureItems, periodFigureItems, type FigureItem, type FigureItems } from '../statistics/figure-items.js';
import { officeDepartments } from '../statistics/office-figures.js';
import { monthsEndingWith, parsePeriod, periodOf, quarterPeriod, yearPeriod, type Period } from '../statistics/period.js';
import { dashboardTables, sheetOf, TABLE_KEYS, type DashboardPaths } from './dashboard-tables.js';
import { DASHBOARD_FIGURES, DASHBOARD_WORDS, type DashboardFigure } from './dashboard-words.js';
import { renderDashboardPage, renderItemsPage } from './pages/dashboard-page.js';
import { languageOf, viewerOf, type PortalContext } from './portal-context.js';
import { guard, html, refuse } from './refuse.js';
import type { PortalSession } from './sessions.js';

/** A list stops here; its export has every item. */
const LIST_LIMIT = 500;

const filterQuery = z.object({
  period: z.string().max(16).optional(),
  department: z.string().max(100).optional(),
  domain: z.string().max(100).optional(),
  figure: z.enum(DASHBOARD_FIGURES).optional(),
  table: z.enum([...TABLE_KEYS, 'items']).optional(),
  year: z.string().regex(/^\d{4}$/).optional(),
});
type FilterQuery = z.infer<typeof filterQuery>;

interface Viewing {
  readonly session: PortalSession;
  readonly supervisor: Supervisor;
  readonly paths: DashboardPaths;
}

/** The periods the picker offers: the last 12 months, 5 quarters and 3 years, newest first. */
function pickablePeriods(today: string): Period[] {
  const year = Number(today.slice(0, 4));
  const quarter = Math.ceil(Number(today.slice(5, 7)) / 3);
  const quarters = Array.from({ length: 5 }, (_, back) => {
    const index = year * 4 + quarter - 1 - back;
    return quarterPeriod(Math.floor(index / 4), (index % 4) + 1);
  });
  return [...monthsEndingWith(today, 12).reverse(), ...quarters, yearPeriod(year), yearPeriod(year - 1), yearPeriod(year - 2)];
}

/**
 * The office's dashboard (公开工作看板) and what hangs off it: the items behind each figure, each table as XLSX, the
 * 通报 draft and the year's statistics. The office sees its own (/o/dashboard), an admin any office's read-only
 * (/view/offices/<jurisdiction>/dashboard). Every query parameter is checked: another office's department, an
 * unknown domain or a period that is none are refused, never shown as an empty page.
 */
export function registerDashboardRoutes(app: FastifyInstance, context: PortalContext): void {
  const viewing = (request: FastifyRequest<{ Params: { jurisdiction?: string } }>, reply: FastifyReply): Viewing | undefined => {
    const own = request.params.jurisdiction === undefined;
    const session = guard(request, reply, context, own ? ['supervisor'] : ['admin']);
    if (!session) return undefined;
    const jurisdiction = own ? session.audienceCode : request.params.jurisdiction;
    const supervisor = context.config.organisation.supervisors.find((s) => s.jurisdiction === jurisdiction);
    if (!supervisor) {
      refuse(reply, context, request, own ? 403 : 404, own ? 'forbidden' : 'notFound');
      return undefined;
    }
    return { session, supervisor, paths: { base: own ? '/o/dashboard' : `/view/offices/${encodeURIComponent(supervisor.jurisdiction)}/dashboard` } };
  };

  /** The query read and checked, or the refusal sent (undefined). */
  const readQuery = (request: FastifyRequest, reply: FastifyReply, who: Viewing): { query: FilterQuery; period: Period; filter: DashboardFilter } | undefined => {
    const parsed = filterQuery.safeParse(request.query);
    let period: Period | undefined;
    try {
      if (parsed.success) period = parsed.data.period ? parsePeriod(parsed.data.period) : periodOf('month', shanghaiDate(context.clock.now()));
    } catch {
      // Not a period: refused below like any other malformed query.
    }
    if (!parsed.success || !period) {
      refuse(reply, context, request, 400, 'badForm');
      return undefined;
    }
    const { department, domain } = parsed.data;
    // Another office's department is not this office's to see: refused as if it did not exist.
    if (department && !officeDepartments(context.config, who.supervisor).some((d) => d.code === department)) {
      refuse(reply, context, request, 404, 'notFound');
      return undefined;
    }
    if (domain && !context.config.ruleBook.domains.has(domain)) {
      refuse(reply, context, request, 400, 'badForm');
      return undefined;
    }
    return { query: parsed.data, period, filter: { department: department || undefined, domain: domain || undefined } };
  };

  const words = (session: PortalSession, supervisor: Supervisor) => {
    const locale = localeOf(context.config, supervisor.jurisdiction);
    return { ...languageOf(context, session), locale, dashboard: DASHBOARD_WORDS[locale] };
  };
  const domainsOf = () => [...context.config.ruleBook.domains.values()].map((d) => ({ id: d.id, name: d.name }));

  const itemsBehind = async (who: Viewing, figure: DashboardFigure, period: Period, filter: DashboardFilter, limit: number): Promise<FigureItems> => {
    const now = context.clock.now();
    const scope = filteredScope(context.config, who.supervisor, filter);
    if (figure === 'open' || figure === 'dueThisWeek') return openFigureItems(context.db, scope, now, figure === 'dueThisWeek' ? endOfWeek(shanghaiDate(now)) : undefined, limit);
    if (figure === 'overdue' || figure === 'escalated' || figure === 'notice') {
      const late = (await lateItemsNow(context.db, context.config, who.supervisor, filter, now)).filter((i) => inLateFigure(i, figure));
      const items = late.map((i): FigureItem => ({ itemId: i.itemId, reference: i.reference, title: i.title, departmentCode: i.departmentCode, domain: i.domain, dueAt: i.dueAt, status: 'open' }));
      return { items: items.slice(0, limit), total: items.length };
    }
    return periodFigureItems(context.db, scope, period, now, figure, limit);
  };

  for (const base of ['/o/dashboard', '/view/offices/:jurisdiction/dashboard']) {
    app.get<{ Params: { jurisdiction?: string } }>(base, async (request, reply) => {
      const who = viewing(request, reply);
      const read = who && readQuery(request, reply, who);
      if (!who || !read) return reply;
      const w = words(who.session, who.supervisor);
      const now = context.clock.now();
      const figures = await gatherDashboard(context.db, context.config, who.supervisor, read.period, read.filter, now);
      return html(
        reply,
        renderDashboardPage({
          lang: w.mailWords.htmlLang,
          locale: w.locale,
          words: w.words,
          dashboard: w.dashboard,
          officeName: who.supervisor.name,
          figures,
          paths: who.paths,
          periods: pickablePeriods(shanghaiDate(now)),
          departments: officeDepartments(context.config, who.supervisor),
          domains: domainsOf(),
          viewer: viewerOf(context, who.session, reply),
        }),
      );
    });

    app.get<{ Params: { jurisdiction?: string } }>(`${base}/items`, async (request, reply) => {
      const who = viewing(request, reply);
      const read = who && readQuery(request, reply, who);
      if (!who || !read) return reply;
      const figure = read.query.figure;
      if (!figure) return refuse(reply, context, request, 400, 'badForm');
      const w = words(who.session, who.supervisor);
      const { items, total } = await itemsBehind(who, figure, read.period, read.filter, LIST_LIMIT);
      return html(
        reply,
        renderItemsPage({
          lang: w.mailWords.htmlLang,
          locale: w.locale,
          words: w.words,
          dashboard: w.dashboard,
          officeName: who.supervisor.name,
          paths: who.paths,
          period: read.period,
          filter: read.filter,
          figure,
          items,
          total,
          departments: officeDepartments(context.config, who.supervisor),
          domainNames: new Map(domainsOf().map((d) => [d.id, d.name])),
          viewer: viewerOf(context, who.session, reply),
        }),
      );
    });

    app.get<{ Params: { jurisdiction?: string } }>(`${base}/export.xlsx`, async (request, reply) => {
      const who = viewing(request, reply);
      const read = who && readQuery(request, reply, who);
      if (!who || !read) return reply;
      const { table, figure } = read.query;
      if (!table || (table === 'items') !== (figure !== undefined)) return refuse(reply, context, request, 400, 'badForm');
      const w = words(who.session, who.supervisor);
      const now = context.clock.now();
      const subtitle = `${who.supervisor.name}　${w.locale === 'zh' ? '导出时间' : 'exported'} ${now.setZone(SHANGHAI).toFormat('yyyy-MM-dd HH:mm')}`;
      let sheet;
      if (table === 'items' && figure) {
        const { items } = await itemsBehind(who, figure, read.period, read.filter, Number.MAX_SAFE_INTEGER);
        const names = new Map(officeDepartments(context.config, who.supervisor).map((d) => [d.code, d.name]));
        const domainNames = new Map(domainsOf().map((d) => [d.id, d.name]));
        sheet = sheetOf(
          {
            title: w.dashboard.figures[figure],
            headers: w.dashboard.itemHeaders,
            rows: items.map((i) => [i.reference, i.title, names.get(i.departmentCode) ?? i.departmentCode, domainNames.get(i.domain) ?? i.domain, humanTime(i.dueAt), w.dashboard.statuses[i.status], i.publishedAt ? humanTime(i.publishedAt) : ''].map((value) => ({ value }))),
          },
          subtitle,
          w.dashboard.figures[figure],
        );
      } else {
        const figures = await gatherDashboard(context.db, context.config, who.supervisor, read.period, read.filter, now);
        const found = dashboardTables(figures, w.dashboard, who.paths).find((t) => t.key === table);
        if (!found) return refuse(reply, context, request, 400, 'badForm');
        sheet = sheetOf(found, subtitle, table);
      }
      return attachment(reply, await (await workbookWriter()).workbookBytes([sheet]), `${table}-${read.period.id}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    });

    app.get<{ Params: { jurisdiction?: string } }>(`${base}/notice.docx`, async (request, reply) => {
      const who = viewing(request, reply);
      const read = who && readQuery(request, reply, who);
      if (!who || !read) return reply;
      const blocks = await draftNotice(context.db, context.config, who.supervisor, read.period, context.clock.now());
      return attachment(reply, await (await import('../reports/notice-docx.js')).noticeDocx(blocks), `notice-${read.period.id}.docx`, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    });

    app.get<{ Params: { jurisdiction?: string } }>(`${base}/annual.xlsx`, async (request, reply) => {
      const who = viewing(request, reply);
      const read = who && readQuery(request, reply, who);
      if (!who || !read) return reply;
      const year = Number(read.query.year ?? read.period.id.slice(0, 4));
      const stats = await gatherAnnualStatistics(context.db, context.config, who.supervisor, year, context.clock.now());
      return attachment(reply, await (await workbookWriter()).workbookBytes(annualTables(stats, localeOf(context.config, who.supervisor.jurisdiction))), `annual-${year}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    });
  }
}

/** A download: an ASCII name (with the RFC 5987 form beside it) and no caching of the office's figures. */
function attachment(reply: FastifyReply, bytes: Buffer, filename: string, type: string): FastifyReply {
  return reply.type(type).header('content-disposition', `attachment; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(filename)}`).header('cache-control', 'no-store').send(bytes);
}

/** exceljs and docx are loaded when a file is downloaded, not with the portal: the embedded worker serves it. */
function workbookWriter(): Promise<typeof import('../reports/office-workbook.js')> {
  return import('../reports/office-workbook.js');
}
