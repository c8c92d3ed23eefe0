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

/** The lawful grounds for not publishing (《政府信息公开条例》第十四条、第十五条). */
export const EXEMPTION_BASES = ['state_secret', 'trade_secret', 'privacy'] as const;
export type ExemptionBasis = (typeof EXEMPTION_BASES)[number];
export const EXEMPTION_BASIS_LABELS: Readonly<Record<ExemptionBasis, string>> = {
  state_secret: '涉密',
  trade_secret: '商业秘密',
  privacy: '个人隐私',
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
