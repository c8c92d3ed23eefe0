import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALLOCATOR_ENV, missingAllocatorSettings } from '../../src/runtime/allocator-env.js';

const root = new URL('../../', import.meta.url);
const startScript = (JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { scripts: { start: string } }).scripts.start;
const LAUNCH = 'exec node dist/src/cli/main.js worker';

/** The environment `npm start` gives the worker: its script run by sh (as npm runs it), printing env in node's place. */
function startEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  expect(startScript.endsWith(LAUNCH), `package.json's start script ends with "${LAUNCH}"`).toBe(true);
  const run = spawnSync('sh', ['-c', `${startScript.slice(0, -LAUNCH.length)}exec env`], { env, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return Object.fromEntries(run.stdout.split('\n').filter(Boolean).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

/** The ENV lines of the Dockerfile's last stage (the image that runs). */
function imageEnvironment(): Record<string, string> {
  const stages = readFileSync(new URL('Dockerfile', root), 'utf8').split(/^FROM /m);
  const pairs = [...(stages.at(-1) ?? '').matchAll(/^ENV (.+)$/gm)].flatMap((line) => (line[1] as string).split(/\s+/));
  return Object.fromEntries(pairs.map((pair) => pair.split('=') as [string, string]));
}

/**
 * A process that frees a 24 MB block, then takes forty blocks of 512 KB and frees all but the last: the RSS it is
 * left with. glibc's sliding threshold puts the small blocks on the main heap behind the big one's free, and the heap
 * is given back only from its top, which the last block holds.
 */
function rssAfterFrees(env: NodeJS.ProcessEnv): { before: number; after: number } {
  const script = `
    import { readFileSync } from 'node:fs';
    const rss = () => Number(/^VmRSS:\\s+(\\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))[1]) / 1024;
    let big = Buffer.alloc(24 << 20, 1); big = null; gc(); gc();
    let blocks = Array.from({ length: 40 }, () => Buffer.alloc(512 << 10, 1));
    const last = blocks.at(-1);
    const before = rss();
    blocks = null; gc(); gc();
    await new Promise((resolve) => setTimeout(resolve, 100));
    console.log(JSON.stringify({ before, after: rss(), kept: last.length }));`;
  const run = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { env, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { before: number; after: number };
}

describe("glibc's allocator settings the worker starts with", () => {
  const bare = Object.fromEntries(Object.entries(process.env).filter(([name]) => !(name in ALLOCATOR_ENV)));

  it('npm start sets each of them, and keeps an admin’s own value', () => {
    const given = startEnvironment(bare);
    for (const [name, value] of Object.entries(ALLOCATOR_ENV)) expect(given[name], name).toBe(value);
    expect(startEnvironment({ ...bare, MALLOC_ARENA_MAX: '4' }).MALLOC_ARENA_MAX).toBe('4');
  });

  it('the Docker image sets the same', () => {
    const image = imageEnvironment();
    for (const [name, value] of Object.entries(ALLOCATOR_ENV)) expect(image[name], name).toBe(value);
  });

  it('names what a process on Linux was started without; elsewhere (no glibc) nothing', () => {
    expect(missingAllocatorSettings({}, 'linux')).toEqual(Object.keys(ALLOCATOR_ENV));
    expect(missingAllocatorSettings({ ...ALLOCATOR_ENV }, 'linux')).toEqual([]);
    expect(missingAllocatorSettings({ MALLOC_ARENA_MAX: '4' }, 'linux')).toEqual(['MALLOC_MMAP_THRESHOLD_']);
    expect(missingAllocatorSettings({}, 'darwin')).toEqual([]);
  });

  it('with them, freed blocks go back to the system; without, a big free keeps the later ones (20 MB here)', () => {
    const without = rssAfterFrees(bare);
    const withSettings = rssAfterFrees({ ...bare, ...ALLOCATOR_ENV });
    expect(without.before - without.after, JSON.stringify(without)).toBeLessThan(5);
    expect(withSettings.before - withSettings.after, JSON.stringify(withSettings)).toBeGreaterThan(15);
  });
});
