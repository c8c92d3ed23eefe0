import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/runtime/clock.js';
import { startWorker, type RunningWorker } from '../../src/runtime/worker.js';
import { TEST_DATABASE_URL } from '../helpers/databases.js';
import { TempConfig } from '../helpers/temp-config.js';

const SCAN_EVERY_FIVE_MINUTES = '{ id: scan, job: scan, cron: "*/5 * * * *", workingDaysOnly: false }';
// Every second, so that a dropped tick would show in a few seconds.
const SCAN_EVERY_SECOND = '{ id: scan, job: scan, cron: "* * * * * *", workingDaysOnly: false }';
const ADDRESS = 'reminders: [gongkai@czj.tinghu.example.test]';
const NEW_ADDRESS = 'reminders: [zwgk@czj.tinghu.example.test]';

describe('config reloaded without a restart (SIGHUP, cli worker reload, the admins\' page)', () => {
  const schema = `r_${randomBytes(5).toString('hex')}`;
  const scratch = mkdtempSync(join(tmpdir(), 'dw-reload-'));
  const temp = new TempConfig().edit('schedules.yaml', SCAN_EVERY_FIVE_MINUTES, SCAN_EVERY_SECOND);
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  let worker: RunningWorker | undefined;

  afterAll(async () => {
    await worker?.stop();
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
    temp.cleanup();
    rmSync(scratch, { recursive: true, force: true });
  });

  const scanTicks = () => lines.filter((l) => l.msg === 'scan done' && l.tick !== 'start-up').map((l) => Date.parse(String(l.tick)));
  const waitForTicks = async (count: number) => {
    const deadline = Date.now() + 15_000;
    while (scanTicks().length < count) {
      if (Date.now() > deadline) throw new Error(`only ${scanTicks().length} scan ticks arrived`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  it('refuses a broken config with every problem, keeps running on the old one, then applies a good one without dropping a tick', async () => {
    worker = await startWorker({
      logger,
      configDir: temp.dir,
      demo: false,
      clock: fixedClock(DateTime.fromISO('2026-11-23T10:00:00+08:00', { setZone: true })),
      env: { DATABASE_URL: TEST_DATABASE_URL, DW_DATABASE_SCHEMA: schema, PORT: '0', DW_OUTBOX_DIR: join(scratch, 'outbox'), DW_DATA_DIR: join(scratch, 'pglite') },
    });
    const reload = worker.reload as NonNullable<RunningWorker['reload']>;
    await waitForTicks(2);

    temp.edit('schedules.yaml', SCAN_EVERY_SECOND, '{ id: scan, job: scan, cron: "* * * *", workingDaysOnly: false }').edit('departments/tinghu.yaml', 'emails: [zwgk@tinghu.example.test]', 'emails: []');
    const reloads = [Date.now()];
    const refused = await reload();
    expect(refused.applied).toBe(false);
    const problems = refused.applied ? [] : refused.problems;
    expect(problems.some((p) => p.includes('schedules.yaml: schedules.0.cron: "* * * *" is not a cron expression'))).toBe(true);
    expect(problems.some((p) => p.includes('departments/tinghu.yaml: supervisor.emails: the supervisor needs at least one address'))).toBe(true);
    expect(lines.some((l) => l.msg === 'config reload refused: the config in force keeps running')).toBe(true);
    const before = scanTicks().length;
    await waitForTicks(before + 2);

    temp
      .edit('schedules.yaml', '{ id: scan, job: scan, cron: "* * * *", workingDaysOnly: false }', SCAN_EVERY_SECOND)
      .edit('departments/tinghu.yaml', 'emails: []', 'emails: [zwgk@tinghu.example.test]')
      .edit('departments/tinghu.yaml', ADDRESS, NEW_ADDRESS);
    reloads.push(Date.now());
    const applied = await reload();
    expect(applied).toEqual({ applied: true, changes: ['department tinghu.czj changed'] });
    expect(lines.find((l) => l.msg === 'config reloaded')?.changes).toEqual(['department tinghu.czj changed']);
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    const { rows } = await client.query(`select reminder_emails from ${schema}.departments where code = 'tinghu.czj'`);
    await client.end();
    expect(rows[0]?.reminder_emails).toEqual(['zwgk@czj.tinghu.example.test']);
    const atReload = scanTicks().length;
    await waitForTicks(atReload + 3);

    // Around each reload every second had its scan: no tick dropped, none run twice (the new schedules start before
    // the old ones stop, and a tick fired by both is one job). Excused: a second node-cron itself reports missed (its
    // timer fired over a second late, the event loop held up on a loaded machine; the check job catches up a day's
    // missed digest). A tick lost in the swap of schedules is reported by nobody and still fails.
    const ticks = scanTicks();
    const missed = new Set(lines.map((l) => /^missed execution at (.+?)!/.exec(String(l.msg))?.[1]).filter((at) => at !== undefined).map((at) => Date.parse(at)));
    const unexplained = (from: number, to: number) => to - from !== 1000 && !(to - from > 1000 && (to - from) % 1000 === 0 && Array.from({ length: (to - from) / 1000 - 1 }, (_, k) => from + 1000 * (k + 1)).every((second) => missed.has(second)));
    for (const at of reloads) {
      const near = ticks.filter((t) => Math.abs(t - at) <= 3000);
      expect(near.length).toBeGreaterThanOrEqual(3);
      expect(near.slice(1).map((t, i) => [near[i], t]).filter(([from, to]) => unexplained(from as number, to as number))).toEqual([]);
    }
  }, 60_000);
});
