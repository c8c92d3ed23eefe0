import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/run-cli.js';

/**
 * In a process of its own (mimalloc reads its options once, as resvg's library loads): the compiled chart-png is
 * imported, which maps resvg's library and mimalloc's first 32 MiB area; two bar charts are drawn, and after a
 * moment the resident memory of that area is printed, with the allocator's setting.
 */
const CHILD = `
import { readFileSync } from 'node:fs';
/** Anonymous mappings of 32 MiB (mimalloc's areas), by address range, with their resident MB. */
const areas = () => new Map(readFileSync('/proc/self/smaps', 'utf8').split(/\\n(?=[0-9a-f]+-[0-9a-f]+ )/).flatMap((block) => {
  const [range, , , , , path] = block.split('\\n')[0].split(/\\s+/);
  const [start, end] = range.split('-').map((hex) => parseInt(hex, 16));
  return end - start === 32 * 1024 * 1024 && !path ? [[range, Number(/^Rss:\\s+(\\d+)/m.exec(block)[1]) / 1024]] : [];
}));
const before = areas();
const { chartPng, chartFont } = await import('./dist/src/charts/chart-png.js');
const resvgAreas = [...areas().keys()].filter((range) => !before.has(range));
const { GlyphText } = await import('./dist/src/charts/glyph-text.js');
const { rateBarsChart } = await import('./dist/src/charts/office-charts.js');
const glyphs = GlyphText.open(chartFont());
const rows = Array.from({ length: 12 }, (_, i) => ({ departmentName: '区第' + i + '局', onTime: 10 + i, late: i, open: 2, total: 12 + 2 * i }));
for (let i = 0; i < 2; i++) chartPng(rateBarsChart(rows, '2026年', 'zh'), glyphs);
await new Promise((resolve) => setTimeout(resolve, 1000));
const after = areas();
console.log(JSON.stringify({ areas: resvgAreas.length, residentMb: resvgAreas.reduce((sum, range) => sum + (after.get(range) ?? 0), 0), purgeDelay: process.env.MIMALLOC_PURGE_DELAY }));
`;

/** What the child saw: how many areas appeared with resvg, their resident MB after drawing, the allocator's setting. */
interface Drawn {
  readonly areas: number;
  readonly residentMb: number;
  readonly purgeDelay: string;
}

function drawInChild(env: NodeJS.ProcessEnv): Drawn {
  const { MIMALLOC_PURGE_DELAY: _, ...rest } = process.env;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD], { cwd: PROJECT_ROOT, env: { ...rest, ...env }, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`the chart child failed:\n${child.stderr}`);
  return JSON.parse(child.stdout) as Drawn;
}

describe("the charts give resvg's memory back once drawn (the worker draws them once a day)", () => {
  it('keeps under 5 MB of the area resvg drew in (mimalloc held 10–16 MB of it until its next call: the next day)', () => {
    const drawn = drawInChild({});
    expect(drawn).toMatchObject({ areas: 1, purgeDelay: '0' });
    expect(drawn.residentMb).toBeLessThan(5);
  });

  it("keeps an admin's own MIMALLOC_PURGE_DELAY, and with mimalloc's default the memory stays", () => {
    const drawn = drawInChild({ MIMALLOC_PURGE_DELAY: '10' });
    expect(drawn).toMatchObject({ areas: 1, purgeDelay: '10' });
    expect(drawn.residentMb).toBeGreaterThan(8);
  });
});
