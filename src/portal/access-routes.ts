import type { FastifyInstance } from 'fastify';
import { escapeHtml } from '../delivery/html.js';
import { findLinkByToken } from './access-links.js';
import { languageOf, SESSION_COOKIE, type PortalContext } from './portal-context.js';
import { guard, html, refuse } from './refuse.js';
import { closeSession, openSession, type PortalSession } from './sessions.js';

/** Each audience's first page. */
export function homeOf(session: Pick<PortalSession, 'audience'>): string {
  return session.audience === 'department' ? '/d' : session.audience === 'supervisor' ? '/o' : '/admin';
}

/** Opening a link, and leaving. */
export function registerAccessRoutes(app: FastifyInstance, context: PortalContext): void {
  const secure = context.publicUrl.startsWith('https:');

  app.get('/', async (request, reply) => {
    if (request.session) return reply.redirect(homeOf(request.session), 303);
    return refuse(reply, context, request, 401, 'noSession');
  });

  /**
   * A link from a mail: a session is opened and the browser sent on, so the token leaves the address bar (and, with
   * no Referer sent anywhere, never leaks). The step on is a page of our own rather than a 303: a session cookie
   * that is SameSite=Strict is not sent on a redirect that began in a mail client (another site), but it is on a
   * navigation this page starts.
   */
  app.get<{ Params: { token: string }; Querystring: { item?: string } }>(
    '/a/:token',
    { config: { rateLimit: { max: context.config.portal.rateLimit.linkOpensPerMinute, timeWindow: '1 minute', keyGenerator: (request) => `open:${request.ip}` } } },
    async (request, reply) => {
      const now = context.clock.now();
      const found = await findLinkByToken(context.db, context.signer, request.params.token, now);
      if ('refused' in found) return refuse(reply, context, request, 403, found.refused);
      const value = await openSession(context.db, found.link, now, context.config.portal.sessionHours);
      // Max-Age, not Expires: the browser would judge a date by its own clock (and the portal's may be DW_NOW's).
      // The session's end is kept in the ledger all the same.
      const ends = Math.min(now.plus({ hours: context.config.portal.sessionHours }).toMillis(), Date.parse(found.link.expiresAt));
      reply.setCookie(SESSION_COOKIE, value, { path: '/', httpOnly: true, sameSite: 'strict', secure, maxAge: Math.max(0, Math.floor((ends - now.toMillis()) / 1000)) });
      const item = /^\d{1,15}$/.test(request.query.item ?? '') ? request.query.item : undefined;
      const next = item ? (found.link.audience === 'department' ? `/d/items/${item}` : `/view/items/${item}`) : homeOf(found.link);
      const { words, mailWords } = languageOf(context, { ...found.link, linkId: found.link.id });
      return html(
        reply,
        `<!doctype html><html lang="${mailWords.htmlLang}"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${escapeHtml(next)}"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(words.portal)}</title><link rel="stylesheet" href="/static/portal.css"></head><body><main><p><a href="${escapeHtml(next)}">${escapeHtml(words.portal)} →</a></p></main></body></html>`,
      );
    },
  );

  app.post('/logout', { preHandler: app.csrfProtection }, async (request, reply) => {
    if (!guard(request, reply, context, ['department', 'supervisor', 'admin'])) return reply;
    await closeSession(context.db, request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return refuse(reply, context, request, 200, 'noSession');
  });
}
