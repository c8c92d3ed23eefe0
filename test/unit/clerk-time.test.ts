import { describe, expect, it } from 'vitest';
import { normaliseClerkTime } from '../../src/core/clerk-time.js';
import { parseLocalTime } from '../../src/core/shanghai-time.js';

describe('times as clerks type them', () => {
  // Each row: what a clerk typed → what the parser reads → the stored event (Asia/Shanghai).
  it.each([
    ['2026-11-05', '2026-11-05', '2026-11-05'],
    ['2026-11-05 14:30', '2026-11-05 14:30', '2026-11-05T14:30:00+08:00'],
    ['2026年11月5日', '2026-11-05', '2026-11-05'],
    ['2026年11月05日', '2026-11-05', '2026-11-05'],
    ['2026年11月5日14时30分', '2026-11-05 14:30', '2026-11-05T14:30:00+08:00'],
    ['2026年11月5日 14时30分', '2026-11-05 14:30', '2026-11-05T14:30:00+08:00'],
    ['2026年11月5日 14点', '2026-11-05 14:00', '2026-11-05T14:00:00+08:00'],
    ['2026年11月5日 9:05', '2026-11-05 09:05', '2026-11-05T09:05:00+08:00'],
    ['2026年11月5日14时30分15秒', '2026-11-05 14:30:15', '2026-11-05T14:30:15+08:00'],
    ['２０２６－１１－２０', '2026-11-20', '2026-11-20'],
    ['２０２６年１１月２０日　１４：３０', '2026-11-20 14:30', '2026-11-20T14:30:00+08:00'],
    ['20261120', '2026-11-20', '2026-11-20'],
    ['2026/9/30', '2026-09-30', '2026-09-30'],
    ['2026/9/30 9:05', '2026-09-30 09:05', '2026-09-30T09:05:00+08:00'],
    ['2026.9.30', '2026-09-30', '2026-09-30'],
    ['2026-9-3', '2026-09-03', '2026-09-03'],
    [' 2026-09-30 ', '2026-09-30', '2026-09-30'],
    ['2026-09-30T18:00:00+08:00', '2026-09-30T18:00:00+08:00', '2026-09-30T18:00:00+08:00'],
    ['2026-09-30T10:00:00Z', '2026-09-30T10:00:00Z', '2026-09-30T18:00:00+08:00'],
  ])('%s is read as %s', (typed, normalised, stored) => {
    expect(normaliseClerkTime(typed)).toBe(normalised);
    const time = parseLocalTime(typed);
    expect(time.dateOnly ? time.date : time.instant.toISO({ suppressMilliseconds: true })).toBe(stored);
  });

  it.each([
    ['2026年2月30日', 'time "2026年2月30日" is not an existing date'],
    ['20261301', 'time "20261301" is not an existing date'],
    ['2026年11月5日 25时', 'time "2026年11月5日 25时" does not exist'],
    ['九月三十日', 'time "九月三十日" is not a date or time; write it like 2026-09-30, 2026年9月30日 or 2026-09-30 18:00'],
    ['2026年11月', 'time "2026年11月" is not a date or time; write it like 2026-09-30, 2026年9月30日 or 2026-09-30 18:00'],
  ])('refuses %s', (typed, message) => {
    expect(() => parseLocalTime(typed)).toThrow(message);
  });
});
