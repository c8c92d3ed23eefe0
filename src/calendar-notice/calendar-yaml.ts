import { dayNumberFromIso, isoWeekday, type IsoDate } from '../core/civil-date.js';
import type { NoticeSchedule } from './read-notice.js';

const NAMES_EN: Readonly<Record<string, string>> = {
  元旦: "New Year's Day",
  春节: 'Spring Festival',
  清明节: 'Tomb-sweeping Day (Qingming)',
  劳动节: 'Labour Day',
  端午节: 'Dragon Boat Festival',
  中秋节: 'Mid-autumn Festival',
  国庆节: 'National Day',
};
const WEEKDAYS = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const weekday = (date: IsoDate) => WEEKDAYS[isoWeekday(dayNumberFromIso(date))] as string;
const list = (dates: readonly IsoDate[]) => `[${dates.join(', ')}]`;
const quoted = (text: string) => JSON.stringify(text);

/**
 * A year's schedule as config/calendars/YYYY.yaml keeps it, in the shipped files' layout: the header saying where it
 * comes from, then each holiday with its English name, its days off (with their weekdays) and make-up workdays.
 */
export function calendarYaml(schedule: NoticeSchedule): string {
  const source = `国务院办公厅关于${schedule.year}年部分节假日安排的通知 — ${schedule.notice}${schedule.published ? ` (${schedule.published})` : ''}${schedule.amendedBy ? `; amended by ${schedule.amendedBy}` : ''}`;
  const lines = [
    `# Official holiday schedule (节假日安排) for ${schedule.year}: which days are off (放假) and which weekend days`,
    '# are make-up workdays (调休上班), as the State Council General Office notice says.',
    `# Source: ${source}.`,
    '# Read from the notice\'s text by `calendar from-notice`. \'off\' lists exactly the days the notice names; ordinary',
    '# adjoining weekend days are weekends anyway and are not listed. A working day (工作日) is Mon-Fri not off, or a',
    '# make-up workday.',
    '',
    `year: ${schedule.year}`,
    `notice: ${quoted(schedule.notice)}`,
    ...(schedule.published ? [`published: ${schedule.published}`] : []),
    ...(schedule.amendedBy ? [`amendedBy: ${quoted(schedule.amendedBy)}`] : []),
    'holidays:',
  ];
  for (const holiday of schedule.holidays) {
    const first = holiday.off[0] as IsoDate;
    const last = holiday.off[holiday.off.length - 1] as IsoDate;
    lines.push(
      `  - name: ${holiday.name}`,
      `    nameEn: ${quoted(holiday.name.split('、').map((n) => NAMES_EN[n] ?? n).join(' & '))}`,
      ...(holiday.note ? [`    note: ${quoted(holiday.note)}`] : []),
      `    off: ${list(holiday.off)}  # ${first === last ? weekday(first) : `${weekday(first)}..${weekday(last)}`}`,
      ...(holiday.makeupWorkdays.length > 0 ? [`    makeupWorkdays: ${list(holiday.makeupWorkdays)}  # ${holiday.makeupWorkdays.map(weekday).join(', ')}`] : []),
    );
  }
  return `${lines.join('\n')}\n`;
}
