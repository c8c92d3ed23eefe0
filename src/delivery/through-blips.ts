import { setTimeout as sleep } from 'node:timers/promises';

export interface BlipOptions {
  /** Give up after trying this long (ms): the claim's lease covers what is then left unwritten. */
  readonly forMs: number;
  /** The first wait between tries; each further one doubles it, up to `maxDelayMs`. */
  readonly firstDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Told of each failed try that will be tried again. */
  readonly onRetry?: (tries: number, error: unknown) => void;
}

/**
 * Runs a database write until it succeeds or `forMs` has passed: a relay's answer outlives a database restart or a
 * dropped connection instead of being lost with it. An error the database would give again (bad data, a violated
 * constraint, a syntax error: SQLSTATE classes 22, 23 and 42) is not retried.
 */
export async function throughBlips<T>(write: () => Promise<T>, options: BlipOptions): Promise<T> {
  const deadline = performance.now() + options.forMs;
  let delay = options.firstDelayMs ?? 250;
  for (let tries = 1; ; tries++) {
    try {
      return await write();
    } catch (error) {
      if (isPermanent(error) || performance.now() + delay > deadline) throw error;
      options.onRetry?.(tries, error);
      await sleep(delay);
      delay = Math.min(delay * 2, options.maxDelayMs ?? 5000);
    }
  }
}

function isPermanent(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^(22|23|42)[0-9A-Z]{3}$/.test(code);
}
