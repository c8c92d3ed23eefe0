import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliAsync } from '../helpers/run-cli.js';
import { startSmtpSink } from '../helpers/smtp-sink.js';

/** The worker started as an admin would, with secrets in its URLs: it stops with a clear line, and prints none of them. */
const scratch = mkdtempSync(join(tmpdir(), 'dw-secrets-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const env = { DW_DATA_DIR: join(scratch, 'pglite'), DW_OUTBOX_DIR: join(scratch, 'outbox'), DW_NOW: '2026-11-23T09:00:00+08:00', DATABASE_URL: '', REDIS_URL: '' };

describe('secrets at start-up', () => {
  it.each([
    ['SMTP_URL with a # in the password', { SMTP_URL: 'smtps://gongkai:Pa#ss9word@relay.example.gov.cn:465' }, /SMTP_URL cannot be read as a URL \(its text is not shown/],
    ['SMTP_URL with a bad port', { SMTP_URL: 'smtps://gongkai:Pass9word@relay.example.gov.cn:46x5' }, /SMTP_URL cannot be read as a URL/],
    ['DATABASE_URL with a / in the password', { DATABASE_URL: 'postgres://dw:Pa/ss9word@127.0.0.1:5432/dw' }, /DATABASE_URL cannot be read as a URL/],
    // Distributed (no --once): Redis is checked first, and found unreachable.
    ['REDIS_URL with its password as a query parameter', { REDIS_URL: 'redis://127.0.0.1:1/?password=Pass9word', DW_LINK_SECRET: 'x'.repeat(48) }, /Redis at redis:\/\/127\.0\.0\.1:1\/\?password=\*\*\* \(REDIS_URL\) is unreachable/],
  ])('%s: exits 1 without printing the password', async (_, urls, message) => {
    const run = await runCliAsync('REDIS_URL' in urls ? ['worker'] : ['worker', '--once'], { env: { ...env, ...urls } });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(message);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/Pa.?ss9word|DEP0170/);
  }, 60_000);

  it('credentials for a relay that offers no login stop the start-up', async () => {
    const relay = await startSmtpSink();
    try {
      const run = await runCliAsync(['worker', '--once'], { env: { ...env, SMTP_URL: relay.url.replace('smtp://', 'smtp://gongkai:Pass9word@') } });
      expect(run.status).not.toBe(0);
      expect(run.stderr).toMatch(/SMTP_URL gives a user and password, but the relay at smtp:\/\/gongkai:\*\*\*@127\.0\.0\.1:\d+ refused the login/);
      expect(`${run.stdout}${run.stderr}`).not.toContain('Pass9word');
      expect(relay.raw).toHaveLength(0);
    } finally {
      await relay.close();
    }
  }, 60_000);
});
