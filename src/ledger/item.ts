import type { DeadlineEvents } from '../core/deadline.js';
import type { DeadlineWarning } from '../core/deadline-basis.js';
import type { DecisionType } from '../core/decision-type.js';

/**
 * open: still to publish; published: done (公开); exempt: lawfully not published (不予公开); withdrawn: not a duty
 * after all. A disclosure request waiting for the requester's supplement is awaiting_supplement (待补正: no reply
 * deadline yet), and abandoned (视为放弃申请, 条例第三十条) when the 补正 period passed with none: neither is late.
 */
export const ITEM_STATUSES = ['open', 'published', 'exempt', 'withdrawn', 'awaiting_supplement', 'abandoned'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/**
 * The lawful grounds for not publishing, every one the Regulation gives (《政府信息公开条例》): state secrets, what
 * laws and administrative regulations forbid, and what would endanger national, public or economic security or
 * social stability (第十四条); trade secrets and personal privacy, unless the third party consents or the public
 * interest outweighs (第十五条); internal affairs, process information and administrative enforcement files (第十六条).
 */
export const EXEMPTION_BASES = ['state_secret', 'law_prohibited', 'security_stability', 'trade_secret', 'privacy', 'internal_affairs', 'process_info', 'enforcement_file'] as const;
export type ExemptionBasis = (typeof EXEMPTION_BASES)[number];
export const EXEMPTION_BASIS_LABELS: Readonly<Record<ExemptionBasis, string>> = {
  state_secret: '国家秘密',
  law_prohibited: '法律、行政法规禁止公开',
  security_stability: '危及国家安全、公共安全、经济安全、社会稳定',
  trade_secret: '商业秘密',
  privacy: '个人隐私',
  internal_affairs: '内部事务信息',
  process_info: '过程性信息',
  enforcement_file: '行政执法案卷信息',
};
/** Where the Regulation gives each ground. */
export const EXEMPTION_BASIS_ARTICLES: Readonly<Record<ExemptionBasis, string>> = {
  state_secret: '第十四条',
  law_prohibited: '第十四条',
  security_stability: '第十四条',
  trade_secret: '第十五条',
  privacy: '第十五条',
  internal_affairs: '第十六条第一款',
  process_info: '第十六条第二款',
  enforcement_file: '第十六条第二款',
};

/**
 * What the third party said, or the office decided, about information touching its trade secrets or privacy
 * (第十五条, 第三十二条): it refused, or did not answer within its 15 working days (the office then decides); or it
 * consented, or not publishing would seriously harm the public interest: then the information is published.
 */
export const THIRD_PARTY_OPINIONS = ['refused', 'no_answer', 'consented', 'public_interest'] as const;
export type ThirdPartyOpinion = (typeof THIRD_PARTY_OPINIONS)[number];
export const THIRD_PARTY_OPINION_LABELS: Readonly<Record<ThirdPartyOpinion, string>> = {
  refused: '第三方不同意公开',
  no_answer: '第三方逾期未提出意见',
  consented: '第三方同意公开',
  public_interest: '不公开会对公共利益造成重大影响',
};

/** What a ledger file or a command states about an item. Times are ISO 8601 strings (or a date alone for events). */
export interface ItemFacts {
  readonly jurisdiction: string;
  readonly reference: string;
  readonly title: string;
  readonly departmentCode: string;
  readonly category: string;
  /** 决定类型: set when the item is itself a licensing or penalty decision (then 7 working days, in any category). */
  readonly decisionType?: DecisionType | undefined;
  readonly events: DeadlineEvents;
  readonly notes?: string | undefined;
  readonly status: ItemStatus;
  readonly publishedAt?: string | undefined;
  readonly publishedUrl?: string | undefined;
  /** A reply or report delivered rather than put online (categories.yaml `delivered`): its number (答复文号)… */
  readonly replyReference?: string | undefined;
  /** …and how it was delivered (送达方式: 邮寄, 当面送达, 电子邮件, …). */
  readonly deliveryMethod?: string | undefined;
  readonly exemptionReason?: string | undefined;
  readonly exemptionBasis?: ExemptionBasis | undefined;
  readonly exemptionApprovedBy?: string | undefined;
  /** 第十五条: the third party's answer, or the public-interest decision, for trade secrets and privacy. */
  readonly thirdPartyOpinion?: ThirdPartyOpinion | undefined;
  /** 部分公开 (第三十七条): published, with a part withheld on this basis… */
  readonly withheldBasis?: ExemptionBasis | undefined;
  /** …for this reason. */
  readonly withheldReason?: string | undefined;
  readonly withdrawalReason?: string | undefined;
}

/** What the ledger derives from the facts with the rules in force. */
export interface ItemDeadline {
  readonly domain: string;
  readonly ruleId: string;
  readonly ruleVersion: string;
  readonly dueAt: string;
  readonly dueDate: string;
  readonly provisional: boolean;
  /** What the engine warned of in working it out (it never changes the date): kept, and shown with the item. */
  readonly warnings?: readonly DeadlineWarning[] | undefined;
}

export type ItemDraft = ItemFacts & ItemDeadline;

export interface LedgerItem extends ItemDraft {
  readonly id: number;
  /** When the exemption was recorded in the ledger (the database keeps it): one recorded after the due moment is late. */
  readonly exemptedAt?: string | undefined;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The fields a history entry compares, in the order people read them. */
export const TRACKED_FIELDS = [
  'title',
  'departmentCode',
  'domain',
  'category',
  'decisionType',
  'events',
  'notes',
  'ruleId',
  'ruleVersion',
  'dueAt',
  'dueDate',
  'provisional',
  'warnings',
  'status',
  'publishedAt',
  'publishedUrl',
  'replyReference',
  'deliveryMethod',
  'exemptionReason',
  'exemptionBasis',
  'exemptionApprovedBy',
  'thirdPartyOpinion',
  'withheldBasis',
  'withheldReason',
  'withdrawalReason',
] as const satisfies ReadonlyArray<keyof ItemDraft>;

export type FieldChanges = Record<string, [before: unknown, after: unknown]>;

/** What a creation records: every tracked field that has a value, as [null, value]. */
export function creationChanges(item: ItemDraft): FieldChanges {
  const changes: FieldChanges = {};
  for (const field of TRACKED_FIELDS) {
    const value = normalise(item[field]);
    if (value !== null) changes[field] = [null, value];
  }
  return changes;
}

/** The tracked fields that differ, as {field: [before, after]}; empty when nothing changed. */
export function diffItems(before: Partial<ItemDraft>, after: ItemDraft): FieldChanges {
  const changes: FieldChanges = {};
  for (const field of TRACKED_FIELDS) {
    const a = normalise(before[field]);
    const b = normalise(after[field]);
    if (JSON.stringify(a) !== JSON.stringify(b)) changes[field] = [a, b];
  }
  return changes;
}

/** undefined, null and empty values compare equal; object keys compare in sorted order. */
function normalise(value: unknown): unknown {
  if (value === undefined || value === null || value === '') return null;
  if (Array.isArray(value)) return value.length === 0 ? null : value.map(normalise);
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => [k, normalise(v)] as const)
      .filter(([, v]) => v !== null)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return entries.length === 0 ? null : Object.fromEntries(entries);
  }
  return value;
}
