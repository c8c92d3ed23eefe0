import { OutOfRangeError } from './errors.js';
import { dayNumberFromCivil, daysInMonth, isoFromDayNumber, type IsoDate } from './civil-date.js';

/**
 * The span of dates the calendar answers for, and fast conversions between `YYYY-MM-DD` strings and
 * positions in it. The hot path of deadline computation is parse → array lookups → format, so parsing is done
 * on char codes and formatting is a table lookup; both are shared by every calendar of the process.
 */
export const FIRST_SUPPORTED_YEAR = 2000;
export const LAST_SUPPORTED_YEAR = 2100;

const FIRST_DAY_NUMBER = dayNumberFromCivil(FIRST_SUPPORTED_YEAR, 1, 1);
export const INDEX_SIZE = dayNumberFromCivil(LAST_SUPPORTED_YEAR, 12, 31) - FIRST_DAY_NUMBER + 1;

/** Position of the first day of each month, by (year - FIRST_SUPPORTED_YEAR) * 12 + (month - 1). */
const monthStart = new Int32Array((LAST_SUPPORTED_YEAR - FIRST_SUPPORTED_YEAR + 1) * 12);
for (let year = FIRST_SUPPORTED_YEAR; year <= LAST_SUPPORTED_YEAR; year++) {
  for (let month = 1; month <= 12; month++) {
    monthStart[(year - FIRST_SUPPORTED_YEAR) * 12 + month - 1] = dayNumberFromCivil(year, month, 1) - FIRST_DAY_NUMBER;
  }
}

let isoTable: IsoDate[] | undefined;

export function dayNumberOfIndex(index: number): number {
  return index + FIRST_DAY_NUMBER;
}

export function indexOfDayNumber(dayNumber: number): number {
  const index = dayNumber - FIRST_DAY_NUMBER;
  if (index < 0 || index >= INDEX_SIZE) {
    throw new OutOfRangeError(
      `${isoFromDayNumber(dayNumber)} is outside the supported years ${FIRST_SUPPORTED_YEAR}–${LAST_SUPPORTED_YEAR}`,
    );
  }
  return index;
}

function digit(text: string, at: number): number {
  const code = text.charCodeAt(at) - 48;
  return code >= 0 && code <= 9 ? code : -1;
}

/** Position of a `YYYY-MM-DD` date; throws OutOfRangeError (an InputError) for a malformed, impossible or out-of-range date. */
export function indexOfIso(text: IsoDate): number {
  if (text.length === 10 && text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45) {
    const y0 = digit(text, 0), y1 = digit(text, 1), y2 = digit(text, 2), y3 = digit(text, 3);
    const m0 = digit(text, 5), m1 = digit(text, 6), d0 = digit(text, 8), d1 = digit(text, 9);
    if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) >= 0) {
      const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
      const month = m0 * 10 + m1;
      const day = d0 * 10 + d1;
      if (month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) {
        if (year < FIRST_SUPPORTED_YEAR || year > LAST_SUPPORTED_YEAR) {
          throw new OutOfRangeError(`${text} is outside the supported years ${FIRST_SUPPORTED_YEAR}–${LAST_SUPPORTED_YEAR}`);
        }
        return (monthStart[(year - FIRST_SUPPORTED_YEAR) * 12 + month - 1] as number) + day - 1;
      }
    }
  }
  throw new OutOfRangeError(`"${text}" is not an existing date in the form YYYY-MM-DD`);
}

export function isoOfIndex(index: number): IsoDate {
  if (!isoTable) {
    isoTable = new Array<IsoDate>(INDEX_SIZE);
    for (let i = 0; i < INDEX_SIZE; i++) isoTable[i] = isoFromDayNumber(i + FIRST_DAY_NUMBER);
  }
  const iso = isoTable[index];
  if (iso === undefined) throw new OutOfRangeError(`day position ${index} is outside the supported years`);
  return iso;
}
