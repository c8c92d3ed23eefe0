import type { IsoDate } from './civil-date.js';

/** One holiday of a State Council notice (国务院办公厅关于 N 年部分节假日安排的通知). */
export interface OfficialHoliday {
  readonly name: string;
  readonly nameEn?: string | undefined;
  /** The days off the notice names (放假). Adjoining ordinary weekend days are not listed. */
  readonly off: readonly IsoDate[];
  /** Weekend days declared working days (调休上班). */
  readonly makeupWorkdays: readonly IsoDate[];
}

/** One year's official schedule, keyed by the notice year (its New Year break may begin in late December before). */
export interface OfficialYear {
  readonly year: number;
  /** e.g. 国办发明电〔2025〕7号 */
  readonly notice: string;
  readonly holidays: readonly OfficialHoliday[];
}

/** A jurisdiction's own change on top of the national calendar (地方调整). */
export interface LocalAdjustment {
  readonly date: IsoDate;
  /** closure: a national working day that is off here; workday: a non-working day that is worked here. */
  readonly kind: 'closure' | 'workday';
  readonly reason: string;
  readonly jurisdiction: string;
}

export interface CalendarSource {
  readonly officialYears: readonly OfficialYear[];
  readonly localAdjustments: readonly LocalAdjustment[];
}

/** What a span of days contained, for explaining a due date to a person. */
export interface NotableDays {
  /** `estimated`: a statutory holiday of a year whose notice is not loaded (法定节假日, 放假通知未发布). */
  readonly holidays: ReadonlyArray<{ name: string; first: IsoDate; last: IsoDate; estimated?: boolean }>;
  readonly makeupWorkdays: ReadonlyArray<{ date: IsoDate; holiday: string }>;
  readonly localClosures: ReadonlyArray<{ date: IsoDate; reason: string }>;
  readonly localWorkdays: ReadonlyArray<{ date: IsoDate; reason: string }>;
}

export interface Coverage {
  /** True when some day of the span has no official schedule loaded: counted Mon–Fri minus the statutory holidays. */
  readonly provisional: boolean;
  /** The notice years that would settle the span, ascending. */
  readonly missingYears: readonly number[];
}

/** statutory-holiday: a day off by law in a year whose notice is not loaded (an estimate: the notice may add more). */
export type DayKind = 'workday' | 'weekend' | 'holiday' | 'statutory-holiday' | 'makeup-workday' | 'local-closure' | 'local-workday';

export interface DayInfo {
  readonly date: IsoDate;
  readonly working: boolean;
  readonly kind: DayKind;
  /** The holiday's name or the local adjustment's reason. */
  readonly label?: string | undefined;
  readonly provisional: boolean;
}
