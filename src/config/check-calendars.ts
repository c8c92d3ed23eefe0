import { dayNumberFromIso, isoWeekday, type IsoDate } from '../core/civil-date.js';
import type { LocalAdjustment, OfficialYear } from '../core/calendar-types.js';
import { WorkingDayCalendar } from '../core/calendar.js';
import { FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR } from '../core/day-index.js';
import { NEXT_NOTICE_REACH_DAY } from '../core/notice-reach.js';
import type { ProblemList } from './problems.js';
import type { ParsedFile } from './read-yaml-files.js';
import type { CalendarYearFile, LocalCalendarFile } from './schemas.js';

const WEEKDAY_NAMES = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** Every notice since 2008 names these seven festivals (combined ones like 中秋节、国庆节 count for both). */
const STATUTORY_FESTIVALS = ['元旦', '春节', '清明', '劳动', '端午', '中秋', '国庆'];

interface Seen {
  file: string;
  path: string;
}

/** Checks the official calendar files (one per notice year) and turns them into calendar data. */
export function checkOfficialCalendars(files: ReadonlyArray<ParsedFile<CalendarYearFile>>, problems: ProblemList): OfficialYear[] {
  const years = new Map<number, string>();
  const dates = new Map<IsoDate, Seen>();
  const result: OfficialYear[] = [];

  for (const { file, stem, value } of files) {
    if (/^\d{4}$/.test(stem) && Number(stem) !== value.year) {
      problems.add(file, 'year', `is ${value.year} but the file is named ${stem}.yaml`);
    }
    const earlier = years.get(value.year);
    if (earlier) problems.add(file, 'year', `${value.year} is already given by ${earlier}`);
    years.set(value.year, file);

    const earliest = `${value.year - 1}-12-${NEXT_NOTICE_REACH_DAY}`;
    const latest = `${value.year}-12-31`;
    const supported = value.year > FIRST_SUPPORTED_YEAR && value.year <= LAST_SUPPORTED_YEAR;
    if (!supported) problems.add(file, 'year', `${value.year} is outside the years the calendar answers for (${FIRST_SUPPORTED_YEAR + 1}–${LAST_SUPPORTED_YEAR})`);
    const names = value.holidays.map((h) => h.name).join(' ');
    const absent = STATUTORY_FESTIVALS.filter((festival) => !names.includes(festival));
    if (absent.length > 0) {
      problems.add(file, 'holidays', `${absent.join('、')} missing: a State Council notice names all seven festivals (${STATUTORY_FESTIVALS.join('、')})`);
    }
    value.holidays.forEach((holiday, h) => {
      const gap = firstGap(holiday.off);
      if (gap) problems.add(file, `holidays.${h}.off`, `the days off of ${holiday.name} must be consecutive, but ${gap} (is one mistyped?)`);
      const listed: Array<[IsoDate, string, 'off' | 'makeup']> = [
        ...holiday.off.map((date, i): [IsoDate, string, 'off'] => [date, `holidays.${h}.off.${i}`, 'off']),
        ...holiday.makeupWorkdays.map((date, i): [IsoDate, string, 'makeup'] => [date, `holidays.${h}.makeupWorkdays.${i}`, 'makeup']),
      ];
      for (const [date, path, kind] of listed) {
        if (date < earliest || date > latest) {
          problems.add(file, path, `${date} is outside ${value.year} (a ${value.year} notice may only reach back to ${earliest})`);
        }
        if (kind === 'makeup') {
          const weekday = isoWeekday(dayNumberFromIso(date));
          if (weekday < 6) {
            problems.add(file, path, `${date} is a ${WEEKDAY_NAMES[weekday]}: a make-up workday (调休上班) must be a Saturday or Sunday`);
          }
        }
        const seen = dates.get(date);
        if (seen) {
          const where = seen.file === file ? seen.path : `${seen.file}: ${seen.path}`;
          problems.add(file, path, `${date} is listed twice (also at ${where}); a day is either off or a make-up workday, once`);
        } else {
          dates.set(date, { file, path });
        }
      }
    });
    if (!supported) continue;
    result.push({
      year: value.year,
      notice: value.notice,
      // Dates already reported as outside the year are left out, so that the rest can still be checked.
      holidays: value.holidays.map((h) => ({
        name: h.name,
        nameEn: h.nameEn,
        off: h.off.filter((date) => date >= earliest && date <= latest),
        makeupWorkdays: h.makeupWorkdays.filter((date) => date >= earliest && date <= latest),
      })),
    });
  }
  return result.sort((a, b) => a.year - b.year);
}

/** "2026-10-03 and 2026-10-07 are not next to each other", for the first gap in a run of days. */
function firstGap(dates: readonly IsoDate[]): string | undefined {
  const sorted = [...dates].sort();
  for (let i = 1; i < sorted.length; i++) {
    const [before, after] = [sorted[i - 1] as IsoDate, sorted[i] as IsoDate];
    if (dayNumberFromIso(after) - dayNumberFromIso(before) > 1) return `${before} and ${after} are not next to each other`;
  }
  return undefined;
}

/**
 * Checks the local adjustment files against the national calendar and the known jurisdictions. Dates in
 * `unsettledYears` (whose official file failed to load) are skipped: any verdict on them would be a guess.
 */
export function checkLocalCalendars(
  files: ReadonlyArray<ParsedFile<LocalCalendarFile>>,
  officialYears: readonly OfficialYear[],
  jurisdictionIds: ReadonlySet<string> | undefined,
  unsettledYears: ReadonlySet<number>,
  problems: ProblemList,
): LocalAdjustment[] {
  const national = new WorkingDayCalendar({ officialYears, localAdjustments: [] });
  const owners = new Map<string, string>();
  const result: LocalAdjustment[] = [];

  for (const { file, value } of files) {
    if (jurisdictionIds && !jurisdictionIds.has(value.jurisdiction)) {
      problems.add(file, 'jurisdiction', `unknown jurisdiction "${value.jurisdiction}" (known: ${[...jurisdictionIds].join(', ')})`);
    }
    const owner = owners.get(value.jurisdiction);
    if (owner) problems.add(file, 'jurisdiction', `${value.jurisdiction} already has local adjustments in ${owner}`);
    owners.set(value.jurisdiction, file);

    const seen = new Map<IsoDate, string>();
    const entries = [
      ...value.closures.map((entry, i) => ({ ...entry, kind: 'closure' as const, path: `closures.${i}.date` })),
      ...value.workdays.map((entry, i) => ({ ...entry, kind: 'workday' as const, path: `workdays.${i}.date` })),
    ];
    for (const entry of entries) {
      const earlier = seen.get(entry.date);
      if (earlier) {
        problems.add(file, entry.path, `${entry.date} is listed twice (also at ${earlier})`);
        continue;
      }
      seen.set(entry.date, entry.path);
      if (unsettledYears.has(Number(entry.date.slice(0, 4)))) continue;
      let working: boolean;
      try {
        working = national.isWorkingDay(entry.date);
      } catch (error) {
        problems.add(file, entry.path, (error as Error).message);
        continue;
      }
      if (entry.kind === 'closure' && !working) {
        problems.add(file, entry.path, `${entry.date} is already not a working day nationally; a local closure must fall on a working day`);
      } else if (entry.kind === 'workday' && working) {
        problems.add(file, entry.path, `${entry.date} is already a working day nationally; a local workday must fall on a day off`);
      } else {
        result.push({ date: entry.date, kind: entry.kind, reason: entry.reason, jurisdiction: value.jurisdiction });
      }
    }
  }
  return result;
}
