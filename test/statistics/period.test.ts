import { describe, expect, it } from 'vitest';
import { lastDayOf, monthsEndingWith, parsePeriod, periodOf, periodTitle } from '../../src/statistics/period.js';

describe('reporting periods (统计期间)', () => {
  it.each([
    // given, id, first day, day after the last, last day, title
    ['2026', '2026', '2026-01-01', '2027-01-01', '2026-12-31', '2026年'],
    ['2026-Q4', '2026-Q4', '2026-10-01', '2027-01-01', '2026-12-31', '2026年第四季度'],
    ['2026-q1', '2026-Q1', '2026-01-01', '2026-04-01', '2026-03-31', '2026年第一季度'],
    ['2024-02', '2024-02', '2024-02-01', '2024-03-01', '2024-02-29', '2024年2月'],
    ['2026-12', '2026-12', '2026-12-01', '2027-01-01', '2026-12-31', '2026年12月'],
  ])('%s', (given, id, start, end, last, title) => {
    const period = parsePeriod(given);
    expect(period).toMatchObject({ id, start, end });
    expect(lastDayOf(period)).toBe(last);
    expect(periodTitle(period)).toBe(title);
  });

  it.each(['2026-13', '2026-Q5', '26', '2026-11-01', 'Q4'])('refuses %s, naming the three forms', (given) => {
    expect(() => parsePeriod(given)).toThrow(`period "${given}" is not a year (2026), a quarter (2026-Q4) or a month (2026-11)`);
  });

  it('finds the period holding a date', () => {
    expect(periodOf('quarter', '2026-12-03').id).toBe('2026-Q4');
    expect(periodOf('quarter', '2026-04-01').id).toBe('2026-Q2');
    expect(periodOf('month', '2026-12-03').id).toBe('2026-12');
    expect(periodOf('year', '2026-12-03').id).toBe('2026');
  });

  it('lists the twelve months of the trend across a new year, oldest first', () => {
    expect(monthsEndingWith('2026-03-15', 12).map((p) => p.id)).toEqual([
      '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03',
    ]);
  });

  it('titles periods in English for English-speaking jurisdictions', () => {
    expect(periodTitle(parsePeriod('2026-Q4'), 'en')).toBe('2026 Q4');
  });
});
