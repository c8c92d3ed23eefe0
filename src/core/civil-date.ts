/**
 * Civil (calendar) dates as plain `YYYY-MM-DD` strings and as day numbers (days since 1970-01-01).
 *
 * Pure integer arithmetic, no `Date`: a civil date has no time zone, so nothing here can depend on the
 * machine's TZ. The conversions are Howard Hinnant's `days_from_civil` / `civil_from_days`.
 */

export type IsoDate = string;

export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Parses `YYYY-MM-DD`; returns undefined for anything else, including dates that do not exist (2026-02-30). */
export function parseIsoDate(text: string): CivilDate | undefined {
  const match = DATE_PATTERN.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

export function isIsoDate(text: string): boolean {
  return parseIsoDate(text) !== undefined;
}

export function dayNumberFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

export function civilFromDayNumber(dayNumber: number): CivilDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** 1 = Monday … 7 = Sunday (ISO weekday). 1970-01-01 was a Thursday. */
export function isoWeekday(dayNumber: number): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

export function isWeekend(dayNumber: number): boolean {
  return isoWeekday(dayNumber) >= 6;
}

export function formatCivil(date: CivilDate): IsoDate {
  const mm = date.month < 10 ? `0${date.month}` : `${date.month}`;
  const dd = date.day < 10 ? `0${date.day}` : `${date.day}`;
  return `${date.year}-${mm}-${dd}`;
}

export function dayNumberFromIso(text: IsoDate): number {
  const date = parseIsoDate(text);
  if (!date) throw new RangeError(`"${text}" is not a date in the form YYYY-MM-DD`);
  return dayNumberFromCivil(date.year, date.month, date.day);
}

export function isoFromDayNumber(dayNumber: number): IsoDate {
  return formatCivil(civilFromDayNumber(dayNumber));
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return isoFromDayNumber(dayNumberFromIso(date) + days);
}
