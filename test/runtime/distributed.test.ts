import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import knex from 'knex';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job, Schedule } from '../../src/core/schedule.js';
import { composeMessages } from '../../src/delivery/compose.js';
import { draftItem } from '../../src/ledger/draft-item.js';
import { insertItems } from '../../src/ledger/item-store.js';
import { distributedRunner } from '../../src/runtime/distributed-runner.js';
import type { JobRunner } from '../../src/runtime/job-runner.js';
import { createLogger } from '../../src/runtime/logger.js';
import { startScheduler, tick } from '../../src/runtime/scheduler.js';
import { scan } from '../../src/monitor/scan.js';
import { loadTestConfig } from '../helpers/config.js';
import { facts, useLedgerDatabase } from '../helpers/ledger-fixtures.js';
import { dropQueues, requireRedis, TEST_REDIS_URL, testQueuePrefix } from '../helpers/redis.js';
import { MAIL, recordingTransport, workerContext } from '../helpers/worker-context.js';

const config = loadTestConfig();
const calendar = config.ruleBook.calendarFor('cn');
const at = (iso: string) => DateTime.fromISO(iso, { setZone: true });
// general.active formed 2026-09-30 is due 2026-11-03: its T−3 step (upcoming-3) comes on 2026-10-29.
const T_MINUS_3 = at('2026-10-29T09:00:00+08:00');
const scanSchedule = config.schedules.find((s) => s.job === 'scan') as Schedule;
const digestSchedule = config.schedules.find((s) => s.job === 'digest') as Schedule;

/** A queue to look into, with a connection of its own that `close` ends. */
function openQueue(prefix: string, job: Job): { queue: Queue; close(): Promise<void> } {
  const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(job, { connection, prefix });
  return { queue, close: async () => (await queue.close(), connection.disconnect()) };
}

/** Waits until a queue has finished (completed or failed) `count` jobs. */
async function settled(prefix: string, job: Job, count: number, timeoutMs = 15_000): Promise<{ completed: string[]; failed: string[] }> {
  const { queue, close } = openQueue(prefix, job);
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const completed = (await queue.getCompleted()).map((j) => String(j.id)).sort();
      const failed = (await queue.getFailed()).map((j) => String(j.id)).sort();
      if (completed.length + failed.length >= count) return { completed, failed };
      if (Date.now() > deadline) throw new Error(`${job}: ${completed.length + failed.length} of ${count} jobs finished in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await close();
  }
}

describe('the distributed mode (BullMQ on Redis, ledger on PostgreSQL)', () => {
  const database = useLedgerDatabase('postgres');
  const prefixes: string[] = [];
  const runners: JobRunner[] = [];
  beforeAll(requireRedis);
  afterAll(async () => {
    await Promise.all(runners.map((r) => r.stop()));
    await Promise.all(prefixes.map(dropQueues));
  });
  const replicas = (n: number, now: DateTime, options: { attempts?: number; backoffMs?: number } = {}) => {
    const prefix = testQueuePrefix();
    prefixes.push(prefix);
    const made = Array.from({ length: n }, () => distributedRunner(workerContext(database.db, now), { redisUrl: TEST_REDIS_URL, prefix, ...options }));
    runners.push(...made);
    return { prefix, runners: made };
  };

  it('two replicas firing the same tick make one job, and the step is written once', async () => {
    await insertItems(database.db, [draftItem(facts({ reference: 'R-1' }), config.ruleBook)], { actor: 'test', at: '2026-10-20T09:00:00+08:00' });
    const { prefix, runners: [a, b] } = replicas(2, T_MINUS_3);
    expect(await Promise.all([tick(scanSchedule, T_MINUS_3, calendar, a!), tick(scanSchedule, T_MINUS_3, calendar, b!)])).toEqual([true, true]);
    expect(await settled(prefix, 'scan', 1)).toEqual({ completed: ['scan-20261029090000'], failed: [] });
    // A replica whose clock ticks late hands over the same id, after the job is done: still one.
    await tick(scanSchedule, T_MINUS_3, calendar, b!);
    await new Promise((r) => setTimeout(r, 300));
    expect(await settled(prefix, 'scan', 1)).toEqual({ completed: ['scan-20261029090000'], failed: [] });
    expect(await database.db('notifications').where({ step: 'upcoming-3' }).count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it('node-cron in two replicas, ticking every second: every tick becomes exactly one job', async () => {
    const { prefix, runners: [a, b] } = replicas(2, T_MINUS_3);
    const handed: [string[], string[]] = [[], []];
    const counting = (runner: JobRunner, ids: string[]): JobRunner => ({ ...runner, enqueue: async (job, id, when) => (ids.push(id), runner.enqueue(job, id, when)) });
    const everySecond: Schedule = { id: 'every-second', job: 'scan', cron: '* * * * * *', workingDaysOnly: false };
    const silent = createLogger({ level: 'silent' });
    const schedulers = [startScheduler([everySecond], calendar, counting(a!, handed[0]), silent), startScheduler([everySecond], calendar, counting(b!, handed[1]), silent)];
    // Until both replicas have handed over the same two ticks (a replica whose timer fires late may skip a second).
    const both = () => handed[0].filter((id) => handed[1].includes(id));
    const deadline = Date.now() + 15_000;
    while (both().length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await Promise.all(schedulers.map((s) => s.stop()));
    expect(both().length).toBeGreaterThanOrEqual(2);
    // Each replica hands a tick over once at most; the ticks both handed over are one job each (below).
    for (const ids of handed) expect(new Set(ids).size).toBe(ids.length);
    const ticks = [...new Set(handed.flat())].sort();
    expect(ticks.every((id) => /^every-second-\d{14}$/.test(id))).toBe(true);
    expect((await settled(prefix, 'scan', ticks.length)).completed).toEqual(ticks);
  });

  it('a working-days-only schedule does not run on 国庆 or an ordinary Saturday, and runs on a make-up Saturday (调休)', async () => {
    const { prefix, runners: [runner] } = replicas(1, at('2026-10-10T09:00:00+08:00'));
    expect(digestSchedule.workingDaysOnly).toBe(true);
    expect(await tick(digestSchedule, at('2026-10-01T09:00:00+08:00'), calendar, runner!)).toBe(false);
    expect(await tick(digestSchedule, at('2026-10-10T09:00:00+08:00'), calendar, runner!)).toBe(true);
    expect(await tick(digestSchedule, at('2026-10-17T09:00:00+08:00'), calendar, runner!)).toBe(false);
    expect(await settled(prefix, 'digest', 1)).toEqual({ completed: ['digest-20261010090000'], failed: [] });
  });

  it('retries a job that failed for a passing reason with backoff, and fails bad data at once, saying why', async () => {
    const { prefix, runners: [runner] } = replicas(1, T_MINUS_3, { attempts: 3, backoffMs: 20 });
    // Bad data: retrying cannot help.
    const { queue, close } = openQueue(prefix, 'scan');
    await queue.add('scan', { tick: 'yesterday' }, { jobId: 'bad-data', attempts: 3 });
    await settled(prefix, 'scan', 1);
    const bad = await queue.getJob('bad-data');
    expect(bad?.attemptsMade).toBe(1);
    expect(bad?.failedReason).toMatch(/job bad-data carries bad data: .*tick/s);
    await runner!.stop();

    // The database unreachable: tried three times, then failed.
    const unreachable = knex({ client: 'pg', connection: 'postgres://postgres@127.0.0.1:1/test', pool: { min: 0, max: 1 }, acquireConnectionTimeout: 500 });
    const down = distributedRunner({ ...workerContext(unreachable, T_MINUS_3) }, { redisUrl: TEST_REDIS_URL, prefix, attempts: 3, backoffMs: 20 });
    runners.push(down);
    await down.enqueue('scan', 'db-down', T_MINUS_3.toISO() as string);
    await settled(prefix, 'scan', 2);
    const failed = await queue.getJob('db-down');
    expect(failed?.attemptsMade).toBe(3);
    expect(failed?.failedReason).toMatch(/ECONNREFUSED|connect/);
    await close();
    await unreachable.destroy();
  });

  it('on stop, a job in hand finishes (its mail is sent and recorded) before the connections close', async () => {
    const { db } = database;
    const day = at('2026-11-06T09:00:00+08:00');
    await insertItems(db, [draftItem(facts({ reference: 'S-1' }), config.ruleBook)], { actor: 'test', at: '2026-10-20T09:00:00+08:00' });
    await scan(db, { ruleBook: config.ruleBook, ladders: config.ladders }, day);
    await composeMessages(db, config, day, MAIL);
    let started!: () => void;
    const sending = new Promise<void>((r) => (started = r));
    const slow = recordingTransport(async () => {
      started();
      await new Promise((r) => setTimeout(r, 1000));
      return '250 OK';
    });
    const prefix = testQueuePrefix();
    prefixes.push(prefix);
    const runner = distributedRunner(workerContext(db, day, slow), { redisUrl: TEST_REDIS_URL, prefix });
    await runner.enqueue('deliver', 'deliver-1', day.toISO() as string);
    await sending;
    await runner.stop();
    expect(slow.sent.length).toBeGreaterThan(0);
    expect(await db('messages').where({ status: 'sending' }).count({ n: '*' })).toEqual([{ n: 0 }]);
    await expect(runner.enqueue('deliver', 'deliver-2', day.toISO() as string)).rejects.toThrow();
  });
});
