/**
 * Disclosure rules (公开时限规则). A rule says which event starts the clock and how the deadline follows from it;
 * jurisdictions map item categories to rules (see rule-book.ts).
 */

/** The event times an item may carry; each rule names the one that starts its clock. */
export const EVENT_NAMES = ['formed', 'decided', 'received', 'submitted', 'verified', 'event', 'periodEnd'] as const;
export type EventName = (typeof EVENT_NAMES)[number];

/** How each event is called in the ledger and in mail. */
export const EVENT_LABELS_ZH: Readonly<Record<EventName, string>> = {
  formed: '形成或变更',
  decided: '作出决定',
  received: '收到',
  submitted: '提交',
  verified: '核验确认',
  event: '事件',
  periodEnd: '期间届满',
};

export interface LegalBasis {
  /** e.g. 国务院办公厅关于推进公共资源配置领域政府信息公开的意见（国办发〔2017〕97号） */
  readonly document: string;
  /** e.g. 二(四) */
  readonly section: string;
  /** The sentence of the document that sets the limit, quoted. */
  readonly quote?: string | undefined;
  /** Why the text could not be checked against a public copy of the document; absent when it was. */
  readonly unverified?: string | undefined;
}

export interface MinimumPeriod {
  readonly days: number;
  readonly unit: 'naturalDays' | 'workingDays';
  /** Where the law sets it, in the rule's document, e.g. 第五十四条. */
  readonly section: string;
}

interface RuleBase {
  readonly id: string;
  readonly name: string;
  readonly event: EventName;
  /** The concrete trigger in the document's words, e.g. 发出中标通知书或签订成交确认书. */
  readonly eventName?: string | undefined;
  readonly legalBasis: LegalBasis;
  /** The shortest publicity period the law allows, counted from the publication (公示期不少于N日); see publicity-period.ts. */
  readonly minimumPeriod?: MinimumPeriod | undefined;
  /** The jurisdiction whose file defines the rule. */
  readonly definedIn: string;
  /** A fingerprint of the rule's content: changes whenever the rule's meaning does. */
  readonly version: string;
}

/** 自…之日起N个工作日内: the start day is not counted; due at the end of the N-th working day after it. */
export interface WorkingDaysAfterRule extends RuleBase {
  readonly kind: 'workingDaysAfter';
  readonly days: number;
}

/** 在…N个工作日前: the latest on-time day is the N-th working day before the event, the event day not counted. */
export interface WorkingDaysBeforeRule extends RuleBase {
  readonly kind: 'workingDaysBefore';
  readonly days: number;
}

/**
 * 自…之日起N日内 (natural days, 《民法典》第二百零一条至第二百零三条): the start day is not counted; when the last day
 * is a statutory holiday or rest day, the limit ends on the first working day after it (第二百零三条).
 */
export interface NaturalDaysAfterRule extends RuleBase {
  readonly kind: 'naturalDaysAfter';
  readonly days: number;
}

/**
 * 在…前N日 / 至少提前N日: the latest on-time day is N natural days before the event, the event day not counted. Not
 * moved when it is a day off (moving it later would shorten the law's minimum); a warning names the last working
 * day before it instead.
 */
export interface NaturalDaysBeforeRule extends RuleBase {
  readonly kind: 'naturalDaysBefore';
  readonly days: number;
}

/** 自收到起N小时内: natural hours from the exact instant. */
export interface HoursAfterRule extends RuleBase {
  readonly kind: 'hoursAfter';
  readonly hours: number;
}

/** 同时公开: by the end of the event's day. */
export interface SameDayRule extends RuleBase {
  readonly kind: 'sameDay';
}

/** …前公开: by the moment of the event. */
export interface BeforeEventRule extends RuleBase {
  readonly kind: 'beforeEvent';
}

/** …期内公开: by the end of a period (the item's periodEnd). */
export interface PeriodEndRule extends RuleBase {
  readonly kind: 'periodEnd';
}

/** 每年MM月DD日前: by a fixed day of the year in which the event falls. */
export interface AnnualRule extends RuleBase {
  readonly kind: 'annual';
  /** MM-DD */
  readonly by: string;
  /** Whether `by` falls in the event's year, or in the year after it (a report on a year, due the next January). */
  readonly year: 'same' | 'following';
}

/** 依申请公开的答复期限 (《政府信息公开条例》第三十条、第三十二条、第三十三条). */
export interface RequestReplyRule extends RuleBase {
  readonly kind: 'requestReply';
  /** 20 working days from receipt (art. 33). */
  readonly days: number;
  /** At most 20 more when the head of the disclosure office approves an extension (art. 33). */
  readonly extensionDays: number;
  /** A supplement must be asked for within 7 working days of receipt (art. 30). */
  readonly supplementRequestDays: number;
  /** A consulted third party has 15 working days to answer (art. 32); that time is not counted (art. 33). */
  readonly consultationDays: number;
}

export type Rule =
  | WorkingDaysAfterRule
  | WorkingDaysBeforeRule
  | NaturalDaysAfterRule
  | NaturalDaysBeforeRule
  | HoursAfterRule
  | SameDayRule
  | BeforeEventRule
  | PeriodEndRule
  | AnnualRule
  | RequestReplyRule;

export type RuleKind = Rule['kind'];
