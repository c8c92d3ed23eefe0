import type { IsoDate } from './civil-date.js';

/** The State Council usually publishes next year's holiday notice in November (国务院办公厅关于 N 年部分节假日安排的通知). */
const NEXT_NOTICE_EXPECTED_FROM_MONTH = 11;

/**
 * The notice years a running system should have loaded by `today` but has not: gaps from the first loaded year
 * through this year, and next year once its notice is usually out. Each is warned about once at start-up.
 */
export function missingNoticeYears(loadedYears: readonly number[], today: IsoDate): number[] {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const loaded = new Set(loadedYears);
  const first = Math.min(year, ...loadedYears);
  const last = month >= NEXT_NOTICE_EXPECTED_FROM_MONTH ? year + 1 : year;
  const missing: number[] = [];
  for (let y = first; y <= last; y++) if (!loaded.has(y)) missing.push(y);
  return missing;
}
