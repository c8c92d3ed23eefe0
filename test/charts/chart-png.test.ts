import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import type { RateBarsChart } from '../../src/charts/chart-spec.js';
import { chartFont, chartPng, ChartFontMissingError } from '../../src/charts/chart-png.js';
import { chartSvg } from '../../src/charts/chart-svg.js';
import { GlyphText } from '../../src/charts/glyph-text.js';
import { rateBarsChart, trendChart } from '../../src/charts/office-charts.js';
import { counted } from '../../src/statistics/office-figures.js';
import { monthsEndingWith } from '../../src/statistics/period.js';
import { NO_ITEMS } from '../../src/statistics/timeliness.js';
import { chartFontOrFail, departmentRow as row } from '../helpers/chart-fixtures.js';

const fontOrFail = (): GlyphText => GlyphText.open(chartFontOrFail());

/** How many pixels in a box of the PNG are not white (the PNG is drawn at twice the SVG's size). */
function ink(png: PNG, box: { x: number; y: number; width: number; height: number }): { count: number; signature: string } {
  let count = 0;
  const bits: number[] = [];
  for (let y = box.y * 2; y < (box.y + box.height) * 2; y++) {
    for (let x = box.x * 2; x < (box.x + box.width) * 2; x++) {
      const i = (png.width * y + x) * 4;
      const dark = (png.data[i] as number) + (png.data[i + 1] as number) + (png.data[i + 2] as number) < 600;
      if (dark) count++;
      bits.push(dark ? 1 : 0);
    }
  }
  return { count, signature: bits.join('') };
}

describe('charts (图表) for the dashboard and the digests', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'dw-charts-'));

  it('draws the on-time bars best first, with Chinese labels in real glyphs: not blank, not tofu boxes', () => {
    const glyphs = fontOrFail();
    const chart = rateBarsChart([row('区住建局', 4, 3), row('区财政局', 5, 2), row('区农委', 0, 0)], '2026年第四季度', 'zh');
    expect(chart.rows.map((r) => [r.label, r.text])).toEqual([['区住建局', '75.0%（3/4）'], ['区财政局', '40.0%（2/5）'], ['区农委', '无到期事项']]);
    const bytes = chartPng(chart, glyphs);
    writeFileSync(join(scratch, 'rates.png'), bytes);
    const png = PNG.sync.read(bytes);
    expect([png.width, png.height]).toEqual([1520, 2 * (48 + 3 * 26 + 28)]);
    // The two labels have as many characters: as empty boxes (豆腐块) they would be the same picture.
    const first = ink(png, { x: 150, y: 48, width: 60, height: 26 });
    const second = ink(png, { x: 150, y: 74, width: 60, height: 26 });
    expect(first.count).toBeGreaterThan(300);
    expect(second.count).toBeGreaterThan(300);
    expect(first.signature).not.toBe(second.signature);
    expect(glyphs.covers('区财政局公开及时率（右轴）')).toBe(true);
    expect(glyphs.covers('\u{E000}')).toBe(false);
  });

  it('draws the 12-month trend, a month with nothing due breaking the line', () => {
    const months = monthsEndingWith('2026-12-03', 12).map((month, i) => ({ month, count: counted(i === 5 ? NO_ITEMS : { ...NO_ITEMS, due: 10, onTime: 10 - (i % 4), openLate: i % 4 }) }));
    const chart = trendChart(months, 'zh');
    expect(chart.months.map((m) => m.label).slice(0, 3)).toEqual(['2026年1月', '2月', '3月']);
    expect(chart.months[5]).toEqual({ label: '6月', share: undefined, late: 0 });
    const svg = chartSvg(chart);
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    const bytes = chartPng(chart, fontOrFail());
    writeFileSync(join(scratch, 'trend.png'), bytes);
    expect(PNG.sync.read(bytes).width).toBe(1520);
  });

  it('escapes labels as text for the browser, and uses no style attribute (the portal\'s CSP forbids them)', () => {
    const chart: RateBarsChart = { kind: 'rateBars', title: 'T', noneDue: '—', rows: [{ label: '<script>x</script>', share: 0.5, text: '50%' }] };
    const svg = chartSvg(chart);
    expect(svg).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(svg).not.toMatch(/style=|<style/);
  });

  it('says how to install a font when there is none', () => {
    expect(() => chartFont({ DW_CHART_FONT: '/nonexistent/font.ttc' })).toThrow(ChartFontMissingError);
    expect(() => chartFont({ DW_CHART_FONT: '/nonexistent/font.ttc' })).toThrow('DW_CHART_FONT=/nonexistent/font.ttc: no such file');
  });
});
