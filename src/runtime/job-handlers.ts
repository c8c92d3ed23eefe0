import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import type { LoadedConfig } from '../config/load-config.js';
import { missedTick, type Job } from '../core/schedule.js';
import { composeMessages, composeUrgentMail, type ComposeResult } from '../delivery/compose.js';
import { composeEscalation } from '../delivery/compose-escalation.js';
import { deliverPending } from '../delivery/deliver.js';
import { logDeliveryEvent } from './delivery-log.js';
import type { MailLinks } from '../delivery/mail-links.js';
import type { MailTransport } from '../delivery/transport.js';
import { checkPublications, requestRecheck, type PageFetcher } from '../inspection/check-publications.js';
import { scan, type ScanOptions } from '../monitor/scan.js';
import { cronMatcher } from './scheduler.js';
import { scheduleCalendar } from './schedule-calendar.js';
import { lastJobRuns, recordJobRun } from '../operations/job-runs.js';
import { jobsTotal, scanSeconds } from '../operations/metrics.js';
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';

/** What every job handler works with: the same in the embedded and the distributed mode. */
export interface WorkerContext {
  readonly db: Knex;
  readonly config: LoadedConfig;
  readonly clock: Clock;
  readonly transport: MailTransport;
  readonly mail: { readonly from: string; readonly messageIdDomain: string; readonly links: MailLinks };
  readonly logger: Logger;
  /** Fetches a registered address for the publication check (网上巡查). */
  readonly fetchPage: PageFetcher;
  /** Aborted when the worker is asked to stop: delivery starts no new send, and the jobs in hand end early. */
  readonly stopping?: AbortSignal | undefined;
}

/** A job's outcome in figures, for the log and the start-up summary. */
export type JobSummary = Readonly<Record<string, number>>;

/**
 * The job handlers. Each reads the clock once and is safe to run twice or twice at once: the scan and the composer
 * lock what they take (SKIP LOCKED) and write under unique keys; delivery claims each message before sending it.
 */
export const JOB_HANDLERS: Readonly<Record<Job, (context: WorkerContext, log: Logger) => Promise<JobSummary>>> = {
  async scan({ db, config, clock }, log) {
    return scanAndLog(db, config, clock.now(), log);
  },

  // Each digest is composed after a scan that waits for the scans in progress (in any replica): a step recorded
  // at that moment is in today's digest, not held for tomorrow's.
  async digest({ db, config, clock, mail }, log) {
    const now = clock.now();
    await scanAndLog(db, config, now, log, { waitForScans: true });
    return logComposed(await composeMessages(db, config, now, mail), log);
  },

  async escalation({ db, config, clock, mail }, log) {
    const now = clock.now();
    await scanAndLog(db, config, now, log, { waitForScans: true });
    return logComposed(await composeEscalation(db, config, now, mail), log);
  },

  async deliver(context, log) {
    const { db, config, clock, transport, mail, stopping } = context;
    // Level-triggered, like the scan: a digest whose tick was lost (an outage, retries used up) is composed now.
    await catchUpDigests(context, log);
    const now = clock.now();
    const urgent = logComposed(await composeUrgentMail(db, config, now, mail), log);
    const result = await deliverPending(db, transport, now, {
      from: mail.from,
      messageIdDomain: mail.messageIdDomain,
      links: mail.links,
      adminEmails: config.mail.adminEmails,
      ratePerMinute: config.mail.ratePerMinute,
      signal: stopping,
      onEvent: (event) => logDeliveryEvent(log, transport.kind, event),
    });
    if (result.throttled) log.info({ ratePerMinute: config.mail.ratePerMinute }, 'rate limit reached: the rest goes out in the next minutes');
    return { urgent: urgent.composed ?? 0, sent: result.sent.length, retrying: result.retrying.length, failed: result.failed.length };
  },


  async check({ db, config, clock, fetchPage }, log) {
    const result = await checkPublications(db, config, clock.now(), fetchPage);
    for (const p of result.problems) log.warn({ item: p.itemId, reference: p.reference, url: p.url, outcome: p.outcome, detail: p.detail }, 'publication check found a problem');
    return { checked: result.checked, shown: result.shown, problems: result.problems.length };
  },

  async recheck({ db, clock }) {
    await requestRecheck(db, clock.now());
    return { requested: 1 };
  },
};

async function scanAndLog(db: Knex, config: LoadedConfig, now: DateTime, log: Logger, options: ScanOptions = {}): Promise<JobSummary> {
  const result = await scan(db, { ruleBook: config.ruleBook, ladders: config.ladders }, now, options);
  for (const n of result.recorded) log.info({ item: n.itemId, reference: n.reference, stage: n.stage, step: n.step, dueDate: n.dueDate }, 'ladder step recorded');
  for (const s of result.skipped) log.warn({ item: s.itemId, reason: s.reason }, 'item not placed on a ladder');
  for (const a of result.abandoned) log.info({ item: a.itemId, reference: a.reference }, 'request deemed abandoned: no supplement within the 补正 period (条例第三十条)');
  return { checked: result.checked, recorded: result.recorded.length, skipped: result.skipped.length, abandoned: result.abandoned.length };
}

/**
 * The digest and escalation jobs whose latest tick today has passed with no run ended since (in any replica, as
 * the ledger records), run now if their window is open. Deliver runs every minute, so an outage of any length at
 * the digest's tick delays it by one tick after the database is back.
 */
async function catchUpDigests(context: WorkerContext, log: Logger): Promise<void> {
  const now = context.clock.now();
  const calendar = scheduleCalendar(context.config);
  const runs = await lastJobRuns(context.db);
  for (const job of ['digest', 'escalation'] as const) {
    const lastRun = runs.get(job);
    const last = lastRun === undefined ? undefined : DateTime.fromISO(lastRun, { setZone: true });
    const missed = context.config.schedules.filter((s) => s.job === job).map((s) => missedTick(s, now, calendar, last, cronMatcher(s.cron))).find((tick) => tick !== undefined);
    if (!missed) continue;
    log.warn({ missed: job, tick: missed.toISO(), lastRun: lastRun ?? null }, `today's ${job} has not run since its tick: running it now`);
    await runJob(job, context, { tick: 'catch-up' });
  }
}

function logComposed(result: ComposeResult, log: Logger): JobSummary {
  for (const key of result.composed) log.info({ messageKey: key }, 'message composed');
  for (const u of result.unaddressed) log.warn({ notification: u.notificationId, reason: u.reason }, 'step has nobody to tell');
  return { composed: result.composed.length, cancelled: result.cancelled, waiting: result.waiting, unaddressed: result.unaddressed.length };
}

/** Runs one job with its log lines tagged; the caller decides about retries. */
export async function runJob(job: Job, context: WorkerContext, tags: Readonly<Record<string, string>> = {}): Promise<JobSummary> {
  const log = context.logger.child({ job, ...tags });
  const started = performance.now();
  let summary: JobSummary;
  try {
    summary = await JOB_HANDLERS[job](context, log);
  } catch (error) {
    jobsTotal.inc({ job, outcome: 'failed' });
    throw error;
  }
  jobsTotal.inc({ job, outcome: 'done' });
  if (job === 'scan') scanSeconds.observe((performance.now() - started) / 1000);
  // Recorded in the ledger, so that readiness and metrics see every replica's runs.
  await recordJobRun(context.db, job, context.clock.now());
  log.info({ ...summary, ms: Math.round(performance.now() - started) }, `${job} done`);
  return summary;
}
