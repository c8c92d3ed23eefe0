import type { FastifyReply, FastifyRequest } from 'fastify';
import { languageOf, type PortalContext } from './portal-context.js';
import { renderRefusal } from './pages/refusal-page.js';
import type { PortalWords } from './portal-words.js';
import type { PortalSession } from './sessions.js';

export type RefusalKey = Exclude<keyof PortalWords['refusal'], 'linkTitle' | 'newLink'>;

/** Answers with a refusal page a person can act on; nothing was written. */
export function refuse(reply: FastifyReply, context: PortalContext, request: FastifyRequest, status: number, key: RefusalKey): FastifyReply {
  const { words, mailWords } = languageOf(context, request.session);
  const lines = key === 'noSession' || key === 'unknown' || key === 'expired' || key === 'revoked' ? [words.refusal[key], words.refusal.newLink] : [words.refusal[key]];
  const title = key === 'unknown' || key === 'expired' || key === 'revoked' ? words.refusal.linkTitle : words.portal;
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(renderRefusal(mailWords.htmlLang, words, title, lines));
}

/**
 * The request's session if it is one of these audiences. Otherwise the request is refused (no session: how to get
 * in; another audience: forbidden) and undefined is returned: the route has nothing more to do.
 */
export function guard(request: FastifyRequest, reply: FastifyReply, context: PortalContext, audiences: ReadonlyArray<PortalSession['audience']>): PortalSession | undefined {
  const session = request.session;
  if (!session) {
    refuse(reply, context, request, 401, 'noSession');
    return undefined;
  }
  if (!audiences.includes(session.audience)) {
    refuse(reply, context, request, 403, 'forbidden');
    return undefined;
  }
  return session;
}

/** Every page shows the state of the ledger now: nothing is cached, by the browser or in between. */
export function html(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
}
