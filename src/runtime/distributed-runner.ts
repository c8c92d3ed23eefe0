import { Queue, UnrecoverableError, Worker, type Job as BullJob } from 'bullmq';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { ConfigError } from '../config/problems.js';
import { InputError } from '../core/errors.js';
import { JOBS, type Job } from '../core/schedule.js';
import { libraryLog } from '../library-log.js';
import { runJob, type JobSummary, type WorkerContext } from './job-handlers.js';
import type { JobRunner } from './job-runner.js';

export interface DistributedOptions {
  readonly redisUrl: string;
  /** BullMQ's key prefix (DW_QUEUE_PREFIX, default "dw"): several deployments can share one Redis. */
  readonly prefix?: string;
  /** Tries per job before it fails (retried with exponential backoff). */
  readonly attempts?: number;
  /** The first retry's delay; each further one doubles it. */
  readonly backoffMs?: number;
}

/** What a queued job carries: the tick that made it. */
const jobData = z.strictObject({ tick: z.iso.datetime({ offset: true }) });
type JobData = z.infer<typeof jobData>;

/**
 * The distributed mode: a BullMQ queue per job (scan, digest, deliver) and a worker on each, in every replica.
 * Each tick's job id is derived from its schedule and time, and BullMQ keeps one job per id (completed ones are
 * kept a week for that), so a tick fired by every replica runs once. A job that throws is retried with
 * exponential backoff; one whose data or config cannot work (bad data) fails at once, with the reason.
 */
export function distributedRunner(context: WorkerContext, options: DistributedOptions): JobRunner {
  const prefix = options.prefix ?? 'dw';
  const connect = () => {
    const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    // ioredis prints an unheard error with its stack. It retries every second while Redis is away: the error is
    // said in the JSON log when it changes, not on every retry, and again after Redis has been back.
    let last = '';
    redis.on('error', (error: Error) => {
      if (error.message !== last) libraryLog('warn', 'redis', error);
      last = error.message;
    });
    redis.on('ready', () => (last = ''));
    return redis;
  };
  const queueConnection = connect();
  const workerConnections: Redis[] = [];
  const queues = new Map<Job, Queue>(
    JOBS.map((job) => [
      job,
      new Queue(job, {
        connection: queueConnection,
        prefix,
        defaultJobOptions: {
          attempts: options.attempts ?? 5,
          backoff: { type: 'exponential', delay: options.backoffMs ?? 5000 },
          removeOnComplete: { age: 7 * 24 * 3600 },
          removeOnFail: { age: 30 * 24 * 3600 },
        },
      }),
    ]),
  );
  for (const [job, queue] of queues) queue.on('error', (error) => libraryLog('error', `bullmq queue ${job}`, error));
  const workers = JOBS.map((job) => {
    const connection = connect();
    workerConnections.push(connection);
    const worker = new Worker<JobData, JobSummary>(job, (bullJob) => processJob(job, bullJob, context), { connection, prefix, concurrency: 1 });
    worker.on('failed', (failed, error) => {
      const attempts = failed?.opts.attempts ?? 1;
      const gaveUp = error instanceof UnrecoverableError || (failed?.attemptsMade ?? 0) >= attempts;
      const reason = error.message.split('\n')[0];
      if (gaveUp) context.logger.error({ job, jobId: failed?.id, attempts: failed?.attemptsMade, reason }, `${job} gave up: ${reason}`);
      else context.logger.warn({ job, jobId: failed?.id, attempt: failed?.attemptsMade, of: attempts, reason }, `${job} failed: tried again`);
    });
    worker.on('error', (error) => context.logger.error({ job, err: error }, 'queue worker error'));
    return worker;
  });
  return {
    mode: 'distributed',
    queues: [...queues.values()],
    async enqueue(job, jobId, tick) {
      await (queues.get(job) as Queue).add(job, { tick }, { jobId });
    },
    async stop() {
      // close() waits for the job in hand; a job cut off by a crash is taken up again by BullMQ's stalled check.
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all([...queues.values()].map((q) => q.close()));
      await Promise.all([queueConnection, ...workerConnections].map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}

async function processJob(job: Job, bullJob: BullJob<JobData, JobSummary>, context: WorkerContext): Promise<JobSummary> {
  const data = jobData.safeParse(bullJob.data);
  if (!data.success) throw new UnrecoverableError(`job ${bullJob.id} carries bad data: ${z.prettifyError(data.error)}`);
  try {
    return await runJob(job, context, { jobId: String(bullJob.id), tick: data.data.tick });
  } catch (error) {
    // Retrying cannot mend bad input or config: fail at once, saying why.
    if (error instanceof InputError || error instanceof ConfigError) throw new UnrecoverableError(`${job}: ${(error as Error).message}`);
    throw error;
  }
}
