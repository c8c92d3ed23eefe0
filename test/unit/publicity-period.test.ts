import { describe, expect, it } from 'vitest';
import { publicityShortfall } from '../../src/core/publicity-period.js';
import { loadTestConfig } from '../helpers/config.js';

const { ruleBook } = loadTestConfig();
const calendar = ruleBook.calendarFor('tinghu');

describe('minimum publicity periods (公示期不少于N日), counted from the publication, its day not counted', () => {
  it.each([
    // 招标投标法实施条例第五十四条: 公示期不得少于3日. Published 09-30: through 10-03 at least (natural days, 国庆 or not).
    ['national.bidding.candidates', '2026-09-30T16:00:00+08:00', '2026-10-02', '2026-10-03'],
    ['national.bidding.candidates', '2026-09-30T16:00:00+08:00', '2026-10-03', undefined],
    ['national.bidding.candidates', '2026-09-30', '2026-10-05T17:00:00+08:00', undefined],
    // 32号令第十三条: 预披露时间不得少于20个工作日. Published 09-28: 09-29 09-30(2) 10-08..10(5, 10-10 a make-up
    // Saturday) 10-12..16(10) 10-19..23(15) 10-26..30(20): through 10-30.
    ['national.property.predisclosure', '2026-09-28T10:00:00+08:00', '2026-10-29', '2026-10-30'],
    ['national.property.predisclosure', '2026-09-28T10:00:00+08:00', '2026-10-30', undefined],
  ])('%s published %s, period ends %s: short, should run through %s', (ruleId, publishedAt, periodEnd, required) => {
    const warning = publicityShortfall(ruleBook.rule(ruleId), publishedAt, periodEnd, calendar);
    if (required === undefined) expect(warning).toBeUndefined();
    else {
      expect(warning?.kind).toBe('publicityPeriod');
      expect(warning?.en).toContain(`it should have run through ${required}`);
      expect(warning?.zh).toContain(`应至少公示至${required}`);
    }
  });

  it('says nothing for a rule without a minimum, or without a publication or a period end', () => {
    expect(publicityShortfall(ruleBook.rule('general.active'), '2026-09-30', '2026-09-30', calendar)).toBeUndefined();
    expect(publicityShortfall(ruleBook.rule('national.bidding.candidates'), undefined, '2026-09-30', calendar)).toBeUndefined();
    expect(publicityShortfall(ruleBook.rule('national.bidding.candidates'), '2026-09-30', undefined, calendar)).toBeUndefined();
  });
});
