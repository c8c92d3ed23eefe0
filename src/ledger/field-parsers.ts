import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { EXEMPTION_BASES, EXEMPTION_BASIS_LABELS, type ExemptionBasis } from './item.js';

/** Longest values the ledger keeps, so that a pasted document does not end up in a reference. */
export const MAX_LENGTH = {
  reference: 100,
  title: 500,
  url: 2000,
  reason: 1000,
  person: 100,
  /** 答复文号, e.g. 亭政公开〔2026〕第15号 */
  documentNumber: 100,
  /** 送达方式, e.g. 邮寄（EMS 1234567890123） */
  delivery: 200,
  notes: 2000,
} as const;

export function checkLength(value: string, field: keyof typeof MAX_LENGTH, what: string): string {
  if (value.length > MAX_LENGTH[field]) throw new InputError(`${what} is ${value.length} characters long; at most ${MAX_LENGTH[field]} are kept`);
  return value;
}

const httpUrl = z.url({ protocol: /^https?$/, hostname: z.regexes.domain });

/** Where the item was published: an http(s) address with a host name. */
export function parseUrl(text: string): string {
  const url = text.trim();
  if (!httpUrl.safeParse(url).success) throw new InputError(`"${url}" is not an http(s) web address`);
  return checkLength(url, 'url', 'the address');
}

/** state_secret / trade_secret / privacy, or the Chinese 涉密 / 商业秘密 / 个人隐私. */
export function parseExemptionBasis(text: string): ExemptionBasis {
  const value = text.trim();
  const basis = EXEMPTION_BASES.find((b) => b === value || EXEMPTION_BASIS_LABELS[b] === value);
  if (!basis) {
    const choices = EXEMPTION_BASES.map((b) => `${b} (${EXEMPTION_BASIS_LABELS[b]})`).join(', ');
    throw new InputError(`"${value}" is not a lawful ground for not publishing; one of ${choices}`);
  }
  return basis;
}
