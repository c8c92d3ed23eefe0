import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { InputError } from '../core/errors.js';
import type { CommitTurn } from './commit-turns.js';
import { holdFinalDot, withCommitTurn } from './hold-final-dot.js';
import { replaceFile } from '../files/safe-files.js';
import { smtpSettings } from './smtp-settings.js';
import { nodemailerOptions, type OutgoingMail } from './outgoing-mail.js';

/** Where mail goes: an SMTP relay, or `.eml` files in a folder until one is configured. */
export interface MailTransport {
  readonly kind: 'smtp' | 'files';
  /** Where a person finds what was sent (the folder, or the relay without its credentials). */
  readonly target: string;
  /** How long one send may go without an answer before it is given up (and reported as slow): under the claim's lease. */
  readonly sendTimeoutMs: number;
  /**
   * Sends one mail; resolves with the relay's answer (or the file written), rejects with the error. With a turn, the
   * mail is handed over for good (SMTP's final ".", the file's rename) only once the turn is taken; the caller ends it.
   */
  send(mail: OutgoingMail, turn?: CommitTurn): Promise<string>;
  /** Checks, before anything is sent, what can be checked: refuses credentials the relay does not take. */
  verify(): Promise<void>;
  close(): Promise<void>;
}

/** The relay refused SMTP_URL's credentials, or takes no login at all: the worker does not start (mail is never sent unauthenticated by mistake). */
export class RelayAuthError extends InputError {}

/**
 * `.eml` files, one per message, named after its key: a resend writes the same file again instead of a second one.
 * Written beside and renamed into place, so a reader never sees half a mail.
 */
export function fileTransport(dir: string): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    kind: 'files',
    target: dir,
    sendTimeoutMs: SMTP_TIMEOUTS.socketTimeout,
    async send(mail, turn) {
      const info = await composer.sendMail(nodemailerOptions(mail));
      await turn?.take();
      await mkdir(dir, { recursive: true });
      const path = join(dir, `${mail.key.replaceAll(':', '_')}.eml`);
      // Through an exclusive temporary file of an unguessable name: a link planted in the outbox is never followed.
      await replaceFile(path, info.message as Buffer);
      return `written ${path}`;
    },
    async verify() {},
    async close() {
      composer.close();
    },
  };
}

/**
 * nodemailer's own are 2 min to connect and 10 min of silence on a socket: as long as a claim's old ten minutes, so a
 * hung relay let another replica take the message over and both send it. These end a send well inside the claim's
 * lease (60 s, renewed), so a hung relay costs at most the messages in flight when it hung, each resent once.
 */
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 } as const;

/**
 * SMTP through a pool of connections (SMTP_URL, e.g. smtps://user:pass@relay.example:465; credentials only from the
 * environment). With credentials, the login is forced: a relay that offers no AUTH refuses it, instead of the mail
 * going out unauthenticated without a word.
 */
export function smtpTransport(url: string): MailTransport {
  const relay = smtpSettings(url);
  const { host, port, secure, auth } = relay;
  const pool = nodemailer.createTransport({ host, port, secure, auth, forceAuth: auth !== undefined, pool: true, maxConnections: 5, ...SMTP_TIMEOUTS } as Parameters<typeof nodemailer.createTransport>[0] & { pool: true });
  holdFinalDot(pool);
  return {
    kind: 'smtp',
    target: relay.display,
    sendTimeoutMs: SMTP_TIMEOUTS.connectionTimeout + SMTP_TIMEOUTS.socketTimeout,
    async verify() {
      try {
        await pool.verify();
      } catch (error) {
        const { code, response } = error as { code?: string; response?: string };
        if (code !== 'EAUTH') throw error;
        throw new RelayAuthError(
          `SMTP_URL gives a user and password, but the relay at ${relay.display} refused the login (${response ?? (error as Error).message}): ` +
            'either the credentials are wrong, or the relay offers no AUTH and the mail would go out unauthenticated. Fix them, or take them out of SMTP_URL if the relay accepts mail without a login',
        );
      }
    },
    async send(mail, turn) {
      const info = await pool.sendMail(withCommitTurn(nodemailerOptions(mail), turn));
      // Some recipients refused, others took it: sent, with the refusals on record.
      const refused = (info.rejected as Array<string | { address: string }>).map((a) => (typeof a === 'string' ? a : a.address));
      return refused.length > 0 ? `${info.response} (refused: ${refused.join(', ')})` : info.response;
    },
    async close() {
      pool.close();
    },
  };
}
