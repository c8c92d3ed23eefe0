import type { LoadedConfig } from '../config/load-config.js';
import type { WorkingDayCalendar } from '../core/calendar.js';

/** Schedules are for the whole deployment: they keep to the national calendar (the jurisdiction without a parent). */
export function scheduleCalendar(config: LoadedConfig): WorkingDayCalendar {
  for (const jurisdiction of config.ruleBook.jurisdictions.values()) if (!jurisdiction.parent) return config.ruleBook.calendarFor(jurisdiction.id);
  throw new Error('the config has no national jurisdiction');
}
