import type { DateTime } from 'luxon';
import type { WorkingDayCalendar } from './calendar.js';
import type { IsoDate } from './civil-date.js';
import { shanghaiDate } from './shanghai-time.js';

/** Where an open item stands at a moment: working days to go, due today, or working days (or hours) late. */
export type TimeLeft =
  | { readonly state: 'upcoming'; readonly workingDays: number }
  | { readonly state: 'due-today'; readonly hours: number }
  | { readonly state: 'overdue'; readonly workingDays: number; readonly hours: number };

/**
 * Working days are counted as the law counts them: from today (not counted) to the due day; lateness from the
 * due day (not counted) to today. Hours matter on the due day itself and for the first hours of lateness.
 */
export function timeLeft(dueAt: DateTime, dueDate: IsoDate, now: DateTime, calendar: WorkingDayCalendar): TimeLeft {
  const today = shanghaiDate(now);
  // +08:00 has no DST: hours are milliseconds apart (luxon's diff costs more than the rest of this function).
  const hours = Math.floor(Math.abs(dueAt.toMillis() - now.toMillis()) / 3_600_000);
  if (now <= dueAt) {
    if (today >= dueDate) return { state: 'due-today', hours };
    return { state: 'upcoming', workingDays: calendar.workingDaysBetween(today, dueDate) };
  }
  return { state: 'overdue', workingDays: Math.max(0, calendar.workingDaysBetween(dueDate, today)), hours };
}

export function describeTimeLeft(left: TimeLeft, locale: 'en' | 'zh'): string {
  if (locale === 'zh') {
    if (left.state === 'upcoming') return left.workingDays === 0 ? '到期前已无工作日' : `剩余${left.workingDays}个工作日`;
    if (left.state === 'due-today') return `今日到期（剩余${left.hours}小时）`;
    return left.workingDays > 0 ? `逾期${left.workingDays}个工作日` : `逾期${left.hours}小时`;
  }
  if (left.state === 'upcoming') return left.workingDays === 0 ? 'no working day left' : `${left.workingDays} working day${left.workingDays === 1 ? '' : 's'} left`;
  if (left.state === 'due-today') return `due today (${left.hours} h left)`;
  return left.workingDays > 0 ? `${left.workingDays} working day${left.workingDays === 1 ? '' : 's'} late` : `${left.hours} h late`;
}
