import type { DateTime } from 'luxon';
import type { WorkingDayCalendar } from './calendar.js';
import { SHANGHAI, shanghaiDate } from './shanghai-time.js';

/**
 * The jobs a schedule can start: scan (record the ladder steps whose time has come), digest (each department's
 * reminder digest for the day), escalation (each supervising office's digest, weekly summary on Mondays), deliver
 * (the hour rules' urgent mail, then send what waits), check (the publication check, 网上巡查, of newly registered
 * addresses and of those a re-check asked for), recheck (ask for every published address to be checked again).
 */
export const JOBS = ['scan', 'digest', 'escalation', 'deliver', 'check', 'recheck'] as const;
export type Job = (typeof JOBS)[number];

export interface TimeOfDay {
  readonly hour: number;
  readonly minute: number;
}

/** Office hours for sending mail (发送时段): mail that comes up outside them waits for the next window. */
export interface SendWindow {
  readonly from: TimeOfDay;
  readonly to: TimeOfDay;
}

export interface Schedule {
  readonly id: string;
  readonly job: Job;
  /** Cron expression, read in Asia/Shanghai. */
  readonly cron: string;
  /** Skip days that are not working days (国庆 …) and run on make-up workdays (调休). */
  readonly workingDaysOnly: boolean;
  readonly window?: SendWindow | undefined;
}

/**
 * Whether a tick of the schedule runs its job: not on a day off when the schedule keeps to working days, and not
 * outside its window (what comes up then waits for a tick inside it).
 */
export function shouldFire(schedule: Schedule, tick: DateTime, calendar: WorkingDayCalendar): boolean {
  if (schedule.workingDaysOnly && !calendar.isWorkingDay(shanghaiDate(tick))) return false;
  return !schedule.window || insideWindow(tick, schedule.window);
}

/** Whether a moment (read in Beijing time) is within the window's opening hours: from included, to excluded. */
export function insideWindow(at: DateTime, window: SendWindow): boolean {
  const local = at.setZone(SHANGHAI);
  const minute = local.hour * 60 + local.minute;
  return minute >= window.from.hour * 60 + window.from.minute && minute < window.to.hour * 60 + window.to.minute;
}

/**
 * The job id of a tick: every replica's scheduler fires the same tick, and a queue keeps one job per id, so the
 * tick becomes one job however many replicas run. (BullMQ ids may not contain ":".)
 */
export function jobIdFor(schedule: Schedule, tick: DateTime): string {
  return `${schedule.id}-${tick.setZone(SHANGHAI).toFormat('yyyyLLddHHmmss')}`;
}

/**
 * The latest tick of `schedule` today (Beijing time) at or before `now` that would have run its job, when no run
 * of the job has ended since: the digest of a day whose tick was lost (a database outage, retries used up, a
 * restart across it). Undefined when it ran, when today has no such tick yet, or when `now` is outside the
 * schedule's window (what would be composed then waits for the window). `matches` says whether the cron
 * expression fires at a minute.
 */
export function missedTick(schedule: Schedule, now: DateTime, calendar: WorkingDayCalendar, lastRun: DateTime | undefined, matches: (minute: DateTime) => boolean): DateTime | undefined {
  if (!shouldFire(schedule, now, calendar)) return undefined;
  const local = now.setZone(SHANGHAI);
  // Today fires (checked above), and every minute from the window's opening to now is inside it: only the cron
  // expression is left to ask, and only back to the opening (or midnight, for a schedule without a window).
  const from = schedule.window ? local.set({ hour: schedule.window.from.hour, minute: schedule.window.from.minute }).startOf('minute') : local.startOf('day');
  for (let minute = local.startOf('minute'); minute >= from; minute = minute.minus({ minutes: 1 })) {
    if (matches(minute)) return lastRun !== undefined && lastRun >= minute ? undefined : minute;
  }
  return undefined;
}
