import { describe, expect, it } from 'vitest';
import { withStallLimit } from '../../src/intake/stall-limit.js';
import { UnreadableFileError } from '../../src/intake/table-row.js';

/** Rows that come at these delays (ms) after each other; after the last, nothing ever comes. */
async function* rowsAt(delays: readonly number[], thenHang: boolean): AsyncGenerator<number> {
  for (const [i, delay] of delays.entries()) {
    await new Promise((resolve) => setTimeout(resolve, delay));
    yield i;
  }
  if (thenHang) await new Promise(() => undefined);
}

async function collect(rows: AsyncIterable<number>): Promise<number[]> {
  const seen: number[] = [];
  for await (const row of rows) seen.push(row);
  return seen;
}

describe('the stall limit of a read', () => {
  it('passes rows that come within the limit, however long the whole read takes', async () => {
    expect(await collect(withStallLimit(rowsAt([40, 40, 40, 40, 40], false), 100, 'ok.xlsx'))).toEqual([0, 1, 2, 3, 4]);
  });

  it('stops a read that gives no row for the limit, naming the file, after the rows that came', async () => {
    const seen: number[] = [];
    const started = Date.now();
    const error = await (async () => {
      for await (const row of withStallLimit(rowsAt([10, 10], true), 150, 'stuck.xlsx')) seen.push(row);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([0, 1]);
    expect(error).toBeInstanceOf(UnreadableFileError);
    expect((error as Error).message).toMatch(/^stuck\.xlsx: no row came for 150 ms and the read was stopped/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('does not count the time the caller spends on a row', async () => {
    const seen: number[] = [];
    for await (const row of withStallLimit(rowsAt([0, 0, 0], false), 50, 'slow-caller.csv')) {
      seen.push(row);
      await new Promise((resolve) => setTimeout(resolve, 120));
    }
    expect(seen).toEqual([0, 1, 2]);
  });
});
