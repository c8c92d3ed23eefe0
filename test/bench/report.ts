/** Formats bench figures the same way everywhere: rate, ratio, and whether a target was met. */
export function perSecond(count: number, nanoseconds: bigint): number {
  return count / (Number(nanoseconds) / 1e9);
}

export function formatRate(rate: number): string {
  return rate >= 1e6 ? `${(rate / 1e6).toFixed(2)} M/s` : `${(rate / 1e3).toFixed(1)} k/s`;
}

export function verdict(ok: boolean): string {
  return ok ? 'PASS' : 'FAIL';
}

export function timed<T>(work: () => T): { result: T; nanoseconds: bigint } {
  const start = process.hrtime.bigint();
  const result = work();
  return { result, nanoseconds: process.hrtime.bigint() - start };
}

/** Runs work while sampling the process's resident memory; returns its time and the peak above the level before. */
export async function withPeakMemory<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number; peakMb: number }> {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const start = process.hrtime.bigint();
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, seconds: Number(process.hrtime.bigint() - start) / 1e9, peakMb: (peak - baseline) / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

/** The p-th percentile of some samples, by nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
