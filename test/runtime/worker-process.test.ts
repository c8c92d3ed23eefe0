import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL } from '../helpers/databases.js';
import { dropQueues, requireRedis, TEST_REDIS_URL, testQueuePrefix } from '../helpers/redis.js';
import { runCli } from '../helpers/run-cli.js';
import { startWorkerProcess } from '../helpers/worker-process.js';
import { TempConfig } from '../helpers/temp-config.js';

const NOW = '2026-11-23T09:00:00+08:00'; // a Monday, a working day
const scratch = mkdtempSync(join(tmpdir(), 'dw-worker-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('npm start on the embedded default (PGlite, no services)', () => {
  const env = { DW_DATA_DIR: join(scratch, 'pglite'), DW_OUTBOX_DIR: join(scratch, 'outbox'), DW_NOW: NOW, DATABASE_URL: '', REDIS_URL: '', SMTP_URL: '' };

  it('loads the demo ledger, scans, and writes the mail it would send to ./outbox; --once exits 0', async () => {
    const run = runCli(['worker', '--once'], { env });
    expect(run.stderr).toContain('demo ledger loaded');
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('ran one pass (embedded; ledger: PGlite in ');
    // A brand-new ledger had no other config: nothing "changed".
    expect(`${run.stdout}${run.stderr}`).not.toContain('rules or calendars changed');
    expect(run.stderr).toMatch(/scan: \d+ items? looked at, \d+ ladder steps? recorded/);
    expect(run.stderr).toMatch(/mail: \d+ written to .*outbox \(no SMTP_URL set: nothing was emailed\)/);
    const files = readdirSync(env.DW_OUTBOX_DIR).sort();
    expect(files).toContain('supervisor_tinghu_2026-11-23.eml');
    expect(files.filter((f) => f.startsWith('department_tinghu.')).length).toBeGreaterThanOrEqual(5);
    const supervisor = readFileSync(join(env.DW_OUTBOX_DIR, 'supervisor_tinghu_2026-11-23.eml'), 'utf8');
    expect(supervisor).toContain('To: zwgk@tinghu.example.test');
    expect(supervisor).toContain('Message-ID: <dw.supervisor.tinghu.20261123@example.test>');
    // DW_NOW starts the clock, which then runs on: composed a few seconds after 09:00, in Beijing time.
    expect(supervisor).toMatch(/^Date: Mon, 23 Nov 2026 09:0\d:\d\d \+0800\r?$/m);
    // Its CSV starts with the byte-order mark Chinese Excel needs, though PGlite does not keep one in the stored text.
    const { attachments } = await simpleParser(supervisor);
    const csv = attachments.find((a) => a.contentType === 'text/csv');
    // And its two charts, inline.
    expect(attachments.filter((a) => a.contentType === 'image/png' && a.related)).toHaveLength(2);
    expect([...(csv?.content ?? Buffer.alloc(0)).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // Logs are JSON lines, tagged with the job.
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.some((l) => l.job === 'scan' && l.msg === 'ladder step recorded' && typeof l.item === 'number' && typeof l.stage === 'string')).toBe(true);
  }, 90_000);

  it('a second pass the same day loads nothing again and sends nothing twice', () => {
    const before = readdirSync(env.DW_OUTBOX_DIR).length;
    const run = runCli(['worker', '--once'], { env });
    expect(run.status).toBe(0);
    expect(run.stderr).not.toContain('demo ledger loaded');
    expect(run.stderr).toContain('scan: 0 items looked at');
    expect(run.stderr).toContain('mail: 0 written');
    expect(readdirSync(env.DW_OUTBOX_DIR)).toHaveLength(before);
  }, 90_000);

  it('runs until SIGINT (Ctrl-C), then exits 0 and lets the CLI open the embedded ledger', async () => {
    const worker = await startWorkerProcess(env);
    expect(worker.stderr()).toContain('is running (embedded');
    // The same process serves the portal, and prints the demo's links to open it with.
    const address = /portal \(政务公开台账门户\): listening on (http:\/\/\S+);/.exec(worker.stderr())?.[1];
    const token = /区财政局: http:\/\/\S+\/a\/([A-Za-z0-9_-]{43})/.exec(worker.stderr())?.[1];
    const opened = await fetch(`${address}/a/${token}`);
    expect(opened.status).toBe(200);
    const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const page = await fetch(`${address}/d`, { headers: { cookie } });
    expect(await page.text()).toContain('区财政局：待公开事项');
    // `cli worker reload` finds it by its PID file and makes it reload its config (SIGHUP).
    const reload = runCli(['worker', 'reload'], { env });
    expect(reload.status).toBe(0);
    const deadline = Date.now() + 30_000;
    while (!worker.stdout().includes('"msg":"config reloaded: nothing changed"') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(worker.stdout()).toContain('"msg":"config reloaded: nothing changed"');
    expect(await worker.stop('SIGINT')).toBe(0);
    expect(runCli(['worker', 'reload'], { env }).stderr).toContain('no worker is running here');
    expect(worker.stdout()).toContain('"msg":"stopped"');
    const list = runCli(['ledger', 'list', '--format', 'json'], { env });
    expect(list.status).toBe(0);
    expect(list.stdout).toContain('DEMO-001');
  }, 90_000);

  it('SIGTERM to the process npm start runs (as a process manager sends) stops the worker: exit 0, no orphan, no lock', async () => {
    const worker = await startWorkerProcess(env, 'npm start');
    // npm's own process is the one a process manager knows; the worker (its child) must not be left behind it.
    const children = spawnSync('pgrep', ['-P', String(worker.pid)]).stdout.toString().trim().split('\n').filter(Boolean).map(Number);
    expect(children).toHaveLength(1);
    expect(await worker.stop('SIGTERM')).toBe(0);
    expect(worker.stdout()).toContain('"msg":"stopped"');
    expect(() => process.kill(children[0] as number, 0)).toThrow(/ESRCH/);
    const list = runCli(['ledger', 'list', '--format', 'json'], { env });
    expect(list.status).toBe(0);
  }, 90_000);

  it('bad config stops it at start-up with every problem listed', () => {
    const config = new TempConfig()
      .edit('schedules.yaml', 'cron: "*/5 * * * *"', 'cron: "*/5 * * *"')
      .edit('departments/tinghu.yaml', 'emails: [zwgk@tinghu.example.test]', 'emails: ["zwgk@tinghu.example.test\\r\\nBcc: x@evil.test"]');
    try {
      const run = runCli(['worker', '--once', '--config', config.dir], { env: { ...env, DW_DATA_DIR: join(scratch, 'other') } });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/schedules\.yaml: schedules\.0\.cron/);
      expect(run.stderr).toMatch(/departments\/tinghu\.yaml: supervisor\.emails\.0/);
    } finally {
      config.cleanup();
    }
  }, 60_000);
});

describe('a chart font that cannot be read', () => {
  it('sends the escalation digest without its charts, and the log says why', async () => {
    const notAFont = join(scratch, 'not-a-font.ttc');
    writeFileSync(notAFont, 'this is not a font');
    const outbox = join(scratch, 'outbox-bad-font');
    const run = runCli(['worker', '--once'], { env: { DW_DATA_DIR: join(scratch, 'pglite-bad-font'), DW_OUTBOX_DIR: outbox, DW_NOW: NOW, DATABASE_URL: '', REDIS_URL: '', SMTP_URL: '', DW_CHART_FONT: notAFont } });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/"component":"charts","msg":"tinghu's escalation digest goes without its charts: the charts could not be drawn \(exit 1\): Unknown font format/);
    const { attachments } = await simpleParser(readFileSync(join(outbox, 'supervisor_tinghu_2026-11-23.eml')));
    expect(attachments.filter((a) => a.contentType === 'image/png')).toHaveLength(0);
    expect(attachments.filter((a) => a.contentType === 'text/csv')).toHaveLength(1);
  }, 90_000);
});

// Replicas share the key their links are derived from.
const LINK_SECRET = 'worker-process-test-link-secret-0123456789';

describe('the worker process with PostgreSQL and Redis', () => {
  const schema = `w_${randomBytes(5).toString('hex')}`;
  const prefix = testQueuePrefix();
  beforeAll(requireRedis);
  afterAll(async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
    await dropQueues(prefix);
  });

  it('refuses a sender address that could inject headers, before connecting to anything', () => {
    const run = runCli(['worker', '--once'], { env: { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test', MAIL_FROM: '监测 <dw@example.test>\r\nBcc: spy@evil.test', DW_NOW: NOW } });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('error: MAIL_FROM');
    expect(run.stderr).not.toContain('unreachable');
  }, 60_000);

  it('says which service is unreachable at start-up, and exits 1', () => {
    const run = runCli(['worker'], { env: { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test', REDIS_URL: 'redis://127.0.0.1:2', DW_LINK_SECRET: LINK_SECRET, DW_NOW: NOW } });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('PostgreSQL at postgres://postgres@127.0.0.1:1/test (DATABASE_URL) is unreachable');
    expect(run.stderr).toContain('Redis at redis://127.0.0.1:2 (REDIS_URL) is unreachable');
  }, 60_000);

  it('says it runs as one process on PostgreSQL when there is no Redis', () => {
    const run = runCli(['worker', '--once', '--no-demo'], { env: { DATABASE_URL: TEST_DATABASE_URL, DW_DATABASE_SCHEMA: schema, REDIS_URL: '', DW_NOW: NOW, DW_OUTBOX_DIR: join(scratch, 'outbox-pg'), SMTP_URL: '' } });
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(`ran one pass (one process; ledger: PostgreSQL at ${TEST_DATABASE_URL})`);
  }, 60_000);

  it('stops on SIGTERM: no new work, connections closed, exit 0', async () => {
    const worker = await startWorkerProcess({ DATABASE_URL: TEST_DATABASE_URL, DW_DATABASE_SCHEMA: schema, REDIS_URL: TEST_REDIS_URL, DW_LINK_SECRET: LINK_SECRET, DW_QUEUE_PREFIX: prefix, DW_NOW: NOW, DW_OUTBOX_DIR: join(scratch, 'outbox-pg'), SMTP_URL: '' });
    expect(worker.stderr()).toContain('is running (distributed');
    expect(await worker.stop('SIGTERM')).toBe(0);
    expect(worker.stdout()).toContain('"msg":"stopped"');
  }, 60_000);
});
