import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { jobIdFor, missedTick, shouldFire, type Schedule } from '../../src/core/schedule.js';
import { cronMatcher } from '../../src/runtime/scheduler.js';
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

describe('a digest whose tick was lost', () => {
  const daily: Schedule = { id: 'digest', job: 'digest', cron: '30 8 * * *', workingDaysOnly: true, window: { from: { hour: 8, minute: 30 }, to: { hour: 17, minute: 30 } } };
  const twice: Schedule = { ...daily, cron: '30 8,14 * * *' };
  it.each([
    [daily, '2026-11-23T09:00:00+08:00', undefined, '2026-11-23T08:30:00.000+08:00', 'Monday 09:00, never ran'],
    [daily, '2026-11-23T09:00:00+08:00', '2026-11-20T08:30:05+08:00', '2026-11-23T08:30:00.000+08:00', 'last ran on Friday'],
    [daily, '2026-11-23T09:00:00+08:00', '2026-11-23T08:30:04+08:00', undefined, 'ran at its tick'],
    [daily, '2026-11-23T09:00:00+08:00', '2026-11-23T08:10:00+08:00', '2026-11-23T08:30:00.000+08:00', 'ran before its tick today: that run does not count for it'],
    [daily, '2026-11-23T08:29:00+08:00', undefined, undefined, 'before the tick and the window'],
    [daily, '2026-11-23T17:30:00+08:00', undefined, undefined, 'the window has closed: it waits for tomorrow'],
    [daily, '2026-10-01T09:00:00+08:00', undefined, undefined, '国庆: no tick that day'],
    [daily, '2026-10-10T09:00:00+08:00', '2026-09-30T08:30:05+08:00', '2026-10-10T08:30:00.000+08:00', 'make-up Saturday (调休), after the holiday'],
    [twice, '2026-11-23T15:00:00+08:00', '2026-11-23T08:30:03+08:00', '2026-11-23T14:30:00.000+08:00', 'two ticks a day: the 14:30 one was lost'],
    [daily, '2026-11-23T01:00:00Z', undefined, '2026-11-23T08:30:00.000+08:00', '09:00 in Beijing, given in UTC'],
  ])('%#: at %s, last run %s: missed %s (%s)', (schedule, now, lastRun, missed, _why) => {
    const tick = missedTick(schedule, at(now), calendar, lastRun === undefined ? undefined : at(lastRun), cronMatcher(schedule.cron));
    expect(tick?.toISO()).toBe(missed);
  });
});
