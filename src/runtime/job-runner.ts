import type { Queue } from 'bullmq';
import type { Job } from '../core/schedule.js';

/** Where a tick's job goes: run in this process (embedded) or put on a BullMQ queue (distributed). */
export interface JobRunner {
  readonly mode: 'embedded' | 'distributed';
  /** The BullMQ queues (distributed mode), for the admins' queue board. */
  readonly queues?: readonly Queue[] | undefined;
  /** Hands over a job under its id; a job id already handed over (by this or another replica) is not run again. */
  enqueue(job: Job, jobId: string, tick: string): Promise<void>;
  /** Stops taking work, lets the job in hand finish (or releases it), and closes the connections. */
  stop(): Promise<void>;
}
