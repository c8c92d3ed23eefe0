import type { DateTime } from 'luxon';
import { InputError } from '../core/errors.js';
import type { WorkingDayCalendar } from '../core/calendar.js';
import type { Rule } from '../core/rule-types.js';
import { formatShanghai, parseEventTime, parseLocalTime, type EventTime } from '../core/shanghai-time.js';
import { checkAnswer, type AnswerInput } from './answer-record.js';
import { checkLength, parseExemptionBasis } from './field-parsers.js';
import { withPublicityCheck } from './item-warnings.js';
import { settledStatus } from './request-state.js';
import { awaitsSupplement } from '../core/request-reply.js';
import { thirdPartyAnswer } from './third-party.js';
import type { ItemDraft, LedgerItem } from './item.js';

/**
 * What may happen to an item, as pure functions: each checks the request against the item and returns the item
 * as it should be stored, or throws InputError saying why not. The store writes it with its history.
 */

const CLEARED = {
  publishedAt: undefined,
  publishedUrl: undefined,
  replyReference: undefined,
  deliveryMethod: undefined,
  exemptionReason: undefined,
  exemptionBasis: undefined,
  exemptionApprovedBy: undefined,
  thirdPartyOpinion: undefined,
  withheldBasis: undefined,
  withheldReason: undefined,
  withdrawalReason: undefined,
} as const;

/** Rules that count forward start from something that happened: nothing can be published about it before it. */
function startedAt(item: ItemDraft, rule: Rule): EventTime | undefined {
  if (rule.event === 'event' || rule.event === 'periodEnd') return undefined;
  const text = item.events[rule.event];
  return text ? parseEventTime(text, rule.event) : undefined;
}

/**
 * A publication time: not in the future, and not before the item's start event. Kept as an instant in +08:00 (a
 * date alone is that day's start), so that what is stored reads back the same whatever the database's time zone.
 */
export function checkPublicationTime(item: ItemDraft, rule: Rule, text: string, now: DateTime): string {
  const published = parseLocalTime(text, 'the publication time');
  if (published.instant > now) throw new InputError(`the publication time ${formatShanghai(published.instant)} is in the future`);
  const start = startedAt(item, rule);
  const before = start && (start.dateOnly || published.dateOnly ? published.date < start.date : published.instant < start.instant);
  if (start && before) {
    throw new InputError(`published ${published.dateOnly ? published.date : formatShanghai(published.instant)}, before the item's "${rule.event}" event (${start.dateOnly ? start.date : formatShanghai(start.instant)})`);
  }
  return formatShanghai(published.instant);
}

/** An abandoned request (视为放弃申请) is closed by law: nothing is published or exempted for it. */
function refuseAbandoned(item: LedgerItem, what: string): void {
  if (item.status === 'abandoned') {
    throw new InputError(`${item.reference} was deemed abandoned (no supplement within the 补正 period, 条例第三十条): nothing to ${what}; if the supplement did come, record when (收到补正日期) and the reply period starts from it`);
  }
}

/** A partial disclosure's withheld part (部分公开, 第三十七条), and the third party's answer where it protects one. */
export interface WithheldInput {
  readonly withheldBasis?: string | undefined;
  readonly withheldReason?: string | undefined;
  readonly thirdParty?: string | undefined;
}

export interface PublishOptions {
  /** The category is met by a delivered document (a reply, a report): see checkAnswer. */
  readonly delivered?: boolean | undefined;
  /** The item's calendar, to check a publicity period against the rule's minimum (公示期). */
  readonly calendar?: WorkingDayCalendar | undefined;
}

/**
 * Records the publication: a web address, or for a `delivered` category (a request's reply, a report to the office)
 * the document's number and how it was delivered (see checkAnswer).
 */
export function publish(item: LedgerItem, rule: Rule, request: AnswerInput & WithheldInput & { at?: string | undefined }, now: DateTime, options: PublishOptions = {}): ItemDraft {
  const isRequest = rule.kind === 'requestReply';
  refuseAbandoned(item, 'publish');
  if (item.status === 'exempt' || item.status === 'withdrawn') {
    throw new InputError(`${item.reference} is ${item.status}: reopen it before recording a publication`);
  }
  const publishedAt = checkPublicationTime(item, rule, request.at ?? formatShanghai(now), now);
  const withheld = checkWithheld(request);
  const thirdPartyOpinion = thirdPartyAnswer(request.thirdParty, withheld.withheldBasis, isRequest);
  const published: ItemDraft = { ...item, ...CLEARED, status: 'published', publishedAt, ...checkAnswer(request, options.delivered === true), ...withheld, thirdPartyOpinion };
  return options.calendar ? withPublicityCheck(published, rule, options.calendar) : published;
}

/**
 * What a publication says it withheld: nothing, or a part on a lawful ground with its reason (部分公开, 第三十七条:
 * the rest is published). The third party's answer is checked against it apart (checkThirdParty).
 */
export function checkWithheld(request: Omit<WithheldInput, 'thirdParty'>): Pick<ItemDraft, 'withheldBasis' | 'withheldReason'> {
  const basisText = request.withheldBasis?.trim() ?? '';
  const reason = request.withheldReason?.trim() ?? '';
  if (!basisText && reason) throw new InputError('a withheld part\'s reason was given without its ground (部分公开的不予公开依据)');
  if (basisText && !reason) throw new InputError('a withheld part needs its reason (部分公开的不予公开理由)');
  const withheldBasis = basisText ? parseExemptionBasis(basisText) : undefined;
  return { withheldBasis, withheldReason: reason ? checkLength(reason, 'reason', 'the reason') : undefined };
}

/** `isRequest`: the item is a disclosure request's reply (条例第三十二条: the third party must have been asked). */
export function exempt(item: LedgerItem, request: { reason: string; basis: string; approvedBy: string; thirdParty?: string | undefined }, isRequest = false): ItemDraft {
  refuseAbandoned(item, 'exempt');
  if (item.status === 'published' || item.status === 'withdrawn') {
    throw new InputError(`${item.reference} is ${item.status}: reopen it before exempting it`);
  }
  const reason = request.reason.trim();
  const approvedBy = request.approvedBy.trim();
  if (!reason) throw new InputError('an exemption needs its reason (不予公开理由)');
  if (!approvedBy) throw new InputError('an exemption needs who approved it after the confidentiality review (保密审查)');
  const exemptionBasis = parseExemptionBasis(request.basis);
  const thirdPartyOpinion = thirdPartyAnswer(request.thirdParty, exemptionBasis, isRequest);
  return {
    ...item,
    ...CLEARED,
    status: 'exempt',
    exemptionReason: checkLength(reason, 'reason', 'the reason'),
    exemptionBasis,
    exemptionApprovedBy: checkLength(approvedBy, 'person', 'the approver'),
    thirdPartyOpinion,
  };
}

export function withdraw(item: LedgerItem, request: { reason: string }): ItemDraft {
  if (item.status === 'withdrawn') throw new InputError(`${item.reference} is already withdrawn`);
  const reason = request.reason.trim();
  if (!reason) throw new InputError('withdrawing an item needs a reason');
  return { ...item, ...CLEARED, status: 'withdrawn', withdrawalReason: checkLength(reason, 'reason', 'the reason') };
}

/** Back on the ladder: what it was published or exempted with stays in the history. */
export function reopen(item: LedgerItem): ItemDraft {
  if (item.status === 'open' || item.status === 'awaiting_supplement') throw new InputError(`${item.reference} is already open (${item.status})`);
  refuseAbandoned(item, 'reopen');
  // A request still waiting for its supplement goes back to waiting, not onto the ladder.
  return { ...item, ...CLEARED, status: settledStatus('open', awaitsSupplement(item.events)) };
}
