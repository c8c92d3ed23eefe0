import { DateTime } from 'luxon';
import cron, { type ScheduledTask } from 'node-cron';
import type { WorkingDayCalendar } from '../core/calendar.js';
import { jobIdFor, shouldFire, type Schedule } from '../core/schedule.js';
import { SHANGHAI } from '../core/shanghai-time.js';
import type { JobRunner } from './job-runner.js';
import type { Logger } from './logger.js';

/**
 * One tick of a schedule: on a day it runs and inside its window, its job goes to the runner under the tick's id.
 * Every replica calls this for the same tick; the id makes it one job. Returns whether the job was handed over.
 */
export async function tick(schedule: Schedule, at: DateTime, calendar: WorkingDayCalendar, runner: JobRunner): Promise<boolean> {
  if (!shouldFire(schedule, at, calendar)) return false;
  const when = at.setZone(SHANGHAI).startOf('second');
  await runner.enqueue(schedule.job, jobIdFor(schedule, when), when.toISO() as string);
  return true;
}

/**
 * How long apart a cron expression's runs are (Beijing time), from its next two runs: what "twice its schedule"
 * means for readiness. A schedule with uneven gaps (e.g. "0 9,17 * * *") gets its next gap.
 */
export function schedulePeriodMs(expression: string): number {
  const task = cron.createTask(expression, () => undefined, { timezone: 'Asia/Shanghai' });
  try {
    const [first, second] = task.getNextRuns(2);
    return first && second ? second.getTime() - first.getTime() : 24 * 3600_000;
  } finally {
    void task.destroy();
  }
}

const matchers = new Map<string, (minute: DateTime) => boolean>();

/** Whether a cron expression (Beijing time) fires at a given minute: node-cron's own matcher, one task per expression, never started. */
export function cronMatcher(expression: string): (minute: DateTime) => boolean {
  let matcher = matchers.get(expression);
  if (!matcher) {
    const task = cron.createTask(expression, () => undefined, { timezone: 'Asia/Shanghai' });
    matcher = (minute) => task.match(minute.toJSDate());
    matchers.set(expression, matcher);
  }
  return matcher;
}

/** The cron side: node-cron calls `tick` for every schedule in Beijing time, until stopped. */
export function startScheduler(schedules: readonly Schedule[], calendar: WorkingDayCalendar, runner: JobRunner, logger: Logger): { stop(): Promise<void> } {
  cron.setLogger({
    info: (message) => logger.debug({ component: 'node-cron' }, message),
    warn: (message) => logger.warn({ component: 'node-cron' }, message),
    error: (message, err) => logger.error({ component: 'node-cron', err: err ?? message }, String(message)),
    debug: (message) => logger.debug({ component: 'node-cron' }, String(message)),
  });
  const tasks: ScheduledTask[] = schedules.map((schedule) =>
    cron.schedule(
      schedule.cron,
      async (context) => {
        try {
          const at = DateTime.fromJSDate(context.date, { zone: SHANGHAI });
          if (!(await tick(schedule, at, calendar, runner))) logger.debug({ schedule: schedule.id }, 'tick skipped: not a working day, or outside the window');
        } catch (error) {
          logger.error({ schedule: schedule.id, err: error }, 'tick could not hand over its job');
        }
      },
      { timezone: 'Asia/Shanghai', name: `dw-${schedule.id}` },
    ),
  );
  return {
    async stop() {
      await Promise.all(tasks.map((task) => task.destroy()));
    },
  };
}
