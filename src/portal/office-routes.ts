import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InputError } from '../core/errors.js';
import type { Supervisor } from '../core/organisation.js';
import { gatherEscalationFacts } from '../delivery/escalation-facts.js';
import { buildEscalationReport } from '../delivery/escalation-report.js';
import { escalationSections } from '../delivery/render-escalation.js';
import { escapeHtml, htmlTable, type Cell } from '../delivery/html.js';
import { failedMessageKey, failedMessages, resendMessage } from '../delivery/resend.js';
import { activeLinks, findLink, revokeLinks } from './access-links.js';
import { itemOf } from './department-items.js';
import { DASHBOARD_WORDS } from './dashboard-words.js';
import { localeOf } from '../delivery/mail-names.js';
import { decideExemption, NotYoursError, pendingRequests } from './exemption-requests.js';
import { sendDepartmentPage, sendItemPage } from './item-pages.js';
import { notice, page, postButton, section } from './pages/layout.js';
import { renderOfficePage, type OfficePageInput } from './pages/office-page.js';
import { languageOf, portalChange, sessionName, viewerOf, visibleDepartments, type PortalContext } from './portal-context.js';
import { guard, html, refuse } from './refuse.js';
import type { PortalSession } from './sessions.js';

interface IdRoute {
  Params: { id: string };
  Querystring: { done?: string };
  Body: Record<string, string | undefined> | undefined;
}

/**
 * The supervising office's routes (/o): what is late, the exemption requests it decides, the links issued for its
 * departments; the read-only views of its departments and their items (/view, also the admins'); the admins' page.
 */
export function registerOfficeRoutes(app: FastifyInstance, context: PortalContext): void {
  const office = (request: FastifyRequest, reply: FastifyReply) => {
    const session = guard(request, reply, context, ['supervisor']);
    const supervisor = session && context.config.organisation.supervisors.find((s) => s.jurisdiction === session.audienceCode);
    if (session && !supervisor) refuse(reply, context, request, 403, 'forbidden');
    return session && supervisor ? { session, supervisor } : undefined;
  };

  app.get<IdRoute>('/o', async (request, reply) => {
    const who = office(request, reply);
    if (!who) return reply;
    const { words } = languageOf(context, who.session);
    const message = request.query.done === 'approved' ? words.office.approved : request.query.done === 'refused' ? words.office.refused : undefined;
    return sendOfficePage(reply, context, who.session, who.supervisor, true, message ? { text: message, kind: 'ok' } : undefined);
  });

  for (const verdict of ['approve', 'refuse'] as const) {
    app.post<IdRoute>(`/o/exemptions/:id/${verdict}`, { preHandler: app.csrfProtection }, async (request, reply) => {
      const who = office(request, reply);
      if (!who) return reply;
      const codes = visibleDepartments(context, who.session).map((d) => d.code);
      const decision = verdict === 'approve' ? ({ approve: true } as const) : ({ approve: false, reason: String(request.body?.reason ?? '') } as const);
      try {
        await decideExemption(context.db, Number(request.params.id), codes, decision, { linkId: who.session.linkId, officeName: who.supervisor.name }, portalChange(context, who.session), (item) =>
          context.config.ruleBook.rules.get(item.ruleId)?.kind === 'requestReply',
        );
      } catch (error) {
        if (error instanceof NotYoursError) return refuse(reply, context, request, 404, 'notFound');
        if (!(error instanceof InputError)) throw error;
        return sendOfficePage(reply, context, who.session, who.supervisor, true, { text: error.message, kind: 'error' }, 400);
      }
      return reply.redirect(`/o?done=${verdict === 'approve' ? 'approved' : 'refused'}`, 303);
    });
  }

  app.post<IdRoute>('/o/links/:id/revoke', { preHandler: app.csrfProtection }, async (request, reply) => {
    const who = office(request, reply);
    if (!who) return reply;
    const link = await findLink(context.db, Number.isSafeInteger(Number(request.params.id)) ? Number(request.params.id) : 0);
    const codes = visibleDepartments(context, who.session).map((d) => d.code);
    // Its own departments' links only: the office's own and the admins' are not its to end.
    if (!link || link.audience !== 'department' || !codes.includes(link.audienceCode)) return refuse(reply, context, request, 404, 'notFound');
    await revokeLinks(context.db, { id: link.id }, sessionName(context, who.session), context.clock.now());
    return reply.redirect('/o', 303);
  });

  app.post<{ Params: { code: string } }>('/o/departments/:code/revoke-links', { preHandler: app.csrfProtection }, async (request, reply) => {
    const who = office(request, reply);
    if (!who) return reply;
    const department = visibleDepartments(context, who.session).find((d) => d.code === request.params.code);
    if (!department) return refuse(reply, context, request, 404, 'notFound');
    await revokeLinks(context.db, { audience: 'department', audienceCode: department.code }, sessionName(context, who.session), context.clock.now());
    return reply.redirect('/o', 303);
  });

  const reader = (request: FastifyRequest, reply: FastifyReply) => guard(request, reply, context, ['supervisor', 'admin']);

  app.get<{ Params: { code: string } }>('/view/departments/:code', async (request, reply) => {
    const session = reader(request, reply);
    if (!session) return reply;
    const department = visibleDepartments(context, session).find((d) => d.code === request.params.code);
    if (!department) return refuse(reply, context, request, 404, 'notFound');
    return sendDepartmentPage(reply, context, session, department, false);
  });

  app.get<IdRoute>('/view/items/:id', async (request, reply) => {
    const session = reader(request, reply);
    if (!session) return reply;
    const item = await itemOf(context.db, Number(request.params.id), visibleDepartments(context, session).map((d) => d.code));
    if (!item) return refuse(reply, context, request, 404, 'notFound');
    return sendItemPage(reply, context, session, item, { canAct: false });
  });

  app.get<{ Params: { jurisdiction: string } }>('/view/offices/:jurisdiction', async (request, reply) => {
    const session = guard(request, reply, context, ['admin']);
    if (!session) return reply;
    const supervisor = context.config.organisation.supervisors.find((s) => s.jurisdiction === request.params.jurisdiction);
    if (!supervisor) return refuse(reply, context, request, 404, 'notFound');
    return sendOfficePage(reply, context, session, supervisor, false);
  });

  app.get<IdRoute>('/admin', async (request, reply) => sendAdminPage(request, reply, context));

  /** Reloads config/ in this worker, as SIGHUP or `cli worker reload` would. */
  app.post('/admin/reload', { preHandler: app.csrfProtection }, async (request, reply) => {
    const session = guard(request, reply, context, ['admin']);
    if (!session) return reply;
    if (!context.reload) return refuse(reply, context, request, 404, 'notFound');
    const outcome = await context.reload();
    const { words } = languageOf(context, session);
    return outcome.applied
      ? sendAdminPage(request, reply, context, { text: words.admin.reloaded(outcome.changes), kind: 'ok' })
      : sendAdminPage(request, reply, context, { text: words.admin.reloadRefused(outcome.problems), kind: 'error' }, 400);
  });

  /** A refused mail sent again after its address was corrected in config (as `cli mail resend`). */
  app.post<IdRoute>('/admin/mail/:id/resend', { preHandler: app.csrfProtection }, async (request, reply) => {
    const session = guard(request, reply, context, ['admin']);
    if (!session) return reply;
    const key = await failedMessageKey(context.db, Number(request.params.id));
    if (!key) return refuse(reply, context, request, 404, 'notFound');
    try {
      const result = await resendMessage(context.db, context.config, key, portalChange(context, session).actor, context.clock.now());
      const { words } = languageOf(context, session);
      return sendAdminPage(request, reply, context, { text: words.admin.resent(key, [...result.to.to, ...result.to.cc].join(', ')), kind: 'ok' });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return sendAdminPage(request, reply, context, { text: error.message, kind: 'error' }, 400);
    }
  });
}

/** The admins' page: every office and department to read, and the mail the relay refused, to send again. */
async function sendAdminPage(request: FastifyRequest, reply: FastifyReply, context: PortalContext, message?: OfficePageInput['message'], status = 200): Promise<FastifyReply> {
  const session = guard(request, reply, context, ['admin']);
  if (!session) return reply;
  const { words, mailWords } = languageOf(context, session);
  const { supervisors, departments } = context.config.organisation;
  const list = supervisors
    .map((s) => {
      const own = departments.filter((d) => d.jurisdiction === s.jurisdiction);
      return `<li><a href="/view/offices/${encodeURIComponent(s.jurisdiction)}">${escapeHtml(s.name)}</a><ul>${own.map((d) => `<li><a href="/view/departments/${encodeURIComponent(d.code)}">${escapeHtml(d.name)}</a></li>`).join('')}</ul></li>`;
    })
    .join('');
  const viewer = viewerOf(context, session, reply);
  const failed = await failedMessages(context.db);
  const mail =
    failed.length === 0
      ? `<p>${escapeHtml(words.admin.noFailedMail)}</p>`
      : `<div class="scroll">${htmlTable(
          words.admin.failedHeaders,
          failed.map((f): Cell[] => [f.key, f.subject, [...f.to, ...f.cc].join(', '), f.lastError, { html: postButton(`/admin/mail/${f.id}/resend`, viewer.csrf, words.admin.resend) }]),
        )}</div>`;
  const reload = context.reload ? `<p>${postButton('/admin/reload', viewer.csrf, words.admin.reload)}</p>` : '';
  const body = `${message ? notice(message.text, message.kind) : ''}${reload}${section(words.admin.failedMail, mail)}${section(words.admin.offices, `<ul>${list}</ul>`)}`;
  return html(reply, page(mailWords.htmlLang, words, words.admin.heading, body, viewer), status);
}

/** The office's page (its own, to act on; or the admins' read-only view of it). */
async function sendOfficePage(reply: FastifyReply, context: PortalContext, session: PortalSession, supervisor: Supervisor, canAct: boolean, message?: OfficePageInput['message'], status = 200): Promise<FastifyReply> {
  const { words, mailWords } = languageOf(context, session);
  const now = context.clock.now();
  const departments = context.config.organisation.departments.filter((d) => d.jurisdiction === supervisor.jurisdiction);
  const codes = departments.map((d) => d.code);
  // "New" means since yesterday here: the page shows the state now; the digests keep their own since.
  const report = buildEscalationReport(await gatherEscalationFacts(context.db, context.config, supervisor, now, now.minus({ days: 1 }), false));
  return html(
    reply,
    renderOfficePage({
      words,
      mailWords,
      officeName: supervisor.name,
      sections: escalationSections(report, mailWords),
      requests: await pendingRequests(context.db, codes),
      departments,
      links: canAct ? await activeLinks(context.db, 'department', codes, now) : [],
      canAct,
      message,
      viewer: viewerOf(context, session, reply),
      dashboard: { href: canAct ? '/o/dashboard' : `/view/offices/${encodeURIComponent(supervisor.jurisdiction)}/dashboard`, label: DASHBOARD_WORDS[localeOf(context.config, supervisor.jurisdiction)].link },
    }),
    status,
  );
}
