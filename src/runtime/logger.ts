import { createRequire } from 'node:module';
import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs (one object per line, for collectors), or, with `pretty`, coloured lines for a person.
 * Times are ISO with the Beijing offset, whatever the machine's TZ.
 */
export function createLogger(options: { pretty?: boolean; level?: string } = {}): Logger {
  const base = {
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    base: { service: 'disclosure-watch' },
    timestamp: () => `,"time":"${shanghaiNow()}"`,
  };
  if (!options.pretty) return pino(base);
  // Loaded only for a person's terminal: a worker logging JSON never holds it (about 1 MB of heap).
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');
  return pino(base, pretty({ translateTime: false, ignore: 'pid,hostname,service', sync: true, destination: 1 }));
}

function shanghaiNow(): string {
  const millis = Date.now() + 8 * 3600_000;
  return `${new Date(millis).toISOString().slice(0, 23)}+08:00`;
}
