import { describe, expect, it } from 'vitest';
import { judgeReadiness } from '../../src/operations/readiness.js';

const NOW = Date.parse('2026-11-23T10:00:00+08:00');
const up = { ok: true, detail: 'answers' };
const down = { ok: false, detail: 'connect ECONNREFUSED 127.0.0.1:5432' };
const FIVE_MINUTES = 5 * 60_000;

describe('readiness (pure)', () => {
  // Each row: what the worker sees, and whether it is ready. The scan's limit is twice its period (10 minutes here).
  it.each([
    { name: 'all well, scan 4 minutes ago', database: up, redis: up, lastRunAt: '2026-11-23T09:56:00+08:00', ready: true },
    { name: 'embedded: no Redis to ask', database: up, redis: undefined, lastRunAt: '2026-11-23T09:56:00+08:00', ready: true },
    { name: 'scan exactly at the limit', database: up, redis: up, lastRunAt: '2026-11-23T09:50:00+08:00', ready: true },
    { name: 'scan a second past the limit (two ticks missed)', database: up, redis: up, lastRunAt: '2026-11-23T09:49:59+08:00', ready: false },
    { name: 'no scan yet', database: up, redis: up, lastRunAt: undefined, ready: false },
    { name: 'database down', database: down, redis: up, lastRunAt: '2026-11-23T09:56:00+08:00', ready: false },
    { name: 'Redis down', database: up, redis: down, lastRunAt: '2026-11-23T09:56:00+08:00', ready: false },
  ])('$name → ready: $ready', ({ database, redis, lastRunAt, ready }) => {
    const result = judgeReadiness({ database, redis, configLoaded: true, scan: { lastRunAt, periodMs: FIVE_MINUTES }, nowMillis: NOW });
    expect(result.ready).toBe(ready);
    expect(Object.keys(result.checks)).toEqual(redis ? ['database', 'redis', 'config', 'scan'] : ['database', 'config', 'scan']);
  });

  it('says how old the last scan is and what the limit is', () => {
    const result = judgeReadiness({ database: up, configLoaded: true, scan: { lastRunAt: '2026-11-23T09:40:00+08:00', periodMs: FIVE_MINUTES }, nowMillis: NOW });
    expect(result.checks.scan).toEqual({ ok: false, detail: 'last scan 2026-11-23T09:40:00+08:00, 1200 s ago (limit 600 s: twice its schedule)' });
  });
});
