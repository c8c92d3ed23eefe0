import type { WorkingDayCalendar } from './calendar.js';
import type { IsoDate } from './civil-date.js';
import type { ExplanationStep } from './deadline-basis.js';
import { InputError } from './errors.js';
import type { RequestReplyRule } from './rule-types.js';
import { formatShanghai, parseEventTime, type EventTime } from './shanghai-time.js';

/** The events of a disclosure request (依申请公开) besides its receipt. */
export interface RequestReplyEvents {
  /** When the office asked the requester to supplement the request (补正告知). */
  readonly supplementRequested?: string | undefined;
  /** When the supplemented request was received: the reply period restarts from it (条例第三十条). */
  readonly supplementReceived?: string | undefined;
  /** When the head of the disclosure office approved an extension (延期答复, 条例第三十三条). */
  readonly extensionApproved?: string | undefined;
  /** Consultations of a third party or another organ (征求意见): their time is not counted (条例第三十三条). */
  readonly consultations?: ReadonlyArray<{ readonly from: string; readonly to?: string | undefined }> | undefined;
}

export interface RequestReplyPlan {
  readonly startDate: IsoDate;
  readonly dueDate: IsoDate;
  readonly steps: ExplanationStep[];
  readonly warnings: string[];
}

/**
 * The reply deadline of a disclosure request: `days` working days from receipt, or from the receipt of the
 * supplement when one was asked for; plus `extensionDays` when an extension was approved; plus the working days
 * spent waiting for consulted parties (a consultation still open is assumed to take the third party's full
 * `consultationDays`).
 */
export function planRequestReply(
  rule: RequestReplyRule,
  received: EventTime,
  events: RequestReplyEvents,
  calendar: WorkingDayCalendar,
  cutoff: string,
): RequestReplyPlan {
  const steps: ExplanationStep[] = [];
  const warnings: string[] = [];
  const at = received.dateOnly ? received.date : formatShanghai(received.instant);
  steps.push({ type: 'requestReply', days: rule.days, event: rule.event, date: received.date, at, cutoff });

  let startDate = received.date;
  const requested = optionalTime(events.supplementRequested, 'supplementRequested');
  const supplemented = optionalTime(events.supplementReceived, 'supplementReceived');
  if (requested) {
    const latest = calendar.addWorkingDays(received.date, rule.supplementRequestDays);
    if (requested.date > latest) {
      warnings.push(
        `supplement requested on ${requested.date}, after the ${rule.supplementRequestDays}th working day from receipt (${latest}) (条例第三十条)`,
      );
    }
    if (!supplemented) {
      throw new InputError(
        'the request is waiting for the requester\'s supplement (补正): the reply period starts when it is received (条例第三十条); give "supplementReceived"',
      );
    }
  }
  if (supplemented) {
    if (supplemented.instant < received.instant) throw new InputError('"supplementReceived" is before the request was received');
    startDate = supplemented.date;
    steps.push({ type: 'supplementRestart', date: startDate });
  }

  let days = rule.days;
  const extension = optionalTime(events.extensionApproved, 'extensionApproved');
  if (extension) {
    days += rule.extensionDays;
    steps.push({ type: 'extension', days: rule.extensionDays, date: extension.date });
  }

  for (const pause of consultationPauses(rule, startDate, events, calendar)) {
    days += pause.days;
    steps.push({ type: 'consultation', ...pause });
  }
  return { startDate, dueDate: calendar.addWorkingDays(startDate, days), steps, warnings };
}

function consultationPauses(rule: RequestReplyRule, startDate: IsoDate, events: RequestReplyEvents, calendar: WorkingDayCalendar) {
  const spans = (events.consultations ?? []).map((consultation, i) => {
    const from = parseEventTime(consultation.from, `consultations[${i}].from`).date;
    const to = consultation.to === undefined ? undefined : parseEventTime(consultation.to, `consultations[${i}].to`).date;
    if (from < startDate) throw new InputError(`consultations[${i}] starts on ${from}, before the reply period (${startDate})`);
    if (to !== undefined && to < from) throw new InputError(`consultations[${i}] ends on ${to}, before it starts (${from})`);
    return { from, to: to ?? calendar.addWorkingDays(from, rule.consultationDays), assumed: to === undefined };
  });
  spans.sort((a, b) => (a.from < b.from ? -1 : 1));
  // Overlapping consultations pause the clock once.
  const merged: typeof spans = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span.from <= last.to) {
      if (span.to > last.to) merged[merged.length - 1] = { ...last, to: span.to, assumed: span.assumed };
    } else {
      merged.push({ ...span });
    }
  }
  return merged.map((span) => ({ ...span, days: calendar.workingDaysBetween(span.from, span.to) }));
}

function optionalTime(text: string | undefined, what: string): EventTime | undefined {
  return text === undefined || text === '' ? undefined : parseEventTime(text, `"${what}" time`);
}
