import { DateTime } from 'luxon';
import type { SendMailOptions } from 'nodemailer';
import { SHANGHAI } from '../core/shanghai-time.js';
import { csvBytes } from '../csv/excel-csv.js';
import type { InlineImage } from './render-department.js';

/** A stored message as the transports send it: the same fields, and so the same mail, on every attempt. */
export interface OutgoingMail {
  readonly key: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** Stable per message: a resend after a crash carries the same one, so mail clients show it once. */
  readonly messageId: string;
  /** When it was composed: the Date header, the same on every attempt. */
  readonly date: Date;
  /** The full list as CSV (sent as UTF-8 with a BOM). */
  readonly attachment?: { readonly filename: string; readonly csv: string } | undefined;
  /** PNGs the HTML shows inline (cid:). */
  readonly images?: readonly InlineImage[] | undefined;
}

export function nodemailerOptions(mail: OutgoingMail): SendMailOptions {
  return {
    from: mail.from,
    to: [...mail.to],
    cc: [...mail.cc],
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    // In Beijing time (+0800), as everything a person reads; nodemailer would write UTC.
    date: DateTime.fromJSDate(mail.date, { zone: SHANGHAI }).toRFC2822() as string,
    attachments: [
      ...(mail.attachment ? [{ filename: mail.attachment.filename, content: csvBytes(mail.attachment.csv), contentType: 'text/csv; charset=utf-8' }] : []),
      // Inline (cid:) pictures: nodemailer puts them with the HTML in a multipart/related part.
      ...(mail.images ?? []).map((image) => ({ filename: image.filename, content: Buffer.from(image.base64, 'base64'), contentType: 'image/png', cid: image.cid, contentDisposition: 'inline' as const })),
    ],
    headers: {
      'X-Disclosure-Watch-Key': mail.key,
      // Machine-made: no out-of-office replies to it (RFC 3834).
      'Auto-Submitted': 'auto-generated',
      // One "list" per audience, so mail clients can file and filter each department's digests.
      'List-Id': `<${listId(mail)}>`,
    },
  };
}

/** e.g. department.tinghu.czj.example.test, from the key (department:tinghu.czj:2026-11-23) and the Message-ID's domain. */
function listId(mail: OutgoingMail): string {
  const [audience, code] = mail.key.split(':');
  const domain = /@([^>]+)>$/.exec(mail.messageId)?.[1] ?? 'disclosure-watch.invalid';
  return `${audience}.${(code ?? '').replace(/[^A-Za-z0-9.-]/g, '-')}.${domain}`;
}
