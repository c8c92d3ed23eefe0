import { createServer, type AddressInfo } from 'node:net';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import type { LoadedConfig } from '../../src/config/load-config.js';
import { portalUrl } from '../../src/delivery/mail-links.js';
import { issueLink, type LinkAudience } from '../../src/portal/access-links.js';
import type { PortalContext } from '../../src/portal/portal-context.js';
import { buildPortal } from '../../src/portal/server.js';
import { startPortal, type RunningPortal } from '../../src/portal/start-portal.js';
import type { Clock } from '../../src/runtime/clock.js';
import { createLogger } from '../../src/runtime/logger.js';
import { loadTestConfig } from './config.js';
import { TEST_PUBLIC_URL, TEST_SIGNER } from './worker-context.js';

/** A clock a test can move: the portal reads it on every request. */
export function movableClock(start: DateTime): Clock & { set(at: DateTime): void } {
  let now = start;
  return { now: () => now, set: (at) => void (now = at) };
}

export function portalContext(db: Knex, clock: Clock, options: { publicUrl?: string; config?: LoadedConfig } = {}): PortalContext {
  return { db, config: options.config ?? loadTestConfig(), clock, signer: TEST_SIGNER, publicUrl: options.publicUrl ?? TEST_PUBLIC_URL, logger: createLogger({ level: 'silent' }) };
}

/** The portal for fastify's inject (no socket). */
export function injectablePortal(context: PortalContext): Promise<FastifyInstance> {
  return buildPortal(context);
}

/** A free port on loopback, so that the links in mail can name the portal before it listens. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The portal listening on loopback, its public URL its own address (browser tests). */
export async function listeningPortal(db: Knex, clock: Clock, config?: LoadedConfig): Promise<RunningPortal & { context: PortalContext }> {
  const port = await freePort();
  const context = portalContext(db, clock, { publicUrl: `http://127.0.0.1:${port}`, config });
  return { ...(await startPortal(context, { host: '127.0.0.1', port })), context };
}

/** Issues a link as `cli access link` would, and returns its token and URL. */
export async function linkFor(context: PortalContext, audience: LinkAudience, audienceCode: string, days = 14): Promise<{ id: number; token: string; url: string }> {
  const link = await issueLink(context.db, context.signer, { audience, audienceCode, purpose: 'test', issuedBy: 'test' }, context.clock.now(), days);
  const url = portalUrl(context, link.id);
  return { id: link.id, token: context.signer.token(link.id), url };
}

/** Opens a link through fastify's inject as a browser would, and returns the cookies it set (the session). */
export async function openedSession(app: FastifyInstance, token: string, remoteAddress?: string): Promise<Record<string, string>> {
  const opened = await app.inject({ method: 'GET', url: `/a/${token}`, ...(remoteAddress ? { remoteAddress } : {}) });
  return Object.fromEntries(opened.cookies.map((c) => [c.name, c.value]));
}

/** A visitor's cookie jar: what its browser would send back. */
export interface Visitor {
  cookies: Record<string, string>;
}

/** The cookies a response sets, merged into the visitor's jar. */
export function keepCookies(visitor: Visitor, response: LightMyRequestResponse): LightMyRequestResponse {
  for (const cookie of response.cookies) visitor.cookies[cookie.name] = cookie.value;
  return response;
}

/**
 * Requests through fastify's inject as a browser would make them, keeping each visitor's cookies; `visitor` opens a
 * fresh link for an audience. The app and context are read when called (they are made in a beforeAll).
 */
export function browserLike(app: () => FastifyInstance, context: () => PortalContext) {
  const get = (visitor: Visitor | undefined, url: string) => app().inject({ method: 'GET', url, cookies: visitor?.cookies }).then((r) => (visitor ? keepCookies(visitor, r) : r));
  const post = (visitor: Visitor | undefined, url: string, form: Record<string, string>) =>
    app()
      .inject({ method: 'POST', url, cookies: visitor?.cookies, payload: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } })
      .then((r) => (visitor ? keepCookies(visitor, r) : r));
  async function visitor(audience: LinkAudience, code: string): Promise<Visitor> {
    const who: Visitor = { cookies: {} };
    const { token } = await linkFor(context(), audience, code);
    const opened = await get(who, `/a/${token}`);
    if (opened.statusCode !== 200) throw new Error(`opening a ${audience} link for ${code} answered ${opened.statusCode}`);
    return who;
  }
  return { get, post, visitor };
}
