import { LunarDay, SolarDay, SolarTerm } from 'tyme4ts';
import type { OfficialHoliday } from './calendar-types.js';
import type { IsoDate } from './civil-date.js';

/**
 * The days off that the law itself gives (法定节假日, 《全国年节及纪念日放假办法》), for a year whose State Council
 * notice (国务院办公厅关于 N 年部分节假日安排的通知) is not loaded. The notice only arranges them: it may add days
 * and make-up workdays (调休), which nobody can know beforehand, but it never works a statutory day. So a year without
 * its notice is counted Mon–Fri minus these days, and stays provisional.
 *
 * - From 2025 (the 2024 revision, 国务院令第795号): 元旦 1 day, 春节 4 days (农历除夕 to 正月初三), 清明 1 day (the 清明
 *   solar term), 劳动节 05-01 and 05-02, 端午 1 day (农历五月初五), 中秋 1 day (农历八月十五), 国庆 10-01 to 10-03.
 * - 2014–2024 (the 2013 revision): 春节 3 days (正月初一 to 初三), 劳动节 05-01 only; the others the same.
 * - 2008–2013 (the 2007 revision): 春节 3 days (除夕, 正月初一, 初二).
 * - Before 2008 (no 清明, 端午 or 中秋 holiday; 劳动节 and 国庆 of several days): not estimated, counted Mon–Fri.
 *
 * Lunar dates and solar terms come from tyme4ts (MIT): no lunar table is written here. Pure.
 */
export function statutoryHolidays(year: number): readonly OfficialHoliday[] {
  let holidays = BY_YEAR.get(year);
  if (!holidays) BY_YEAR.set(year, (holidays = holidaysOf(year)));
  return holidays;
}

/** Worked out once per year and process (a century of lunar dates costs some 60 ms). */
const BY_YEAR = new Map<number, readonly OfficialHoliday[]>();

function holidaysOf(year: number): OfficialHoliday[] {
  if (year < 2008) return [];
  const newYear = LunarDay.fromYmd(year, 1, 1).getSolarDay();
  const springDays = year >= 2025 ? [-1, 0, 1, 2] : year >= 2014 ? [0, 1, 2] : [-1, 0, 1];
  const lunar = (month: number, day: number) => iso(LunarDay.fromYmd(year, month, day).getSolarDay());
  const holiday = (name: string, nameEn: string, off: IsoDate[]): OfficialHoliday => ({ name, nameEn, off, makeupWorkdays: [] });
  return [
    holiday('元旦', "New Year's Day", [`${year}-01-01`]),
    holiday('春节', 'Spring Festival', springDays.map((offset) => iso(newYear.next(offset)))),
    holiday('清明节', 'Qingming Festival', [iso(SolarTerm.fromName(year, '清明').getJulianDay().getSolarDay())]),
    holiday('劳动节', 'Labour Day', year >= 2025 ? [`${year}-05-01`, `${year}-05-02`] : [`${year}-05-01`]),
    holiday('端午节', 'Dragon Boat Festival', [lunar(5, 5)]),
    holiday('中秋节', 'Mid-Autumn Festival', [lunar(8, 15)]),
    holiday('国庆节', 'National Day', [`${year}-10-01`, `${year}-10-02`, `${year}-10-03`]),
  ];
}

function iso(day: SolarDay): IsoDate {
  return `${day.getYear()}-${String(day.getMonth()).padStart(2, '0')}-${String(day.getDay()).padStart(2, '0')}`;
}
