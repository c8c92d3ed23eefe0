import type { FastifyInstance } from 'fastify';
import type { PortalContext } from '../portal/portal-context.js';
import { lastJobRuns } from './job-runs.js';
import { meterLedger, registry } from './metrics.js';
import { judgeReadiness, type CheckState } from './readiness.js';

/** What the health endpoints are told by the worker that serves them. */
export interface HealthSources {
  /** Pings Redis (the distributed mode); absent in the embedded one. */
  readonly pingRedis?: (() => Promise<void>) | undefined;
  /** How often the scan's schedule fires (the readiness limit is twice this). */
  readonly scanPeriodMs: number;
}

/** The operations endpoints: answered without a session (an orchestrator sends no cookie). */
export const OPERATIONS_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);

/** A dependency that does not answer within this is down, as far as an orchestrator is concerned. */
const CHECK_TIMEOUT_MS = 2000;

async function probe(work: () => Promise<unknown>, okDetail: string): Promise<CheckState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS / 1000} s`)), CHECK_TIMEOUT_MS)));
  try {
    await Promise.race([work(), timeout]);
    return { ok: true, detail: okDetail };
  } catch (error) {
    return { ok: false, detail: (error as Error).message.split('\n')[0] ?? 'failed' };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * /metrics: Prometheus. /healthz: the process answers (liveness). /readyz: the ledger and Redis answer, the config is loaded, and the scan
 * keeps up; JSON with each check, 503 when one fails (readiness: an orchestrator sends no work, a monitor alerts).
 */
export function registerHealthRoutes(app: FastifyInstance, context: PortalContext, sources: HealthSources): void {
  const noStore = { 'cache-control': 'no-store' };
  meterLedger(context.db);
  // Prometheus scrapes it (dw_… metrics; ops/alerts.yml has the alerts to go with them).
  app.get('/metrics', { config: { rateLimit: false } }, async (_request, reply) => reply.type(registry.contentType).headers(noStore).send(await registry.metrics()));
  app.get('/healthz', { config: { rateLimit: false } }, async (_request, reply) => reply.headers(noStore).send({ status: 'ok' }));
  app.get('/readyz', { config: { rateLimit: false } }, async (_request, reply) => {
    const [database, redis] = await Promise.all([probe(() => context.db.raw('select 1'), 'answers'), sources.pingRedis ? probe(sources.pingRedis, 'answers') : undefined]);
    const runs = database.ok ? await lastJobRuns(context.db).catch(() => new Map()) : new Map();
    const readiness = judgeReadiness({
      database,
      redis,
      configLoaded: context.config !== undefined,
      scan: { lastRunAt: runs.get('scan'), periodMs: sources.scanPeriodMs },
      nowMillis: context.clock.now().toMillis(),
    });
    return reply
      .code(readiness.ready ? 200 : 503)
      .headers(noStore)
      .send({ status: readiness.ready ? 'ready' : 'not ready', checks: readiness.checks });
  });
}
