import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayNumberFromIso, isoFromDayNumber, isoWeekday } from '../../src/core/civil-date.js';
import { statutoryHolidays } from '../../src/core/statutory-holidays.js';
import { loadTestConfig } from '../helpers/config.js';

const calendar = loadTestConfig().ruleBook.calendarFor('cn');

/**
 * The official status of a day, straight from the notice data, for the naive reference; in the years around them
 * with no notice (2017, 2027: reached by counts from 2018–2026), the statutory holidays (statutory-holidays.test.ts
 * checks those against the notices).
 */
const official = (() => {
  const status = new Map<string, boolean>();
  for (const year of [2017, 2027]) for (const holiday of statutoryHolidays(year)) for (const date of holiday.off) status.set(date, false);
  for (const year of loadTestConfig().ruleBook.officialYears) {
    for (const holiday of year.holidays) {
      for (const date of holiday.off) status.set(date, false);
      for (const date of holiday.makeupWorkdays) status.set(date, true);
    }
  }
  return status;
})();

function naiveIsWorkingDay(date: string): boolean {
  return official.get(date) ?? isoWeekday(dayNumberFromIso(date)) <= 5;
}

/** Day-by-day reference: step one calendar day at a time, counting working days, the start day not counted. */
function naiveAddWorkingDays(date: string, n: number): string {
  let current = date;
  const step = n > 0 ? 1 : -1;
  for (let left = Math.abs(n); left > 0; ) {
    current = addDays(current, step);
    if (naiveIsWorkingDay(current)) left--;
  }
  return current;
}

const FIRST = dayNumberFromIso('2018-01-01');
const LAST = dayNumberFromIso('2026-12-31');
const anyDate = fc.integer({ min: FIRST, max: LAST }).map(isoFromDayNumber);
const anyN = fc.integer({ min: -40, max: 40 });

describe('working-day calendar, against a naive day-by-day reference', () => {
  it('agrees on isWorkingDay for every date of 2018–2026', () => {
    for (let day = FIRST; day <= LAST; day++) {
      const date = isoFromDayNumber(day);
      expect(calendar.isWorkingDay(date), date).toBe(naiveIsWorkingDay(date));
    }
  });

  it('agrees on addWorkingDays for every start date of 2018–2026 and every n in −40..40', () => {
    const mismatches: string[] = [];
    for (let day = FIRST; day <= LAST; day++) {
      const date = isoFromDayNumber(day);
      for (let n = -40; n <= 40; n++) {
        const got = calendar.addWorkingDays(date, n);
        const want = naiveAddWorkingDays(date, n);
        if (got !== want) mismatches.push(`${date} ${n}: got ${got}, want ${want}`);
      }
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
  });

  it('workingDaysBetween(d, addWorkingDays(d, n)) = n', () => {
    fc.assert(
      fc.property(anyDate, anyN, (date, n) => calendar.workingDaysBetween(date, calendar.addWorkingDays(date, n)) === n),
      { numRuns: 20_000 },
    );
  });

  it('workingDaysBetween adds up along ordered dates (a ≤ b ≤ c) and is 0 from a day to itself', () => {
    fc.assert(
      fc.property(anyDate, anyDate, anyDate, (x, y, z) => {
        const [a, b, c] = [x, y, z].sort() as [string, string, string];
        return (
          calendar.workingDaysBetween(a, b) + calendar.workingDaysBetween(b, c) === calendar.workingDaysBetween(a, c) &&
          calendar.workingDaysBetween(a, a) === 0
        );
      }),
      { numRuns: 20_000 },
    );
  });

  it('addWorkingDays always lands on a working day, strictly after (before) the start for n > 0 (n < 0)', () => {
    fc.assert(
      fc.property(anyDate, anyN.filter((n) => n !== 0), (date, n) => {
        const result = calendar.addWorkingDays(date, n);
        return calendar.isWorkingDay(result) && (n > 0 ? result > date : result < date);
      }),
      { numRuns: 20_000 },
    );
  });
});
