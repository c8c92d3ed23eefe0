import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { InputError } from '../core/errors.js';
import { OPERATIONS_PATHS, registerHealthRoutes } from '../operations/health-routes.js';
import { registerAccessRoutes } from './access-routes.js';
import { registerDepartmentRoutes } from './department-routes.js';
import { SESSION_COOKIE, type PortalContext } from './portal-context.js';
import { PORTAL_CSS } from './pages/portal-css.js';
import { refuse } from './refuse.js';
import { registerOfficeRoutes } from './office-routes.js';
import { registerDashboardRoutes } from './dashboard-routes.js';
import { hashToken } from './link-signer.js';
import { findSession } from './sessions.js';

/** An upload larger than this is not a department's ledger (a 100,000-row XLSX is about 6 MB). */
const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/**
 * The portal (政务公开台账门户): server-rendered pages for the departments, their supervising offices and the admins,
 * reached by the links in their mail. Stateless: sessions live in the ledger, so every replica serves any of them.
 * Security comes from fastify's own plugins: helmet (CSP without scripts, no Referer), CSRF tokens bound to the
 * session, rate limits per session, bounded form and multipart bodies.
 */
export async function buildPortal(context: PortalContext): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024, trustProxy: context.trustProxy ?? false });
  const secure = context.publicUrl.startsWith('https:');

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], styleSrc: ["'self'"], imgSrc: ["'self'"], formAction: ["'self'"], frameAncestors: ["'none'"], baseUri: ["'none'"] },
    },
    // The link's token must not travel to another site in a Referer header.
    referrerPolicy: { policy: 'no-referrer' },
    hsts: secure,
  });
  await app.register(cookie, { secret: context.signer.cookieSecret });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieOpts: { path: '/', sameSite: 'strict', httpOnly: true, secure, signed: true },
    // The token is bound to the session: one taken from another clerk's page does not work here.
    csrfOpts: { userInfo: true, hmacKey: context.signer.cookieSecret },
    getUserInfo: (request) => request.cookies[SESSION_COOKIE] ?? '',
    // Multipart forms carry it in their address: their body is read only after the check.
    getToken: (request) => (request.body as { _csrf?: string } | undefined)?._csrf ?? (request.query as { _csrf?: string })._csrf,
  });
  await app.register(formbody);
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, fieldSize: 1024 } });
  await app.register(rateLimit, {
    max: context.config.portal.rateLimit.perMinute,
    timeWindow: '1 minute',
    // Counted after the session is looked up (onRequest), so that only a real session gets a bucket of its own:
    // clerks of one office share an address and each counts alone, while a made-up cookie counts as its address.
    hook: 'preHandler',
    keyGenerator: (request) => (request.session ? `s:${request.session.linkId}:${hashToken(request.cookies[SESSION_COOKIE] ?? '')}` : `ip:${request.ip}`),
    errorResponseBuilder: (_request, limit) => Object.assign(new Error('rate limited'), { statusCode: 429, code: 'DW_RATE_LIMITED', limit }),
  });

  app.decorateRequest('session', undefined);
  app.addHook('onRequest', async (request) => {
    // Health answers must not wait on the ledger (liveness) or on a cookie a browser happens to send.
    if (OPERATIONS_PATHS.has(request.url)) return;
    request.session = await findSession(context.db, request.cookies?.[SESSION_COOKIE], context.clock.now());
  });

  app.setErrorHandler(async (error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (error.code?.startsWith('FST_CSRF')) return refuse(reply, context, request, 403, 'badForm');
    if (error.statusCode === 429) return refuse(reply, context, request, 429, 'tooMany');
    if (error instanceof InputError || (error.statusCode !== undefined && error.statusCode < 500)) return refuse(reply, context, request, error.statusCode ?? 400, 'badForm');
    context.logger.error({ err: error, url: request.url.replace(/\/a\/[^/?]+/, '/a/…') }, 'portal request failed');
    return refuse(reply, context, request, 500, 'failed');
  });
  app.setNotFoundHandler(async (request, reply) => refuse(reply, context, request, 404, 'notFound'));

  app.get('/static/portal.css', async (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(PORTAL_CSS));
  registerHealthRoutes(app, context, context.health ?? { scanPeriodMs: 5 * 60_000 });
  registerAccessRoutes(app, context);
  registerDepartmentRoutes(app, context);
  registerOfficeRoutes(app, context);
  registerDashboardRoutes(app, context);
  // Bull Board only where there are queues (the distributed mode), loaded then.
  if (context.queues) await (await import('../operations/queue-board.js')).registerQueueBoard(app, context, context.queues);
  return app;
}
