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
