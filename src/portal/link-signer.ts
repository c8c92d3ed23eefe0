import { createHash, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError } from '../core/errors.js';
import type { PortalSettings } from '../runtime/settings.js';

/**
 * Link tokens are derived from a secret key and the link's id (HMAC-SHA256: 256 bits), not stored: the ledger keeps
 * only a hash of each, and a stored mail keeps a placeholder that delivery fills in. So a copy of the database opens
 * nothing, and a resend of a mail carries the same link.
 */
export interface LinkSigner {
  /** The token of link `id`, for its URL. */
  token(id: number): string;
  /** What the ledger keeps of a token. */
  hash(token: string): string;
  /** The key for signed cookies (CSRF secret), derived from the same secret so that replicas agree. */
  readonly cookieSecret: string;
}

const MIN_SECRET_LENGTH = 32;

export function linkSigner(secret: string): LinkSigner {
  if (secret.length < MIN_SECRET_LENGTH) throw new InputError(`DW_LINK_SECRET must be at least ${MIN_SECRET_LENGTH} characters long (e.g. openssl rand -base64 48)`);
  const derive = (purpose: string) => createHmac('sha256', secret).update(purpose).digest('base64url');
  return {
    token: (id) => derive(`dw-link:${id}`),
    hash: hashToken,
    cookieSecret: derive('dw-cookie'),
  };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The secret: DW_LINK_SECRET, else (one process, e.g. the embedded default) a key generated once and kept in a file
 * beside the data directory, readable by its owner only. With several replicas every one must mint and check the same
 * links, so there it must be given.
 */
export function loadLinkSigner(settings: PortalSettings, options: { distributed: boolean }): LinkSigner {
  if (settings.linkSecret) return linkSigner(settings.linkSecret);
  if (options.distributed) throw new InputError('DW_LINK_SECRET is not set: with REDIS_URL every replica must share it to mint and open the same links (e.g. openssl rand -base64 48)');
  const file = settings.linkSecretFile;
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    // wx: two processes starting at once do not overwrite each other's key.
    try {
      writeFileSync(file, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
    }
    chmodSync(file, 0o600);
  }
  return linkSigner(readFileSync(file, 'utf8').trim());
}
