import pg from 'pg';
import { redactIn, redactUrl } from './redact-url.js';
import { ServiceUnreachableError } from './service-errors.js';


/**
 * Checks each configured service once, with a time limit, and names every one that does not answer (a worker
 * that started anyway would hang on its first query or, with BullMQ, wait forever on its first job).
 */
export async function checkServices(services: { databaseUrl?: string | undefined; redisUrl?: string | undefined }, timeoutMs = 5000): Promise<void> {
  const checks: Array<Promise<string | undefined>> = [];
  if (services.databaseUrl) checks.push(answer('PostgreSQL', services.databaseUrl, 'DATABASE_URL', timeoutMs, () => pingPostgres(services.databaseUrl as string, timeoutMs)));
  if (services.redisUrl) checks.push(answer('Redis', services.redisUrl, 'REDIS_URL', timeoutMs, () => pingRedis(services.redisUrl as string, timeoutMs)));
  const problems = (await Promise.all(checks)).filter((p): p is string => p !== undefined);
  if (problems.length > 0) throw new ServiceUnreachableError(problems.join('\n'));
}

async function answer(name: string, url: string, variable: string, timeoutMs: number, ping: () => Promise<void>): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    await Promise.race([ping(), timeout]);
    return undefined;
  } catch (error) {
    return `${name} at ${redactUrl(url)} (${variable}) is unreachable: ${redactIn((error as Error).message, url)}. Start it (docker compose up -d), or check ${variable}.`;
  } finally {
    clearTimeout(timer);
  }
}

async function pingPostgres(url: string, timeoutMs: number): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('select 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function pingRedis(url: string, timeoutMs: number): Promise<void> {
  // Loaded only when Redis is configured: the embedded worker never holds ioredis.
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  redis.on('error', () => undefined); // reported through the rejected connect
  try {
    await redis.connect();
    await redis.ping();
  } finally {
    redis.disconnect();
  }
}
