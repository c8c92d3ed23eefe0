import { validateDetailed } from 'node-cron';
import type { Schedule } from '../core/schedule.js';
import type { ProblemList } from './problems.js';
import type { ParsedFile } from './read-yaml-files.js';
import type { SchedulesFile } from './schemas.js';

/** Cron expressions that node-cron accepts, ids used once, windows that open before they close. */
export function checkSchedules({ file, value }: ParsedFile<SchedulesFile>, problems: ProblemList): Schedule[] {
  const ids = new Set<string>();
  value.schedules.forEach((schedule, i) => {
    if (ids.has(schedule.id)) problems.add(file, `schedules.${i}.id`, `"${schedule.id}" is used twice`);
    ids.add(schedule.id);
    const cron = validateDetailed(schedule.cron);
    if (!cron.valid) {
      problems.add(file, `schedules.${i}.cron`, `"${schedule.cron}" is not a cron expression node-cron understands: ${cron.errors.map((e) => e.message).join('; ')}`);
    }
    const window = schedule.window;
    if (window && window.from.hour * 60 + window.from.minute >= window.to.hour * 60 + window.to.minute) {
      problems.add(file, `schedules.${i}.window`, 'the window must open before it closes, on the same day');
    }
  });
  return value.schedules;
}
