import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chartPng } from '../../src/charts/chart-png.js';
import { ChartDrawingError, drawChartsApart } from '../../src/charts/draw-apart.js';
import { GlyphText } from '../../src/charts/glyph-text.js';
import { rateBarsChart, trendChart } from '../../src/charts/office-charts.js';
import { counted } from '../../src/statistics/office-figures.js';
import { monthsEndingWith } from '../../src/statistics/period.js';
import { NO_ITEMS } from '../../src/statistics/timeliness.js';
import { chartFontOrFail, departmentRow as row } from '../helpers/chart-fixtures.js';

const scratch = mkdtempSync(join(tmpdir(), 'dw-draw-apart-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const bars = rateBarsChart([row('区住建局', 4, 3), row('区财政局', 5, 2)], '2026年（截至12月4日）', 'zh');
const trend = trendChart(monthsEndingWith('2026-12-04', 12).map((month, i) => ({ month, count: counted({ ...NO_ITEMS, due: 10, onTime: 10 - (i % 3), openLate: i % 3 }) })), 'zh');

describe('the digest charts, drawn in a process of their own', () => {
  it('gives the same PNGs, byte for byte, as drawing them here, in the order asked', async () => {
    const font = chartFontOrFail();
    const glyphs = GlyphText.open(font);
    const apart = await drawChartsApart([bars, trend], font);
    expect(apart).toHaveLength(2);
    expect(apart[0]?.equals(chartPng(bars, glyphs))).toBe(true);
    expect(apart[1]?.equals(chartPng(trend, glyphs))).toBe(true);
  }, 30_000);

  it('says why when the child cannot draw (a file that is no font), in one error', async () => {
    const notAFont = join(scratch, 'not-a-font.ttc');
    writeFileSync(notAFont, 'this is not a font');
    const drawing = drawChartsApart([bars], notAFont);
    await expect(drawing).rejects.toThrow(ChartDrawingError);
    await expect(drawing).rejects.toThrow(/^the charts could not be drawn \(exit 1\): .*Unknown font format/);
  }, 30_000);
});
