import { existsSync } from 'node:fs';

/**
 * Where a CJK font is found on the systems the worker runs on: Debian and Ubuntu's fonts-noto-cjk (the Dockerfile
 * and .ci/run install it), Fedora's and Arch's packages, macOS's PingFang. DW_CHART_FONT names another file.
 */
const FONT_CANDIDATES = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc',
  '/System/Library/Fonts/PingFang.ttc',
];

export class ChartFontMissingError extends Error {
  override readonly name = 'ChartFontMissingError';
}

/** The font file the PNGs are drawn with; without one, Chinese labels would come out as empty boxes (豆腐块). */
export function chartFont(env: NodeJS.ProcessEnv = process.env): string {
  const wanted = env.DW_CHART_FONT;
  if (wanted) {
    if (!existsSync(wanted)) throw new ChartFontMissingError(`DW_CHART_FONT=${wanted}: no such file`);
    return wanted;
  }
  const found = FONT_CANDIDATES.find((path) => existsSync(path));
  if (!found) throw new ChartFontMissingError(`no CJK font for the charts (looked for ${FONT_CANDIDATES[0]} and others): apt-get install -y fonts-noto-cjk, or set DW_CHART_FONT to a .ttc/.otf/.ttf with Chinese glyphs`);
  return found;
}

/** Why no chart can be drawn here (no font), or undefined when one can. */
export function chartFontProblem(env: NodeJS.ProcessEnv = process.env): string | undefined {
  try {
    chartFont(env);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
