import { escapeHtml } from '../delivery/html.js';
import type { ChartSpec, RateBarsChart, TrendChart } from './chart-spec.js';
import { svgText, type DrawText } from './chart-text.js';

/**
 * Charts as SVG, made on the server. Attributes only, no style elements or attributes: the portal's CSP forbids
 * inline styles, and resvg renders attributes the same. The font family names the CJK font the PNGs are
 * rasterised with (Noto Sans CJK SC); a browser without it falls back to its own sans-serif.
 */
export const CHART_FONT_FAMILY = 'Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, sans-serif';

const WIDTH = 760;
const INK = '#1f2933';
const MUTED = '#6b7280';
const GRID = '#d1d5db';

/** Green from 90%, amber from 60%, red below: the office reads the colour before the number. */
function shareColour(share: number): string {
  return share >= 0.9 ? '#2e7d32' : share >= 0.6 ? '#e0a100' : '#c62828';
}

/** A chart being drawn: its labels go through `write`, as text or as outlines. */
class Canvas {
  constructor(readonly write: DrawText) {}

  text(x: number, y: number, content: string, options: { size?: number; anchor?: 'start' | 'middle' | 'end'; fill?: string; weight?: 'bold' } = {}): string {
    return this.write(x, y, content, { size: options.size ?? 13, anchor: options.anchor ?? 'start', fill: options.fill ?? INK, bold: options.weight === 'bold' });
  }

  frame(height: number, title: string, body: string): string {
    return (
      `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="${CHART_FONT_FAMILY}" role="img" aria-label="${escapeHtml(title)}">` +
      `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>${this.text(16, 26, title, { size: 16, weight: 'bold' })}${body}</svg>`
    );
  }
}

const ROW = 26;

function rateBars(chart: RateBarsChart, canvas: Canvas): string {
  const left = 220;
  const span = 400;
  const top = 48;
  const parts: string[] = [];
  for (const tick of [0, 0.2, 0.4, 0.6, 0.8, 1]) {
    const x = left + tick * span;
    parts.push(`<line x1="${x}" y1="${top - 6}" x2="${x}" y2="${top + chart.rows.length * ROW}" stroke="${GRID}" stroke-width="1"/>`);
    parts.push(canvas.text(x, top + chart.rows.length * ROW + 16, `${tick * 100}%`, { size: 11, anchor: 'middle', fill: MUTED }));
  }
  chart.rows.forEach((row, i) => {
    const y = top + i * ROW;
    parts.push(canvas.text(left - 10, y + 17, row.label, { anchor: 'end' }));
    if (row.share === undefined) {
      parts.push(canvas.text(left + 6, y + 17, chart.noneDue, { size: 12, fill: MUTED }));
      return;
    }
    const width = Math.max(row.share * span, 1);
    parts.push(`<rect x="${left}" y="${y + 4}" width="${width.toFixed(1)}" height="${ROW - 8}" fill="${shareColour(row.share)}"/>`);
    parts.push(canvas.text(left + width + 6, y + 17, row.text, { size: 12 }));
  });
  return canvas.frame(top + chart.rows.length * ROW + 28, chart.title, parts.join(''));
}

function trend(chart: TrendChart, canvas: Canvas): string {
  const [left, right, top, bottom] = [56, WIDTH - 56, 60, 250];
  const slot = (right - left) / Math.max(chart.months.length, 1);
  // Rounded up to a multiple of 4, so that the right axis's quarter ticks are whole items.
  const maxLate = Math.ceil(Math.max(1, ...chart.months.map((m) => m.late)) / 4) * 4;
  const y = (share: number) => bottom - share * (bottom - top);
  const parts: string[] = [];
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(`<line x1="${left}" y1="${y(tick)}" x2="${right}" y2="${y(tick)}" stroke="${GRID}" stroke-width="1"/>`);
    parts.push(canvas.text(left - 6, y(tick) + 4, `${tick * 100}%`, { size: 11, anchor: 'end', fill: MUTED }));
    parts.push(canvas.text(right + 6, y(tick) + 4, String(tick * maxLate), { size: 11, fill: MUTED }));
  }
  const points: Array<[number, number] | undefined> = [];
  chart.months.forEach((month, i) => {
    const centre = left + slot * (i + 0.5);
    const height = (month.late / maxLate) * (bottom - top);
    if (month.late > 0) parts.push(`<rect x="${(centre - slot * 0.3).toFixed(1)}" y="${(bottom - height).toFixed(1)}" width="${(slot * 0.6).toFixed(1)}" height="${height.toFixed(1)}" fill="#cbd5e1"/>`);
    parts.push(canvas.text(centre, bottom + 18, month.label, { size: 11, anchor: 'middle', fill: MUTED }));
    points.push(month.share === undefined ? undefined : [centre, y(month.share)]);
  });
  // A month with nothing due breaks the line rather than pretending a rate.
  let segment: string[] = [];
  const flush = () => {
    if (segment.length > 1) parts.push(`<polyline points="${segment.join(' ')}" fill="none" stroke="#1565c0" stroke-width="2.5"/>`);
    segment = [];
  };
  for (const point of points) {
    if (!point) {
      flush();
      continue;
    }
    segment.push(`${point[0].toFixed(1)},${point[1].toFixed(1)}`);
  }
  flush();
  for (const point of points) if (point) parts.push(`<circle cx="${point[0].toFixed(1)}" cy="${point[1].toFixed(1)}" r="3.5" fill="#1565c0"/>`);
  const legendY = 44;
  parts.push(`<line x1="${left}" y1="${legendY - 4}" x2="${left + 24}" y2="${legendY - 4}" stroke="#1565c0" stroke-width="2.5"/>`, canvas.text(left + 30, legendY, chart.rateLegend, { size: 12 }));
  parts.push(`<rect x="${left + 180}" y="${legendY - 10}" width="14" height="12" fill="#cbd5e1"/>`, canvas.text(left + 200, legendY, chart.lateLegend, { size: 12 }));
  return canvas.frame(bottom + 30, chart.title, parts.join(''));
}

/** The chart as SVG; labels as text for a browser, or through another writer (GlyphText, for the PNGs). */
export function chartSvg(chart: ChartSpec, write: DrawText = svgText): string {
  const canvas = new Canvas(write);
  return chart.kind === 'rateBars' ? rateBars(chart, canvas) : trend(chart, canvas);
}
