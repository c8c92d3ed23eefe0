import { Redis } from 'ioredis';

/** A connection of its own for /readyz: with no offline queue, a ping fails at once while Redis is down. */
export interface RedisProbe {
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function redisProbe(url: string): RedisProbe {
  const redis = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 2000, retryStrategy: () => 1000 });
  redis.on('error', () => undefined); // reported by the ping that fails
  return {
    async ping() {
      if (redis.status === 'wait') await redis.connect();
      await redis.ping();
    },
    async close() {
      redis.disconnect();
    },
  };
}
