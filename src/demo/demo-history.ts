import type { DateTime } from 'luxon';
import { addDays, type IsoDate } from '../core/civil-date.js';
import { computeDue } from '../core/deadline.js';
import type { Department } from '../core/organisation.js';
import type { RuleBook } from '../core/rule-book.js';
import type { WorkingDaysAfterRule } from '../core/rule-types.js';
import { formatShanghai, shanghaiDate, startOfDay } from '../core/shanghai-time.js';
import type { ItemFacts } from '../ledger/item.js';
import { monthsEndingWith } from '../statistics/period.js';
import { DEMO_JURISDICTION, DEPARTMENT_OF_DOMAIN } from './demo-ledger.js';

/**
 * Tenths of a department's items published late, by its place in the list: some departments always on time (the
 * 通报表扬 candidates), others late one item in ten to four in ten, so that the on-time bars differ.
 */
const LATE_TENTHS = [0, 1, 3, 2, 0, 4, 1, 2];

/**
 * A year of published items for the demo jurisdiction's departments: one to three a month each over the last twelve
 * months, due on working days that have passed, published by their due day or a few working days after it. They give
 * the office's dashboard, its trend and the annual statistics something to show; being published, they send no mail.
 * Pure: the clock is `now`.
 */
export function demoHistory(book: RuleBook, departments: readonly Department[], now: DateTime): ItemFacts[] {
  const calendar = book.calendarFor(DEMO_JURISDICTION);
  const today = shanghaiDate(now);
  const rules = [...book.categoriesOf(DEMO_JURISDICTION)].filter(([, r]) => r.rule.kind === 'workingDaysAfter');
  const items: ItemFacts[] = [];
  departments.forEach((department, d) => {
    const own = rules.find(([id]) => DEPARTMENT_OF_DOMAIN[book.categories.get(id)?.domain ?? ''] === department.code) ?? rules.find(([id]) => id === 'licensing');
    if (!own) return;
    const [category, { rule }] = own as [string, { rule: WorkingDaysAfterRule }];
    monthsEndingWith(today, 12).forEach((month, m) => {
      const count = 1 + ((d + m) % 3);
      for (let j = 0; j < count; j++) {
        const target = workingDayFrom(calendar, `${month.id}-${String(3 + ((d * 3 + j * 7 + m) % 24)).padStart(2, '0')}`);
        if (target >= today || target >= month.end) continue;
        const events = { [rule.event]: formatShanghai(startOfDay(calendar.addWorkingDays(target, -rule.days)).plus({ hours: 10 })) };
        const due = computeDue(book.deadlineInput(DEMO_JURISDICTION, rule, events));
        const late = (d * 7 + m * 3 + j * 5) % 10 < (LATE_TENTHS[d % LATE_TENTHS.length] as number);
        const published = late ? startOfDay(calendar.addWorkingDays(due.dueDate, 1 + ((d + j) % 6))).plus({ hours: 15 }) : startOfDay(due.dueDate).plus({ hours: 9 - ((d + j) % 3) });
        if (published >= now) continue;
        const reference = `DEMO-H${month.id.replace('-', '')}-${String(d + 1).padStart(2, '0')}${j + 1}`;
        items.push({
          jurisdiction: DEMO_JURISDICTION,
          reference,
          title: `【演示】${department.name}${month.id.slice(0, 4)}年${Number(month.id.slice(5))}月公开事项（第${j + 1}件）`,
          departmentCode: department.code,
          category,
          events,
          status: 'published',
          publishedAt: formatShanghai(published),
          publishedUrl: `https://www.tinghu.example.test/zwgk/${reference.toLowerCase()}.html`,
          notes: 'disclosure-watch 演示数据 (demo data)',
        });
      }
    });
  });
  return items;
}

/** The date itself when it is a working day, else the next one. */
function workingDayFrom(calendar: { isWorkingDay(date: IsoDate): boolean }, date: IsoDate): IsoDate {
  let day = date;
  while (!calendar.isWorkingDay(day)) day = addDays(day, 1);
  return day;
}
