import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { lapsedStatus, settledStatus } from '../../src/ledger/request-state.js';

describe('a request\'s state from its events (补正, 条例第三十条)', () => {
  it.each([
    ['open', true, 'awaiting_supplement'],
    ['open', false, 'open'],
    ['awaiting_supplement', false, 'open'],
    ['abandoned', true, 'abandoned'],
    ['abandoned', false, 'open'],
    ['published', true, 'published'],
    ['exempt', true, 'exempt'],
    ['withdrawn', false, 'withdrawn'],
  ] as const)('%s, awaiting the supplement: %s → %s', (stated, awaiting, settled) => {
    expect(settledStatus(stated, awaiting)).toBe(settled);
  });

  // The 补正 period ends 2026-02-26 24:00 (a date alone: the requester has the whole day).
  const item = { status: 'awaiting_supplement' as const, dueAt: '2026-02-26T23:59:59.999+08:00' };
  it.each([
    ['2026-02-26T23:59:00+08:00', 'awaiting_supplement'],
    ['2026-02-27T00:00:00+08:00', 'abandoned'],
    // The machine's zone does not matter: the same instant written in UTC.
    ['2026-02-26T16:00:00Z', 'abandoned'],
  ])('at %s it is %s', (now, status) => {
    expect(lapsedStatus(item, DateTime.fromISO(now, { setZone: true }))).toBe(status);
  });

  it('only a request awaiting its supplement lapses', () => {
    expect(lapsedStatus({ status: 'open', dueAt: item.dueAt }, DateTime.fromISO('2026-03-10T00:00:00+08:00'))).toBe('open');
  });
});
