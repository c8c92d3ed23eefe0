import type { LoadedConfig } from '../config/load-config.js';
import { DECISION_TYPE_LABELS, type DecisionType } from '../core/decision-type.js';
import { warningText, type DeadlineWarning } from '../core/deadline-basis.js';
import type { Rule } from '../core/rule-types.js';
import { DIGEST_WORDS, type DigestWords, type MailLocale } from './digest-words.js';

/** The language a jurisdiction's departments and supervisor read (its `locale`, inherited; Chinese by default). */
export function localeOf(config: LoadedConfig, jurisdictionId: string): MailLocale {
  return config.ruleBook.jurisdictions.get(jurisdictionId)?.locale ?? 'zh';
}

export function wordsFor(config: LoadedConfig, jurisdictionId: string): DigestWords {
  return DIGEST_WORDS[localeOf(config, jurisdictionId)];
}

/** A rule and where the law sets it, e.g. 主动公开信息（20个工作日）；依据：国务院办公厅…（国办发〔2017〕97号）二(四). */
export function ruleBasis(rule: Rule | undefined, ruleId: string, locale: MailLocale): string {
  if (!rule) return ruleId;
  const basis = `${rule.legalBasis.document} ${rule.legalBasis.section}`;
  return locale === 'en' ? `${rule.name}; basis: ${basis}` : `${rule.name}；依据：${basis}`;
}

/**
 * A rule's text with the engine's warnings about the item after it (a supplement asked for late, an extension
 * approved after the reply was due): they never change the date, and whoever reads the mail must see them.
 */
export function withWarnings(text: string, warnings: ReadonlyArray<DeadlineWarning> | null | undefined, locale: MailLocale): string {
  if (!warnings?.length) return text;
  const said = warnings.map((w) => warningText(w, locale));
  return locale === 'en' ? `${text}; warning: ${said.join('; ')}` : `${text}；提示：${said.join('；')}`;
}

/** A domain (领域) by name; in English where config gives one. */
export function domainName(config: LoadedConfig, domainId: string, locale: MailLocale): string {
  const domain = config.ruleBook.domains.get(domainId);
  if (!domain) return domainId;
  return locale === 'en' && domain.nameEn ? domain.nameEn : domain.name;
}

/**
 * A category (信息类别) by name; categories have Chinese names only, so English mail shows the id beside it. An item
 * that is a licensing or penalty decision says so: it is why its limit is 7 working days.
 */
export function categoryName(config: LoadedConfig, categoryId: string, locale: MailLocale, decisionType?: DecisionType | null): string {
  const name = config.ruleBook.categories.get(categoryId)?.name ?? categoryId;
  const decision = decisionType ? DECISION_TYPE_LABELS[decisionType] : undefined;
  if (locale === 'en') {
    const named = name === categoryId ? name : `${name} (${categoryId})`;
    return decision ? `${named}, a ${decisionType} decision (${decision}决定)` : named;
  }
  return decision ? `${name}（${decision}决定）` : name;
}
