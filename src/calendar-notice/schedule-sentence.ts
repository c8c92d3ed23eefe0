import { addDays, parseIsoDate, type IsoDate } from '../core/civil-date.js';
import { readWrittenDate } from './notice-dates.js';

/** What one holiday's line of a notice says: the days off, the make-up workdays, and what else it says of them. */
export interface Schedule {
  readonly off: IsoDate[];
  readonly makeupWorkdays: IsoDate[];
  readonly note?: string | undefined;
}

/** Sentences of a holiday line that carry no dates (2024: 鼓励各单位…安排职工在除夕休息): advice, not the schedule. */
const ADVICE = /^鼓励/;

/**
 * Reads what follows "春节：" in a notice line: "2月15日（…）至23日（…）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。"
 * The first sentence gives the days off ("M月D日[至[M月]D日]放假[调休][，共N天|，与周末连休|N天，不调休]"), a later
 * one the make-up workdays ("…上班"), advice is passed over. Throws Error naming what cannot be read; a stated
 * number of days that the dates do not give is refused, as is a weekday in brackets that is not the date's.
 */
export function readSchedule(body: string, year: number): Schedule {
  const sentences = body.split('。').map((s) => s.trim()).filter((s) => s !== '');
  const [first, ...rest] = sentences;
  if (first === undefined) throw new Error('says nothing after the holiday\'s name');
  const { off, note } = readDaysOff(first, year);
  const makeupWorkdays: IsoDate[] = [];
  for (const sentence of rest) {
    if (ADVICE.test(sentence)) continue;
    makeupWorkdays.push(...readWorkdays(sentence, year));
  }
  return { off, makeupWorkdays, ...(note ? { note } : {}) };
}

function readDaysOff(sentence: string, year: number): { off: IsoDate[]; note?: string } {
  const start = readWrittenDate(sentence, 0, { year });
  if (!start) throw new Error(`"${sentence}" does not start with the first day off`);
  let position = start.end;
  let last = start.date;
  if (sentence.startsWith('至', position)) {
    const { year: startYear, month: startMonth } = parseIsoDate(start.date)!;
    const end = readWrittenDate(sentence, position + 1, { year: startYear, month: startMonth });
    if (!end) throw new Error(`"${sentence}": no last day after 至`);
    if (end.date < start.date) throw new Error(`"${sentence}": the last day ${end.date} is before the first ${start.date}`);
    last = end.date;
    position = end.end;
  }
  const rest = sentence.slice(position);
  const shape = /^放假(调休)?(?:(\d+)天)?((?:，(?:共\d+天|与周末连休|不调休))*)$/.exec(rest);
  if (!shape) throw new Error(`"${sentence}": expected 放假 after the dates, then 共N天, 与周末连休 or 不调休`);
  const off: IsoDate[] = [];
  for (let day = start.date; day <= last; day = addDays(day, 1)) off.push(day);
  const stated = shape[2] ?? /共(\d+)天/.exec(shape[3] ?? '')?.[1];
  if (stated !== undefined && Number(stated) !== off.length) {
    throw new Error(`"${sentence}" says ${stated} days, but ${start.date}..${last} is ${off.length}`);
  }
  const notes = (shape[3] ?? '').split('，').filter((clause) => clause === '与周末连休' || clause === '不调休');
  const note = shape[2] ? `放假${shape[2]}天，${notes.join('，')}` : notes.join('，');
  return note ? { off, note } : { off };
}

function readWorkdays(sentence: string, year: number): IsoDate[] {
  if (!sentence.endsWith('上班')) throw new Error(`"${sentence}" is neither the make-up workdays (…上班) nor advice (鼓励…)`);
  const days: IsoDate[] = [];
  let position = 0;
  for (;;) {
    const date = readWrittenDate(sentence, position, { year });
    if (!date) throw new Error(`"${sentence}": expected a date at "${sentence.slice(position)}"`);
    days.push(date.date);
    position = date.end;
    if (sentence.startsWith('、', position)) position += 1;
    else break;
  }
  if (sentence.slice(position) !== '上班') throw new Error(`"${sentence}": expected 上班 after the dates, found "${sentence.slice(position)}"`);
  return days;
}
