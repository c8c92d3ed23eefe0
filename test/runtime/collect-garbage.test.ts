import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MODULE = fileURLToPath(new URL('../../src/runtime/collect-garbage.ts', import.meta.url));

/**
 * In a process of its own (the flags are the process's): 2,000 functions each run once, as start-up's are, then
 * either `dropStartUpCode` or two plain collections. The bytecode V8 holds before and after, and a function run
 * again after.
 */
function bytecodeAfter(how: 'drop' | 'collect'): { ran: number; after: number; again: number } {
  const script = `
    import v8 from 'node:v8';
    const { dropStartUpCode, collectGarbage } = await import(${JSON.stringify(MODULE)});
    const size = () => v8.getHeapCodeStatistics().bytecode_and_metadata_size;
    const fns = Array.from({ length: 2000 }, (_, i) => new Function('a', 'let s = a; for (let k = 0; k < 3; k++) s += ' + i + ' * k; return s;'));
    for (const f of fns) f(1);
    collectGarbage();
    const ran = size();
    if (${JSON.stringify(how)} === 'drop') dropStartUpCode(); else { collectGarbage(); collectGarbage(); }
    console.log(JSON.stringify({ ran, after: size(), again: fns[1999](1) }));`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { ran: number; after: number; again: number };
}

describe("dropping start-up's code once the worker runs", () => {
  it('drops the bytecode of functions that ran once, where plain collections keep it; they still run after', () => {
    const dropped = bytecodeAfter('drop');
    const collected = bytecodeAfter('collect');
    expect(collected.after, JSON.stringify(collected)).toBeGreaterThan(collected.ran * 0.9);
    expect(dropped.after, JSON.stringify(dropped)).toBeLessThan(dropped.ran * 0.2);
    expect(dropped.again).toBe(1 + 1999 * 3);
  }, 30_000);
});
