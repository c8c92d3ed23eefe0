import type { DateTime } from 'luxon';
import { addDays } from '../core/civil-date.js';
import { computeDue } from '../core/deadline.js';
import type { Department } from '../core/organisation.js';
import type { RuleBook } from '../core/rule-book.js';
import type { Rule } from '../core/rule-types.js';
import { formatShanghai, shanghaiDate, startOfDay } from '../core/shanghai-time.js';
import type { ItemFacts } from '../ledger/item.js';

/** The demo jurisdiction: 盐城市亭湖区, whose catalogue (目录) the seeds give. */
export const DEMO_JURISDICTION = 'tinghu';

/**
 * Where each demo item's deadline falls, in working days from today: late (negative), due today (0), due soon.
 * Cycled over the categories, so every stage of the ladder shows up in the first digests.
 */
const PLACEMENTS = [-12, -4, -2, -1, 0, 1, 3, 5, 2, -6, 0, 8];

/** For rules counted in hours (12 小时内): hours from now to the due moment. */
const HOUR_PLACEMENTS = [-3, 3];

/** Which department answers for a domain's items in the demo (the Tinghu plan's 责任单位). */
export const DEPARTMENT_OF_DOMAIN: Readonly<Record<string, string>> = {
  general: 'tinghu.scj',
  housing: 'tinghu.zjj',
  land: 'tinghu.gtfj',
  mining: 'tinghu.gtfj',
  procurement: 'tinghu.czj',
  property: 'tinghu.ggzyglb',
  bidding: 'tinghu.ggzyjyzx',
  medical: 'tinghu.wjw',
  construction: 'tinghu.fgw',
};

/**
 * A few dozen open items, one per category that Tinghu maps to a rule, each with an event time chosen so that its
 * deadline falls where PLACEMENTS says; and a few published ones, on time and late. Pure: the clock is `now`.
 */
export function demoLedger(book: RuleBook, departments: readonly Department[], now: DateTime): ItemFacts[] {
  const calendar = book.calendarFor(DEMO_JURISDICTION);
  const today = shanghaiDate(now);
  const known = new Set(departments.map((d) => d.code));
  const items: ItemFacts[] = [];
  let placed = 0;
  let hourly = 0;
  for (const [categoryId, { rule }] of book.categoriesOf(DEMO_JURISDICTION)) {
    const category = book.categories.get(categoryId);
    const departmentCode = DEPARTMENT_OF_DOMAIN[category?.domain ?? 'general'] ?? 'tinghu.scj';
    if (!known.has(departmentCode)) continue;
    const events =
      rule.kind === 'hoursAfter'
        ? { [rule.event]: formatShanghai(now.minus({ hours: rule.hours - (HOUR_PLACEMENTS[hourly++ % HOUR_PLACEMENTS.length] as number) })) }
        : eventsFor(book, rule, calendar.addWorkingDays(today, PLACEMENTS[placed++ % PLACEMENTS.length] as number), now);
    if (!events) continue;
    const n = items.length + 1;
    items.push(openDemoItem(n, `【演示】亭湖区${book.domains.get(category?.domain ?? 'general')?.name ?? ''}事项（第${n}号）`, departmentCode, categoryId, events));
  }
  const decisions = DECISION_EXAMPLES.flatMap((example, i) => decisionExample(book, example, calendar.addWorkingDays(today, 2 + i), now, items.length + i + 1) ?? []);
  return [...items, ...decisions, ...publishedExamples(items, book, now)];
}

/**
 * Decisions filed under mixed categories, whose own rule is 20 working days: as licensing or penalty decisions they
 * are due 7 working days from the decision, as 97号 二(四) gives every 行政许可 and 行政处罚 decision.
 */
const DECISION_EXAMPLES = [
  { category: 'medical.supplier_credit', decisionType: 'penalty', title: '亭湖区供货企业违规行为行政处罚决定' },
  { category: 'bidding.approval', decisionType: 'licensing', title: '亭湖区依法必须招标项目核准（行政许可）决定' },
] as const;

function decisionExample(book: RuleBook, example: (typeof DECISION_EXAMPLES)[number], target: string, now: DateTime, n: number): ItemFacts | undefined {
  if (!book.categoriesOf(DEMO_JURISDICTION).has(example.category)) return undefined;
  const domain = book.categories.get(example.category)?.domain ?? 'general';
  const { rule } = book.resolveItem(DEMO_JURISDICTION, example.category, example.decisionType);
  const events = eventsFor(book, rule, target, now);
  if (!events) return undefined;
  const item = openDemoItem(n, `【演示】${example.title}（第${n}号）`, DEPARTMENT_OF_DOMAIN[domain] as string, example.category, events);
  return { ...item, decisionType: example.decisionType };
}

/** The n-th open demo item. */
function openDemoItem(n: number, title: string, departmentCode: string, category: string, events: Record<string, string>): ItemFacts {
  return {
    jurisdiction: DEMO_JURISDICTION,
    reference: `DEMO-${String(n).padStart(3, '0')}`,
    title,
    departmentCode,
    category,
    events,
    status: 'open',
    notes: 'disclosure-watch 演示数据 (demo data)',
  };
}

/**
 * Event times for a rule so that the item falls due on `target`: the event day nearest today whose deadline is
 * the target, or failing that the nearest deadline to it. Events lie in the past, except for rules counted back
 * from a coming event (an auction) or to the end of a period.
 */
function eventsFor(book: RuleBook, rule: Rule, target: string, now: DateTime): Record<string, string> | undefined {
  const today = shanghaiDate(now);
  const future = rule.kind === 'workingDaysBefore' || rule.kind === 'naturalDaysBefore' || rule.kind === 'beforeEvent' || rule.kind === 'periodEnd';
  let best: { events: Record<string, string>; distance: number } | undefined;
  for (let step = 0; step <= 160; step++) {
    for (const offset of future ? [step, -step] : [-step]) {
      const eventTime = startOfDay(addDays(today, offset)).plus({ hours: 10 });
      if (eventTime > now && !future) continue;
      const events = { [rule.event]: formatShanghai(eventTime) };
      let dueDate: string;
      try {
        dueDate = computeDue(book.deadlineInput(DEMO_JURISDICTION, rule, events)).dueDate;
      } catch {
        continue;
      }
      const distance = Math.abs(book.calendarFor(DEMO_JURISDICTION).workingDaysBetween(target, dueDate));
      if (distance === 0) return events;
      if (!best || distance < best.distance) best = { events, distance };
    }
  }
  return best?.events;
}

/** Two items published on time and two late, so the statistics and the "published late" list have something. */
function publishedExamples(open: readonly ItemFacts[], book: RuleBook, now: DateTime): ItemFacts[] {
  return open.slice(0, 4).map((item, i) => {
    const due = computeDue(book.deadlineInput(DEMO_JURISDICTION, book.resolveItem(DEMO_JURISDICTION, item.category, item.decisionType).rule, item.events));
    const late = i % 2 === 1;
    const publishedAt = late ? startOfDay(addDays(due.dueDate, 2)).plus({ hours: 15 }) : startOfDay(due.dueDate).plus({ hours: 9 });
    const at = publishedAt > now ? now : publishedAt;
    return {
      ...item,
      reference: `DEMO-P${String(i + 1).padStart(2, '0')}`,
      title: `${item.title}（已公开）`,
      status: 'published',
      publishedAt: formatShanghai(at),
      publishedUrl: `https://www.tinghu.example.test/zwgk/demo-p${i + 1}.html`,
    };
  });
}
