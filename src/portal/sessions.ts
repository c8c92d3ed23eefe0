import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import { formatShanghai } from '../core/shanghai-time.js';
import type { LinkAudience } from './access-links.js';
import { preparedRows } from '../ledger/prepared-query.js';
import { hashToken } from './link-signer.js';

/**
 * A session, opened by a link: the cookie carries a random value, the ledger its hash, so every replica can serve
 * it and a copy of the database opens nothing. It lasts `hours`, never longer than its link, and ends when the link
 * is revoked.
 */
export interface PortalSession {
  readonly linkId: number;
  readonly audience: LinkAudience;
  readonly audienceCode: string;
}

export async function openSession(db: Knex, link: { id: number; expiresAt: string }, now: DateTime, hours: number): Promise<string> {
  const value = randomBytes(32).toString('base64url');
  const until = now.plus({ hours });
  const expires = until.toMillis() < Date.parse(link.expiresAt) ? formatShanghai(until) : link.expiresAt;
  // Sessions that ended are of no use to anyone: cleared as new ones begin, so the table stays as small as the use.
  await db('portal_sessions').where('expires_at', '<', formatShanghai(now)).delete();
  await db('portal_sessions').insert({ id_hash: hashToken(value), link_id: link.id, created_at: formatShanghai(now), expires_at: expires });
  return value;
}

const FIND_SESSION = {
  name: 'dw-find-session',
  text: `select l.id, l.audience, l.audience_code from portal_sessions s join access_links l on l.id = s.link_id
         where s.id_hash = $1 and s.expires_at > $2 and l.expires_at > $2 and l.revoked_at is null`,
};

export async function findSession(db: Knex, value: string | undefined, now: DateTime): Promise<PortalSession | undefined> {
  if (!value || !/^[A-Za-z0-9_-]{43}$/.test(value)) return undefined;
  const at = formatShanghai(now);
  // Every request asks this: a prepared statement on two primary keys.
  const [row] = await preparedRows<{ id: number; audience: PortalSession['audience']; audience_code: string }>(db, FIND_SESSION, [hashToken(value), at]);
  return row ? { linkId: Number(row.id), audience: row.audience, audienceCode: row.audience_code } : undefined;
}

export async function closeSession(db: Knex, value: string | undefined): Promise<void> {
  if (value) await db('portal_sessions').where({ id_hash: hashToken(value) }).delete();
}
