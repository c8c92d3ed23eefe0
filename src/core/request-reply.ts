import type { WorkingDayCalendar } from './calendar.js';
import type { IsoDate } from './civil-date.js';
import type { DeadlineWarning, ExplanationStep } from './deadline-basis.js';
import { InputError } from './errors.js';
import type { RequestReplyRule } from './rule-types.js';
import { eventTimeText, parseEventTime, type EventTime } from './shanghai-time.js';

/** The times of a disclosure request's events besides its receipt (consultations are spans, kept apart). */
export const REQUEST_REPLY_TIMES = ['supplementRequested', 'supplementReceived', 'extensionApproved'] as const;

/** The events of a disclosure request (依申请公开) besides its receipt. */
export interface RequestReplyEvents {
  /** When the office asked the requester to supplement the request (补正告知). */
  readonly supplementRequested?: string | undefined;
  /** When the supplemented request was received: the reply period restarts from it (条例第三十条). */
  readonly supplementReceived?: string | undefined;
  /** When the head of the disclosure office approved an extension (延期答复, 条例第三十三条). */
  readonly extensionApproved?: string | undefined;
  /** How many working days the approved extension gives: the rule's `extensionDays` (20, the most) when not said. */
  readonly extensionDays?: number | undefined;
  /** Consultations of a third party or another organ (征求意见): their time is not counted (条例第三十三条). */
  readonly consultations?: ReadonlyArray<{ readonly from: string; readonly to?: string | undefined }> | undefined;
}

export interface RequestReplyPlan {
  readonly startDate: IsoDate;
  readonly dueDate: IsoDate;
  readonly steps: ExplanationStep[];
  readonly warnings: DeadlineWarning[];
}

interface Pause {
  from: IsoDate;
  to: IsoDate;
  assumed: boolean;
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
  const supplemented = optionalTime(events.supplementReceived, 'supplementReceived');
  const extension = optionalTime(events.extensionApproved, 'extensionApproved');
  requireOrder(received, requested, 'supplementRequested', 'the request was received');
  requireOrder(received, supplemented, 'supplementReceived', 'the request was received');
  requireOrder(requested, supplemented, 'supplementReceived', 'the supplement was asked for');
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
      throw new InputError(
        'the request is waiting for the requester\'s supplement (补正): the reply period starts when it is received (条例第三十条); give "supplementReceived"',
      );
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
    return { from, to: to ?? calendar.addWorkingDays(from, rule.consultationDays), assumed: to === undefined };
  });
  spans.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const merged: Pause[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span.from <= last.to) {
      if (span.to > last.to) merged[merged.length - 1] = { ...last, to: span.to, assumed: span.assumed };
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

function optionalTime(text: string | undefined, what: string): EventTime | undefined {
  return text === undefined || text === '' ? undefined : parseEventTime(text, `"${what}" time`);
}
