// The process that draws a digest's charts (draw-apart.ts starts it): a chart request as JSON on stdin, the PNGs
// as JSON on stdout, then it exits, and fontkit, resvg and the font's 19 MB go with it.
import { readFileSync } from 'node:fs';
import { chartPng } from './chart-png.js';
import { GlyphText } from './glyph-text.js';
import type { ChartReply, ChartRequest } from './draw-apart.js';

try {
  const request = JSON.parse(readFileSync(0, 'utf8')) as ChartRequest;
  const glyphs = GlyphText.open(request.font);
  const reply: ChartReply = { pngs: request.charts.map((chart) => chartPng(chart, glyphs).toString('base64')) };
  process.stdout.write(JSON.stringify(reply));
} catch (error) {
  // One line for the worker's log, not a stack.
  process.stderr.write(`${(error as Error).message.split('\n')[0]}\n`);
  process.exitCode = 1;
}
