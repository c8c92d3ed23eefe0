import type { Knex } from 'knex';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { messageCounts } from '../delivery/resend.js';
import { lastJobRuns } from './job-runs.js';

/**
 * The worker's Prometheus metrics (prom-client), named by its conventions (dw_…_total, _seconds). Counters and
 * histograms count what this process did; the gauges of the ledger (open items, messages, last runs) are read from it
 * at each scrape, so that every replica reports the same, whole picture.
 */
export const registry = new Registry();

export const jobsTotal = new Counter({ name: 'dw_jobs_total', help: 'Jobs run by this process, by job and outcome (done, failed).', labelNames: ['job', 'outcome'], registers: [registry] });
export const scanSeconds = new Histogram({ name: 'dw_scan_duration_seconds', help: 'How long each scan took.', buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30], registers: [registry] });
export const recomputeSeconds = new Histogram({ name: 'dw_recompute_duration_seconds', help: 'How long each recompute of due dates took.', buckets: [0.1, 1, 5, 15, 30, 60, 120, 300], registers: [registry] });
export const smtpSendSeconds = new Histogram({ name: 'dw_smtp_send_duration_seconds', help: 'How long the relay took to answer each message.', buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [registry] });
export const smtpRefusalsTotal = new Counter({ name: 'dw_smtp_refusals_total', help: 'Messages the relay refused, temporarily (retried) or for good.', labelNames: ['kind'], registers: [registry] });
export const importRowsTotal = new Counter({ name: 'dw_import_rows_total', help: 'Ledger rows imported by this process (portal uploads; the CLI is a process of its own), by result.', labelNames: ['result'], registers: [registry] });
export const publicationChecksTotal = new Counter({ name: 'dw_publication_checks_total', help: 'Publication checks (网上巡查) made, by outcome.', labelNames: ['outcome'], registers: [registry] });

/** The ledger the gauges read at each scrape (the worker's); none: they report nothing. */
let ledger: Knex | undefined;

export function meterLedger(db: Knex | undefined): void {
  ledger = db;
}

new Gauge({
  name: 'dw_job_last_success_timestamp_seconds',
  help: 'When each job last ran to its end, in any replica (Unix time).',
  labelNames: ['job'],
  registers: [registry],
  async collect() {
    this.reset();
    if (!ledger) return;
    for (const [job, at] of await lastJobRuns(ledger)) this.set({ job }, Date.parse(at) / 1000);
  },
});
new Gauge({
  name: 'dw_open_items',
  help: 'Open ledger items, by jurisdiction and the ladder stage last recorded for them (none: no step yet).',
  labelNames: ['jurisdiction', 'stage'],
  registers: [registry],
  async collect() {
    this.reset();
    if (!ledger) return;
    const { rows } = await ledger.raw(
      `select jurisdiction, coalesce(substring(ladder_step from '^[a-z]+'), 'none') as stage, count(*) as n
       from ledger_items where status = 'open' group by 1, 2`,
    );
    for (const r of rows as Array<{ jurisdiction: string; stage: string; n: number | string }>) this.set({ jurisdiction: r.jurisdiction, stage: r.stage }, Number(r.n));
  },
});
new Gauge({
  name: 'dw_messages',
  help: 'Messages in the outbox, by status (pending, sending, sent, failed).',
  labelNames: ['status'],
  registers: [registry],
  async collect() {
    this.reset();
    if (!ledger) return;
    for (const [status, n] of Object.entries(await messageCounts(ledger))) this.set({ status }, n);
  },
});
new Gauge({
  name: 'dw_oldest_pending_message_age_seconds',
  help: 'How long the oldest message not yet sent has waited (0 when none waits).',
  registers: [registry],
  async collect() {
    if (!ledger) return;
    const { rows } = await ledger.raw(`select extract(epoch from now() - min(composed_at)) as age from messages where status in ('pending', 'sending')`);
    this.set(Number((rows as Array<{ age: string | number | null }>)[0]?.age ?? 0) || 0);
  },
});
