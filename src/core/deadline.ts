import type { DateTime } from 'luxon';
import type { WorkingDayCalendar } from './calendar.js';
import { addDays, type IsoDate } from './civil-date.js';
import { renderBasis, type DeadlineWarning, type Explanation, type ExplanationStep } from './deadline-basis.js';
import { InputError } from './errors.js';
import { planRequestReply, type RequestReplyEvents } from './request-reply.js';
import type { EventName, Rule } from './rule-types.js';
import { END_OF_DAY, formatCutoff, type Cutoff } from './cutoff.js';
import { deadlineOn, eventTimeText, formatShanghai, parseEventTime, shanghaiDate, type EventTime } from './shanghai-time.js';

/** Event times as written (ISO 8601 with offset, or a date alone meaning that day in Asia/Shanghai). */
export interface DeadlineEvents extends Partial<Record<EventName, string>>, RequestReplyEvents {}

export interface DeadlineInput {
  readonly rule: Rule;
  readonly events: DeadlineEvents;
  readonly calendar: WorkingDayCalendar;
  /** When a deadline day ends (the jurisdiction's 截止时间); 24:00 unless set. */
  readonly cutoff?: Cutoff | undefined;
}

export interface Deadline {
  readonly rule: string;
  readonly ruleVersion: string;
  readonly kind: Rule['kind'];
  readonly event: EventName;
  /** The start event's time, ISO 8601 in +08:00. */
  readonly eventAt: string;
  /** The last on-time moment, ISO 8601 in +08:00. */
  readonly dueAt: string;
  /** The deadline day in Asia/Shanghai. */
  readonly dueDate: IsoDate;
  /** True when a day the count depends on has no official schedule loaded (counted Mon–Fri minus the statutory holidays). */
  readonly provisional: boolean;
  readonly missingYears: readonly number[];
  /** How the date was reached, in English with the Chinese names; `basisZh` is the same in Chinese. */
  readonly basis: string;
  readonly basisZh: string;
  /** Things a person should know that do not change the date (e.g. a supplement asked for too late). */
  readonly warnings: readonly string[];
  /** The same warnings in Chinese, for departments and offices. */
  readonly warningsZh: readonly string[];
  /**
   * Set while a disclosure request waits for the requester's supplement (补正): there is no reply deadline yet, and
   * `dueAt` is the end of the 补正 period, when the request is deemed abandoned (条例第三十条) unless supplemented.
   */
  readonly awaitingSupplement?: true | undefined;
}

interface Outcome {
  due: DateTime;
  /** Built only when an explanation is asked for: most callers store the date and nothing else. */
  steps: () => ExplanationStep[];
  /** The days the count stepped over, (after, through], for the provisional check and the holidays skipped. */
  counted?: { after: IsoDate; through: IsoDate };
  warnings?: DeadlineWarning[];
  awaitingSupplement?: true;
}

/** The deadline without its explanation: what the ledger stores, for every item, fast. */
export interface Due {
  readonly dueAt: string;
  readonly dueDate: IsoDate;
  readonly provisional: boolean;
  readonly missingYears: readonly number[];
  /** In both languages, as the ledger keeps them (Deadline gives them as two lists, as `due` prints them). */
  readonly warnings: readonly DeadlineWarning[];
  /** See Deadline.awaitingSupplement. */
  readonly awaitingSupplement?: true | undefined;
}

interface DueWithOutcome extends Due {
  readonly start: EventTime;
  readonly outcome: Outcome;
}

function dueWithOutcome(input: DeadlineInput): DueWithOutcome {
  const { rule, calendar } = input;
  const start = requireEvent(input.events, rule.event);
  const outcome = outcomeFor(rule, start, input.events, calendar, input.cutoff ?? END_OF_DAY);
  const coverage = outcome.counted
    ? calendar.coverage(outcome.counted.after, outcome.counted.through)
    : { provisional: false, missingYears: [] };
  return {
    start,
    outcome,
    dueAt: formatShanghai(outcome.due),
    dueDate: shanghaiDate(outcome.due),
    provisional: coverage.provisional,
    missingYears: coverage.missingYears,
    warnings: outcome.warnings ?? [],
    ...(outcome.awaitingSupplement ? { awaitingSupplement: true as const } : {}),
  };
}

/** An item's deadline from its rule and events, without the explanation. Pure: no clock, no I/O. */
export function computeDue(input: DeadlineInput): Due {
  const { dueAt, dueDate, provisional, missingYears, warnings, awaitingSupplement } = dueWithOutcome(input);
  return { dueAt, dueDate, provisional, missingYears, warnings, ...(awaitingSupplement ? { awaitingSupplement } : {}) };
}

/** The warnings of a deadline as the ledger keeps them: undefined when there are none. */
export function engineWarnings(due: Pick<Due, 'warnings'>): readonly DeadlineWarning[] | undefined {
  return due.warnings.length === 0 ? undefined : due.warnings;
}

/** An item's deadline with how it was reached, in English and Chinese. Pure: no clock, no I/O. */
export function computeDeadline(input: DeadlineInput): Deadline {
  const { rule, calendar } = input;
  const { start, outcome, warnings, awaitingSupplement, ...due } = dueWithOutcome(input);
  const explanation: Explanation = {
    steps: outcome.steps(),
    notable: outcome.counted ? calendar.notableDays(outcome.counted.after, outcome.counted.through) : undefined,
    missingYears: due.missingYears,
    dueAt: due.dueAt,
    awaitingSupplement,
  };
  return {
    rule: rule.id,
    ruleVersion: rule.version,
    kind: rule.kind,
    event: rule.event,
    eventAt: formatShanghai(start.instant),
    ...due,
    warnings: warnings.map((w) => w.en),
    warningsZh: warnings.map((w) => w.zh),
    ...(awaitingSupplement ? { awaitingSupplement } : {}),
    basis: renderBasis(explanation, 'en'),
    basisZh: renderBasis(explanation, 'zh'),
  };
}

function outcomeFor(rule: Rule, start: EventTime, events: DeadlineEvents, calendar: WorkingDayCalendar, cutoff: Cutoff): Outcome {
  const event = () => ({ event: rule.event, date: start.date, at: eventTimeText(start) });
  const cutoffText = () => formatCutoff(cutoff);
  switch (rule.kind) {
    case 'workingDaysAfter': {
      const dueDate = calendar.addWorkingDays(start.date, rule.days);
      return {
        due: deadlineOn(dueDate, cutoff),
        steps: () => [{ type: 'workingDaysAfter', days: rule.days, ...event(), cutoff: cutoffText() }],
        counted: { after: start.date, through: dueDate },
      };
    }
    case 'workingDaysBefore': {
      const dueDate = calendar.addWorkingDays(start.date, -rule.days);
      return {
        due: deadlineOn(dueDate, cutoff),
        steps: () => [{ type: 'workingDaysBefore', days: rule.days, ...event(), cutoff: cutoffText() }],
        // Counted backwards: the due day itself up to the day before the event.
        counted: { after: addDays(dueDate, -1), through: addDays(start.date, -1) },
      };
    }
    case 'naturalDaysAfter': {
      // 民法典第二百零三条: a last day that is a statutory holiday or rest day gives way to the day after it ends.
      const lastDay = addDays(start.date, rule.days);
      const dueDate = calendar.isWorkingDay(lastDay) ? lastDay : calendar.addWorkingDays(lastDay, 1);
      const lastDayOff = dueDate === lastDay ? undefined : lastDay;
      return {
        due: deadlineOn(dueDate, cutoff),
        steps: () => [{ type: 'naturalDaysAfter', days: rule.days, ...event(), cutoff: cutoffText(), lastDayOff }],
        // Only the days from the last natural day on decide the date.
        counted: { after: addDays(lastDay, -1), through: dueDate },
      };
    }
    case 'naturalDaysBefore': {
      const dueDate = addDays(start.date, -rule.days);
      return {
        due: deadlineOn(dueDate, cutoff),
        steps: () => [{ type: 'naturalDaysBefore', days: rule.days, ...event(), cutoff: cutoffText() }],
        counted: { after: addDays(dueDate, -1), through: dueDate },
        warnings: dayOffWarning(calendar, dueDate, `${rule.days} days before the event`, `事件前${rule.days}日`),
      };
    }
    case 'hoursAfter':
      if (start.dateOnly) {
        throw new InputError(`a ${rule.hours}-hour rule counts from the exact time: the "${rule.event}" event needs a time, not a date alone`);
      }
      return {
        due: start.instant.plus({ hours: rule.hours }),
        steps: () => [{ type: 'hoursAfter', hours: rule.hours, ...event() }],
      };
    case 'sameDay': {
      // Never before the event itself, should it come after the cut-off.
      const endOfDay = deadlineOn(start.date, cutoff);
      return {
        due: start.instant > endOfDay ? start.instant : endOfDay,
        steps: () => [{ type: 'sameDay', ...event(), cutoff: cutoffText() }],
      };
    }
    case 'beforeEvent': {
      // A date alone means the event's day: publishing "before" it means by the end of the day before.
      if (!start.dateOnly) return { due: start.instant, steps: () => [{ type: 'beforeEvent', ...event() }] };
      const dayBefore = addDays(start.date, -1);
      const warnings = dayOffWarning(calendar, dayBefore, 'the day before the event', '事件前一日');
      return { due: deadlineOn(dayBefore, cutoff), steps: () => [{ type: 'beforeEvent', ...event() }], warnings };
    }
    case 'periodEnd':
      return {
        due: start.dateOnly ? deadlineOn(start.date, cutoff) : start.instant,
        steps: () => [{ type: 'periodEnd', ...event(), cutoff: cutoffText() }],
      };
    case 'annual': {
      const year = Number(start.date.slice(0, 4)) + (rule.year === 'following' ? 1 : 0);
      const dueDate = `${year}-${rule.by}`;
      return {
        due: deadlineOn(dueDate, cutoff),
        steps: () => [{ type: 'annual', by: rule.by, year, following: rule.year === 'following', ...event(), cutoff: cutoffText() }],
      };
    }
    case 'requestReply': {
      const plan = planRequestReply(rule, start, events, calendar, cutoffText());
      if (plan.awaitingSupplement) {
        // The requester has the whole of a 补正 period given as a date, whatever the office's hours.
        const { until } = plan.awaitingSupplement;
        return { due: until.dateOnly ? deadlineOn(until.date, END_OF_DAY) : until.instant, steps: () => plan.steps, warnings: plan.warnings, awaitingSupplement: true };
      }
      return {
        due: deadlineOn(plan.dueDate, cutoff),
        steps: () => plan.steps,
        counted: { after: plan.startDate, through: plan.dueDate },
        warnings: plan.warnings,
      };
    }
  }
}

/**
 * A "before the event" limit that falls on a day off is the law's limit all the same (publishing then is on time,
 * and moving it later would cut the law's minimum), so the date is kept; but it is never left silent: the warning
 * names the last working day before it, when the department is at work.
 */
function dayOffWarning(calendar: WorkingDayCalendar, dueDate: IsoDate, en: string, zh: string): DeadlineWarning[] {
  if (calendar.isWorkingDay(dueDate)) return [];
  const lastWorkingDay = calendar.addWorkingDays(dueDate, -1);
  return [
    {
      en: `${en}, ${dueDate}, is not a working day: publish by the end of ${lastWorkingDay}, the last working day before it, unless the department publishes on days off`,
      zh: `${zh}（${dueDate}）不是工作日：请于此前最后一个工作日${lastWorkingDay}下班前公开（休息日也能发布的除外）`,
    },
  ];
}

export function requireEvent(events: DeadlineEvents, name: EventName): EventTime {
  const text = events[name];
  if (text === undefined || text === '') throw new InputError(`the rule needs the "${name}" event time, which is missing`);
  return parseEventTime(text, `"${name}" event time`);
}

