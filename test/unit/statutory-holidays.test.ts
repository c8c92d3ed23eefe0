import { describe, expect, it } from 'vitest';
import { statutoryHolidays } from '../../src/core/statutory-holidays.js';
import { loadTestConfig } from '../helpers/config.js';

const days = (year: number) => Object.fromEntries(statutoryHolidays(year).map((h) => [h.name, h.off]));

describe('statutory holidays (法定节假日, 《全国年节及纪念日放假办法》) for a year without its notice', () => {
  it.each([
    // year: 元旦, 春节 (除夕 … 初三 from 2025; 初一 … 初三 2014–2024; 除夕 … 初二 2008–2013), 清明, 劳动节, 端午, 中秋, 国庆.
    // Lunar dates and solar terms as any wall calendar (万年历) shows them.
    [2027, ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08'], '2027-04-05', ['2027-05-01', '2027-05-02'], '2027-06-09', '2027-09-15'],
    [2028, ['2028-01-25', '2028-01-26', '2028-01-27', '2028-01-28'], '2028-04-04', ['2028-05-01', '2028-05-02'], '2028-05-28', '2028-10-03'],
    [2017, ['2017-01-28', '2017-01-29', '2017-01-30'], '2017-04-04', ['2017-05-01'], '2017-05-30', '2017-10-04'],
    [2012, ['2012-01-22', '2012-01-23', '2012-01-24'], '2012-04-04', ['2012-05-01'], '2012-06-23', '2012-09-30'],
  ] as const)('%i', (year, spring, qingming, labour, dragonBoat, midAutumn) => {
    expect(days(year)).toEqual({
      元旦: [`${year}-01-01`],
      春节: spring,
      清明节: [qingming],
      劳动节: labour,
      端午节: [dragonBoat],
      中秋节: [midAutumn],
      国庆节: [`${year}-10-01`, `${year}-10-02`, `${year}-10-03`],
    });
  });

  it('estimates nothing before 2008 (no 清明, 端午 or 中秋 holiday then)', () => {
    expect(statutoryHolidays(2007)).toEqual([]);
  });

  it('gives, for every year whose notice is shipped, only days that notice gives off', () => {
    const wrong: string[] = [];
    for (const year of loadTestConfig().ruleBook.officialYears) {
      const off = new Set(year.holidays.flatMap((h) => h.off));
      for (const holiday of statutoryHolidays(year.year)) for (const date of holiday.off) if (!off.has(date)) wrong.push(`${year.year} ${holiday.name} ${date}`);
    }
    expect(wrong).toEqual([]);
  });
});
