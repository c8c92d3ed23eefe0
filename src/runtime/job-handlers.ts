import type { Knex } from 'knex';
import type { LoadedConfig } from '../config/load-config.js';
import type { Job } from '../core/schedule.js';
import { composeMessages, composeUrgentMail, type ComposeResult } from '../delivery/compose.js';
import { composeEscalation } from '../delivery/compose-escalation.js';
import { deliverPending } from '../delivery/deliver.js';
import { logDeliveryEvent } from './delivery-log.js';
import type { MailLinks } from '../delivery/mail-links.js';
import type { MailTransport } from '../delivery/transport.js';
import { checkPublications, requestRecheck, type PageFetcher } from '../inspection/check-publications.js';
import { scan } from '../monitor/scan.js';
import { recordJobRun } from '../operations/job-runs.js';
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
    const result = await scan(db, { ruleBook: config.ruleBook, ladders: config.ladders }, clock.now());
    for (const n of result.recorded) log.info({ item: n.itemId, reference: n.reference, stage: n.stage, step: n.step, dueDate: n.dueDate }, 'ladder step recorded');
    for (const s of result.skipped) log.warn({ item: s.itemId, reason: s.reason }, 'item not placed on a ladder');
    return { checked: result.checked, recorded: result.recorded.length, skipped: result.skipped.length };
  },

  async digest({ db, config, clock, mail }, log) {
    return logComposed(await composeMessages(db, config, clock.now(), mail), log);
  },

  async escalation({ db, config, clock, mail }, log) {
    return logComposed(await composeEscalation(db, config, clock.now(), mail), log);
  },

  async deliver({ db, config, clock, transport, mail, stopping }, log) {
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
