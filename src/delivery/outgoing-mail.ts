import { DateTime } from 'luxon';
import type { SendMailOptions } from 'nodemailer';
import { SHANGHAI } from '../core/shanghai-time.js';

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
    headers: { 'X-Disclosure-Watch-Key': mail.key, 'Auto-Submitted': 'auto-generated' },
  };
}
