import { chartFont } from '../../src/charts/chart-font.js';
import { counted, type DepartmentRow } from '../../src/statistics/office-figures.js';
import { NO_ITEMS } from '../../src/statistics/timeliness.js';

const NO_FONT = 'no CJK font: apt-get install -y fonts-noto-cjk (the charts test needs it, as the digests do)';

/** The chart font's file; without one the test fails saying how to install it (it never skips). */
export function chartFontOrFail(): string {
  try {
    return chartFont();
  } catch (error) {
    throw new Error(`${NO_FONT}: ${(error as Error).message}`);
  }
}

/** A department's on-time row: `due` items, `onTime` of them published in time, the rest open and late. */
export const departmentRow = (departmentName: string, due: number, onTime: number): DepartmentRow => ({ departmentCode: departmentName, departmentName, ...counted({ ...NO_ITEMS, due, onTime, openLate: due - onTime }) });
