import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { EXEMPTION_BASES, EXEMPTION_BASIS_LABELS, THIRD_PARTY_OPINIONS, THIRD_PARTY_OPINION_LABELS, type ExemptionBasis, type ThirdPartyOpinion } from './item.js';

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

/** Other names departments write for a ground: the short forms of the annual report's form, and earlier labels. */
const BASIS_ALIASES: Readonly<Record<string, ExemptionBasis>> = {
  涉密: 'state_secret',
  属于国家秘密: 'state_secret',
  法律行政法规禁止公开: 'law_prohibited',
  三安全一稳定: 'security_stability',
  危及三安全一稳定: 'security_stability',
  内部事务: 'internal_affairs',
  过程性: 'process_info',
  行政执法案卷: 'enforcement_file',
};

/** A ground for not publishing by its code (state_secret, …, enforcement_file), its Chinese name or a short form of it. */
export function parseExemptionBasis(text: string): ExemptionBasis {
  const value = text.trim();
  const basis = byCodeOrLabel(EXEMPTION_BASES, EXEMPTION_BASIS_LABELS, value) ?? BASIS_ALIASES[value];
  if (!basis) throw new InputError(`"${value}" is not a lawful ground for not publishing (条例第十四条至第十六条); one of ${choices(EXEMPTION_BASES, EXEMPTION_BASIS_LABELS)}`);
  return basis;
}

/** The third party's answer or the public-interest decision (第十五条) by its code or Chinese name; blank is none. */
export function parseThirdPartyOpinion(text: string): ThirdPartyOpinion | undefined {
  const value = text.trim();
  if (value === '') return undefined;
  const opinion = byCodeOrLabel(THIRD_PARTY_OPINIONS, THIRD_PARTY_OPINION_LABELS, value);
  if (!opinion) throw new InputError(`"${value}" is not a third party's answer; one of ${choices(THIRD_PARTY_OPINIONS, THIRD_PARTY_OPINION_LABELS)}`);
  return opinion;
}

/** The code a value names, by the code itself or its Chinese label. */
function byCodeOrLabel<T extends string>(codes: readonly T[], labels: Readonly<Record<T, string>>, value: string): T | undefined {
  return codes.find((code) => code === value || labels[code] === value);
}

/** The accepted values, for a refusal: "code (label), …". */
function choices<T extends string>(codes: readonly T[], labels: Readonly<Record<T, string>>): string {
  return codes.map((code) => `${code} (${labels[code]})`).join(', ');
}
