import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, runCliAsync } from '../helpers/run-cli.js';
import { TempConfig } from '../helpers/temp-config.js';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process.js';

/**
 * `npm start` on the embedded default holds PGlite; the ledger commands run beside it, joining it through its
 * socket. Its scan runs every second here, so the commands meet scans.
 */
const NOW = '2026-11-23T09:00:00+08:00'; // a Monday
const scratch = mkdtempSync(join(tmpdir(), 'dw-beside-'));
const config = new TempConfig().edit('schedules.yaml', 'id: scan, job: scan, cron: "*/5 * * * *"', 'id: scan, job: scan, cron: "* * * * * *"');
const env = { DW_DATA_DIR: join(scratch, 'pglite'), DW_OUTBOX_DIR: join(scratch, 'outbox'), DW_NOW: NOW, DW_ACTOR: '王五', DW_CONFIG_DIR: config.dir, DATABASE_URL: '', REDIS_URL: '', SMTP_URL: '' };
const cli = (...args: string[]) => runCliAsync(args, { env });
let worker: WorkerProcess;

beforeAll(async () => {
  worker = await startWorkerProcess(env);
}, 90_000);
afterAll(async () => {
  if (worker) await worker.stop('SIGTERM');
  config.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

/** What a command said on stderr but its warnings (the 2027 holiday notice is not out yet). */
const problems = (run: { stderr: string }) => run.stderr.split('\n').filter((l) => l && !l.startsWith('warning:'));
const scansDone = () => jsonLines(worker.stdout()).filter((l) => l.job === 'scan' && l.msg === 'scan done').map((l) => Date.parse(l.time as string));

describe('the ledger commands while the embedded worker runs', () => {
  it('list, show, import, publish, scan --dry-run and digest --preview work, several at once and during scans', async () => {
    const list = await cli('ledger', 'list', '--format', 'json');
    expect(problems(list)).toEqual([]);
    expect(list.status).toBe(0);
    const open = (JSON.parse(list.stdout) as Array<{ reference: string; department: string; status: string }>).filter((i) => i.status === 'open');
    expect(open.length).toBeGreaterThan(3);
    const [toPublish, toShow] = open as unknown as [{ reference: string }, { reference: string }];

    const file = join(scratch, 'new.csv');
    writeFileSync(file, '\uFEFF编号,事项名称,责任单位,类别,形成日期\nBESIDE-1,区财政局会议室改造采购公告,区财政局,procurement.transaction,2026-11-20\n');

    const started = Date.now();
    // Six commands at once, each a process of its own, all joining the worker's ledger.
    const [imported, published, shown, dryRun, preview, listed] = await Promise.all([
      cli('ledger', 'import', file, '--json'),
      cli('ledger', 'publish', toPublish.reference, '--url', 'https://www.tinghu.gov.cn/beside.html', '--at', '2026-11-23 08:30'),
      cli('ledger', 'show', toShow.reference, '--json'),
      cli('scan', '--dry-run', '--json'),
      cli('digest', '--preview', '--department', '区财政局'),
      cli('ledger', 'list', '--format', 'json'),
    ]);
    const ended = Date.now();
    for (const run of [imported, published, shown, dryRun, preview, listed]) expect(problems(run)).toEqual([]);
    for (const run of [imported, published, shown, dryRun, preview, listed]) expect(run.status).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ inserted: 1, rejected: [] });
    expect(JSON.parse(shown.stdout)).toMatchObject({ item: { reference: toShow.reference } });
    expect(JSON.parse(dryRun.stdout)).toHaveProperty('recorded');
    expect(preview.stdout).toContain('区财政局');
    // The worker scanned while they ran: they took turns with its scans, and nobody failed.
    expect(scansDone().filter((t) => t >= started && t <= ended).length).toBeGreaterThan(0);
    expect(jsonLines(worker.stdout()).filter((l) => (l.level as number) >= 50)).toEqual([]);

    // What they wrote is in the one ledger, seen by the next command.
    const after = JSON.parse((await cli('ledger', 'list', '--format', 'json', '--status', 'all')).stdout) as Array<{ reference: string; status: string }>;
    expect(after.find((i) => i.reference === 'BESIDE-1')?.status).toBe('open');
    expect(after.find((i) => i.reference === toPublish.reference)?.status).toBe('published');
  }, 120_000);

  it('the worker, stopped, leaves the ledger to the next command', async () => {
    expect(await worker.stop('SIGTERM')).toBe(0);
    const list = await cli('ledger', 'list', '--format', 'json', '--status', 'all');
    expect(list.status).toBe(0);
    expect(list.stdout).toContain('BESIDE-1');
  }, 60_000);
});
