import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { calendarYaml } from '../../src/calendar-notice/calendar-yaml.js';
import { applyAmendment, NoticeTextError, readYearNotice, type NoticeSchedule } from '../../src/calendar-notice/read-notice.js';
import { calendarYearSchema } from '../../src/config/schemas.js';

/** The notices as published (国务院办公厅关于YYYY年部分节假日安排的通知), each file saying where its text was taken from. */
const NOTICES = join(import.meta.dirname, '../fixtures/notices');
const notice = (name: string) => readFileSync(join(NOTICES, `${name}.txt`), 'utf8');
const shipped = (year: number) => calendarYearSchema.parse(parse(readFileSync(join(import.meta.dirname, '../../config/calendars', `${year}.yaml`), 'utf8')));

/** What a calendar file says, without its notes and sources: the facts a notice's text must reproduce. */
function facts(value: Pick<NoticeSchedule, 'year' | 'notice' | 'published' | 'amendedBy'> & { holidays: ReadonlyArray<{ name: string; off: readonly string[]; makeupWorkdays: readonly string[] }> }) {
  return {
    year: value.year,
    notice: value.notice,
    published: value.published,
    amendedBy: value.amendedBy,
    holidays: value.holidays.map(({ name, off, makeupWorkdays }) => ({ name, off, makeupWorkdays })),
  };
}

/** A year's notice with the later ones that changed it (2019: 劳动节 调整; 2020: 春节 延长). */
function read(year: number): NoticeSchedule {
  const base = readYearNotice(notice(String(year)), `${year}.txt`);
  return year === 2019 || year === 2020 ? applyAmendment(base, notice(`${year}-amendment`), `${year}-amendment.txt`) : base;
}

describe('calendar from-notice: every shipped calendar from its notice\'s text', () => {
  it.each([2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026])('%i', (year) => {
    const schedule = read(year);
    expect(facts(schedule)).toEqual(facts(shipped(year)));
    // The file it writes says the same, and passes the schema config check reads it with.
    expect(facts(calendarYearSchema.parse(parse(calendarYaml(schedule))))).toEqual(facts(shipped(year)));
  });

  it('keeps what a line says besides its dates', () => {
    expect(read(2025).holidays[0]).toMatchObject({ name: '元旦', off: ['2025-01-01'], note: '放假1天，不调休' });
    expect(read(2018).holidays[0]).toMatchObject({ note: '与周末连休' });
    // 2024's 鼓励…在除夕（2月9日）休息 is advice: 02-09 is not a day off.
    expect(read(2024).holidays[1]?.off[0]).toBe('2024-02-10');
  });
});

describe('a notice it cannot read whole is refused, line by line, and nothing is written', () => {
  const broken = notice('2026')
    .replace('1月1日（周四）至3日（周六）', '1月1日（周五）至3日（周六）')
    .replace('4月4日（周六）至6日（周一）放假，共3天', '4月4日（周六）至6日（周一）放假，共4天')
    .replace('五、端午节：', '五、端阳节：')
    .replace('9月20日（周日）、10月10日（周六）上班', '9月20日（周日）、10月10日（周六）补班');

  it('names each line with its number, its text and why', () => {
    let error: unknown;
    try {
      readYearNotice(broken, '2026.txt');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(NoticeTextError);
    const lines = (error as NoticeTextError).lines;
    expect(lines.map((l) => [l.line, l.why])).toEqual([
      [6, '2026-01-01 is not a 周五: it is a 周四'],
      [8, '"4月4日（周六）至6日（周一）放假，共4天" says 4 days, but 2026-04-04..2026-04-06 is 3'],
      [10, 'expected a festival\'s name (元旦、春节、清明节、劳动节、端午节、中秋节、国庆节) and a colon (：)'],
      [12, '"9月20日（周日）、10月10日（周六）补班" is neither the make-up workdays (…上班) nor advice (鼓励…)'],
    ]);
    expect(lines[0]?.text).toBe('一、元旦：1月1日（周五）至3日（周六）放假调休，共3天。1月4日（周日）上班。');
    expect((error as Error).message).toContain('2026.txt: the notice could not be read, nothing was written:\n  line 6: 一、元旦：');
  });

  it('wants all seven festivals, a title and a number', () => {
    expect(() => readYearNotice(notice('2026').replace(/^六、中秋节.*$/m, ''), '2026.txt')).toThrow('no line for 中秋节: a notice names all seven festivals');
    expect(() => readYearNotice('一、元旦：1月1日放假。', 'x.txt')).toThrow('not a notice: its title (国务院办公厅关于YYYY年部分节假日安排的通知) and its number (国办发明电〔YYYY〕N号) are missing');
    expect(() => applyAmendment(read(2026), notice('2019-amendment'), '2019-amendment.txt')).toThrow('amends 2019, but the notice read first is for 2026');
  });
});
