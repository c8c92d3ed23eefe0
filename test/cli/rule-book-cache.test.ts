import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCompiledCli, type CliResult } from '../helpers/run-cli.js';
import { TempConfig } from '../helpers/temp-config.js';

/**
 * The compiled CLI (`npm run -s cli -- due`) keeps the rule book it worked out from the config and answers the
 * next call from it, only while the build and every config file are the ones it was worked out from.
 */
const QUERY = ['due', '--rule', 'general.active', '--at', '2026-09-30T18:00:00+08:00'];

let cacheDir: string;
let config: TempConfig;

beforeEach(() => {
  if (!existsSync(join(PROJECT_ROOT, 'dist/build-id.json'))) throw new Error('dist/ is not built: run `npm run build` (npm test does)');
  cacheDir = mkdtempSync(join(tmpdir(), 'dw-cache-'));
  config = new TempConfig();
});

afterEach(() => {
  rmSync(cacheDir, { recursive: true, force: true });
  config.cleanup();
});

function due(args: string[] = QUERY, cache = cacheDir): CliResult {
  return runCompiledCli([...args, '--config', config.dir], { env: { DW_CACHE_DIR: cache, DW_NOW: '2026-11-21T09:00:00+08:00' } });
}

function keptFile(): string {
  const files = readdirSync(cacheDir).filter((name) => name.endsWith('.json'));
  expect(files).toHaveLength(1);
  return join(cacheDir, files[0] as string);
}

/** Changes general.active's 20 days in the kept rule book only: an answer with 21 came from the cache. */
function tamperWithKeptRuleBook(): void {
  const file = keptFile();
  const kept = readFileSync(file, 'utf8');
  const rule = '"id":"general.active"';
  expect(kept).toContain(rule);
  const at = kept.indexOf(rule);
  const days = kept.indexOf('"days":20', at);
  writeFileSync(file, `${kept.slice(0, days)}"days":21${kept.slice(days + '"days":20'.length)}`);
}

describe('the rule book cache (due, compiled)', () => {
  it('keeps the rule book at the first call and answers the next from it, the same', () => {
    const first = due();
    expect(first.status, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ dueDate: '2026-11-03' });
    const second = due();
    expect(second).toEqual(first);
    expect(readFileSync(keptFile(), 'utf8')).toContain('"key":');
  });

  it('answers from what it kept while no config file changed (shown by a kept rule book altered by hand)', () => {
    expect(due().status).toBe(0);
    tamperWithKeptRuleBook();
    // 21 working days after 2026-09-30: one day after 11-03.
    expect(JSON.parse(due().stdout)).toMatchObject({ dueDate: '2026-11-04' });
  });

  it('loads the config again when any file under it changes, even one the rule book does not read', () => {
    expect(due().status).toBe(0);
    tamperWithKeptRuleBook();
    config.write('departments/tinghu.yaml', `${config.read('departments/tinghu.yaml')}\n# 注释\n`);
    expect(JSON.parse(due().stdout)).toMatchObject({ dueDate: '2026-11-03' });
    // …and keeps the new load in the same file: one per config directory.
    tamperWithKeptRuleBook();
    config.write('schedules.yaml', `${config.read('schedules.yaml')}\n`);
    expect(JSON.parse(due().stdout)).toMatchObject({ dueDate: '2026-11-03' });
  });

  it('a config that has become bad fails as before, every problem listed, whatever was kept', () => {
    expect(due().status).toBe(0);
    config.edit('departments/tinghu.yaml', 'reminders: [gongkai@zjj', 'reminder: [gongkai@zjj');
    const result = due();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('departments/tinghu.yaml');
    expect(result.stderr).toContain('did you mean "reminders"');
    expect(result.stdout).toBe('');
  });

  it('does not read what another build kept', () => {
    expect(due().status).toBe(0);
    tamperWithKeptRuleBook();
    const file = keptFile();
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { key: string };
    // The key is a hash over the build's id and the files: another build's key is another hash.
    writeFileSync(file, readFileSync(file, 'utf8').replace(kept.key, kept.key.replace(/^./, (c) => (c === '0' ? '1' : '0'))));
    expect(JSON.parse(due().stdout)).toMatchObject({ dueDate: '2026-11-03' });
  });

  it('answers without a word when the cache cannot be written', () => {
    // A cache directory under a file cannot be made, whoever runs it (root included).
    const file = join(cacheDir, 'a-file');
    writeFileSync(file, '');
    const result = due(QUERY, join(file, 'cache'));
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ dueDate: '2026-11-03' });
  });

  it('answers from the config when the kept file is garbage, and keeps it anew', () => {
    expect(due().status).toBe(0);
    writeFileSync(keptFile(), '{"format":1,"key":');
    const result = due();
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ dueDate: '2026-11-03' });
    expect(() => JSON.parse(readFileSync(keptFile(), 'utf8')) as unknown).not.toThrow();
  });
});
