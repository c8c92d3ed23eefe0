import type { WorkingDayCalendar } from './calendar.js';
import { addDays } from './civil-date.js';
import type { DeadlineWarning } from './deadline-basis.js';
import type { Rule } from './rule-types.js';
import { parseEventTime } from './shanghai-time.js';

/**
 * A publicity period (公示期) that ran shorter than the law's minimum, as a warning; undefined when it was long
 * enough, or when the rule sets no minimum or the item records no publication or no period end. The period starts
 * with the publication, whose day is not counted (民法典第二百零一条), and must run through the end of the N-th day
 * (or working day) after it: "公示期不得少于3日" published 11-02 runs at least through 11-05. Pure.
 */
export function publicityShortfall(rule: Rule, publishedAt: string | undefined, periodEnd: string | undefined, calendar: WorkingDayCalendar): DeadlineWarning | undefined {
  const minimum = rule.minimumPeriod;
  if (!minimum || !publishedAt || !periodEnd) return undefined;
  const published = parseEventTime(publishedAt, 'the publication time').date;
  const ended = parseEventTime(periodEnd, '"periodEnd" time').date;
  const required = minimum.unit === 'naturalDays' ? addDays(published, minimum.days) : calendar.addWorkingDays(published, minimum.days);
  if (ended >= required) return undefined;
  const where = `${rule.legalBasis.document} ${minimum.section}`;
  const unitEn = minimum.unit === 'naturalDays' ? `day${minimum.days === 1 ? '' : 's'}` : `working day${minimum.days === 1 ? '' : 's'}`;
  const unitZh = minimum.unit === 'naturalDays' ? '日' : '个工作日';
  return {
    kind: 'publicityPeriod',
    en: `the publicity period ${published}..${ended} is shorter than the ${minimum.days} ${unitEn} the law requires (${where}): it should have run through ${required}`,
    zh: `公示期${published}至${ended}，短于法定最短${minimum.days}${unitZh}（${where}），应至少公示至${required}`,
  };
}
