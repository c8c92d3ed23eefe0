/**
 * Working-day counts across the official holiday boundaries of 2019–2026 (国务院办公厅节假日安排通知).
 *
 * Every expected value below was worked out from config/calendars/*.yaml by walking the calendar day by day,
 * NOT by running this project's code. Each row's comment names the days that decide it, so a reader can check
 * it against the notice: "off" = 放假, "worked" = 调休上班 (a make-up Saturday/Sunday).
 * Rule: "N working days after D" is the N-th working day after D, D itself not counted; negative N counts
 * backwards from D, D not counted.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { answerDueQuery } from '../../src/core/due-query.js';

const { ruleBook } = loadConfig(new URL('../../config', import.meta.url).pathname, { today: '2026-11-21' });
const cal = ruleBook.calendarFor('cn');

describe('addWorkingDays forwards across holiday boundaries', () => {
  it.each<[from: string, n: number, expected: string]>([
    // ── 元旦 2019 (2019 notice reaches into 2018): Sat 12-29 worked; 12-30, Mon 12-31, 01-01 off
    ['2018-12-28', 1, '2018-12-29'], // Fri → make-up Sat 12-29
    ['2018-12-29', 1, '2019-01-02'], // event ON make-up Sat 12-29; 12-30..01-01 off → Wed 01-02
    ['2018-12-30', 1, '2019-01-02'], // event ON a holiday (Sun 12-30): count starts after it → Wed 01-02
    ['2018-12-28', 5, '2019-01-07'], // 12-29(1) [12-30..01-01 off] 01-02(2) 01-03(3) 01-04(4) Mon 01-07(5)

    // ── 春节 2019: 02-04..02-10 off; Sat 02-02 and Sun 02-03 worked
    ['2019-02-01', 1, '2019-02-02'], // Fri → make-up Sat 02-02
    ['2019-02-03', 1, '2019-02-11'], // event ON make-up Sun 02-03; 02-04..10 off → Mon 02-11
    ['2019-01-25', 20, '2019-02-27'], // 01-28..02-01(5) 02-02(6) 02-03(7) [02-04..10 off] 02-11..15(12) 02-18..22(17) 02-25..27(20)

    // ── 劳动节 2019 as amended (国办发明电〔2019〕3号): 05-01..05-04 off; Sun 04-28 and Sun 05-05 worked
    ['2019-04-26', 1, '2019-04-28'], // Fri → make-up Sun 04-28
    ['2019-04-30', 1, '2019-05-05'], // Tue; 05-01..04 off → make-up Sun 05-05
    ['2019-04-30', 2, '2019-05-06'], // 05-05 Sun(1), Mon 05-06(2)
    ['2019-04-25', 7, '2019-05-07'], // 04-26(1) 04-28 Sun(2) 04-29(3) 04-30(4) [05-01..04 off] 05-05 Sun(5) 05-06(6) 05-07(7)

    // ── 国庆 2019: 10-01..10-07 off; Sun 09-29 and Sat 10-12 worked
    ['2019-09-27', 1, '2019-09-29'], // Fri → make-up Sun 09-29
    ['2019-09-30', 1, '2019-10-08'], // Mon; 10-01..07 off → Tue 10-08
    ['2019-09-30', 5, '2019-10-12'], // 10-08(1) 10-09 10-10 10-11(4) make-up Sat 10-12(5)
    ['2019-09-20', 20, '2019-10-23'], // 09-23..27(5) 09-29 Sun(6) 09-30(7) [10-01..07 off] 10-08..12(12) 10-14..18(17) 10-21..23(20)

    // ── 春节 2020 with the COVID extension (国办发明电〔2020〕1号): 01-24..02-02 off (Sat 02-01 NO LONGER worked);
    //    Sun 01-19 worked; work resumes Mon 02-03
    ['2020-01-18', 1, '2020-01-19'], // event on an ordinary Sat → make-up Sun 01-19
    ['2020-01-23', 1, '2020-02-03'], // Thu; 01-24..02-02 off (extension) → Mon 02-03, not the original make-up Sat 02-01
    ['2020-01-31', 1, '2020-02-03'], // event ON an extension holiday (Fri 01-31) → Mon 02-03
    ['2020-01-23', 5, '2020-02-07'], // 02-03(1) .. 02-07(5)
    ['2020-01-20', 20, '2020-02-25'], // 01-21..23(3) [01-24..02-02 off] 02-03..07(8) 02-10..14(13) 02-17..21(18) 02-24(19) 02-25(20)

    // ── 国庆·中秋 2020: 10-01..10-08 off; Sun 09-27 and Sat 10-10 worked
    ['2020-09-25', 1, '2020-09-27'], // Fri → make-up Sun 09-27
    ['2020-09-30', 1, '2020-10-09'], // Wed; 10-01..08 off → Fri 10-09
    ['2020-09-30', 2, '2020-10-10'], // 10-09(1) make-up Sat 10-10(2)
    ['2020-09-30', 7, '2020-10-16'], // 10-09(1) 10-10(2) 10-12..16(7)

    // ── 元旦 2021: 01-01..01-03 off, no make-up day
    ['2020-12-31', 1, '2021-01-04'], // Thu → Mon 01-04

    // ── 春节 2021: 02-11..02-17 off; Sun 02-07 and Sat 02-20 worked
    ['2021-02-05', 1, '2021-02-07'], // Fri → make-up Sun 02-07
    ['2021-02-10', 1, '2021-02-18'], // Wed; 02-11..17 off → Thu 02-18
    ['2021-02-10', 3, '2021-02-20'], // 02-18(1) 02-19(2) make-up Sat 02-20(3)

    // ── 国庆 2021: 10-01..10-07 off; Sun 09-26 and Sat 10-09 worked
    ['2021-09-24', 1, '2021-09-26'], // Fri → make-up Sun 09-26
    ['2021-09-30', 1, '2021-10-08'], // Thu; 10-01..07 off → Fri 10-08
    ['2021-09-30', 2, '2021-10-09'], // 10-08(1) make-up Sat 10-09(2)
    ['2021-09-30', 20, '2021-11-03'], // 10-08(1) 10-09(2) 10-11..15(7) 10-18..22(12) 10-25..29(17) 11-01..03(20)

    // ── 春节 2022: 01-31..02-06 off; Sat 01-29 and Sun 01-30 worked
    ['2022-01-28', 1, '2022-01-29'], // Fri → make-up Sat 01-29
    ['2022-01-28', 3, '2022-02-07'], // 01-29(1) 01-30(2) [01-31..02-06 off] Mon 02-07(3)
    ['2022-01-30', 1, '2022-02-07'], // event ON make-up Sun 01-30 → Mon 02-07

    // ── 国庆 2022: 10-01..10-07 off; Sat 10-08 and Sun 10-09 worked
    ['2022-09-30', 1, '2022-10-08'], // Fri; 10-01..07 off → make-up Sat 10-08
    ['2022-09-30', 7, '2022-10-14'], // 10-08(1) 10-09(2) 10-10..14(7)

    // ── 元旦 2023 (2023 notice reaches into 2022): 2022-12-31, 01-01, Mon 01-02 off
    ['2022-12-30', 1, '2023-01-03'], // Fri → Tue 01-03

    // ── 春节 2023: 01-21..01-27 off; Sat 01-28 and Sun 01-29 worked
    ['2023-01-20', 1, '2023-01-28'], // Fri; 01-21..27 off → make-up Sat 01-28
    ['2023-01-20', 20, '2023-02-22'], // 01-28(1) 01-29(2) 01-30..02-03(7) 02-06..10(12) 02-13..17(17) 02-20..22(20)

    // ── 中秋·国庆 2023: 09-29..10-06 off; Sat 10-07 and Sun 10-08 worked
    ['2023-09-28', 1, '2023-10-07'], // Thu; 09-29..10-06 off → make-up Sat 10-07
    ['2023-09-28', 3, '2023-10-09'], // 10-07(1) 10-08(2) Mon 10-09(3)
    ['2023-09-28', 20, '2023-11-01'], // 10-07(1) 10-08(2) 10-09..13(7) 10-16..20(12) 10-23..27(17) 10-30..11-01(20)

    // ── 春节 2024: 02-10..02-17 off (除夕 Fri 02-09 is a working day); Sun 02-04 and Sun 02-18 worked
    ['2024-02-02', 1, '2024-02-04'], // Fri → make-up Sun 02-04
    ['2024-02-08', 1, '2024-02-09'], // Thu → 除夕 Fri 02-09, an ordinary working day
    ['2024-02-09', 1, '2024-02-18'], // Fri; 02-10..17 off → make-up Sun 02-18

    // ── 国庆 2024: 10-01..10-07 off; Sun 09-29 and Sat 10-12 worked
    ['2024-09-27', 1, '2024-09-29'], // Fri → make-up Sun 09-29
    ['2024-09-30', 1, '2024-10-08'], // Mon; 10-01..07 off → Tue 10-08
    ['2024-09-30', 5, '2024-10-12'], // 10-08(1) .. 10-11(4) make-up Sat 10-12(5)

    // ── 元旦 2025: 01-01 off only, no make-up day
    ['2024-12-31', 1, '2025-01-02'], // Tue → Thu 01-02

    // ── 春节 2025: 01-28..02-04 off; Sun 01-26 and Sat 02-08 worked
    ['2025-01-24', 1, '2025-01-26'], // Fri → make-up Sun 01-26
    ['2025-01-27', 1, '2025-02-05'], // Mon; 01-28..02-04 off → Wed 02-05
    ['2025-01-27', 4, '2025-02-08'], // 02-05(1) 02-06 02-07(3) make-up Sat 02-08(4)
    ['2025-01-20', 20, '2025-02-21'], // 01-21..24(4) 01-26 Sun(5) 01-27(6) [off] 02-05..07(9) 02-08(10) 02-10..14(15) 02-17..21(20)

    // ── 国庆·中秋 2025: 10-01..10-08 off; Sun 09-28 and Sat 10-11 worked
    ['2025-09-26', 1, '2025-09-28'], // Fri → make-up Sun 09-28
    ['2025-09-30', 1, '2025-10-09'], // Tue; 10-01..08 off → Thu 10-09
    ['2025-09-30', 3, '2025-10-11'], // 10-09(1) 10-10(2) make-up Sat 10-11(3)
    ['2025-09-30', 20, '2025-11-04'], // 10-09(1) 10-10(2) 10-11(3) 10-13..17(8) 10-20..24(13) 10-27..31(18) 11-03(19) 11-04(20)

    // ── 元旦 2026 (from 2025-12-31 into 2026): 01-01..01-03 off; Sun 01-04 worked
    ['2025-12-31', 1, '2026-01-04'], // Wed; 01-01..03 off → make-up Sun 01-04
    ['2025-12-31', 2, '2026-01-05'], // 01-04(1) Mon 01-05(2)

    // ── 春节 2026: 02-15..02-23 off (9 days); Sat 02-14 and Sat 02-28 worked
    ['2026-02-13', 1, '2026-02-14'], // Fri → make-up Sat 02-14
    ['2026-02-14', 1, '2026-02-24'], // event ON make-up Sat 02-14; 02-15..23 off → Tue 02-24
    ['2026-02-16', 1, '2026-02-24'], // event ON a holiday (Mon 02-16) → Tue 02-24
    ['2026-02-14', 5, '2026-02-28'], // 02-24(1) 02-25 02-26 02-27(4) make-up Sat 02-28(5)
    ['2026-02-10', 20, '2026-03-16'], // 02-11..13(3) 02-14(4) [off] 02-24..27(8) 02-28(9) 03-02..06(14) 03-09..13(19) 03-16(20)

    // ── 劳动节 2026: 05-01..05-05 off; Sat 05-09 worked
    ['2026-04-30', 1, '2026-05-06'], // Thu; 05-01..05 off → Wed 05-06
    ['2026-04-30', 4, '2026-05-09'], // 05-06(1) 05-07 05-08(3) make-up Sat 05-09(4)

    // ── 国庆 2026: 10-01..10-07 off; Sun 09-20 and Sat 10-10 worked (中秋 09-25..27 off just before)
    ['2026-09-18', 1, '2026-09-20'], // Fri → make-up Sun 09-20
    ['2026-09-30', 1, '2026-10-08'], // Wed; 10-01..07 off → Thu 10-08
    ['2026-09-30', 3, '2026-10-10'], // 10-08(1) 10-09(2) make-up Sat 10-10(3)
    ['2026-09-30', 20, '2026-11-03'], // 10-08 10-09 10-10(3) 10-12..16(8) 10-19..23(13) 10-26..30(18) 11-02(19) 11-03(20)
    ['2026-10-03', 1, '2026-10-08'], // event ON a holiday (Sat 10-03) → Thu 10-08
    ['2026-10-10', 1, '2026-10-12'], // event ON make-up Sat 10-10 → Mon 10-12 (Sun 10-11 is an ordinary weekend day)
  ])('%s + %i working days = %s', (from, n, expected) => {
    expect(cal.addWorkingDays(from, n)).toBe(expected);
  });
});

describe('addWorkingDays backwards across holiday boundaries', () => {
  it.each<[from: string, n: number, expected: string]>([
    ['2026-10-12', -1, '2026-10-10'], // Mon → make-up Sat 10-10 (国庆 2026)
    ['2026-10-12', -3, '2026-10-08'], // 10-10(1) 10-09(2) 10-08(3)
    ['2026-10-08', -1, '2026-09-30'], // Thu; 10-01..07 off → Wed 09-30
    ['2026-10-05', -1, '2026-09-30'], // from a holiday (Mon 10-05) → Wed 09-30
    // 10-10(1) 10-09 10-08(3) [国庆 off] 09-30..28(6) [中秋 09-25..27 off] 09-24..21(10) Sun 09-20(11) 09-18..14(16) 09-11..08(20)
    ['2026-10-12', -20, '2026-09-08'],
    ['2026-02-24', -1, '2026-02-14'], // Tue; 春节 02-15..23 off → make-up Sat 02-14
    // 02-14(1) 02-13..09(6) 02-06..02(11) 01-30..26(16) 01-23..20(20)
    ['2026-02-24', -20, '2026-01-20'],
    ['2026-01-05', -1, '2026-01-04'], // Mon → make-up Sun 01-04 (元旦 2026)
    ['2026-01-04', -1, '2025-12-31'], // from make-up Sun 01-04; 01-01..03 off → Wed 2025-12-31
    ['2019-01-02', -1, '2018-12-29'], // Wed; 12-30..01-01 off → make-up Sat 2018-12-29 (2019 notice)
    ['2023-01-03', -1, '2022-12-30'], // Tue; 2022-12-31..01-02 off (2023 notice) → Fri 2022-12-30
    ['2020-02-03', -1, '2020-01-23'], // Mon; extended 春节 01-24..02-02 off → Thu 01-23
    // 01-23..20(4) make-up Sun 01-19(5) 01-17..13(10) 01-10..06(15) 01-03 01-02(17) [01-01 off] 2019-12-31 12-30 12-27(20)
    ['2020-02-03', -20, '2019-12-27'],
    ['2019-05-06', -1, '2019-05-05'], // Mon → make-up Sun 05-05 (劳动节 2019 amended)
    ['2019-05-05', -1, '2019-04-30'], // from make-up Sun 05-05; 05-01..04 off → Tue 04-30
    // [10-01..08 off] 09-30 09-29(2) make-up Sun 09-28(3) 09-26..22(8) 09-19..15(13) 09-12..08(18) 09-05 09-04(20)
    ['2025-10-09', -20, '2025-09-04'],
  ])('%s %i working days = %s', (from, n, expected) => {
    expect(cal.addWorkingDays(from, n)).toBe(expected);
  });
});

describe('isWorkingDay on holiday and make-up days', () => {
  it.each<[date: string, working: boolean]>([
    ['2018-12-29', true], // Sat, make-up for 元旦 2019 (in the 2019 notice)
    ['2018-12-30', false], // Sun, 元旦 2019
    ['2018-12-31', false], // Mon, 元旦 2019 off although a weekday
    ['2019-01-01', false], // 元旦
    ['2019-01-02', true], // Wed, back to work
    ['2019-04-28', true], // Sun, make-up for the amended 劳动节 2019
    ['2019-05-02', false], // Thu, amended 劳动节 2019
    ['2019-05-03', false], // Fri, amended 劳动节 2019
    ['2019-05-05', true], // Sun, make-up for the amended 劳动节 2019
    ['2019-10-07', false], // Mon, 国庆 2019
    ['2019-10-12', true], // Sat, make-up for 国庆 2019
    ['2020-01-19', true], // Sun, make-up for 春节 2020
    ['2020-01-31', false], // Fri, 春节 2020 extension
    ['2020-02-01', false], // Sat: a make-up day in the original notice, cancelled by the extension
    ['2020-02-03', true], // Mon, work resumes after the extension
    ['2020-10-08', false], // Thu, 国庆·中秋 2020
    ['2020-10-10', true], // Sat, make-up for 国庆 2020
    ['2021-02-20', true], // Sat, make-up for 春节 2021
    ['2021-09-26', true], // Sun, make-up for 国庆 2021
    ['2022-01-29', true], // Sat, make-up for 春节 2022
    ['2022-01-30', true], // Sun, make-up for 春节 2022
    ['2022-10-07', false], // Fri, 国庆 2022
    ['2022-10-08', true], // Sat, make-up for 国庆 2022
    ['2022-10-09', true], // Sun, make-up for 国庆 2022
    ['2022-12-31', false], // Sat, 元旦 2023 (in the 2023 notice)
    ['2023-01-02', false], // Mon, 元旦 2023
    ['2023-01-28', true], // Sat, make-up for 春节 2023
    ['2023-09-29', false], // Fri, 中秋·国庆 2023
    ['2023-10-07', true], // Sat, make-up for 国庆 2023
    ['2024-02-09', true], // Fri, 除夕 2024 is a normal working day
    ['2024-02-16', false], // Fri, 春节 2024
    ['2024-02-18', true], // Sun, make-up for 春节 2024
    ['2024-10-12', true], // Sat, make-up for 国庆 2024
    ['2025-01-26', true], // Sun, make-up for 春节 2025
    ['2025-02-04', false], // Tue, 春节 2025
    ['2025-02-08', true], // Sat, make-up for 春节 2025
    ['2025-10-08', false], // Wed, 国庆·中秋 2025
    ['2025-10-11', true], // Sat, make-up for 国庆 2025
    ['2025-12-31', true], // Wed, ordinary working day
    ['2026-01-02', false], // Fri, 元旦 2026
    ['2026-01-04', true], // Sun, make-up for 元旦 2026
    ['2026-02-14', true], // Sat, make-up for 春节 2026
    ['2026-02-23', false], // Mon, last day of 春节 2026
    ['2026-02-28', true], // Sat, make-up for 春节 2026
    ['2026-05-09', true], // Sat, make-up for 劳动节 2026
    ['2026-09-20', true], // Sun, make-up for 国庆 2026
    ['2026-09-25', false], // Fri, 中秋 2026
    ['2026-10-07', false], // Wed, 国庆 2026
    ['2026-10-10', true], // Sat, make-up for 国庆 2026
    ['2026-10-11', false], // Sun, ordinary weekend
  ])('%s working: %s', (date, working) => {
    expect(cal.isWorkingDay(date)).toBe(working);
  });
});

describe('workingDaysBetween across holidays', () => {
  it.each<[from: string, to: string, expected: number]>([
    ['2026-09-30', '2026-11-03', 20], // inverse of 2026-09-30 + 20
    ['2026-09-30', '2026-10-10', 3], // (09-30, 10-10]: 10-08, 10-09, make-up Sat 10-10
    ['2026-10-12', '2026-10-08', -3], // [10-08, 10-12): 10-08, 10-09, 10-10
    ['2026-10-01', '2026-10-07', 0], // entirely inside 国庆 2026
    ['2020-01-23', '2020-02-03', 1], // (01-23, 02-03]: only Mon 02-03 (extended 春节)
    ['2019-04-30', '2019-05-05', 1], // (04-30, 05-05]: only make-up Sun 05-05
    ['2018-12-28', '2019-01-02', 2], // make-up Sat 12-29 and Wed 01-02
    ['2026-02-13', '2026-02-28', 6], // 02-14, 02-24..27, 02-28
  ])('(%s, %s] holds %i working days', (from, to, expected) => {
    expect(cal.workingDaysBetween(from, to)).toBe(expected);
  });
});

describe('2027: no notice loaded, counted Mon–Fri minus the statutory holidays, and provisional', () => {
  it.each<[from: string, n: number, expected: string]>([
    // 12-16..18(3) 12-21..25(8) 12-28..31(12), Fri 2027-01-01 元旦 by law, 01-04..08(17) 01-11..13(20)
    ['2026-12-15', 20, '2027-01-13'],
    ['2026-12-31', 1, '2027-01-04'], // Fri 2027-01-01 is 元旦 whatever the notice will say; then the weekend
    ['2027-09-30', 1, '2027-10-04'], // Thu → Fri 10-01 国庆 (10-01..03 by law), the weekend, Mon 10-04
  ])('%s + %i working days = %s', (from, n, expected) => {
    expect(cal.addWorkingDays(from, n)).toBe(expected);
  });

  it.each<[date: string, working: boolean]>([
    ['2027-01-01', false], // Fri: 元旦, a statutory holiday even with no 2027 notice
    ['2027-01-02', false], // Sat
  ])('isWorkingDay(%s) = %s', (date, working) => {
    expect(cal.isWorkingDay(date)).toBe(working);
  });

  it.each<{ at: string; rule: string; dueDate: string; provisional: boolean; missingYears: number[] }>([
    // the count reaches 2027 (see above)
    { at: '2026-12-15', rule: 'general.active', dueDate: '2027-01-13', provisional: true, missingYears: [2027] },
    // 12-02..04(3) 12-07..11(8) 12-14..18(13) 12-21..25(18) 12-28 12-29(20): 12-25..29 wait for the 2027 notice
    { at: '2026-12-01', rule: 'request.reply', dueDate: '2026-12-29', provisional: true, missingYears: [2027] },
    // hlj.procurement.process, 5 working days: 12-22 12-23 12-24 12-25 Mon 12-28 → lands on 12-28 (provisional)
    { at: '2026-12-21', rule: 'hlj.procurement.process', dueDate: '2026-12-28', provisional: true, missingYears: [2027] },
    // 5 working days: 12-18 12-21 12-22 12-23 12-24 → entirely before 12-25, settled
    { at: '2026-12-17', rule: 'hlj.procurement.process', dueDate: '2026-12-24', provisional: false, missingYears: [] },
    // 20 before 2027-01-20: 01-19..01-04 (12; 01-01 is 元旦) 12-31..28 (16) 12-25..22 (20)
    { at: '2027-01-20', rule: 'hlj.mining.project', dueDate: '2026-12-22', provisional: true, missingYears: [2027] },
    // 11-03..06(4) 11-09..13(9) 11-16..20(14) 11-23..27(19) 11-30(20): well before late December
    { at: '2026-11-02', rule: 'general.active', dueDate: '2026-11-30', provisional: false, missingYears: [] },
    // 11-25..27(3) 11-30..12-04(8) 12-07..11(13) 12-14..18(18) 12-21 12-22(20): ends before 12-25
    { at: '2026-11-24', rule: 'general.active', dueDate: '2026-12-22', provisional: false, missingYears: [] },
  ])('$rule at $at → $dueDate (provisional: $provisional)', ({ at, rule, dueDate, provisional, missingYears }) => {
    const answer = answerDueQuery(ruleBook, { rule, at });
    expect(answer.dueDate).toBe(dueDate);
    expect(answer.dueAt).toBe(`${dueDate}T23:59:59.999+08:00`);
    expect(answer.provisional).toBe(provisional);
    expect(answer.missingYears).toEqual(missingYears);
  });

  // coverage(after, through) covers the days a count stepped over: (after, through].
  it.each<[after: string, through: string, provisional: boolean]>([
    ['2026-12-20', '2026-12-24', false], // before 12-25: settled by the 2026 notice
    ['2026-12-20', '2026-12-25', true], // 12-25..31 could still be moved by a 2027 notice
    ['2026-12-27', '2026-12-28', true],
    ['2026-12-28', '2026-12-28', false], // an empty span steps over no day
    ['2027-03-01', '2027-03-05', true], // 2027 itself
  ])('coverage(%s, %s).provisional = %s', (after, through, provisional) => {
    const coverage = cal.coverage(after, through);
    expect(coverage.provisional).toBe(provisional);
    expect(coverage.missingYears).toEqual(provisional ? [2027] : []);
  });
});
