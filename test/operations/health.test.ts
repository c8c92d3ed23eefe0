import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/ledger/database.js';
import { migrateLatest } from '../../src/ledger/migrate.js';
import { recordJobRun } from '../../src/operations/job-runs.js';
import { redisProbe, type RedisProbe } from '../../src/operations/redis-probe.js';
import { TEST_DATABASE_URL } from '../helpers/databases.js';
import { injectablePortal, movableClock, portalContext } from '../helpers/portal.js';
import { requireRedis, TEST_REDIS_URL } from '../helpers/redis.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const NOW = DateTime.fromISO('2026-11-23T10:00:00+08:00', { setZone: true });

/**
 * /healthz and /readyz against a real PostgreSQL and a real Redis, each reached through a proxy the test cuts and
 * restores (the services stopping and coming back, for this test alone).
 */
describe('health endpoints, with the database or Redis stopped and back', () => {
  const schema = `h_${randomBytes(5).toString('hex')}`;
  const clock = movableClock(NOW);
  let pgProxy: TcpProxy;
  let redisProxy: TcpProxy;
  let database: Database;
  let probe: RedisProbe;
  let app: FastifyInstance;

  beforeAll(async () => {
    await requireRedis();
    const pgUrl = new URL(TEST_DATABASE_URL);
    pgProxy = await startTcpProxy(pgUrl.hostname, Number(pgUrl.port || 5432));
    redisProxy = await startTcpProxy(new URL(TEST_REDIS_URL).hostname, Number(new URL(TEST_REDIS_URL).port || 6379));
    pgUrl.port = String(pgProxy.port);
    database = await openDatabase({ url: pgUrl.toString(), dataDir: '', schema });
    await migrateLatest(database);
    probe = redisProbe(`redis://127.0.0.1:${redisProxy.port}`);
    app = await injectablePortal({ ...portalContext(database.db, clock), health: { pingRedis: probe.ping, scanPeriodMs: 5 * 60_000 } });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await probe?.close();
    await database?.db.raw('drop schema ?? cascade', [schema]).catch(() => undefined);
    await database?.close();
    await pgProxy?.close();
    await redisProxy?.close();
  });

  const readyz = async () => {
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    return { status: response.statusCode, body: response.json() as { status: string; checks: Record<string, { ok: boolean; detail: string }> } };
  };
  /** /readyz asked every 250 ms until it answers 200 or `ms` have passed; its last answer. */
  const readyWithin = async (ms: number) => {
    const deadline = Date.now() + ms;
    let answer = await readyz();
    while (answer.status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      answer = await readyz();
    }
    return answer;
  };

  it('is not ready before the first scan, then ready; /healthz is always alive', async () => {
    expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const before = await readyz();
    expect(before.status).toBe(503);
    expect(before.body.checks.scan).toEqual({ ok: false, detail: 'no scan has run yet' });
    await recordJobRun(database.db, 'scan', NOW.minus({ minutes: 3 }));
    const after = await readyz();
    expect(after).toMatchObject({ status: 200, body: { status: 'ready', checks: { database: { ok: true }, redis: { ok: true }, config: { ok: true }, scan: { ok: true } } } });
  });

  it('answers 503 while PostgreSQL is down (liveness stays 200), and recovers when it is back', async () => {
    await pgProxy.cut();
    const down = await readyz();
    expect(down.status).toBe(503);
    expect(down.body.checks.database?.ok).toBe(false);
    expect(down.body.checks.redis?.ok).toBe(true);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    await pgProxy.restore();
    // The pool drops the connections the outage broke; a later check opens a fresh one (within 10 s, on a loaded machine).
    const back = await readyWithin(10_000);
    expect(back.status).toBe(200);
  });

  it('answers 503 while Redis is down, and recovers when it is back', async () => {
    await redisProxy.cut();
    const down = await readyz();
    expect(down.status).toBe(503);
    expect(down.body.checks.redis?.ok).toBe(false);
    expect(down.body.checks.database?.ok).toBe(true);
    await redisProxy.restore();
    const back = await readyWithin(10_000);
    expect(back.status).toBe(200);
  });

  it('answers 503 once the scan has missed two ticks of its schedule', async () => {
    // The last scan ran at 09:57; its schedule fires every 5 minutes, so 10:07 is the limit.
    clock.set(NOW.plus({ minutes: 7 }));
    expect((await readyz()).status).toBe(200);
    clock.set(NOW.plus({ minutes: 7, seconds: 1 }));
    const stale = await readyz();
    expect(stale.status).toBe(503);
    expect(stale.body.checks.scan?.detail).toContain('limit 600 s');
    clock.set(NOW);
  });
});
