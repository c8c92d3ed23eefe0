import { loadConfig, type LoadedConfig } from '../config/load-config.js';
import { resolveConfigDir } from '../config/config-dir.js';
import type { WorkingDayCalendar } from '../core/calendar.js';
import type { Job } from '../core/schedule.js';
import { shouldFire } from '../core/schedule.js';
import { formatShanghai, shanghaiDate } from '../core/shanghai-time.js';
import { loadDemoIfEmpty, type DemoLoad } from '../demo/load-demo.js';
import { parseMailFrom } from '../delivery/mail-from.js';
import { smtpSettings } from '../delivery/smtp-settings.js';
import { fileTransport, RelayAuthError, smtpTransport, type MailTransport } from '../delivery/transport.js';
import { openDatabase, type Backend } from '../ledger/database.js';
import { prepareLedger } from '../ledger/prepare-ledger.js';
import { recomputeOpenItems, type RecomputeResult } from '../monitor/recompute.js';
import { clockFromEnvironment, type Clock } from './clock.js';
import { collectGarbage, dropStartUpCode } from './collect-garbage.js';
import { embeddedRunner } from './embedded-runner.js';
import { runJob, type JobSummary, type WorkerContext } from './job-handlers.js';
import type { JobRunner } from './job-runner.js';
import type { Logger } from './logger.js';
import { configReloader, type ConfigHolder, type ReloadOutcome } from './config-reload.js';
import { schedulePeriodMs, startScheduler } from './scheduler.js';
import { scheduleCalendar } from './schedule-calendar.js';
import { redactUrl } from './redact-url.js';
import { routeLibraryLogs } from '../library-log.js';
import { checkServices } from './service-checks.js';
import { fetchPage } from '../inspection/fetch-page.js';
import { DEMO_JURISDICTION } from '../demo/demo-ledger.js';
import { loadLinkSigner } from '../portal/link-signer.js';
import { recomputeSeconds } from '../operations/metrics.js';
import type { PortalContext } from '../portal/portal-context.js';
import { startPortal } from '../portal/start-portal.js';
import { issueStartUpLinks, type PrintedLink } from '../portal/start-up-links.js';
import { databaseSettings, mailSettings, portalSettings, redisUrl } from './settings.js';

/** How long a stopping worker leaves the commands connected to its embedded ledger to finish. */
const STOP_GRACE_MS = 10_000;

export interface WorkerOptions {
  readonly logger: Logger;
  /** The config directory (default: DW_CONFIG_DIR or ./config). */
  readonly configDir?: string | undefined;
  /** One pass (recompute, scan, and the mail that is due), then stop. */
  readonly once?: boolean;
  /**
   * Fill an empty ledger with the demo jurisdiction. Default: DW_DEMO=1/0 if set, else yes on the embedded ledger
   * and no on PostgreSQL.
   */
  readonly demo?: boolean | undefined;
  readonly clock?: Clock;
  readonly env?: NodeJS.ProcessEnv;
  /**
   * A stop asked for (SIGTERM) before start-up is over: start-up ends at its next step, the sends in flight are
   * finished and recorded, and `startWorker` rejects with StoppedDuringStartUp.
   */
  readonly signal?: AbortSignal | undefined;
}

/** A stop was asked for during start-up: everything opened is closed again, nothing left in delivery. */
export class StoppedDuringStartUp extends Error {
  constructor() {
    super('stopped during start-up');
  }
}

/** What start-up did, for the summary a person reads. */
export interface StartSummary {
  /** Where the jobs run: in this process (embedded) or over BullMQ queues (distributed). */
  readonly mode: 'embedded' | 'distributed';
  /** The ledger: the embedded PGlite or PostgreSQL. */
  readonly ledger: Backend;
  readonly database: string;
  readonly demo?: DemoLoad | undefined;
  readonly recompute: RecomputeResult;
  /** The first pass: each job run, with its figures. */
  readonly pass: Partial<Record<Job, JobSummary>>;
  readonly mail: { readonly kind: MailTransport['kind']; readonly target: string };
  readonly schedules: readonly string[];
  /** Where the portal listens and the base of its links (absent after a single pass). */
  readonly portal?: { readonly address: string; readonly publicUrl: string } | undefined;
  /** Links to open the portal with at once, on a demo ledger. */
  readonly links?: readonly PrintedLink[] | undefined;
}

export interface RunningWorker {
  readonly summary: StartSummary;
  readonly config: LoadedConfig;
  /** The runner ticks go to (absent after a single pass). */
  readonly runner?: JobRunner | undefined;
  /** Stops taking work, lets the job in hand finish, closes every connection. Safe to call twice. */
  stop(): Promise<void>;
  /** Reloads config/ (SIGHUP): checked first, refused with every problem while the old config runs on. */
  reload?: (() => Promise<ReloadOutcome>) | undefined;
}

/**
 * Starts the worker: config checked (every problem listed, nothing started), services checked with a time
 * limit, the ledger migrated and its departments synced, due dates recomputed if rules or calendars changed, one
 * pass at once, then the schedules. With REDIS_URL the jobs go through BullMQ queues shared by every replica;
 * without it they run in this process.
 */
export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const env = options.env ?? process.env;
  const clock = options.clock ?? clockFromEnvironment(env);
  const logger = options.logger;
  // From here on, knex's, BullMQ's and ioredis's own messages are lines of the JSON log.
  routeLibraryLogs((level, component, message) => logger[level]({ component }, message));
  const stopping = new AbortController();
  if (options.signal?.aborted) stopping.abort();
  options.signal?.addEventListener('abort', () => stopping.abort(), { once: true });
  const checkpoint = () => {
    if (stopping.signal.aborted) throw new StoppedDuringStartUp();
  };
  const config = loadConfig(resolveConfigDir(options.configDir), { today: shanghaiDate(clock.now()) });
  for (const warning of config.warnings) logger.warn({ config: config.dir }, warning);

  const databaseOptions = databaseSettings(env);
  const redis = redisUrl(env);
  const mail = mailSettings(env);
  // The sender and relay are checked before anything starts: a bad MAIL_FROM could inject headers.
  const sender = parseMailFrom(mail.from);
  if (mail.smtpUrl) smtpSettings(mail.smtpUrl);
  const portal = portalSettings(env);
  // Jobs and the portal read the config through the holder: a reload (SIGHUP) reaches them all at once.
  const holder: ConfigHolder = { current: config };
  const links = {
    signer: loadLinkSigner(portal, { distributed: redis !== undefined && !options.once }),
    publicUrl: portal.publicUrl,
    get days() {
      return holder.current.portal.linkDays;
    },
  };
  await checkServices({ databaseUrl: databaseOptions.url, redisUrl: options.once ? undefined : redis });
  checkpoint();
  const transport = mail.smtpUrl ? smtpTransport(mail.smtpUrl) : fileTransport(mail.outboxDir);
  await checkRelay(transport, logger);
  // The worker holds the embedded ledger itself (two would both run the schedules) and shares it with commands.
  let database = await openDatabase(databaseOptions, { exclusive: true, graceMs: STOP_GRACE_MS }).catch(async (error: unknown) => {
    await transport.close();
    throw error;
  });
  let closed = false;
  const closeBase = async () => {
    if (closed) return;
    closed = true;
    await transport.close();
    await database.close();
  };
  try {
    checkpoint();
    const now = clock.now();
    const prepared = await prepareLedger(database, config, formatShanghai(now));
    checkpoint();
    const wantDemo = options.demo ?? (env.DW_DEMO ? env.DW_DEMO === '1' : !databaseOptions.url);
    const demo = wantDemo ? await loadDemoIfEmpty(database.db, config, now) : undefined;
    if (demo) logger.info(demo, 'demo ledger loaded');
    checkpoint();
    const recomputing = performance.now();
    const recompute = await recomputeOpenItems(database.db, config, now, { actor: 'worker' });
    if (recompute.configChanged) recomputeSeconds.observe((performance.now() - recomputing) / 1000);
    if (recompute.configChanged && !recompute.firstComputation) logger.info({ checked: recompute.checked, years: recompute.years, moved: recompute.recomputed, failed: recompute.failed.length }, 'rules or calendars changed: due dates recomputed');
    checkpoint();
    // After a start-up that migrated, filled or recomputed the ledger, the embedded one starts again on the same
    // files, leaving behind what that work took (PGlite never gives memory back: 10–20 MB of the first start's steady
    // memory, with the demo). A start that found nothing to do goes on as it is.
    if (prepared.migrations.length > 0 || demo || recompute.configChanged) {
      database = await database.reopen();
      collectGarbage(); // the closed PGlite's heap goes now, not during the first pass
    }
    await database.share();

    const context: WorkerContext = {
      db: database.db,
      get config() {
        return holder.current;
      },
      clock,
      transport,
      mail: { from: mail.from, messageIdDomain: sender.address.split('@')[1] as string, links },
      logger,
      fetchPage,
      stopping: stopping.signal,
    };
    const national = scheduleCalendar(config);
    const pass = await firstPass(context, national, checkpoint);
    const summaryBase = {
      ledger: database.backend,
      database: databaseOptions.url ? redactUrl(databaseOptions.url) : databaseOptions.dataDir,
      demo,
      recompute,
      pass,
      mail: { kind: transport.kind, target: transport.target },
      schedules: config.schedules.map((s) => `${s.id}: ${s.job} at "${s.cron}"${s.workingDaysOnly ? ', working days only' : ''}${s.window ? `, ${hhmm(s.window.from)}–${hhmm(s.window.to)}` : ''}`),
    };
    if (options.once) {
      await closeBase();
      return { summary: { ...summaryBase, mode: redis ? 'distributed' : 'embedded' }, config, stop: closeBase };
    }

    // In the embedded mode the portal is this process (the one that holds PGlite); distributed, every replica serves it.
    // BullMQ, ioredis and Bull Board are loaded only in the distributed mode: the embedded worker never needs them.
    const probe = redis ? (await import('../operations/redis-probe.js')).redisProbe(redis) : undefined;
    // Readiness allows twice the scan's period: worked out again when a reload replaces the schedules.
    let scanPeriodMs = scanPeriodOf(config);
    const health = {
      pingRedis: probe?.ping,
      get scanPeriodMs() {
        return scanPeriodMs;
      },
    };
    const runner = redis
      ? (await import('./distributed-runner.js')).distributedRunner(context, { redisUrl: redis, prefix: env.DW_QUEUE_PREFIX || undefined })
      : embeddedRunner(context);
    let scheduler = startScheduler(config.schedules, national, runner, logger);
    const reloader = configReloader({
      holder,
      db: database.db,
      clock,
      logger,
      async replaceSchedules(next) {
        const old = scheduler;
        scheduler = startScheduler(next.schedules, scheduleCalendar(next), runner, logger);
        scanPeriodMs = scanPeriodOf(next);
        await old.stop();
      },
    });
    const portalContext: PortalContext = {
      db: database.db,
      get config() {
        return holder.current;
      },
      clock,
      signer: links.signer,
      publicUrl: portal.publicUrl,
      logger,
      trustProxy: env.DW_TRUST_PROXY === '1',
      health,
      queues: runner.queues,
      reload: reloader.reload,
    };
    const server = await startPortal(portalContext, portal).catch(async (error: unknown) => {
      await scheduler.stop();
      await runner.stop();
      throw error;
    });
    let stopped: Promise<void> | undefined;
    const stop = () =>
      (stopped ??= (async () => {
        stopping.abort();
        await server.close();
        await probe?.close();
        await scheduler.stop();
        await runner.stop();
        await closeBase();
      })());
    const printed = wantDemo ? await issueStartUpLinks(database.db, links, config, DEMO_JURISDICTION, now) : undefined;
    dropStartUpCode(); // what only start-up ran is not kept for as long as the worker runs
    return { summary: { ...summaryBase, mode: runner.mode, portal: { address: server.address, publicUrl: portal.publicUrl }, links: printed }, config, runner, stop, reload: reloader.reload };
  } catch (error) {
    await closeBase();
    throw error;
  }
}

/**
 * At start-up: a scan at once (it is level-triggered, so after downtime it catches up), and the mail jobs if one
 * of their schedules would run now. With no SMTP relay the mail only goes to files, so it is made at once: that
 * is the outbox a newcomer looks at.
 */
async function firstPass(context: WorkerContext, calendar: WorkingDayCalendar, checkpoint: () => void): Promise<Partial<Record<Job, JobSummary>>> {
  const pass: Partial<Record<Job, JobSummary>> = { scan: await runJob('scan', context, { tick: 'start-up' }) };
  const now = context.clock.now();
  for (const job of ['digest', 'escalation', 'deliver'] as const) {
    checkpoint();
    const due = context.transport.kind === 'files' || context.config.schedules.some((s) => s.job === job && shouldFire(s, now, calendar));
    if (due) pass[job] = await runJob(job, context, { tick: 'start-up' });
  }
  checkpoint();
  return pass;
}

function scanPeriodOf(config: LoadedConfig): number {
  const scan = config.schedules.find((s) => s.job === 'scan');
  return scan ? schedulePeriodMs(scan.cron) : 5 * 60_000;
}

function hhmm(time: { hour: number; minute: number }): string {
  return `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
}

/** How long start-up waits for the relay to answer before going on without knowing (mail then waits and retries). */
const RELAY_CHECK_MS = 10_000;

/**
 * Credentials the relay refuses, or a relay that takes no login at all, stop the start-up: the admin meant mail to
 * go out authenticated. A relay that does not answer now only gets a warning: delivery retries it.
 */
async function checkRelay(transport: MailTransport, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), RELAY_CHECK_MS)));
  try {
    const answer = await Promise.race([transport.verify().then(() => 'ok' as const), timeout]);
    if (answer === 'timeout') logger.warn({ relay: transport.target }, `the SMTP relay did not answer within ${RELAY_CHECK_MS / 1000} s: mail waits and is retried`);
  } catch (error) {
    if (error instanceof RelayAuthError) {
      await transport.close();
      throw error;
    }
    logger.warn({ relay: transport.target, err: (error as Error).message }, 'the SMTP relay cannot be reached now: mail waits and is retried');
  } finally {
    clearTimeout(timer);
  }
}
