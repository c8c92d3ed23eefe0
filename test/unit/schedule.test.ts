import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { jobIdFor, shouldFire, type Schedule } from '../../src/core/schedule.js';
import { loadTestConfig } from '../helpers/config.js';

const calendar = loadTestConfig().ruleBook.calendarFor('cn');
const at = (iso: string) => DateTime.fromISO(iso, { setZone: true });
const digest: Schedule = { id: 'digest', job: 'scan', cron: '0 9 * * *', workingDaysOnly: true, window: { from: { hour: 8, minute: 30 }, to: { hour: 17, minute: 30 } } };
const always: Schedule = { id: 'scan', job: 'scan', cron: '*/5 * * * *', workingDaysOnly: false };

describe('schedules', () => {
  it.each([
    ['2026-09-30T09:00:00+08:00', true, 'Wednesday before 国庆'],
    ['2026-10-01T09:00:00+08:00', false, '国庆'],
    ['2026-10-07T09:00:00+08:00', false, 'last day of 国庆'],
    ['2026-10-10T09:00:00+08:00', true, 'make-up Saturday (调休)'],
    ['2026-10-17T09:00:00+08:00', false, 'an ordinary Saturday'],
    ['2026-10-01T01:30:00Z', false, '09:30 in Beijing on 国庆, given in UTC'],
  ])('working days only: %s fires %s (%s)', (tick, fires) => {
    expect(shouldFire(digest, at(tick), calendar)).toBe(fires);
    expect(shouldFire(always, at(tick), calendar)).toBe(true);
  });

  it.each([
    ['2026-10-09T08:29:00+08:00', false, 'a minute before the window opens'],
    ['2026-10-09T08:30:00+08:00', true, 'as it opens'],
    ['2026-10-09T17:29:59+08:00', true, 'the last second inside'],
    ['2026-10-09T17:30:00+08:00', false, 'as it closes'],
    ['2026-10-09T01:00:00Z', true, '09:00 in Beijing, given in UTC'],
  ])('send window 08:30–17:30: a tick at %s fires %s (%s)', (tick, fires) => {
    expect(shouldFire(digest, at(tick), calendar)).toBe(fires);
  });

  it('a tick\'s job id is the schedule and the second, in Beijing time, without colons', () => {
    expect(jobIdFor(always, at('2026-11-21T01:05:00Z'))).toBe('scan-20261121090500');
  });
});
