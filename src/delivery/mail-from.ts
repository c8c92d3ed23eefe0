import { z } from 'zod';
import { InputError } from '../core/errors.js';

/** The sender as nodemailer takes it: a display name (any language) and an address, both checked. */
export interface Sender {
  readonly name: string;
  readonly address: string;
}

const address = z.email();
// No line breaks, no angle brackets or quotes in the name: anything that could end the header or start another.
const displayName = z.string().max(100).regex(/^[^\r\n<>"]*$/, 'the name may not contain line breaks, angle brackets or quotes');

/**
 * MAIL_FROM, "政务公开时限监测 <gongkai@tinghu.gov.cn>" or a bare address, checked before anything is sent: a CR/LF
 * in it would let a header through (header injection).
 */
export function parseMailFrom(text: string): Sender {
  const match = /^\s*(?:(.*?)\s*<([^<>]*)>|([^<>\s]+))\s*$/s.exec(text);
  const name = match?.[1] ?? '';
  const addr = match?.[2] ?? match?.[3] ?? '';
  const problems = [
    ...(match ? [] : ['write it as "Name <address>" or a bare address']),
    ...(match && !address.safeParse(addr).success ? [`"${addr}" is not an e-mail address`] : []),
    ...(displayName.safeParse(name).error?.issues.map((i) => i.message) ?? []),
  ];
  if (problems.length > 0) throw new InputError(`MAIL_FROM ${JSON.stringify(text)}: ${problems.join('; ')}`);
  return { name, address: addr };
}
