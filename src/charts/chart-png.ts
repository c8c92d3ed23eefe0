// First: sets resvg's allocator to give memory back (it reads the setting as resvg loads).
import './resvg-allocator.js';
import { Resvg } from '@resvg/resvg-js';
import type { ChartSpec } from './chart-spec.js';
import { chartSvg } from './chart-svg.js';
import type { GlyphText } from './glyph-text.js';

// The font lookup lives apart (chart-font.ts) so that the worker can ask for it without loading resvg.
export { chartFont, chartFontProblem, ChartFontMissingError } from './chart-font.js';

/**
 * The chart as a PNG at twice its size (sharp on high-density screens; the mail shows it at its own width), its
 * labels drawn as the font's outlines: resvg is given no font at all.
 */
export function chartPng(chart: ChartSpec, glyphs: GlyphText): Buffer {
  const resvg = new Resvg(chartSvg(chart, glyphs.draw), { font: { loadSystemFonts: false }, fitTo: { mode: 'zoom', value: 2 }, background: '#ffffff' });
  return resvg.render().asPng();
}
