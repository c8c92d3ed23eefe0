import type { WorkingDayCalendar } from './calendar.js';
import type { IsoDate } from './civil-date.js';
import type { DeadlineWarning, ExplanationStep } from './deadline-basis.js';
import { InputError } from './errors.js';
import type { RequestReplyRule } from './rule-types.js';
import { eventTimeText, parseEventTime, type EventTime } from './shanghai-time.js';

/** The times of a disclosure request's events besides its receipt (consultations are spans, kept apart). */
export const REQUEST_REPLY_TIMES = ['supplementRequested', 'supplementDue', 'supplementReceived', 'extensionApproved'] as const;

/** Who was consulted: a third party (条例第三十二条) or another administrative organ (条例第三十四条). */
export const CONSULTED_PARTIES = ['third_party', 'organ'] as const;
export type ConsultedParty = (typeof CONSULTED_PARTIES)[number];

/** 第三方 / 其他机关 as written in a ledger file, or the codes; undefined when it is neither. */
export function parseConsultedParty(text: string): ConsultedParty | undefined {
  const value = text.trim();
  if (value === '第三方' || value === 'third_party') return 'third_party';
  if (value === '其他机关' || value === '其他行政机关' || value === 'organ') return 'organ';
  return undefined;
}

export interface Consultation {
  readonly from: string;
  /** When the answer came; absent while none has (then the party's full 15 working days are assumed). */
  readonly to?: string | undefined;
  /** A third party when not said, as before the two were told apart. */
  readonly party?: ConsultedParty | undefined;
}

/** The events of a disclosure request (依申请公开) besides its receipt. */
export interface RequestReplyEvents {
  /** When the office asked the requester to supplement the request (补正告知). */
  readonly supplementRequested?: string | undefined;
  /** The end of the period the 补正 notice gave (补正期限): with no supplement by then the request is abandoned (条例第三十条). */
  readonly supplementDue?: string | undefined;
  /** When the supplemented request was received: the reply period restarts from it (条例第三十条). */
  readonly supplementReceived?: string | undefined;
  /** When the head of the disclosure office approved an extension (延期答复, 条例第三十三条). */
  readonly extensionApproved?: string | undefined;
  /** How many working days the approved extension gives: the rule's `extensionDays` (20, the most) when not said. */
  readonly extensionDays?: number | undefined;
  /** Consultations of a third party or another organ (征求意见): their time is not counted (条例第三十三条). */
  readonly consultations?: ReadonlyArray<Consultation> | undefined;
}

export type RequestReplyPlan =
  | {
      readonly startDate: IsoDate;
      readonly dueDate: IsoDate;
      readonly steps: ExplanationStep[];
      readonly warnings: DeadlineWarning[];
      readonly awaitingSupplement?: undefined;
    }
  | {
      /**
       * Waiting for the requester's supplement (补正): the reply period has not started, so there is no reply
       * deadline yet. The item is due nothing; at the end of the 补正 period (`until`) with no supplement, the
       * request is deemed abandoned (视为放弃申请, 条例第三十条).
       */
      readonly awaitingSupplement: { readonly requested: IsoDate; readonly until: EventTime };
      readonly steps: ExplanationStep[];
      readonly warnings: DeadlineWarning[];
    };

interface Pause {
  from: IsoDate;
  to: IsoDate;
  assumed: boolean;
  /** Who was consulted in the span: two overlapping consultations of different parties make one pause. */
  parties: ConsultedParty[];
}

/** Whether a request waits for the requester's supplement (补正 asked for, none received): no reply deadline yet. */
export function awaitsSupplement(events: Pick<RequestReplyEvents, 'supplementRequested' | 'supplementReceived'>): boolean {
  return Boolean(events.supplementRequested) && !events.supplementReceived;
}

/**
 * The reply deadline of a disclosure request: `days` working days from receipt, or from the receipt of the
 * supplement when one was asked for; plus `extensionDays` when an extension was approved before the reply was due
 * without it; plus the working days spent waiting for consulted parties while the clock was running (a consultation
 * still open is assumed to take the third party's full `consultationDays`).
 */
export function planRequestReply(
  rule: RequestReplyRule,
  received: EventTime,
  events: RequestReplyEvents,
  calendar: WorkingDayCalendar,
  cutoff: string,
): RequestReplyPlan {
  const steps: ExplanationStep[] = [
    { type: 'requestReply', days: rule.days, event: rule.event, date: received.date, at: eventTimeText(received), cutoff },
  ];
  const warnings: DeadlineWarning[] = [];
  const requested = optionalTime(events.supplementRequested, 'supplementRequested');
  const supplementDue = optionalTime(events.supplementDue, 'supplementDue');
  const supplemented = optionalTime(events.supplementReceived, 'supplementReceived');
  const extension = optionalTime(events.extensionApproved, 'extensionApproved');
  requireOrder(received, requested, 'supplementRequested', 'the request was received');
  requireOrder(received, supplemented, 'supplementReceived', 'the request was received');
  requireOrder(requested, supplemented, 'supplementReceived', 'the supplement was asked for');
  requireOrder(requested, supplementDue, 'supplementDue', 'the supplement was asked for');
  if (supplementDue && !requested) throw new InputError('a 补正 period\'s end ("supplementDue") was given, but not when the supplement was asked for ("supplementRequested")');
  requireOrder(received, extension, 'extensionApproved', 'the request was received');

  if (requested) {
    const latest = calendar.addWorkingDays(received.date, rule.supplementRequestDays);
    if (requested.date > latest) {
      warnings.push({
        en: `supplement requested on ${requested.date}, after the ${rule.supplementRequestDays}th working day from receipt (${latest}) (条例第三十条)`,
        zh: `告知补正日期${requested.date}晚于收到申请之日起第${rule.supplementRequestDays}个工作日（${latest}）（条例第三十条）`,
      });
    }
    if (!supplemented) {
      if (!supplementDue) {
        throw new InputError(
          'the request is waiting for the requester\'s supplement (补正): give the end of the period the 补正 notice gave ("supplementDue", 补正期限), or when the supplement was received ("supplementReceived")',
        );
      }
      steps[0] = { type: 'awaitingSupplement', requested: requested.date, until: eventTimeText(supplementDue) };
      return { awaitingSupplement: { requested: requested.date, until: supplementDue }, steps, warnings };
    }
    if (supplementDue && supplemented.instant > lastMoment(supplementDue)) {
      warnings.push({
        en: `supplement received ${supplemented.date}, after the 补正 period ended (${eventTimeText(supplementDue)}): the request could have been deemed abandoned (条例第三十条); counted from the supplement as the office accepted it`,
        zh: `补正于${supplemented.date}收到，晚于补正期限（${eventTimeText(supplementDue)}），本可视为放弃申请（条例第三十条）；已按受理补正重新计算答复期限`,
      });
    }
  }
  const startDate = supplemented ? supplemented.date : received.date;
  if (supplemented) steps.push({ type: 'supplementRestart', date: startDate });

  // An extension counts only when it was approved before the reply was due without it (条例第三十三条): approved
  // later, it cannot make a late reply on time, so the deadline stays where it was and the item stays late.
  const withoutExtension = countWithPauses(rule, startDate, 0, events, calendar);
  const late = extension !== undefined && extension.date > withoutExtension.dueDate;
  if (late) {
    warnings.push({
      en: `extension approved on ${extension.date}, after the reply was due (${withoutExtension.dueDate}): it does not move the deadline, and the reply stays late (条例第三十三条)`,
      zh: `延期答复于${extension.date}批准，晚于答复期限（${withoutExtension.dueDate}）：不延长期限，该答复仍属逾期（条例第三十三条）`,
    });
  }
  const extensionDays = approvedLength(rule, extension, events.extensionDays);
  const counted = extension && !late ? countWithPauses(rule, startDate, extensionDays, events, calendar) : withoutExtension;
  if (extension && !late) steps.push({ type: 'extension', days: extensionDays, date: extension.date });
  steps.push(...counted.steps);
  warnings.push(...counted.warnings);
  return { startDate, dueDate: counted.dueDate, steps, warnings };
}

/**
 * What is wrong with an extension's length, if anything: it is 1 to the rule's `extensionDays` working days
 * (延长的期限最长不得超过20个工作日, 条例第三十三条). Shared by the engine and the import, which names the cell.
 */
export function extensionLengthProblem(rule: RequestReplyRule, days: number): string | undefined {
  return Number.isInteger(days) && days >= 1 && days <= rule.extensionDays ? undefined : `an extension is 1 to ${rule.extensionDays} working days (条例第三十三条)`;
}

/** The extension's approved length; the rule's full `extensionDays` when not said. */
function approvedLength(rule: RequestReplyRule, extension: EventTime | undefined, days: number | undefined): number {
  if (days === undefined) return rule.extensionDays;
  if (!extension) throw new InputError('an extension\'s length was given without the day it was approved: give "extensionApproved" too');
  const problem = extensionLengthProblem(rule, days);
  if (problem) throw new InputError(`extension of ${days} working days: ${problem}`);
  return days;
}

/**
 * `days` plus `extensionDays` working days from `startDate`, then the clock stood still for each consultation that
 * began while it was still running: each pushes the deadline back by the working days it took; one that begins
 * after the deadline cannot revive it.
 */
function countWithPauses(rule: RequestReplyRule, startDate: IsoDate, extensionDays: number, events: RequestReplyEvents, calendar: WorkingDayCalendar): { dueDate: IsoDate; steps: ExplanationStep[]; warnings: DeadlineWarning[] } {
  let dueDate = calendar.addWorkingDays(startDate, rule.days + extensionDays);
  const steps: ExplanationStep[] = [];
  const warnings: DeadlineWarning[] = [];
  for (const pause of mergedPauses(rule, startDate, events, calendar)) {
    if (pause.from > dueDate) {
      warnings.push({
        en: `consultation from ${pause.from} began after the reply was due (${dueDate}); it does not extend the deadline`,
        zh: `征求意见自${pause.from}开始，晚于答复期限（${dueDate}）：不延长期限`,
      });
      continue;
    }
    const days = calendar.workingDaysBetween(pause.from, pause.to);
    dueDate = calendar.addWorkingDays(dueDate, days);
    steps.push({ type: 'consultation', ...pause, days, allowed: rule.consultationDays });
  }
  return { dueDate, steps, warnings };
}

/** Consultations as date spans, in order, overlapping ones merged so that a day is paused once. */
function mergedPauses(rule: RequestReplyRule, startDate: IsoDate, events: RequestReplyEvents, calendar: WorkingDayCalendar): Pause[] {
  const spans = (events.consultations ?? []).map((consultation, i): Pause => {
    const from = parseEventTime(consultation.from, `consultation ${i + 1} start`).date;
    const to = consultation.to === undefined ? undefined : parseEventTime(consultation.to, `consultation ${i + 1} end`).date;
    if (from < startDate) throw new InputError(`consultation ${i + 1} starts on ${from}, before the reply period (${startDate})`);
    if (to !== undefined && to < from) throw new InputError(`consultation ${i + 1} ends on ${to}, before it starts (${from})`);
    const party = consultation.party ?? 'third_party';
    if (!(CONSULTED_PARTIES as readonly string[]).includes(party)) throw new InputError(`consultation ${i + 1}: "${party}" is not a consulted party (third_party 第三方 or organ 其他机关)`);
    // Both have 15 working days to answer: a third party (第三十二条), another organ (第三十四条).
    return { from, to: to ?? calendar.addWorkingDays(from, rule.consultationDays), assumed: to === undefined, parties: [party] };
  });
  spans.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const merged: Pause[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span.from <= last.to) {
      const parties = CONSULTED_PARTIES.filter((p) => last.parties.includes(p) || span.parties.includes(p));
      merged[merged.length - 1] = span.to > last.to ? { ...last, to: span.to, assumed: span.assumed, parties } : { ...last, parties };
    } else {
      merged.push({ ...span });
    }
  }
  return merged;
}

function requireOrder(earlier: EventTime | undefined, later: EventTime | undefined, name: string, what: string): void {
  if (earlier && later && later.instant < earlier.instant) {
    throw new InputError(`"${name}" (${eventTimeText(later)}) is before ${what} (${eventTimeText(earlier)})`);
  }
}

/** The last moment of a time written as a date alone (its whole day), or the time itself. */
function lastMoment(time: EventTime) {
  return time.dateOnly ? time.instant.endOf('day') : time.instant;
}

function optionalTime(text: string | undefined, what: string): EventTime | undefined {
  return text === undefined || text === '' ? undefined : parseEventTime(text, `"${what}" time`);
}
