import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const LOGGER = fileURLToPath(new URL('../../dist/src/runtime/logger.js', import.meta.url));

/**
 * One line logged by the compiled logger in a process of its own (pino-pretty writes to fd 1 synchronously), in a
 * TZ far from Beijing; stderr says whether pino-pretty was loaded.
 */
function logOnce(options: { pretty?: boolean }): { out: string; prettyLoaded: boolean } {
  const script = `
    import { createRequire } from 'node:module';
    const { createLogger } = await import(${JSON.stringify(LOGGER)});
    createLogger(${JSON.stringify(options)}).info({ item: 7 }, '提醒已发送');
    const loaded = Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes('/pino-pretty/'));
    process.stderr.write(String(loaded));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, TZ: 'America/New_York' } });
  if (run.status !== 0) throw new Error(`the logger's process failed: ${run.stderr}`);
  return { out: run.stdout, prettyLoaded: run.stderr === 'true' };
}

describe('the logger (日志)', () => {
  it('writes JSON lines with the Beijing offset, whatever the machine TZ, without loading pino-pretty', () => {
    const { out, prettyLoaded } = logOnce({});
    const line = JSON.parse(out.trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 30, service: 'disclosure-watch', item: 7, msg: '提醒已发送' });
    expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00$/);
    expect(prettyLoaded).toBe(false);
  });

  it('with pretty, loads pino-pretty and writes a line for a person', () => {
    const { out, prettyLoaded } = logOnce({ pretty: true });
    expect(out).toMatch(/^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00\] INFO: 提醒已发送/);
    expect(out).toContain('item: 7');
    expect(out).not.toContain('"msg"');
    expect(prettyLoaded).toBe(true);
  });
});
