import { escapeHtml } from '../delivery/html.js';

export interface TextOptions {
  readonly size: number;
  readonly anchor: 'start' | 'middle' | 'end';
  readonly fill: string;
  readonly bold: boolean;
}

/** How a chart writes a label: as SVG text (a browser picks the font) or as the glyphs' outlines (for the PNGs). */
export type DrawText = (x: number, y: number, content: string, options: TextOptions) => string;

export const svgText: DrawText = (x, y, content, options) =>
  `<text x="${x}" y="${y}" font-size="${options.size}" text-anchor="${options.anchor}" fill="${options.fill}"${options.bold ? ' font-weight="bold"' : ''}>${escapeHtml(content)}</text>`;
