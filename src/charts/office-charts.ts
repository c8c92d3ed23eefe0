import type { MailLocale } from '../delivery/digest-words.js';
import { byChinese, type CountedRow, type MonthFigures } from '../statistics/office-figures.js';
import { onTimeShare } from '../statistics/timeliness.js';
import type { RateBarsChart, TrendChart } from './chart-spec.js';

const WORDS = {
  zh: {
    bars: (what: string) => `${what}各单位公开及时率`,
    noneDue: '无到期事项',
    trend: '近12个月公开及时率与逾期事项数',
    rate: '公开及时率',
    late: '逾期事项数（右轴）',
    month: (year: string, month: number, first: boolean) => (first || month === 1 ? `${year}年${month}月` : `${month}月`),
  },
  en: {
    bars: (what: string) => `On-time rate by department, ${what}`,
    noneDue: 'nothing due',
    trend: 'On-time rate and late items, last 12 months',
    rate: 'On-time rate',
    late: 'Late items (right axis)',
    month: (year: string, month: number, first: boolean) => (first || month === 1 ? `${year}-${String(month).padStart(2, '0')}` : String(month).padStart(2, '0')),
  },
} as const;

/**
 * The on-time bars of the departments, best first (a ranking, 排名), those with nothing due last; `what` names the
 * period (2026年第四季度).
 */
export function rateBarsChart(rows: ReadonlyArray<CountedRow & { readonly departmentName: string }>, what: string, locale: MailLocale): RateBarsChart {
  const w = WORDS[locale];
  const ranked = [...rows].sort((a, b) => (onTimeShare(b) ?? -1) - (onTimeShare(a) ?? -1) || b.due - a.due || byChinese(a.departmentName, b.departmentName));
  return {
    kind: 'rateBars',
    title: w.bars(what),
    noneDue: w.noneDue,
    rows: ranked.map((row) => ({ label: row.departmentName, share: onTimeShare(row), text: row.rate === null ? w.noneDue : `${row.rate}（${row.onTime}/${row.due}）` })),
  };
}

export function trendChart(months: readonly MonthFigures[], locale: MailLocale): TrendChart {
  const w = WORDS[locale];
  return {
    kind: 'trend',
    title: w.trend,
    rateLegend: w.rate,
    lateLegend: w.late,
    months: months.map(({ month, count }, i) => ({ label: w.month(month.id.slice(0, 4), Number(month.id.slice(5, 7)), i === 0), share: onTimeShare(count), late: count.late })),
  };
}
