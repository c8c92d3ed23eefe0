import { OutOfRangeError } from './errors.js';
import { civilFromDayNumber, isWeekend, type IsoDate } from './civil-date.js';
import type { CalendarSource, Coverage, DayInfo, DayKind, NotableDays } from './calendar-types.js';
import { dayNumberOfIndex, FIRST_SUPPORTED_YEAR, INDEX_SIZE, indexOfIso, isoOfIndex, LAST_SUPPORTED_YEAR } from './day-index.js';
import { statutoryHolidays } from './statutory-holidays.js';
import { NEXT_NOTICE_REACH_DAY } from './notice-reach.js';

interface DayNote {
  kind: DayKind;
  label: string;
}

/**
 * The working-day calendar (工作日历) of one jurisdiction: Mon–Fri, minus official holidays, plus official
 * make-up workdays (调休), with the jurisdiction's local adjustments on top.
 *
 * Every lookup is O(1): `workingThrough[i]` is the number of working days from the start of the index up to and
 * including day i, and `nthWorkingDay[k]` is the position of the k-th working day, so moving n working days is
 * two array reads whatever n is.
 *
 * A year without a loaded notice is counted Mon–Fri minus the statutory holidays (法定节假日), its make-up workdays
 * unknown, and every answer touching it says so (`coverage`).
 */
export class WorkingDayCalendar {
  private readonly working = new Uint8Array(INDEX_SIZE);
  private readonly workingThrough = new Int32Array(INDEX_SIZE);
  private readonly nthWorkingDay: Int32Array;
  /** Number of days up to and including day i whose status no loaded notice settles. */
  private readonly unsettledThrough = new Int32Array(INDEX_SIZE);
  private notes = new Map<number, DayNote>();
  private readonly holidaySpans: Array<{ name: string; firstIndex: number; lastIndex: number; estimated?: boolean }> = [];
  private readonly loadedYears: ReadonlySet<number>;

  constructor(source: CalendarSource) {
    this.loadedYears = new Set(source.officialYears.map((year) => year.year));
    for (let i = 0; i < INDEX_SIZE; i++) this.working[i] = isWeekend(dayNumberOfIndex(i)) ? 0 : 1;

    for (const year of source.officialYears) {
      for (const holiday of year.holidays) {
        const offIndexes = holiday.off.map(indexOfIso);
        for (const i of offIndexes) this.mark(i, 0, { kind: 'holiday', label: holiday.name });
        for (const date of holiday.makeupWorkdays) {
          this.mark(indexOfIso(date), 1, { kind: 'makeup-workday', label: holiday.name });
        }
        if (offIndexes.length > 0) {
          this.holidaySpans.push({ name: holiday.name, firstIndex: Math.min(...offIndexes), lastIndex: Math.max(...offIndexes) });
        }
      }
    }
    // A year without its notice keeps the days off the law itself gives (statutory-holidays.ts); still provisional.
    for (let year = FIRST_SUPPORTED_YEAR; year <= LAST_SUPPORTED_YEAR; year++) {
      if (this.loadedYears.has(year)) continue;
      for (const holiday of statutoryHolidays(year)) {
        const offIndexes = holiday.off.map(indexOfIso);
        for (const i of offIndexes) this.mark(i, 0, { kind: 'statutory-holiday', label: holiday.name });
        this.holidaySpans.push({ name: holiday.name, firstIndex: Math.min(...offIndexes), lastIndex: Math.max(...offIndexes), estimated: true });
      }
    }
    for (const adjustment of source.localAdjustments) {
      const kind = adjustment.kind === 'closure' ? 'local-closure' : 'local-workday';
      this.mark(indexOfIso(adjustment.date), adjustment.kind === 'closure' ? 0 : 1, { kind, label: adjustment.reason });
    }
    this.holidaySpans.sort((a, b) => a.firstIndex - b.firstIndex);
    // Kept in date order so that explanations list days in order without sorting per call.
    this.notes = new Map([...this.notes].sort(([a], [b]) => a - b));

    let count = 0;
    let unsettled = 0;
    for (let i = 0; i < INDEX_SIZE; i++) {
      count += this.working[i] as number;
      this.workingThrough[i] = count;
      if (this.missingYearsOf(i).length > 0) unsettled++;
      this.unsettledThrough[i] = unsettled;
    }
    this.nthWorkingDay = new Int32Array(count + 1);
    for (let i = 0; i < INDEX_SIZE; i++) {
      if (this.working[i]) this.nthWorkingDay[this.workingThrough[i] as number] = i;
    }
  }

  isWorkingDay(date: IsoDate): boolean {
    return this.working[indexOfIso(date)] === 1;
  }

  /**
   * The n-th working day after `date` (n > 0) or before it (n < 0); `date` itself is never counted, so an event on a
   * holiday starts the count on the next working day. n = 0 returns `date`.
   */
  addWorkingDays(date: IsoDate, n: number): IsoDate {
    return isoOfIndex(this.addWorkingDaysAt(indexOfIso(date), n));
  }

  /** The same as `addWorkingDays`, on positions of the day index (the hot path). */
  addWorkingDaysAt(index: number, n: number): number {
    if (!Number.isInteger(n)) throw new RangeError(`the number of working days must be a whole number, got ${n}`);
    if (n === 0) return index;
    const k = n > 0
      ? (this.workingThrough[index] as number) + n
      : (this.workingThrough[index] as number) - (this.working[index] as number) + n + 1;
    if (k < 1 || k >= this.nthWorkingDay.length) {
      throw new OutOfRangeError(`${n} working days from ${isoOfIndex(index)} leaves the supported years`);
    }
    return this.nthWorkingDay[k] as number;
  }

  /**
   * Signed count of working days stepped over going from `from` to `to`, counting the day arrived at and not the
   * day left: the working days in (from, to] when to ≥ from, minus those in [to, from) when to < from. So
   * `workingDaysBetween(d, addWorkingDays(d, n)) === n` for every d and n.
   */
  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    const a = indexOfIso(from);
    const b = indexOfIso(to);
    if (b >= a) return (this.workingThrough[b] as number) - (this.workingThrough[a] as number);
    const before = (i: number) => (this.workingThrough[i] as number) - (this.working[i] as number);
    return before(b) - before(a);
  }

  /**
   * Whether the days in (afterDate, throughDate] are all settled by loaded notices: the span a count stepped over,
   * the same span `notableDays` explains.
   */
  coverage(afterDate: IsoDate, throughDate: IsoDate): Coverage {
    const a = indexOfIso(afterDate);
    const b = indexOfIso(throughDate);
    const unsettled = b > a ? (this.unsettledThrough[b] as number) - (this.unsettledThrough[a] as number) : 0;
    if (unsettled === 0) return { provisional: false, missingYears: [] };
    const missing = new Set<number>();
    for (let i = a + 1; i <= b; i++) for (const year of this.missingYearsOf(i)) missing.add(year);
    return { provisional: true, missingYears: [...missing].sort((x, y) => x - y) };
  }

  dayInfo(date: IsoDate): DayInfo {
    const index = indexOfIso(date);
    const note = this.notes.get(index);
    const working = this.working[index] === 1;
    return {
      date,
      working,
      kind: note?.kind ?? (working ? 'workday' : 'weekend'),
      label: note?.label,
      provisional: this.missingYearsOf(index).length > 0,
    };
  }

  /** Holidays, make-up workdays and local adjustments in (afterDate, throughDate]: what a count stepped over. */
  notableDays(afterDate: IsoDate, throughDate: IsoDate): NotableDays {
    const from = indexOfIso(afterDate) + 1;
    const to = indexOfIso(throughDate);
    const holidays = this.holidaySpans
      .filter((span) => span.lastIndex >= from && span.firstIndex <= to)
      .map((span) => ({ name: span.name, first: isoOfIndex(span.firstIndex), last: isoOfIndex(span.lastIndex), ...(span.estimated ? { estimated: true } : {}) }));
    const makeupWorkdays: Array<{ date: IsoDate; holiday: string }> = [];
    const localClosures: Array<{ date: IsoDate; reason: string }> = [];
    const localWorkdays: Array<{ date: IsoDate; reason: string }> = [];
    for (const [index, note] of this.notes) {
      if (index < from || index > to) continue;
      const date = isoOfIndex(index);
      if (note.kind === 'makeup-workday') makeupWorkdays.push({ date, holiday: note.label });
      if (note.kind === 'local-closure') localClosures.push({ date, reason: note.label });
      if (note.kind === 'local-workday') localWorkdays.push({ date, reason: note.label });
    }
    return { holidays, makeupWorkdays, localClosures, localWorkdays };
  }

  private mark(index: number, working: 0 | 1, note: DayNote): void {
    this.working[index] = working;
    this.notes.set(index, note);
  }

  /**
   * The notice years a day's status waits for: its own year's, and for the last days of December also the next
   * year's, because a New Year break may begin in late December (the 2019 notice moved 2018-12-29..31).
   */
  private missingYearsOf(index: number): number[] {
    const { year, month, day } = civilFromDayNumber(dayNumberOfIndex(index));
    const missing = this.loadedYears.has(year) ? [] : [year];
    if (month === 12 && day >= NEXT_NOTICE_REACH_DAY && !this.loadedYears.has(year + 1)) missing.push(year + 1);
    return missing;
  }
}
