import { daysInMonth, dayNumberFromCivil, formatCivil, isoWeekday, type IsoDate } from '../core/civil-date.js';

/** A date as a holiday notice writes it, and where it ends in the text (after its note in brackets, if any). */
export interface WrittenDate {
  readonly date: IsoDate;
  readonly end: number;
}

/** The year and month a date written without them takes: the notice's year, or the range's start. */
export interface DateDefaults {
  readonly year: number;
  readonly month?: number | undefined;
}

const WEEKDAYS: Readonly<Record<string, number>> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7 };
const DATE = /^(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日/;
const BRACKETS = /^（([^）]*)）/;

/**
 * Reads "[YYYY年][M月]D日" at `position`, and the note in brackets after it, if any ("（周四）", "（农历腊月二十八、周日）",
 * "（星期六）"): a weekday named there must be the date's, or the text is wrong and is not read. Returns undefined
 * when no date is there; throws Error with the reason when one is there but cannot be right.
 */
export function readWrittenDate(text: string, position: number, defaults: DateDefaults): WrittenDate | undefined {
  const match = DATE.exec(text.slice(position));
  if (!match) return undefined;
  const year = match[1] ? Number(match[1]) : defaults.year;
  const month = match[2] ? Number(match[2]) : defaults.month;
  const day = Number(match[3]);
  if (month === undefined) throw new Error(`"${match[0]}" names no month`);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) throw new Error(`${year}年${month}月${day}日 does not exist`);
  const date = formatCivil({ year, month, day });
  let end = position + match[0].length;
  const note = BRACKETS.exec(text.slice(end));
  if (note) {
    end += note[0].length;
    const named = /(?:周|星期)([一二三四五六日天])/.exec(note[1] ?? '');
    const weekday = isoWeekday(dayNumberFromCivil(year, month, day));
    if (named && WEEKDAYS[named[1] as string] !== weekday) {
      throw new Error(`${date} is not a ${note[1]}: it is a ${['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'][weekday]}`);
    }
  }
  return { date, end };
}
