import { DateTime, FixedOffsetZone } from 'luxon';
import { isIsoDate, type IsoDate } from './civil-date.js';
import { END_OF_DAY, type Cutoff } from './cutoff.js';
import { InputError } from './errors.js';

/**
 * Every time a person reads is in Asia/Shanghai. China has kept UTC+8 without daylight saving since 1991, so for
 * the supported years (2000–2100) the fixed offset is exact, and much cheaper than an IANA zone lookup per call.
 */
export const SHANGHAI = FixedOffsetZone.instance(8 * 60);

const OFFSET_SUFFIX = /(Z|[+-]\d{2}:?\d{2})$/i;
const DATE_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** An ISO 8601 instant that must carry its UTC offset: "2026-09-30T18:00:00+08:00". */
export function parseInstant(text: string, what = 'time'): DateTime {
  if (!DATE_TIME_PATTERN.test(text)) {
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
 * alone (meaning that day). `2026/9/30` and a space instead of `T` are accepted, as Excel writes them.
 */
export function parseLocalTime(text: string, what = 'time'): EventTime {
  const normalised = text.trim().replace(/^(\d{4})[/.](\d{1,2})[/.](\d{1,2})/, (_, y: string, m: string, d: string) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`);
  if (LOCAL_TIME_PATTERN.test(normalised)) {
    const instant = DateTime.fromISO(normalised.replace(' ', 'T'), { zone: SHANGHAI });
    if (!instant.isValid) throw new InputError(`${what} "${text}" does not exist`);
    return { instant, date: shanghaiDate(instant), dateOnly: false };
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(normalised)) {
    throw new InputError(`${what} "${text}" is not a date or time; write it like 2026-09-30 or 2026-09-30 18:00`);
  }
  return parseEventTime(normalised, what);
}

export function shanghaiDate(instant: DateTime): IsoDate {
  return instant.setZone(SHANGHAI).toISODate() as IsoDate;
}

export function startOfDay(date: IsoDate): DateTime {
  return DateTime.fromISO(date, { zone: SHANGHAI }).startOf('day');
}

/** The last on-time moment of a deadline day: 23:59:59.999 for 24:00, else the cut-off itself. */
export function deadlineOn(date: IsoDate, cutoff: Cutoff = END_OF_DAY): DateTime {
  const start = startOfDay(date);
  if (cutoff.hour === 24) return start.endOf('day');
  return start.set({ hour: cutoff.hour, minute: cutoff.minute });
}

/** An event time as a person wrote it: the date alone, or the instant in +08:00. */
export function eventTimeText(time: EventTime): string {
  return time.dateOnly ? time.date : formatShanghai(time.instant);
}

/** ISO 8601 with the +08:00 offset, milliseconds only when there are some. */
export function formatShanghai(instant: DateTime): string {
  return instant.setZone(SHANGHAI).toISO({ suppressMilliseconds: true }) as string;
}
