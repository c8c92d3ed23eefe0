import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { pidFile } from '../runtime/settings.js';
import type { StartSummary } from '../runtime/worker.js';
import { UsageError } from './usage-error.js';
import { chartFontProblem } from '../charts/chart-font.js';
import { ALLOCATOR_ENV, missingAllocatorSettings } from '../runtime/allocator-env.js';
import { plural } from './plural.js';

export function registerWorkerCommand(program: Command): void {
  const command = program.command('worker');
  registerWorkerReloadCommand(command);
  command
    .description('run the monitor: scans, digests and delivery on the schedules in config/schedules.yaml (npm start)')
    .option('--once', 'one pass (recompute, scan, the mail that is due), then exit')
    .option('--pretty', 'logs as coloured lines for a person instead of JSON')
    .option('--demo', 'fill an empty ledger with the demo jurisdiction (the default on the embedded ledger; DW_DEMO=1)')
    .option('--no-demo', 'never load the demo (DW_DEMO=0)')
    .option('--config <dir>', 'config directory')
    .action(async (options: { once?: boolean; pretty?: boolean; demo?: boolean; config?: string }) => {
      // Before anything starts: a SIGTERM during start-up lets the sends in flight finish and be recorded, then
      // exits 0, instead of killing the process with messages left in delivery. A second signal kills it.
      const stop = new AbortController();
      let received: NodeJS.Signals | undefined;
      // Kept until the worker has stopped (not `once`): a library loaded later (proper-lockfile's signal-exit) re-raises
      // a signal it finds no other listener for, which would kill the process in the middle of stopping.
      const onSignal = (signal: NodeJS.Signals) => {
        if (received !== undefined) {
          forget();
          process.kill(process.pid, signal);
          return;
        }
        received = signal;
        stop.abort();
      };
      const forget = () => {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
      // Loaded here, not at the top: BullMQ, nodemailer and pino would slow every other command's start.
      const [{ createLogger }, { startWorker, StoppedDuringStartUp }] = await Promise.all([import('../runtime/logger.js'), import('../runtime/worker.js')]);
      const logger = createLogger({ pretty: options.pretty });
      const announce = () => logger.info({ signal: received }, 'stopping: no new work; the sends in flight finish and are recorded');
      if (stop.signal.aborted) announce();
      else stop.signal.addEventListener('abort', announce, { once: true });
      let worker: Awaited<ReturnType<typeof startWorker>>;
      try {
        worker = await startWorker({ logger, configDir: options.config, once: options.once, demo: options.demo, signal: stop.signal });
      } catch (error) {
        forget();
        if (!(error instanceof StoppedDuringStartUp)) throw error;
        logger.info({ signal: received }, 'stopped during start-up');
        return;
      }
      process.stderr.write(describe(worker.summary, options.once ?? false));
      if (options.once) {
        forget();
        return;
      }
      // `cli worker reload` finds this process by its PID file, and sends it SIGHUP.
      const pid = pidFile();
      const onHangUp = () => {
        worker.reload?.().catch((error: unknown) => logger.error({ err: error }, 'config reload failed'));
      };
      const running = !stop.signal.aborted;
      if (running) {
        logger.info({ mode: worker.summary.mode }, 'worker running');
        mkdirSync(dirname(pid), { recursive: true });
        writeFileSync(pid, `${process.pid}\n`);
        process.on('SIGHUP', onHangUp);
        await new Promise<void>((resolve) => stop.signal.addEventListener('abort', () => resolve(), { once: true }));
      }
      process.off('SIGHUP', onHangUp);
      try {
        await worker.stop();
        if (running) rmSync(pid, { force: true });
        logger.info('stopped');
      } catch (error) {
        logger.error({ err: error }, 'stopping failed');
        process.exitCode = 1;
      } finally {
        forget();
      }
    });
}

/** `worker reload`: the running worker (by its PID file) reloads config/ (SIGHUP); its log says what changed. */
export function registerWorkerReloadCommand(worker: Command): void {
  worker
    .command('reload')
    .description('make the running worker reload config/ without a restart (SIGHUP): checked first, refused with every problem while the old config runs on')
    .action(() => {
      const file = pidFile();
      let pid: number;
      try {
        pid = Number(readFileSync(file, 'utf8').trim());
      } catch {
        throw new UsageError(`no worker is running here: ${file} does not exist (start it with npm start)`);
      }
      try {
        process.kill(pid, 'SIGHUP');
      } catch {
        throw new UsageError(`the worker of ${file} (PID ${pid}) is not running`);
      }
      process.stdout.write(`asked the worker (PID ${pid}) to reload its config: its log says what changed, or every problem if it refused\n`);
    });
}

/** The start-up summary, for the person who ran it: what was done, and where to look. */
function describe(summary: StartSummary, once: boolean): string {
  // "embedded" is the default of both: jobs in this process and the ledger in PGlite. PostgreSQL without Redis is one
  // process on a shared ledger.
  const mode = summary.mode === 'distributed' ? 'distributed' : summary.ledger === 'pglite' ? 'embedded' : 'one process';
  const lines = [`disclosure-watch ${once ? 'ran one pass' : 'is running'} (${mode}; ledger: ${summary.ledger === 'pglite' ? 'PGlite in ' : 'PostgreSQL at '}${summary.database})`];
  if (summary.demo) lines.push(`  demo ledger loaded: ${plural(summary.demo.items, 'item')} of ${summary.demo.jurisdiction} across ${summary.demo.departments} departments, placed around today`);
  if (summary.recompute.recomputed > 0 || summary.recompute.failed.length > 0) lines.push(`  rules or calendars changed: ${plural(summary.recompute.checked, 'open item')} checked, ${plural(summary.recompute.recomputed, 'due date')} moved, ${summary.recompute.failed.length} could not be placed`);
  const scan = summary.pass.scan;
  if (scan) lines.push(`  scan: ${plural(scan.checked ?? 0, 'item')} looked at, ${plural(scan.recorded ?? 0, 'ladder step')} recorded`);
  const digest = summary.pass.digest;
  if (digest) lines.push(`  department digests (提醒): ${digest.composed} composed${digest.waiting ? `, ${digest.waiting} steps wait for tomorrow's` : ''}`);
  const escalation = summary.pass.escalation;
  if (escalation) lines.push(`  escalation digests (督办): ${escalation.composed} composed`);
  // Without a CJK font the digests still go, with their tables but without the charts.
  const font = chartFontProblem();
  if (font) lines.push(`  charts: the escalation digests go without them (${font})`);
  const deliver = summary.pass.deliver;
  if (deliver) {
    const where = summary.mail.kind === 'files' ? `written to ${summary.mail.target} (no SMTP_URL set: nothing was emailed)` : `sent through ${summary.mail.target}`;
    lines.push(`  mail: ${deliver.sent} ${where}${deliver.retrying ? `; ${deliver.retrying} to retry` : ''}${deliver.failed ? `; ${deliver.failed} failed` : ''}`);
  } else {
    lines.push('  mail: none due now (outside the delivery schedule); it waits for the next working-day window');
  }
  if (summary.portal) {
    lines.push(`  portal (政务公开台账门户): listening on ${summary.portal.address}; links in mail start with ${summary.portal.publicUrl}`);
    for (const link of summary.links ?? []) lines.push(`    ${link.who}: ${link.url}`);
  }
  if (!once) {
    lines.push(`  schedules (Asia/Shanghai): ${summary.schedules.join('; ')}`);
    const missing = missingAllocatorSettings();
    if (missing.length > 0) lines.push(`  memory: started without ${missing.map((name) => `${name}=${ALLOCATOR_ENV[name]}`).join(' ')}, which npm start and the Docker image set: expect some 10 MB more`);
    lines.push('  logs: JSON lines on stdout (--pretty for people); stop with Ctrl-C or SIGTERM');
  }
  if (summary.mode === 'embedded') lines.push(`  look: the .eml files open in any mail client; \`npm run -s cli -- ledger list\`${once ? '' : ' (beside the worker: it shares the embedded ledger with commands)'}`);
  return `${lines.join('\n')}\n`;
}
