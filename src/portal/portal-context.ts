import type { Queue } from 'bullmq';
import type { FastifyReply } from 'fastify';
import type { Knex } from 'knex';
import type { LoadedConfig } from '../config/load-config.js';
import type { Department } from '../core/organisation.js';
import { DIGEST_WORDS, type DigestWords } from '../delivery/digest-words.js';
import { localeOf, wordsFor } from '../delivery/mail-names.js';
import type { Change } from '../ledger/history-store.js';
import type { HealthSources } from '../operations/health-routes.js';
import type { ReloadOutcome } from '../runtime/config-reload.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { LinkSigner } from './link-signer.js';
import type { Viewer } from './pages/layout.js';
import { PORTAL_WORDS, type PortalWords } from './portal-words.js';
import type { PortalSession } from './sessions.js';
import { formatShanghai } from '../core/shanghai-time.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The session the request's cookie names, if it is still good (its link neither expired nor revoked). */
    session?: PortalSession | undefined;
  }
}

export const SESSION_COOKIE = 'dw_session';

/** What the portal's routes work with: the same ledger, config and clock as the worker's jobs. */
export interface PortalContext {
  readonly db: Knex;
  readonly config: LoadedConfig;
  readonly clock: Clock;
  readonly signer: LinkSigner;
  readonly publicUrl: string;
  readonly logger: Logger;
  /** Behind a reverse proxy: take the client's address from X-Forwarded-For (rate limits). */
  readonly trustProxy?: boolean;
  /** What /readyz asks (the worker's Redis, its scan's period); default: no Redis, a scan every 5 minutes. */
  readonly health?: HealthSources | undefined;
  /** The distributed mode's BullMQ queues, shown to the admins by Bull Board at /admin/queues. */
  readonly queues?: readonly Queue[] | undefined;
  /** Reloads config/ in the worker that serves the portal (the admins' page has a button for it). */
  readonly reload?: (() => Promise<ReloadOutcome>) | undefined;
}

/** The language a session reads: its jurisdiction's (Chinese by default). */
export function languageOf(context: PortalContext, session: PortalSession | undefined): { words: PortalWords; mailWords: DigestWords } {
  const jurisdiction = session ? jurisdictionOf(context, session) : undefined;
  const locale = jurisdiction ? localeOf(context.config, jurisdiction) : 'zh';
  return { words: PORTAL_WORDS[locale], mailWords: jurisdiction ? wordsFor(context.config, jurisdiction) : DIGEST_WORDS.zh };
}

function jurisdictionOf(context: PortalContext, session: PortalSession): string | undefined {
  if (session.audience === 'supervisor') return session.audienceCode;
  if (session.audience === 'department') return context.config.organisation.departments.find((d) => d.code === session.audienceCode)?.jurisdiction;
  return undefined;
}

/** The departments a session may see: its own; an office's; every one for the admins. */
export function visibleDepartments(context: PortalContext, session: PortalSession): Department[] {
  const all = context.config.organisation.departments;
  if (session.audience === 'department') return all.filter((d) => d.code === session.audienceCode);
  if (session.audience === 'supervisor') return all.filter((d) => d.jurisdiction === session.audienceCode);
  return [...all];
}

/** Who the session is, by name, for the page header and the history. */
export function sessionName(context: PortalContext, session: PortalSession): string {
  const { departments, supervisors } = context.config.organisation;
  if (session.audience === 'department') return departments.find((d) => d.code === session.audienceCode)?.name ?? session.audienceCode;
  if (session.audience === 'supervisor') return supervisors.find((s) => s.jurisdiction === session.audienceCode)?.name ?? session.audienceCode;
  return 'admin';
}

/** What a change through the portal records in the history (全程留痕): who, through which audience and link. */
export function portalChange(context: PortalContext, session: PortalSession, note?: string): Change {
  return {
    actor: `${sessionName(context, session)}（门户 ${session.audience}:${session.audienceCode}，链接#${session.linkId}）`,
    at: formatShanghai(context.clock.now()),
    note,
  };
}

/** The page header's viewer, with a fresh CSRF token for the page's forms. */
export function viewerOf(context: PortalContext, session: PortalSession, reply: FastifyReply): Viewer {
  return { name: sessionName(context, session), csrf: reply.generateCsrf({ userInfo: reply.request.cookies[SESSION_COOKIE] ?? '' }) };
}
