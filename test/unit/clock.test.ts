import { describe, expect, it } from 'vitest';
import { clockFromEnvironment } from '../../src/runtime/clock.js';

describe('DW_NOW', () => {
  it('starts the clock at the given moment, in Beijing time, and lets it run on', async () => {
    const clock = clockFromEnvironment({ DW_NOW: '2026-11-23T09:00:00+08:00' });
    const first = clock.now();
    expect(first.offset).toBe(480);
    expect(Math.abs(first.toMillis() - Date.parse('2026-11-23T01:00:00Z'))).toBeLessThan(1000);
    await new Promise((r) => setTimeout(r, 60));
    // A frozen clock never reached a retry's time or the next minute of a rate limit: mail waited for good.
    expect(clock.now().toMillis() - first.toMillis()).toBeGreaterThanOrEqual(50);
  });
});
