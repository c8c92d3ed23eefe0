import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import type { LoadedConfig } from '../config/load-config.js';
import type { Supervisor } from '../core/organisation.js';
import { shanghaiDate } from '../core/shanghai-time.js';
import { chartFont, ChartFontMissingError } from '../charts/chart-font.js';
import { ChartDrawingError, drawChartsApart } from '../charts/draw-apart.js';
import { libraryLog } from '../library-log.js';
import { rateBarsChart, trendChart } from '../charts/office-charts.js';
import { counted, monthlyTrend, officeScope } from '../statistics/office-figures.js';
import type { EscalationReport } from './escalation-report.js';
import { localeOf } from './mail-names.js';
import type { InlineImage } from './render-department.js';

/** The chart font, or null when the machine has none (the digests then go without pictures; the start-up says so). */
function digestFont(): string | null {
  try {
    return chartFont();
  } catch (error) {
    if (error instanceof ChartFontMissingError) return null;
    throw error;
  }
}

/**
 * The escalation digest's two pictures: the year's on-time bars, from the same counts as the digest's rate table
 * (so the picture and the table cannot disagree), and the 12-month trend. PNGs, since mail clients show neither
 * SVG nor scripts; none without a CJK font.
 */
export async function digestCharts(db: Knex, config: LoadedConfig, supervisor: Supervisor, report: EscalationReport, now: DateTime): Promise<InlineImage[]> {
  const font = digestFont();
  if (!font) return [];
  const locale = localeOf(config, supervisor.jurisdiction);
  const today = shanghaiDate(now);
  const what = locale === 'zh' ? `${today.slice(0, 4)}年（截至${Number(today.slice(5, 7))}月${Number(today.slice(8, 10))}日）` : `${today.slice(0, 4)} (to ${today})`;
  const bars = rateBarsChart(report.rates.map((rate) => ({ departmentName: rate.departmentName, ...counted(rate.year) })), what, locale);
  const trend = trendChart(await monthlyTrend(db, officeScope(config, supervisor), today, now), locale);
  let pngs: Buffer[];
  try {
    pngs = await drawChartsApart([bars, trend], font);
  } catch (error) {
    // The digest matters more than its pictures: it goes without them, and the log says why.
    if (!(error instanceof ChartDrawingError)) throw error;
    libraryLog('error', 'charts', `${supervisor.jurisdiction}'s escalation digest goes without its charts: ${error.message}`);
    return [];
  }
  const [barsPng, trendPng] = pngs;
  return [
    { cid: `rates.${today}@disclosure-watch`, filename: `on-time-rates-${today}.png`, alt: bars.title, base64: (barsPng as Buffer).toString('base64') },
    { cid: `trend.${today}@disclosure-watch`, filename: `on-time-trend-${today}.png`, alt: trend.title, base64: (trendPng as Buffer).toString('base64') },
  ];
}
