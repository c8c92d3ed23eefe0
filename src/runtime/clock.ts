import { DateTime } from 'luxon';
import { parseInstant, SHANGHAI } from '../core/shanghai-time.js';

/** The one place that reads the time; the core is given values from it, never the clock itself. */
export interface Clock {
  now(): DateTime;
}

export const systemClock: Clock = { now: () => DateTime.now().setZone(SHANGHAI) };

export function fixedClock(at: DateTime): Clock {
  return { now: () => at };
}

/** A clock set to `start` that then runs on at the machine's pace. */
export function clockFrom(start: DateTime): Clock {
  const offset = start.toMillis() - Date.now();
  return { now: () => DateTime.fromMillis(Date.now() + offset, { zone: SHANGHAI }) };
}

/**
 * DW_NOW=2026-11-21T09:00:00+08:00 starts a run at that time (demos, reproducible checks). The clock then runs on:
 * a frozen one would never reach a retry's time or the next minute of a rate limit, and mail would wait for good.
 */
export function clockFromEnvironment(env: NodeJS.ProcessEnv = process.env): Clock {
  return env.DW_NOW ? clockFrom(parseInstant(env.DW_NOW, 'DW_NOW')) : systemClock;
}
