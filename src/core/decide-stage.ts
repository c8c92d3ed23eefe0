import type { DateTime } from 'luxon';
import type { WorkingDayCalendar } from './calendar.js';
import type { IsoDate } from './civil-date.js';
import { RECIPIENTS, stepKey, type Ladder, type LadderStep, type Recipient, type Stage } from './ladder.js';
import { formatShanghaiMillis, parseInstant, startOfDayMillis } from './shanghai-time.js';

/** What the ladder needs to know of an open item. */
export interface LadderItem {
  readonly dueAt: string;
  readonly dueDate: IsoDate;
  /** Rules counted in hours climb the hours ladder; all others the working-days one. */
  readonly countsHours: boolean;
  /** The key of the step last recorded for this due date, if any (see stepKey). */
  readonly lastStep?: string | undefined;
}

export interface StageDecision {
  /** The step the item stands on now, if it has reached one: the latest whose time has come. */
  readonly step?: { readonly key: string; readonly stage: Stage; readonly since: string } | undefined;
  /** Whether that step still has to be recorded (it is past the one recorded last). */
  readonly record: boolean;
  /** Who hears of it: the step's recipients and those of later-than-deadline steps skipped meanwhile. */
  readonly notify: readonly Recipient[];
  /** When the next step begins, for the item's next check; absent once the ladder is climbed. */
  readonly nextCheckAt?: string | undefined;
}

const HOUR_MS = 3_600_000;

/**
 * When a step begins, in epoch milliseconds: the start of its working day (working-days ladder) or its hour (hours
 * ladder). Arithmetic, not DateTimes: every page and scan asks this of every item, and +08:00 has no DST.
 */
function stepStart(item: LadderItem, step: LadderStep, calendar: WorkingDayCalendar, dueMillis: number): number {
  if (item.countsHours) return dueMillis + step.at * HOUR_MS;
  return startOfDayMillis(step.at === 0 ? item.dueDate : calendar.addWorkingDays(item.dueDate, step.at));
}

/**
 * Which step of the ladder an open item stands on at `now`, whether it is new, who is told, and when to look
 * again. Pure. After downtime only the current step is recorded (no burst of stale reminders); but the people a
 * skipped step after the deadline would have told (a leader, the supervisor) are told with the current one, so
 * no escalation is lost.
 */
export function decideStage(item: LadderItem, now: DateTime, ladder: Ladder, calendar: WorkingDayCalendar): StageDecision {
  const steps = item.countsHours ? ladder.hours : ladder.workingDays;
  const dueMillis = item.countsHours ? parseInstant(item.dueAt).toMillis() : 0;
  const starts = steps.map((step) => stepStart(item, step, calendar, dueMillis));
  const nowMillis = now.toMillis();
  let current = -1;
  starts.forEach((start, i) => {
    if (start <= nowMillis) current = i;
  });
  const last = item.lastStep === undefined ? -1 : steps.findIndex((step) => stepKey(step) === item.lastStep);
  const reached = Math.max(current, last);
  const next = starts[reached + 1];
  const nextCheckAt = next !== undefined ? formatShanghaiMillis(next) : undefined;
  const step = steps[current];
  if (!step) return { record: false, notify: [], nextCheckAt };

  const record = current > last;
  const notify = new Set<Recipient>(step.notify);
  if (record) {
    for (let i = last + 1; i < current; i++) {
      const skipped = steps[i] as LadderStep;
      if (skipped.at > 0) for (const recipient of skipped.notify) notify.add(recipient);
    }
  }
  return {
    step: { key: stepKey(step), stage: step.stage, since: formatShanghaiMillis(starts[current] as number) },
    record,
    notify: RECIPIENTS.filter((recipient) => notify.has(recipient)),
    nextCheckAt,
  };
}
