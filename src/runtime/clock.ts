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

/** DW_NOW=2026-11-21T09:00:00+08:00 makes a run behave as at that time (demos, reproducible checks). */
export function clockFromEnvironment(env: NodeJS.ProcessEnv = process.env): Clock {
  return env.DW_NOW ? fixedClock(parseInstant(env.DW_NOW, 'DW_NOW')) : systemClock;
}
