import { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLedgerDatabase } from '../helpers/ledger-fixtures.js';
import { injectablePortal, linkFor, movableClock, openedSession, portalContext } from '../helpers/portal.js';
import { dropQueues, requireRedis, testQueuePrefix, TEST_REDIS_URL } from '../helpers/redis.js';

describe('the queue board (Bull Board at /admin/queues, distributed mode)', () => {
  const database = useLedgerDatabase('postgres');
  const prefix = testQueuePrefix();
  let connection: Redis;
  let queues: Queue[];
  let app: FastifyInstance;
  let context: ReturnType<typeof portalContext>;

  beforeAll(async () => {
    await requireRedis();
    connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    queues = ['scan', 'deliver'].map((name) => new Queue(name, { connection, prefix }));
    await queues[0]?.add('scan', { tick: '2026-11-23T09:00:00+08:00' }, { jobId: 'scan-20261123090000' });
    context = { ...portalContext(database.db, movableClock(DateTime.fromISO('2026-11-23T10:00:00+08:00', { setZone: true }))), queues };
    app = await injectablePortal(context);
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all((queues ?? []).map((q) => q.close()));
    await dropQueues(prefix);
    connection?.disconnect();
  });

  it('shows the queues and their jobs to the admins', async () => {
    const cookies = await openedSession(app, (await linkFor(context, 'admin', 'admin')).token);
    const page = await app.inject({ method: 'GET', url: '/admin/queues', cookies });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    // The board runs scripts of its own, from this origin only.
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("base-uri 'self'");
    // Its scripts are relative to its <base href="/admin/queues/">, and served behind the same session.
    expect(page.body).toContain('<base href="/admin/queues/" />');
    const script = /<script[^>]+src="([^"]+)"/.exec(page.body)?.[1] as string;
    expect((await app.inject({ method: 'GET', url: `/admin/queues/${script}`, cookies })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/admin/queues/${script}` })).statusCode).toBe(401);
    const api = await app.inject({ method: 'GET', url: '/admin/queues/api/queues', cookies });
    expect(api.statusCode).toBe(200);
    const names = (api.json() as { queues: Array<{ name: string; counts: Record<string, number> }> }).queues.map((q) => q.name).sort();
    expect(names).toEqual(['deliver', 'scan']);
    // The portal's own pages keep their CSP: no script at all.
    expect((await app.inject({ method: 'GET', url: '/admin', cookies })).headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('is refused without a session, and to a department or an office', async () => {
    expect((await app.inject({ method: 'GET', url: '/admin/queues' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/admin/queues/api/queues' })).statusCode).toBe(401);
    const clerk = await openedSession(app, (await linkFor(context, 'department', 'tinghu.czj')).token);
    expect((await app.inject({ method: 'GET', url: '/admin/queues/api/queues', cookies: clerk })).statusCode).toBe(403);
    const office = await openedSession(app, (await linkFor(context, 'supervisor', 'tinghu')).token);
    expect((await app.inject({ method: 'GET', url: '/admin/queues', cookies: office })).statusCode).toBe(403);
  });
});
