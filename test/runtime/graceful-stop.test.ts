import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { spawnWorkerProcess } from '../helpers/worker-process.js';
import { startSmtpSink } from '../helpers/smtp-sink.js';

const scratch = mkdtempSync(join(tmpdir(), 'dw-stop-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('SIGTERM while the worker is starting', () => {
  it('lets the sends in flight finish and records them, leaves nothing in delivery, and exits 0', async () => {
    // A relay that takes a second per message: the start-up pass is still sending when the signal comes, even when
    // the signal is delivered late on a loaded machine.
    const sink = await startSmtpSink({ answerDelayMs: 1000 });
    const env = { DW_DATA_DIR: join(scratch, 'pglite'), DW_NOW: '2026-11-23T09:00:00+08:00', DATABASE_URL: '', REDIS_URL: '', SMTP_URL: sink.url, MAIL_FROM: '监测 <dw@example.test>' };
    try {
      const worker = spawnWorkerProcess(env);
      const deadline = Date.now() + 60_000;
      while (!worker.stdout().includes('"msg":"message sent"')) {
        if (Date.now() > deadline || worker.exitCode() !== null) throw new Error(`no mail was sent at start-up:\n${worker.stderr()}\n${worker.stdout()}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(await worker.stop('SIGTERM')).toBe(0);
      const stdout = worker.stdout();
      const stderr = worker.stderr();
      const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { msg: string });
      expect(lines.map((l) => l.msg)).toContain('stopping: no new work; the sends in flight finish and are recorded');
      expect(lines.at(-1)?.msg).toBe('stopped during start-up');
      expect(stderr).toBe('');
      const status = runCli(['mail', 'status', '--json'], { env });
      const { counts } = JSON.parse(status.stdout) as { counts: Record<string, number> };
      expect(counts.sending ?? 0).toBe(0);
      // Every mail the relay took is recorded as sent, and the log said each one.
      expect(counts.sent).toBe(sink.accepted.length);
      expect(lines.filter((l) => l.msg === 'message sent')).toHaveLength(sink.accepted.length);
      // (Messages claimed but not yet handed to the relay go back to pending: test/delivery/claims.test.ts.)
    } finally {
      await sink.close();
    }
  }, 120_000);
});
