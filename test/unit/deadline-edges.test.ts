import { describe, expect, it } from 'vitest';
import { computeDeadline } from '../../src/core/deadline.js';
import { answerDueQuery } from '../../src/core/due-query.js';
import { InputError } from '../../src/core/errors.js';
import { loadTestConfig } from '../helpers/config.js';

const book = loadTestConfig().ruleBook;
const reply = (events: Record<string, unknown>, at = '2026-03-02T10:00:00+08:00') =>
  answerDueQuery(book, { rule: 'request.reply', at, events: events as never });

describe('request.reply: consultations pause a running clock only', () => {
  it('a consultation that begins after the reply was due does not move the deadline', () => {
    // 20 working days after Mon 2026-03-02: 2026-03-30 (no holiday in between).
    expect(reply({}).dueDate).toBe('2026-03-30');
    const answer = reply({ consultations: [{ from: '2026-05-20', to: '2026-05-29' }] });
    expect(answer.dueDate).toBe('2026-03-30');
    expect(answer.warnings).toEqual(['consultation from 2026-05-20 began after the reply was due (2026-03-30); it does not extend the deadline']);
  });

  it('a consultation that begins on the last day still pauses the clock', () => {
    // Paused (03-30, 04-03]: 03-31, 04-01, 04-02, 04-03 = 4 working days; 4 working days after 03-30 is 04-03.
    const answer = reply({ consultations: [{ from: '2026-03-30', to: '2026-04-03' }] });
    expect(answer.dueDate).toBe('2026-04-03');
    expect(answer.warnings).toEqual([]);
  });

  it('rejects events in an impossible order', () => {
    expect(() => reply({ supplementRequested: '2026-03-20T10:00:00+08:00', supplementReceived: '2026-03-10T10:00:00+08:00' })).toThrow(
      '"supplementReceived" (2026-03-10T10:00:00+08:00) is before the supplement was asked for (2026-03-20T10:00:00+08:00)',
    );
    expect(() => reply({ extensionApproved: '2025-01-01T00:00:00+08:00' })).toThrow(InputError);
    expect(() => reply({ supplementRequested: '2026-03-01T10:00:00+08:00' })).toThrow('before the request was received');
  });

  it('an extension approved after the reply was due does not move the deadline: the reply stays late (条例第三十三条)', () => {
    const answer = reply({ extensionApproved: '2026-04-01T10:00:00+08:00' });
    expect(answer.dueDate).toBe('2026-03-30');
    expect(answer.warnings).toEqual(['extension approved on 2026-04-01, after the reply was due (2026-03-30): it does not move the deadline, and the reply stays late (条例第三十三条)']);
    expect(answer.warningsZh).toEqual(['延期答复于2026-04-01批准，晚于答复期限（2026-03-30）：不延长期限，该答复仍属逾期（条例第三十三条）']);
  });

  it('an extension approved on the last day counts: +20 working days', () => {
    const answer = reply({ extensionApproved: '2026-03-30T16:00:00+08:00' });
    // 03-30 + 20 working days, 清明 04-04..06 skipped: 03-31..04-03(4) 04-07..10(8) 04-13..17(13) 04-20..24(18) 04-27 04-28(20).
    expect(answer.dueDate).toBe('2026-04-28');
    expect(answer.warnings).toEqual([]);
  });

  it('an extension approved during a consultation that was pausing the clock counts', () => {
    // Paused 03-30..04-03 (4 working days): due 04-03 without the extension, so one approved on 04-02 is in time.
    const answer = reply({ consultations: [{ from: '2026-03-30', to: '2026-04-03' }], extensionApproved: '2026-04-02T10:00:00+08:00' });
    // 20 + 20 working days from 03-02 is 04-28 (as above); the consultation's 4 more: 04-29, 04-30, 05-06, 05-07 (劳动节 05-01..05 off).
    expect(answer.dueDate).toBe('2026-05-07');
    expect(answer.warnings).toEqual([]);
  });
});

describe('provisional: only the days a count steps over', () => {
  it('an event day in an unloaded year is not counted, so it does not make the result provisional', () => {
    // Event on Sun 2017-12-31 (2017 not loaded): the count steps over 2018-01-01 (元旦 off) .. 01-10 only.
    const answer = answerDueQuery(book, { rule: 'general.licensing', at: '2017-12-31T10:00:00+08:00' });
    expect(answer).toMatchObject({ dueDate: '2018-01-10', provisional: false, missingYears: [] });
    // From Fri 2017-12-29 it steps over 12-30 and 12-31, whose status only 2017's notice settles.
    expect(answerDueQuery(book, { rule: 'general.licensing', at: '2017-12-29T10:00:00+08:00' })).toMatchObject({ provisional: true, missingYears: [2017] });
  });

  it('late December of an unloaded year waits for that year\'s and the next year\'s notices', () => {
    const answer = answerDueQuery(book, { rule: 'general.active', at: '2027-11-29T10:00:00+08:00' });
    expect(answer).toMatchObject({ dueDate: '2027-12-27', provisional: true, missingYears: [2027, 2028] });
  });

  it('a backwards count explains its due day when it is a make-up workday', () => {
    const answer = answerDueQuery(book, { rule: 'hlj.mining.project', at: '2026-11-06T10:00:00+08:00' });
    expect(answer.dueDate).toBe('2026-10-10');
    expect(answer.basis).toContain('2026-10-10 is a make-up workday');
  });
});

describe('date-only events', () => {
  const cutoff = { hour: 17, minute: 30 };
  const calendar = book.calendarFor('hlj');

  it('"before the event" with a date alone ends at the cut-off of the day before', () => {
    const deadline = computeDeadline({ rule: book.rule('hlj.mining.agreement'), events: { event: '2026-12-01' }, calendar, cutoff });
    expect(deadline.dueAt).toBe('2026-11-30T17:30:00+08:00');
  });

  it('an hour rule refuses a date without a time', () => {
    expect(() => computeDeadline({ rule: book.rule('hlj.bidding.electronic'), events: { received: '2026-12-01' }, calendar })).toThrow(
      'a 12-hour rule counts from the exact time',
    );
  });
});
