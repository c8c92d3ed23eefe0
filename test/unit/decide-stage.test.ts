import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { decideStage, type LadderItem } from '../../src/core/decide-stage.js';
import type { Recipient } from '../../src/core/ladder.js';
import { loadTestConfig } from '../helpers/config.js';

const config = loadTestConfig();
const ladder = config.ladders.get('cn')!;
const calendar = config.ruleBook.calendarFor('cn');
const at = (iso: string) => DateTime.fromISO(iso, { setZone: true });

// general.active formed 2026-09-30: due Tue 2026-11-03 24:00. Working days around it (no holiday in November):
//   upcoming-3 10-29 (11-02, 10-30, 10-29), upcoming-1 11-02, due+0 11-03, overdue+1 11-04, escalated+3 11-06,
//   notice+10 11-17 (11-04..06, 11-09..13, 11-16, 11-17).
const days: LadderItem = { dueAt: '2026-11-03T23:59:59.999+08:00', dueDate: '2026-11-03', countsHours: false };
// hlj.procurement.process formed 2026-09-30: due 2026-10-13; counting back over 国庆 with the make-up Saturday 10-10:
//   upcoming-3 10-09 (10-12, 10-10, 10-09), upcoming-1 10-12.
const overHoliday: LadderItem = { dueAt: '2026-10-13T23:59:59.999+08:00', dueDate: '2026-10-13', countsHours: false };
// hlj.bidding.electronic received 2026-09-30 18:00: due 10-01 06:00 (12 natural hours); steps at 02:00, 06:00, 08:00.
const hours: LadderItem = { dueAt: '2026-10-01T06:00:00+08:00', dueDate: '2026-10-01', countsHours: true };

interface Row {
  what: string;
  item: LadderItem;
  lastStep?: string;
  now: string;
  step?: string;
  record: boolean;
  notify: Recipient[];
  next?: string;
}

describe('decideStage', () => {
  it.each<Row>([
    { what: 'before the first step', item: days, now: '2026-10-28T12:00:00+08:00', record: false, notify: [], next: '2026-10-29T00:00:00+08:00' },
    { what: 'the first reminder', item: days, now: '2026-10-29T09:00:00+08:00', step: 'upcoming-3', record: true, notify: ['department'], next: '2026-11-02T00:00:00+08:00' },
    { what: 'the same step again', item: days, lastStep: 'upcoming-3', now: '2026-10-30T09:00:00+08:00', step: 'upcoming-3', record: false, notify: ['department'], next: '2026-11-02T00:00:00+08:00' },
    { what: 'due day after a missed reminder: no stale T−1 mail', item: days, lastStep: 'upcoming-3', now: '2026-11-03T08:00:00+08:00', step: 'due+0', record: true, notify: ['department'], next: '2026-11-04T00:00:00+08:00' },
    { what: 'overdue copies the leader', item: days, lastStep: 'due+0', now: '2026-11-04T00:00:00+08:00', step: 'overdue+1', record: true, notify: ['department', 'leader'], next: '2026-11-06T00:00:00+08:00' },
    { what: 'a week down: only the current step, escalated', item: days, lastStep: 'upcoming-3', now: '2026-11-10T10:00:00+08:00', step: 'escalated+3', record: true, notify: ['department', 'leader', 'supervisor'], next: '2026-11-17T00:00:00+08:00' },
    { what: 'down past the notice: the skipped escalations\' people are told with it', item: days, lastStep: 'due+0', now: '2026-11-20T10:00:00+08:00', step: 'notice+10', record: true, notify: ['department', 'leader', 'supervisor'], next: undefined },
    { what: 'the top of the ladder, already recorded', item: days, lastStep: 'notice+10', now: '2026-11-20T10:00:00+08:00', step: 'notice+10', record: false, notify: ['supervisor'], next: undefined },
    { what: 'a recorded step past the current one (ladder changed) is not repeated', item: days, lastStep: 'due+0', now: '2026-10-29T09:00:00+08:00', step: 'upcoming-3', record: false, notify: ['department'], next: '2026-11-04T00:00:00+08:00' },
    { what: 'counting back over 国庆: T−3 on 10-09', item: overHoliday, now: '2026-10-09T08:00:00+08:00', step: 'upcoming-3', record: true, notify: ['department'], next: '2026-10-12T00:00:00+08:00' },
    { what: 'on the make-up Saturday, still T−3 (T−1 is Monday 10-12)', item: overHoliday, lastStep: 'upcoming-3', now: '2026-10-10T10:00:00+08:00', step: 'upcoming-3', record: false, notify: ['department'], next: '2026-10-12T00:00:00+08:00' },
    { what: 'hours ladder: four hours before', item: hours, now: '2026-10-01T03:00:00+08:00', step: 'upcoming-4', record: true, notify: ['department'], next: '2026-10-01T06:00:00+08:00' },
    { what: 'hours ladder: two hours late, holiday or not', item: hours, lastStep: 'upcoming-4', now: '2026-10-01T09:00:00+08:00', step: 'overdue+2', record: true, notify: ['department', 'leader', 'supervisor'], next: undefined },
  ])('$what', ({ item, lastStep, now, step, record, notify, next }) => {
    const decision = decideStage({ ...item, lastStep }, at(now), ladder, calendar);
    expect(decision.step?.key).toBe(step);
    expect(decision.record).toBe(record);
    expect(decision.notify).toEqual(notify);
    expect(decision.nextCheckAt).toBe(next);
  });

  it('a step begins at 00:00 Beijing time of its working day', () => {
    expect(decideStage(days, at('2026-10-29T00:00:00+08:00'), ladder, calendar).step).toEqual({ key: 'upcoming-3', stage: 'upcoming', since: '2026-10-29T00:00:00+08:00' });
    expect(decideStage(days, at('2026-10-28T23:59:59+08:00'), ladder, calendar).step).toBeUndefined();
  });
});
