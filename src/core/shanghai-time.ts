import { DateTime, FixedOffsetZone, Settings } from 'luxon';
import { dayNumberFromCivil, daysInMonth, isIsoDate, type IsoDate } from './civil-date.js';
import { FIRST_SUPPORTED_YEAR, indexOfDayNumber, isoOfIndex, LAST_SUPPORTED_YEAR } from './day-index.js';
import { END_OF_DAY, type Cutoff } from './cutoff.js';
import { normaliseClerkTime } from './clerk-time.js';
import { InputError } from './errors.js';

/**
 * Every time a person reads is in Asia/Shanghai. China has kept UTC+8 without daylight saving since 1991, so for
 * the supported years (2000–2100) the fixed offset is exact, and much cheaper than an IANA zone lookup per call.
 */
export const SHANGHAI = FixedOffsetZone.instance(8 * 60);

/**
 * luxon formats in one fixed locale (en-US: the digits and names the code writes), never the machine's: a server
 * set to zh_CN would otherwise change what toFormat writes, and luxon would ask Intl for the system's locale at the
 * first DateTime, which costs about 20 ms of every command's start-up.
 */
Settings.defaultLocale = 'en-US';

const OFFSET_SUFFIX = /(Z|[+-]\d{2}:?\d{2})$/i;
const DATE_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

const PLAIN_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?$/i;

/**
 * The common shapes of a time, read by arithmetic (luxon's general ISO parser costs some twenty times more, and a
 * ledger import reads hundreds of thousands of times). Undefined for anything else, or for a value out of range,
 * which the general parser then reads or rejects with its explanation.
 */
function quickInstant(text: string, defaultOffsetMinutes: number | undefined): DateTime | undefined {
  const match = PLAIN_TIME.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, ms, offset] = match as unknown as string[];
  const year = Number(y), month = Number(mo), day = Number(d), hour = Number(h), minute = Number(mi), second = Number(s ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = defaultOffsetMinutes;
  if (offset !== undefined) offsetMinutes = offset === 'Z' || offset === 'z' ? 0 : (offset[0] === '-' ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  if (offsetMinutes === undefined) return undefined;
  const millis = Date.UTC(year, month - 1, day, hour, minute, second, ms === undefined ? 0 : Number(ms.padEnd(3, '0'))) - offsetMinutes * 60_000;
  return DateTime.fromMillis(millis, { zone: SHANGHAI });
}

/** An ISO 8601 instant that must carry its UTC offset: "2026-09-30T18:00:00+08:00". */
export function parseInstant(text: string, what = 'time'): DateTime {
  const wellFormed = DATE_TIME_PATTERN.test(text);
  const quick = wellFormed ? quickInstant(text, undefined) : undefined;
  if (quick) return quick;
  if (!wellFormed) {
    const looksLikeTime = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?$/.test(text);
    if (looksLikeTime && !OFFSET_SUFFIX.test(text)) {
      throw new InputError(
        `${what} "${text}" has no UTC offset; write it like 2026-09-30T18:00:00+08:00 (Asia/Shanghai)`,
      );
    }
    throw new InputError(`${what} "${text}" is not an ISO 8601 time like 2026-09-30T18:00:00+08:00`);
  }
  const parsed = DateTime.fromISO(text, { setZone: true });
  if (!parsed.isValid) throw new InputError(`${what} "${text}" does not exist (${parsed.invalidExplanation ?? parsed.invalidReason})`);
  return parsed.setZone(SHANGHAI);
}

/**
 * An event time as departments write it: an instant with its offset, or a date alone meaning that day in
 * Asia/Shanghai (for working-day counts the start day is not counted anyway).
 */
export interface EventTime {
  readonly instant: DateTime;
  readonly date: IsoDate;
  readonly dateOnly: boolean;
}

export function parseEventTime(text: string, what = 'time'): EventTime {
  if (isIsoDate(text)) return { instant: startOfDay(text), date: text, dateOnly: true };
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) throw new InputError(`${what} "${text}" is not an existing date`);
  const instant = parseInstant(text, what);
  return { instant, date: shanghaiDate(instant), dateOnly: false };
}

const LOCAL_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/;

/**
 * A time as departments write it in ledger files: with an offset, without one (meaning Asia/Shanghai), or a date
 * alone (meaning that day), in the spellings clerks use (`2026年9月30日 14时30分`, `2026/9/30`, `20260930`, full-width
 * digits: see normaliseClerkTime).
 */
export function parseLocalTime(text: string, what = 'time'): EventTime {
  const normalised = normaliseClerkTime(text);
  if (LOCAL_TIME_PATTERN.test(normalised)) {
    const instant = quickInstant(normalised, 8 * 60) ?? DateTime.fromISO(normalised.replace(' ', 'T'), { zone: SHANGHAI });
    if (!instant.isValid) throw new InputError(`${what} "${text}" does not exist`);
    return { instant, date: shanghaiDate(instant), dateOnly: false };
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(normalised)) {
    throw new InputError(`${what} "${text}" is not a date or time; write it like 2026-09-30, 2026年9月30日 or 2026-09-30 18:00`);
  }
  // The error quotes what the clerk typed, not its rewritten form.
  if (/^\d{4}-\d{2}-\d{2}$/.test(normalised) && !isIsoDate(normalised)) throw new InputError(`${what} "${text}" is not an existing date`);
  return parseEventTime(normalised, what);
}

const OFFSET_MS = 8 * 60 * 60 * 1000;
const FIRST_DAY_NUMBER = dayNumberFromCivil(FIRST_SUPPORTED_YEAR, 1, 1);
const LAST_DAY_NUMBER = dayNumberFromCivil(LAST_SUPPORTED_YEAR, 12, 31);

const DAY_MS = 24 * 60 * 60 * 1000;

/** The Asia/Shanghai day of an instant: a table lookup for the supported years. */
export function shanghaiDate(instant: DateTime): IsoDate {
  const millis = instant.toMillis();
  const dayNumber = Math.floor((millis + OFFSET_MS) / DAY_MS);
  return dayNumber >= FIRST_DAY_NUMBER && dayNumber <= LAST_DAY_NUMBER ? isoOfIndex(indexOfDayNumber(dayNumber)) : formatShanghaiMillis(millis).slice(0, 10);
}

/** Milliseconds since the epoch of a wall-clock time in Asia/Shanghai (fixed +08:00, see SHANGHAI). */
function shanghaiMillis(date: IsoDate, hour: number, minute: number): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), hour, minute) - OFFSET_MS;
}

export function startOfDay(date: IsoDate): DateTime {
  return DateTime.fromMillis(startOfDayMillis(date), { zone: SHANGHAI });
}

/** The same as epoch milliseconds, for hot paths that only compare and format (no DateTime made). */
export function startOfDayMillis(date: IsoDate): number {
  return shanghaiMillis(date, 0, 0);
}

/** The last on-time moment of a deadline day: 23:59:59.999 for 24:00, else the cut-off itself. */
export function deadlineOn(date: IsoDate, cutoff: Cutoff = END_OF_DAY): DateTime {
  const millis = cutoff.hour === 24 ? shanghaiMillis(date, 24, 0) - 1 : shanghaiMillis(date, cutoff.hour, cutoff.minute);
  return DateTime.fromMillis(millis, { zone: SHANGHAI });
}

/** An event time as a person wrote it: the date alone, or the instant in +08:00. */
export function eventTimeText(time: EventTime): string {
  return time.dateOnly ? time.date : formatShanghai(time.instant);
}

/** ISO 8601 with the +08:00 offset, milliseconds only when there are some. */
export function formatShanghai(instant: DateTime): string {
  return formatShanghaiMillis(instant.toMillis());
}

/**
 * The same from epoch milliseconds (e.g. a database timestamp), by arithmetic: the UTC fields of the instant
 * shifted by eight hours are the Shanghai wall-clock time, whatever the machine's TZ.
 */
export function formatShanghaiMillis(millis: number): string {
  const iso = new Date(millis + OFFSET_MS).toISOString();
  return `${iso.endsWith('.000Z') ? iso.slice(0, 19) : iso.slice(0, 23)}+08:00`;
}
