import * as fontkit from 'fontkit';
import type { DrawText } from './chart-text.js';

// SVG text lives apart (chart-text.ts), so that the dashboard's charts do not load fontkit.
export { svgText, type DrawText, type TextOptions } from './chart-text.js';

interface Outline {
  readonly d: string;
  readonly advance: number;
}

/**
 * Labels drawn as the outlines of a CJK font's glyphs, so that the rasteriser draws only paths. resvg looks a font
 * up and reads its file again for every text element (30 ms each with the 19 MB Noto collection: 0.6 s a chart);
 * outlines cost it nothing. Chinese needs no shaping (no ligatures, no joining), so a glyph per character and its
 * advance lay a label out exactly. Outlines are cached per character. The worker draws in a process that exits
 * when its charts are drawn (draw-apart.ts), and the font's bytes go with it.
 */
export class GlyphText {
  private readonly outlines = new Map<number, Outline>();
  private readonly scale: number;

  private constructor(private readonly font: fontkit.Font) {
    this.scale = 1 / this.font.unitsPerEm;
  }

  /** The face of a collection (.ttc) that writes Simplified Chinese, or the file's only face. */
  static open(path: string): GlyphText {
    const opened = fontkit.openSync(path);
    const faces = 'fonts' in opened ? opened.fonts : [opened];
    const face = faces.find((f) => /CJKsc-Regular$|SC-Regular$|^PingFangSC-Regular$/.test(f.postscriptName)) ?? faces.find((f) => /sc|SC/.test(f.postscriptName)) ?? faces[0];
    if (!face) throw new Error(`${path} holds no font`);
    return new GlyphText(face);
  }

  /** Whether every character of the text has a glyph (a missing one would be drawn as an empty box, 豆腐块). */
  covers(text: string): boolean {
    for (const character of text) if (!/\s/.test(character) && this.font.glyphForCodePoint(character.codePointAt(0) as number).id === 0) return false;
    return true;
  }

  private outline(codePoint: number): Outline {
    let outline = this.outlines.get(codePoint);
    if (!outline) {
      const glyph = this.font.glyphForCodePoint(codePoint);
      outline = { d: glyph.path.toSVG(), advance: glyph.advanceWidth };
      this.outlines.set(codePoint, outline);
    }
    return outline;
  }

  readonly draw: DrawText = (x, y, content, options) => {
    const glyphs = [...content].map((character) => this.outline(character.codePointAt(0) as number));
    const width = glyphs.reduce((sum, g) => sum + g.advance, 0);
    const k = options.size * this.scale;
    const start = options.anchor === 'start' ? x : options.anchor === 'middle' ? x - (width * k) / 2 : x - width * k;
    let advance = 0;
    const paths = glyphs.map((g) => {
      const path = g.d ? `<path transform="translate(${advance} 0)" d="${g.d}"/>` : '';
      advance += g.advance;
      return path;
    });
    // Font units are y-up; a bold label is the regular face with a stroke of its own colour.
    const stroke = options.bold ? ` stroke="${options.fill}" stroke-width="${Math.round(0.035 / this.scale)}"` : '';
    return `<g transform="translate(${start.toFixed(2)} ${y}) scale(${k.toFixed(5)} ${(-k).toFixed(5)})" fill="${options.fill}"${stroke}>${paths.join('')}</g>`;
  };
}
