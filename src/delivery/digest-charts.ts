import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import type { LoadedConfig } from '../config/load-config.js';
import type { Supervisor } from '../core/organisation.js';
import { shanghaiDate } from '../core/shanghai-time.js';
import { chartFont, chartPng } from '../charts/chart-png.js';
import { GlyphText } from '../charts/glyph-text.js';
import { rateBarsChart, trendChart } from '../charts/office-charts.js';
import { counted, monthlyTrend, officeScope } from '../statistics/office-figures.js';
import type { EscalationReport } from './escalation-report.js';
import { localeOf } from './mail-names.js';
import type { InlineImage } from './render-department.js';

/**
 * Opened on the first digest, kept for the process (the outlines it caches are what make a chart cheap); its font
 * file is let go after each run (`releaseDigestGlyphs`).
 */
let glyphs: GlyphText | null | undefined;

/** The chart font, or null when the machine has none (the digests then go without pictures; the start-up says so). */
export function digestGlyphs(): GlyphText | null {
  if (glyphs === undefined) {
    try {
      glyphs = GlyphText.open(chartFont());
    } catch {
      glyphs = null;
    }
  }
  return glyphs;
}

/** After a run's digests: the font file's bytes go (19 MB), the outlines drawn so far stay. */
export function releaseDigestGlyphs(): void {
  glyphs?.release();
}

/**
 * The escalation digest's two pictures: the year's on-time bars, from the same counts as the digest's rate table
 * (so the picture and the table cannot disagree), and the 12-month trend. PNGs, since mail clients show neither
 * SVG nor scripts; none without a CJK font.
 */
export async function digestCharts(db: Knex, config: LoadedConfig, supervisor: Supervisor, report: EscalationReport, now: DateTime): Promise<InlineImage[]> {
  const font = digestGlyphs();
  if (!font) return [];
  const locale = localeOf(config, supervisor.jurisdiction);
  const today = shanghaiDate(now);
  const what = locale === 'zh' ? `${today.slice(0, 4)}年（截至${Number(today.slice(5, 7))}月${Number(today.slice(8, 10))}日）` : `${today.slice(0, 4)} (to ${today})`;
  const bars = rateBarsChart(report.rates.map((rate) => ({ departmentName: rate.departmentName, ...counted(rate.year) })), what, locale);
  const trend = trendChart(await monthlyTrend(db, officeScope(config, supervisor), today, now), locale);
  return [
    { cid: `rates.${today}@disclosure-watch`, filename: `on-time-rates-${today}.png`, alt: bars.title, base64: chartPng(bars, font).toString('base64') },
    { cid: `trend.${today}@disclosure-watch`, filename: `on-time-trend-${today}.png`, alt: trend.title, base64: chartPng(trend, font).toString('base64') },
  ];
}
