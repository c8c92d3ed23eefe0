import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { redactUrl } from '../runtime/redact-url.js';
import { nodemailerOptions, type OutgoingMail } from './outgoing-mail.js';

/** Where mail goes: an SMTP relay, or `.eml` files in a folder until one is configured. */
export interface MailTransport {
  readonly kind: 'smtp' | 'files';
  /** Where a person finds what was sent (the folder, or the relay without its credentials). */
  readonly target: string;
  /** Sends one mail; resolves with the relay's answer (or the file written), rejects with the error. */
  send(mail: OutgoingMail): Promise<string>;
  close(): Promise<void>;
}

/**
 * `.eml` files, one per message, named after its key: a resend writes the same file again instead of a second one.
 * Written beside and renamed into place, so a reader never sees half a mail.
 */
export function fileTransport(dir: string): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    kind: 'files',
    target: dir,
    async send(mail) {
      const info = await composer.sendMail(nodemailerOptions(mail));
      await mkdir(dir, { recursive: true });
      const path = join(dir, `${mail.key.replaceAll(':', '_')}.eml`);
      await writeFile(`${path}.tmp`, info.message as Buffer);
      await rename(`${path}.tmp`, path);
      return `written ${path}`;
    },
    async close() {
      composer.close();
    },
  };
}

/** SMTP through a pool of connections (SMTP_URL, e.g. smtps://user:pass@relay.example:465; credentials only from the environment). */
export function smtpTransport(url: string): MailTransport {
  const pool = nodemailer.createTransport({ url, pool: true, maxConnections: 5 } as Parameters<typeof nodemailer.createTransport>[0] & { pool: true });
  return {
    kind: 'smtp',
    target: redactUrl(url),
    async send(mail) {
      const info = await pool.sendMail(nodemailerOptions(mail));
      // Some recipients refused, others took it: sent, with the refusals on record.
      const refused = (info.rejected as Array<string | { address: string }>).map((a) => (typeof a === 'string' ? a : a.address));
      return refused.length > 0 ? `${info.response} (refused: ${refused.join(', ')})` : info.response;
    },
    async close() {
      pool.close();
    },
  };
}
