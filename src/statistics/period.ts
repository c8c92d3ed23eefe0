import { daysInMonth, type IsoDate } from '../core/civil-date.js';
import { InputError } from '../core/errors.js';

/**
 * A reporting period (统计期间): a month, a quarter (季度) or a year, as calendar dates in Asia/Shanghai. An item
 * belongs to the period its due date (`due_date`, the Shanghai date of its due moment) falls in. Pure.
 */
export interface Period {
  readonly kind: 'month' | 'quarter' | 'year';
  /** What a command is given and prints: 2026-11, 2026-Q4, 2026. */
  readonly id: string;
  /** The first day. */
  readonly start: IsoDate;
  /** The day after the last (exclusive), so that periods tile without gaps. */
  readonly end: IsoDate;
}

const QUARTER_NAMES = ['一', '二', '三', '四'] as const;

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function monthStart(year: number, month: number): IsoDate {
  return month > 12 ? `${year + 1}-01-01` : `${year}-${pad(month)}-01`;
}

export function monthPeriod(year: number, month: number): Period {
  return { kind: 'month', id: `${year}-${pad(month)}`, start: monthStart(year, month), end: monthStart(year, month + 1) };
}

export function quarterPeriod(year: number, quarter: number): Period {
  return { kind: 'quarter', id: `${year}-Q${quarter}`, start: monthStart(year, quarter * 3 - 2), end: monthStart(year, quarter * 3 + 1) };
}

export function yearPeriod(year: number): Period {
  return { kind: 'year', id: String(year), start: `${year}-01-01`, end: `${year + 1}-01-01` };
}

/** `2026`, `2026-Q4` (or q4) or `2026-11`; anything else is refused with the three forms named. */
export function parsePeriod(text: string): Period {
  const trimmed = text.trim();
  let match = /^(\d{4})$/.exec(trimmed);
  if (match) return yearPeriod(Number(match[1]));
  match = /^(\d{4})-[Qq]([1-4])$/.exec(trimmed);
  if (match) return quarterPeriod(Number(match[1]), Number(match[2]));
  match = /^(\d{4})-(\d{2})$/.exec(trimmed);
  if (match && Number(match[2]) >= 1 && Number(match[2]) <= 12) return monthPeriod(Number(match[1]), Number(match[2]));
  throw new InputError(`period "${text}" is not a year (2026), a quarter (2026-Q4) or a month (2026-11)`);
}

/** The period of a kind that holds a date. */
export function periodOf(kind: Period['kind'], date: IsoDate): Period {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (kind === 'year') return yearPeriod(year);
  if (kind === 'quarter') return quarterPeriod(year, Math.ceil(month / 3));
  return monthPeriod(year, month);
}

/** The `count` months up to and including the one that holds `date`, oldest first (the 12-month trend). */
export function monthsEndingWith(date: IsoDate, count: number): Period[] {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const months: Period[] = [];
  for (let back = count - 1; back >= 0; back--) {
    const index = year * 12 + (month - 1) - back;
    months.push(monthPeriod(Math.floor(index / 12), (index % 12) + 1));
  }
  return months;
}

/** The last day of the period (inclusive), for people: 2026-12-31. */
export function lastDayOf(period: Period): IsoDate {
  const [year, month] = [Number(period.end.slice(0, 4)), Number(period.end.slice(5, 7))];
  const previous = month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
  return `${previous.year}-${pad(previous.month)}-${pad(daysInMonth(previous.year, previous.month))}`;
}

/** 2026年11月, 2026年第四季度, 2026年 (or 2026-11, 2026 Q4, 2026 in English). */
export function periodTitle(period: Period, language: 'zh' | 'en' = 'zh'): string {
  const year = period.id.slice(0, 4);
  if (period.kind === 'year') return language === 'zh' ? `${year}年` : year;
  if (period.kind === 'quarter') {
    const quarter = Number(period.id.slice(-1));
    return language === 'zh' ? `${year}年第${QUARTER_NAMES[quarter - 1]}季度` : `${year} Q${quarter}`;
  }
  return language === 'zh' ? `${year}年${Number(period.id.slice(5, 7))}月` : period.id;
}
