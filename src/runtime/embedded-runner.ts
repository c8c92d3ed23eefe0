import type { Job } from '../core/schedule.js';
import { runJob, type WorkerContext } from './job-handlers.js';
import type { JobRunner } from './job-runner.js';

/** How many recent job ids the embedded runner remembers to drop a repeated tick. */
const REMEMBERED_IDS = 1000;

/**
 * The embedded default: jobs run one after another in this process, on the same handlers as the distributed
 * mode. A failed job is logged; the next tick of its schedule tries again (the scan is level-triggered, and
 * delivery keeps each message's attempts and backoff in the database).
 */
export function embeddedRunner(context: WorkerContext): JobRunner {
  const seen = new Set<string>();
  let tail: Promise<void> = Promise.resolve();
  let stopping = false;
  return {
    mode: 'embedded',
    async enqueue(job: Job, jobId: string, tick: string) {
      if (stopping || seen.has(jobId)) return;
      seen.add(jobId);
      if (seen.size > REMEMBERED_IDS) seen.delete(seen.values().next().value as string);
      tail = tail.then(async () => {
        if (stopping) return;
        try {
          await runJob(job, context, { jobId, tick });
        } catch (error) {
          context.logger.error({ job, jobId, err: error }, `${job} failed`);
        }
      });
    },
    async stop() {
      stopping = true;
      await tail;
    },
  };
}
