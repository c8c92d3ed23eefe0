import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import { formatShanghai, formatShanghaiMillis } from '../core/shanghai-time.js';
import type { LinkSigner } from './link-signer.js';

/** Who a link lets in: a department (its code), a supervising office (its jurisdiction), or the admins. */
export type LinkAudience = 'department' | 'supervisor' | 'admin';

export interface AccessLink {
  readonly id: number;
  readonly audience: LinkAudience;
  readonly audienceCode: string;
  readonly purpose: string;
  readonly issuedBy: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly revokedAt?: string | undefined;
}

export interface LinkRequest {
  readonly audience: LinkAudience;
  readonly audienceCode: string;
  readonly purpose: string;
  readonly issuedBy: string;
}

interface LinkRow {
  id: number;
  audience: LinkAudience;
  audience_code: string;
  purpose: string;
  issued_by: string;
  created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
}

const linkFromRow = (row: LinkRow): AccessLink => ({
  id: Number(row.id),
  audience: row.audience,
  audienceCode: row.audience_code,
  purpose: row.purpose,
  issuedBy: row.issued_by,
  createdAt: formatShanghaiMillis(row.created_at.getTime()),
  expiresAt: formatShanghaiMillis(row.expires_at.getTime()),
  revokedAt: row.revoked_at ? formatShanghaiMillis(row.revoked_at.getTime()) : undefined,
});

/** Issues a link valid for `days`; its id is taken first so that the row is written once, with its token's hash. */
export async function issueLink(db: Knex, signer: LinkSigner, request: LinkRequest, now: DateTime, days: number): Promise<AccessLink> {
  const { rows } = await db.raw(`select nextval(pg_get_serial_sequence('access_links', 'id')) as id`);
  const id = Number((rows as Array<{ id: number }>)[0]?.id);
  const [row] = await db('access_links')
    .insert({
      id,
      token_hash: signer.hash(signer.token(id)),
      audience: request.audience,
      audience_code: request.audienceCode,
      purpose: request.purpose,
      issued_by: request.issuedBy,
      created_at: formatShanghai(now),
      expires_at: formatShanghai(now.plus({ days })),
    })
    .returning('*');
  return linkFromRow(row as LinkRow);
}

export type LinkLookup = { readonly link: AccessLink } | { readonly refused: 'unknown' | 'expired' | 'revoked' };

/** The link a token opens, or why it opens nothing. Reads only. */
export async function findLinkByToken(db: Knex, signer: LinkSigner, token: string, now: DateTime): Promise<LinkLookup> {
  // A token is 43 base64url characters: anything else is not worth a query.
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { refused: 'unknown' };
  const row = (await db('access_links').where({ token_hash: signer.hash(token) }).first()) as LinkRow | undefined;
  if (!row) return { refused: 'unknown' };
  if (row.revoked_at) return { refused: 'revoked' };
  if (row.expires_at.getTime() <= now.toMillis()) return { refused: 'expired' };
  return { link: linkFromRow(row) };
}

/** The links of an audience still in force (not revoked, not expired), newest first. */
export async function activeLinks(db: Knex, audience: LinkAudience, codes: readonly string[], now: DateTime): Promise<AccessLink[]> {
  const rows = await db('access_links')
    .where({ audience })
    .whereRaw('audience_code = any(?::text[])', [codes as string[]])
    .whereNull('revoked_at')
    .where('expires_at', '>', formatShanghai(now))
    .orderBy('id', 'desc');
  return (rows as LinkRow[]).map(linkFromRow);
}

export async function findLink(db: Knex, id: number): Promise<AccessLink | undefined> {
  const row = (await db('access_links').where({ id }).first()) as LinkRow | undefined;
  return row ? linkFromRow(row) : undefined;
}

/**
 * Ends links at once: one by id, or every link of an audience (optionally only those issued for one purpose, e.g.
 * the start-up links). Their sessions end with them (a session is only as good as its link). Returns how many.
 */
export async function revokeLinks(
  db: Knex,
  target: { readonly id: number } | { readonly audience: LinkAudience; readonly audienceCode: string; readonly purpose?: string },
  revokedBy: string,
  now: DateTime,
): Promise<number> {
  const query = db('access_links').whereNull('revoked_at');
  if ('id' in target) query.where({ id: target.id });
  else {
    query.where({ audience: target.audience, audience_code: target.audienceCode });
    if (target.purpose) query.where({ purpose: target.purpose });
  }
  return query.update({ revoked_at: formatShanghai(now), revoked_by: revokedBy });
}
