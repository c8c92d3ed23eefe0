/**
 * Every rule in config/rules/*.yaml, and category resolution along the jurisdiction tree, through answerDueQuery.
 *
 * Expected dates were worked out by hand from config/calendars/2026.yaml (and the rule files), NOT by running this
 * project's code. 2026 facts used below (国办发明电〔2025〕7号):
 *   元旦 01-01..03 off, Sun 01-04 worked · 春节 02-15..23 off, Sat 02-14 and Sat 02-28 worked · 清明 04-04..06 off
 *   劳动节 05-01..05 off, Sat 05-09 worked · 端午 06-19..21 off · 中秋 09-25..27 off
 *   国庆 10-01..07 off, Sun 09-20 and Sat 10-10 worked
 * Working-day counts: the event day is not counted; a deadline day ends at 24:00 Asia/Shanghai.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { answerDueQuery, type DueQuery } from '../../src/core/due-query.js';
import { InputError } from '../../src/core/errors.js';

const { ruleBook } = loadConfig(new URL('../../config', import.meta.url).pathname, { today: '2026-11-21' });

interface RuleRow {
  readonly rule: string;
  readonly kind: string;
  readonly at: string;
  readonly events?: DueQuery['events'];
  readonly dueDate: string;
  readonly dueAt: string;
}

const ruleRows: RuleRow[] = [
  // ── national.yaml
  // 10-08 10-09 10-10(Sat, worked)=3, 10-12..16=8, 10-19..23=13, 10-26..30=18, 11-02=19, 11-03=20
  { rule: 'general.active', kind: 'workingDaysAfter', at: '2026-09-30T18:00:00+08:00', dueDate: '2026-11-03', dueAt: '2026-11-03T23:59:59.999+08:00' },
  // 7 working days: 10-08 10-09 10-10(Sat, worked) 10-12 10-13 10-14 10-15
  { rule: 'general.licensing', kind: 'workingDaysAfter', at: '2026-09-30T18:00:00+08:00', dueDate: '2026-10-15', dueAt: '2026-10-15T23:59:59.999+08:00' },
  // 7 working days from Fri 02-13: 02-14(Sat, worked) [02-15..23 off] 02-24 02-25 02-26 02-27 02-28(Sat, worked) Mon 03-02
  { rule: 'general.penalty', kind: 'workingDaysAfter', at: '2026-02-13T16:00:00+08:00', dueDate: '2026-03-02', dueAt: '2026-03-02T23:59:59.999+08:00' },
  // 20 working days, same count as general.active from 09-30
  { rule: 'request.reply', kind: 'requestReply', at: '2026-09-30T18:00:00+08:00', dueDate: '2026-11-03', dueAt: '2026-11-03T23:59:59.999+08:00' },
  // the annual report on a year, by 01-31 of the next (条例第四十九条): any day of 2026 → 2027-01-31
  { rule: 'national.report.annual', kind: 'annual', at: '2026-03-02', dueDate: '2027-01-31', dueAt: '2027-01-31T23:59:59.999+08:00' },
  // national special rules (法律法规另有规定)
  // 12 natural hours from Sat 02-14 15:00 (a make-up day) into Sun 02-15 03:00 (a 春节 holiday)
  { rule: 'national.bidding.electronic', kind: 'hoursAfter', at: '2026-02-14T15:00:00+08:00', dueDate: '2026-02-15', dueAt: '2026-02-15T03:00:00+08:00' },
  // 3 working days from Thu 02-12: 02-13 02-14(Sat, worked) [02-15..23 off] 02-24
  { rule: 'national.bidding.verify', kind: 'workingDaysAfter', at: '2026-02-12T09:00:00+08:00', dueDate: '2026-02-24', dueAt: '2026-02-24T23:59:59.999+08:00' },
  // 1 working day from Fri 02-13: make-up Sat 02-14
  { rule: 'national.bidding.manual', kind: 'workingDaysAfter', at: '2026-02-13', dueDate: '2026-02-14', dueAt: '2026-02-14T23:59:59.999+08:00' },
  // 3 natural days from Thu 02-12: 02-13 02-14 02-15; 02-15 is 春节 (off to 02-23) → the day after the holiday, 02-24
  { rule: 'national.bidding.candidates', kind: 'naturalDaysAfter', at: '2026-02-12T16:00:00+08:00', dueDate: '2026-02-24', dueAt: '2026-02-24T23:59:59.999+08:00' },
  // 2 working days from Wed 09-30: [国庆 10-01..07 off] 10-08 10-09
  { rule: 'national.procurement.result', kind: 'workingDaysAfter', at: '2026-09-30T10:00:00+08:00', dueDate: '2026-10-09', dueAt: '2026-10-09T23:59:59.999+08:00' },
  // 2 working days from Fri 02-13: 02-14(Sat, worked) [02-15..23 off] 02-24
  { rule: 'national.procurement.contract', kind: 'workingDaysAfter', at: '2026-02-13', dueDate: '2026-02-24', dueAt: '2026-02-24T23:59:59.999+08:00' },
  // 10 working days from Mon 06-15: 06-16..18(3) [端午 06-19..21 off] 06-22..26(8) 06-29 06-30(10)
  { rule: 'national.property.predisclosure', kind: 'workingDaysAfter', at: '2026-06-15', dueDate: '2026-06-30', dueAt: '2026-06-30T23:59:59.999+08:00' },
  // 20 working days BEFORE Tue 10-20, the same count as hlj.mining.project below → 09-16
  { rule: 'national.mining.project', kind: 'workingDaysBefore', at: '2026-10-20', dueDate: '2026-09-16', dueAt: '2026-09-16T23:59:59.999+08:00' },
  // 20 natural days before Tue 10-20, 10-20 not counted: 10-19 is the 1st, 09-30 the 20th (a working day)
  { rule: 'national.land.transfer_notice', kind: 'naturalDaysBefore', at: '2026-10-20', dueDate: '2026-09-30', dueAt: '2026-09-30T23:59:59.999+08:00' },

  // ── heilongjiang.yaml
  // 12 natural hours, holidays irrelevant: 09-30 18:00 + 12 h = 10-01 06:00 (a 国庆 holiday)
  { rule: 'hlj.land.bidding.electronic', kind: 'hoursAfter', at: '2026-09-30T18:00:00+08:00', dueDate: '2026-10-01', dueAt: '2026-10-01T06:00:00+08:00' },
  // 3 working days from Wed 09-30: 10-08 10-09 10-10(Sat, worked)
  { rule: 'hlj.land.bidding.verify', kind: 'workingDaysAfter', at: '2026-09-30', dueDate: '2026-10-10', dueAt: '2026-10-10T23:59:59.999+08:00' },
  // verified ON make-up Sat 10-10 → next working day Mon 10-12 (Sun 10-11 is an ordinary weekend)
  { rule: 'hlj.land.bidding.manual', kind: 'workingDaysAfter', at: '2026-10-10T11:00:00+08:00', dueDate: '2026-10-12', dueAt: '2026-10-12T23:59:59.999+08:00' },
  // 20 working days BEFORE auction day Tue 10-20, 10-20 not counted: 10-19(1) 10-16..12(6) 10-10 Sat(7) 10-09 10-08(9)
  // [国庆 10-01..07 off] 09-30..28(12) [中秋 09-25..27 off] 09-24..21(16) 09-20 Sun, worked(17) 09-18 09-17 09-16(20)
  { rule: 'hlj.mining.project', kind: 'workingDaysBefore', at: '2026-10-20', dueDate: '2026-09-16', dueAt: '2026-09-16T23:59:59.999+08:00' },
  // 5 working days from Tue 04-28: 04-29 04-30 [05-01..05 off] 05-06 05-07 05-08
  { rule: 'hlj.mining.deal', kind: 'workingDaysAfter', at: '2026-04-28T09:00:00+08:00', dueDate: '2026-05-08', dueAt: '2026-05-08T23:59:59.999+08:00' },
  // before the event: the instant of the registration application itself
  { rule: 'hlj.mining.agreement', kind: 'beforeEvent', at: '2026-12-01T09:30:00+08:00', dueDate: '2026-12-01', dueAt: '2026-12-01T09:30:00+08:00' },
  // same day, even on a holiday (Sat 10-03, 国庆): end of 10-03
  { rule: 'hlj.mining.registration', kind: 'sameDay', at: '2026-10-03T10:00:00+08:00', dueDate: '2026-10-03', dueAt: '2026-10-03T23:59:59.999+08:00' },
  // 5 working days: 10-08 10-09 10-10(Sat, worked) 10-12 10-13
  { rule: 'hlj.procurement.process', kind: 'workingDaysAfter', at: '2026-09-30T18:00:00+08:00', dueDate: '2026-10-13', dueAt: '2026-10-13T23:59:59.999+08:00' },
  // 1 working day after Wed 09-30: 10-01..07 off → Thu 10-08
  { rule: 'hlj.procurement.supervision', kind: 'workingDaysAfter', at: '2026-09-30T18:00:00+08:00', dueDate: '2026-10-08', dueAt: '2026-10-08T23:59:59.999+08:00' },
  // 20 working days, no holiday in between (端午 06-19 comes after): 05-21 05-22(2) 05-25..29(7) 06-01..05(12) 06-08..12(17) 06-15..17(20)
  { rule: 'hlj.property.decision', kind: 'workingDaysAfter', at: '2026-05-20', dueDate: '2026-06-17', dueAt: '2026-06-17T23:59:59.999+08:00' },
  // 10 working days from Mon 06-15: 06-16..18(3) [端午 06-19..21 off] 06-22..26(8) 06-29 06-30(10)
  { rule: 'hlj.property.predisclosure', kind: 'workingDaysAfter', at: '2026-06-15T10:00:00+08:00', dueDate: '2026-06-30', dueAt: '2026-06-30T23:59:59.999+08:00' },
  // 20 working days from Wed 04-01: 04-02 04-03(2) [清明 04-04..06 off] 04-07..10(6) 04-13..17(11) 04-20..24(16) 04-27..30(20)
  { rule: 'hlj.property.deal', kind: 'workingDaysAfter', at: '2026-04-01', dueDate: '2026-04-30', dueAt: '2026-04-30T23:59:59.999+08:00' },
  // by the end of the listing period, given as an instant: that instant
  { rule: 'hlj.property.listing', kind: 'periodEnd', at: '2026-10-20T17:00:00+08:00', dueDate: '2026-10-20', dueAt: '2026-10-20T17:00:00+08:00' },
  // 20 working days from Wed 01-28: 01-29 01-30(2) 02-02..06(7) 02-09..13(12) 02-14 Sat(13) [02-15..23 off]
  // 02-24..27(17) 02-28 Sat(18) 03-02(19) 03-03(20)
  { rule: 'hlj.bidding.approval', kind: 'workingDaysAfter', at: '2026-01-28', dueDate: '2026-03-03', dueAt: '2026-03-03T23:59:59.999+08:00' },
  // ── tianjin-baodi.yaml
  // 20 working days, the same count as general.active from 09-30 → 11-03
  { rule: 'baodi.construction.active', kind: 'workingDaysAfter', at: '2026-09-30T18:00:00+08:00', dueDate: '2026-11-03', dueAt: '2026-11-03T23:59:59.999+08:00' },

  // ── jiangsu-yancheng-tinghu.yaml
  // by 12-31 of the event's year
  { rule: 'annual.progress', kind: 'annual', at: '2025-06-01', dueDate: '2025-12-31', dueAt: '2025-12-31T23:59:59.999+08:00' },
];

describe('every rule in config/rules', () => {
  it('has a row below', () => {
    const tested = new Set(ruleRows.map((row) => row.rule));
    expect([...ruleBook.rules.keys()].filter((id) => !tested.has(id))).toEqual([]);
  });

  it.each(ruleRows)('$rule ($kind) at $at → $dueAt', ({ rule, kind, at, events, dueDate, dueAt }) => {
    const answer = answerDueQuery(ruleBook, { rule, at, events });
    expect(answer.rule).toBe(rule);
    expect(answer.kind).toBe(kind);
    expect(answer.dueDate).toBe(dueDate);
    expect(answer.dueAt).toBe(dueAt);
    expect(answer.provisional).toBe(false);
    expect(answer.missingYears).toEqual([]);
  });
});

describe('category resolution: the nearest jurisdiction that maps the category decides', () => {
  it.each<{ jurisdiction: string; category: string; at: string; rule: string; decidedBy: string; dueDate: string }>([
    // hlj maps procurement.transaction itself: 5 working days, 10-08 10-09 10-10(Sat) 10-12 10-13
    { jurisdiction: 'hlj', category: 'procurement.transaction', at: '2026-09-30T18:00:00+08:00', rule: 'hlj.procurement.process', decidedBy: 'hlj', dueDate: '2026-10-13' },
    // everywhere else the national mapping: general.active, 20 working days → 11-03 (see general.active above)
    { jurisdiction: 'cn', category: 'procurement.transaction', at: '2026-09-30T18:00:00+08:00', rule: 'general.active', decidedBy: 'cn', dueDate: '2026-11-03' },
    { jurisdiction: 'tianjin', category: 'procurement.transaction', at: '2026-09-30T18:00:00+08:00', rule: 'general.active', decidedBy: 'cn', dueDate: '2026-11-03' },
    { jurisdiction: 'baodi', category: 'procurement.transaction', at: '2026-09-30T18:00:00+08:00', rule: 'general.active', decidedBy: 'cn', dueDate: '2026-11-03' },
    { jurisdiction: 'tinghu', category: 'procurement.transaction', at: '2026-09-30T18:00:00+08:00', rule: 'general.active', decidedBy: 'cn', dueDate: '2026-11-03' },
    // construction.* exists only in Baodi's file
    { jurisdiction: 'baodi', category: 'construction.works', at: '2026-09-30T18:00:00+08:00', rule: 'baodi.construction.active', decidedBy: 'baodi', dueDate: '2026-11-03' },
    // medical.* exists only in Tinghu's file
    { jurisdiction: 'tinghu', category: 'medical.procurement', at: '2026-09-30T18:00:00+08:00', rule: 'general.active', decidedBy: 'tinghu', dueDate: '2026-11-03' },
    { jurisdiction: 'tinghu', category: 'medical.supplier_credit', at: '2026-09-30T18:00:00+08:00', rule: 'general.active', decidedBy: 'tinghu', dueDate: '2026-11-03' },
    // report.annual: nationally by 01-31 of the next year (条例第四十九条), even for an event on 12-31 itself
    { jurisdiction: 'tianjin', category: 'report.annual', at: '2026-12-31', rule: 'national.report.annual', decidedBy: 'cn', dueDate: '2027-01-31' },
    { jurisdiction: 'hlj', category: 'report.annual', at: '2026-01-05', rule: 'national.report.annual', decidedBy: 'cn', dueDate: '2027-01-31' },
    // report.annual in Tinghu: by 12-31 of the event's year
    { jurisdiction: 'tinghu', category: 'report.annual', at: '2026-05-20T10:00:00+08:00', rule: 'annual.progress', decidedBy: 'tinghu', dueDate: '2026-12-31' },
    // hlj inherits the national mapping for what it does not map: licensing 7 working days → 10-15
    { jurisdiction: 'hlj', category: 'licensing', at: '2026-09-30T18:00:00+08:00', rule: 'general.licensing', decidedBy: 'cn', dueDate: '2026-10-15' },
    { jurisdiction: 'hlj', category: 'housing.allocation', at: '2026-09-30T18:00:00+08:00', rule: 'general.active', decidedBy: 'cn', dueDate: '2026-11-03' },
    { jurisdiction: 'baodi', category: 'licensing', at: '2026-09-30T18:00:00+08:00', rule: 'general.licensing', decidedBy: 'cn', dueDate: '2026-10-15' },
    // mining.project: hlj → 20 working days BEFORE the auction day (09-16, see above); nationally 20 working days AFTER
    { jurisdiction: 'hlj', category: 'mining.project', at: '2026-10-20', rule: 'hlj.mining.project', decidedBy: 'hlj', dueDate: '2026-09-16' },
    // 10-21..23(3) 10-26..30(8) 11-02..06(13) 11-09..13(18) 11-16 11-17(20)
    // …and since the national rule (矿业权出让交易规则) also counts back, everywhere else too
    { jurisdiction: 'cn', category: 'mining.project', at: '2026-10-20', rule: 'national.mining.project', decidedBy: 'cn', dueDate: '2026-09-16' },
    { jurisdiction: 'tianjin', category: 'mining.project', at: '2026-10-20', rule: 'national.mining.project', decidedBy: 'cn', dueDate: '2026-09-16' },
    // national special rules reach every jurisdiction: a Tinghu or Tianjin clerk can file tender notices
    { jurisdiction: 'tinghu', category: 'bidding.notice.verification', at: '2026-02-12T09:00:00+08:00', rule: 'national.bidding.verify', decidedBy: 'cn', dueDate: '2026-02-24' },
    { jurisdiction: 'hlj', category: 'bidding.notice.manual', at: '2026-02-13', rule: 'national.bidding.manual', decidedBy: 'cn', dueDate: '2026-02-14' },
    // procurement results: 2 working days everywhere, Heilongjiang too (its 5 days cover the rest of the process)
    { jurisdiction: 'tianjin', category: 'procurement.result', at: '2026-09-30T10:00:00+08:00', rule: 'national.procurement.result', decidedBy: 'cn', dueDate: '2026-10-09' },
    { jurisdiction: 'hlj', category: 'procurement.result', at: '2026-09-30T10:00:00+08:00', rule: 'national.procurement.result', decidedBy: 'cn', dueDate: '2026-10-09' },
    { jurisdiction: 'tinghu', category: 'procurement.contract', at: '2026-02-13', rule: 'national.procurement.contract', decidedBy: 'cn', dueDate: '2026-02-24' },
    // two hlj categories share the same-day rule
    { jurisdiction: 'hlj', category: 'mining.application', at: '2026-10-03T10:00:00+08:00', rule: 'hlj.mining.registration', decidedBy: 'hlj', dueDate: '2026-10-03' },
    { jurisdiction: 'hlj', category: 'mining.transfer', at: '2026-10-03T10:00:00+08:00', rule: 'hlj.mining.registration', decidedBy: 'hlj', dueDate: '2026-10-03' },
  ])('$category in $jurisdiction → $rule (decided by $decidedBy), due $dueDate', ({ jurisdiction, category, at, rule, decidedBy, dueDate }) => {
    const answer = answerDueQuery(ruleBook, { jurisdiction, category, at });
    expect(answer.rule).toBe(rule);
    expect(answer.decidedBy).toBe(decidedBy);
    expect(answer.jurisdiction).toBe(jurisdiction);
    expect(answer.dueDate).toBe(dueDate);
    expect(answer.dueAt).toBe(`${dueDate}T23:59:59.999+08:00`);
    expect(answer.provisional).toBe(false);
  });

  it.each<[jurisdiction: string, category: string]>([
    ['tianjin', 'construction.works'], // only Baodi (a child of Tianjin) maps it, not Tianjin itself
    ['cn', 'construction.works'],
    ['yancheng', 'medical.procurement'], // only Tinghu (a child of Yancheng) maps it
    ['jiangsu', 'medical.procurement'],
    ['hlj', 'medical.procurement'],
  ])('%s has no rule for %s: said so, not "unknown category"', (jurisdiction, category) => {
    const ask = () => answerDueQuery(ruleBook, { jurisdiction, category, at: '2026-09-30T18:00:00+08:00' });
    expect(ask).toThrow(InputError);
    expect(ask).toThrow(`category "${category}" has no rule in ${jurisdiction} (${ruleBook.jurisdiction(jurisdiction).name})`);
  });

  it('a category that exists nowhere is unknown, with the nearest names', () => {
    expect(() => answerDueQuery(ruleBook, { jurisdiction: 'tinghu', category: 'procurement.transactoin', at: '2026-09-30T18:00:00+08:00' })).toThrow(
      'unknown category "procurement.transactoin"; did you mean procurement.transaction',
    );
  });

  it('a category is found by a former name too, so that a saved sheet keeps working', () => {
    const answer = answerDueQuery(ruleBook, { jurisdiction: 'tinghu', category: '政府采购交易过程信息（公告、文件、预算、结果、合同）', at: '2026-09-30' });
    expect(answer.category).toBe('procurement.transaction');
  });

  it('a category is found by its name too, as the import takes it', () => {
    const byId = answerDueQuery(ruleBook, { jurisdiction: 'tinghu', category: 'procurement.transaction', at: '2026-09-30T18:00:00+08:00' });
    const name = ruleBook.categories.get('procurement.transaction')?.name as string;
    const byName = answerDueQuery(ruleBook, { jurisdiction: 'tinghu', category: name, at: '2026-09-30T18:00:00+08:00' });
    expect(byName).toEqual(byId);
    expect(byName.category).toBe('procurement.transaction');
  });
});

describe('rule ids that moved keep answering (a contract other tools use)', () => {
  it.each([
    // the same rows the Heilongjiang rules had before they moved into national.yaml
    ['hlj.bidding.electronic', 'national.bidding.electronic', '2026-02-14T15:00:00+08:00', '2026-02-15T03:00:00+08:00'],
    ['hlj.bidding.verify', 'national.bidding.verify', '2026-02-12T09:00:00+08:00', '2026-02-24T23:59:59.999+08:00'],
    ['hlj.bidding.manual', 'national.bidding.manual', '2026-02-13', '2026-02-14T23:59:59.999+08:00'],
  ])('%s answers as %s: at %s → %s', (old, now, at, dueAt) => {
    const answer = answerDueQuery(ruleBook, { rule: old, at });
    expect(answer.rule).toBe(now);
    expect(answer.dueAt).toBe(dueAt);
    expect(answer.warnings).toContain(`rule ${old} is now ${now}; ask for it by that id`);
  });
});

describe('licensing and penalty decisions inside any category (决定类型, 97号 二(四)): 7 working days', () => {
  // 7 working days from Wed 09-30: [国庆 10-01..07 off] 10-08 10-09 10-10(Sat, worked) 10-12 10-13 10-14 10-15
  it.each<{ jurisdiction: string; category: string; decision: string; rule: string; dueDate: string; categoryStricter: boolean }>([
    // Baodi's approval results are 20 working days (11-03); a licence among them is a licensing decision
    { jurisdiction: 'baodi', category: 'construction.approval_result', decision: 'licensing', rule: 'general.licensing', dueDate: '2026-10-15', categoryStricter: false },
    { jurisdiction: 'baodi', category: 'construction.quality_safety', decision: '行政处罚', rule: 'general.penalty', dueDate: '2026-10-15', categoryStricter: false },
    { jurisdiction: 'tinghu', category: 'medical.supplier_credit', decision: '行政处罚决定', rule: 'general.penalty', dueDate: '2026-10-15', categoryStricter: false },
    { jurisdiction: 'tianjin', category: 'procurement.supervision', decision: 'penalty', rule: 'general.penalty', dueDate: '2026-10-15', categoryStricter: false },
    // Heilongjiang's procurement penalty notices: 1 working day (五(四)) is stricter and stays → 10-08
    { jurisdiction: 'hlj', category: 'procurement.supervision', decision: 'penalty', rule: 'hlj.procurement.supervision', dueDate: '2026-10-08', categoryStricter: true },
  ])('$decision filed under $category in $jurisdiction → $rule, due $dueDate', ({ jurisdiction, category, decision, rule, dueDate, categoryStricter }) => {
    const answer = answerDueQuery(ruleBook, { jurisdiction, category, decision, at: '2026-09-30T10:00:00+08:00' });
    expect(answer.rule).toBe(rule);
    expect(answer.dueDate).toBe(dueDate);
    expect(answer.categoryStricter).toBe(categoryStricter);
  });

  it('without a decision type the category decides: 20 working days for Baodi approval results', () => {
    expect(answerDueQuery(ruleBook, { jurisdiction: 'baodi', category: 'construction.approval_result', at: '2026-09-30T10:00:00+08:00' }).dueDate).toBe('2026-11-03');
  });

  it('refuses a decision type that is not one, and one that cannot fit the category', () => {
    expect(() => answerDueQuery(ruleBook, { jurisdiction: 'baodi', category: 'construction.works', decision: '行政确认', at: '2026-09-30' })).toThrow(
      'decision type "行政确认": must be 行政许可 (licensing) or 行政处罚 (penalty), or left blank',
    );
    expect(() => answerDueQuery(ruleBook, { jurisdiction: 'tinghu', category: 'report.annual', decision: 'penalty', at: '2026-09-30' })).toThrow(
      'cannot be filed under a category whose rule is annual (annual.progress)',
    );
    expect(() => answerDueQuery(ruleBook, { rule: 'general.active', decision: 'penalty', at: '2026-09-30' })).toThrow('give a jurisdiction and a category with it');
  });
});

describe('natural days (日), 民法典第二百零一条至第二百零三条', () => {
  // 2026: 春节 02-15..23 off, Sat 02-14 and Sat 02-28 worked; 国庆 10-01..07 off, Sat 10-10 worked.
  it.each([
    // national.bidding.candidates: 3 days after receipt, receipt day not counted
    ['Tue 02-10 → 02-13, a Friday', '2026-02-10', '2026-02-13', undefined],
    ['Wed 02-11 → Sat 02-14, a make-up workday: not moved', '2026-02-11', '2026-02-14', undefined],
    ['Thu 02-12 → Sun 02-15, 春节: moved to the day after the holiday, 02-24', '2026-02-12', '2026-02-24', '2026-02-15'],
    ['Mon 09-28 → Thu 10-01, 国庆: moved to 10-08', '2026-09-28', '2026-10-08', '2026-10-01'],
    ['Wed 11-25 → Sat 11-28, an ordinary weekend: moved to Mon 11-30', '2026-11-25', '2026-11-30', '2026-11-28'],
  ])('%s', (_name, at, dueDate, lastDayOff) => {
    const answer = answerDueQuery(ruleBook, { rule: 'national.bidding.candidates', at });
    expect(answer.dueDate).toBe(dueDate);
    if (lastDayOff) expect(answer.basis).toContain(`the last day, ${lastDayOff}, is a day off, so the limit ends on the next working day (民法典第二百零三条)`);
    else expect(answer.basis).not.toContain('day off');
  });

  it.each([
    // national.land.transfer_notice: at least 20 days before the auction, the auction day not counted
    ['auction Tue 10-20 → Wed 09-30, a working day', '2026-10-20', '2026-09-30', undefined],
    ['auction Tue 10-27 → 10-07, in 国庆: kept, the warning names 09-30', '2026-10-27', '2026-10-07', '2026-09-30'],
    ['auction Fri 10-30 → Sat 10-10, a make-up workday: no warning', '2026-10-30', '2026-10-10', undefined],
    ['auction Fri 03-13 → 02-21, in 春节: kept, the warning names make-up Sat 02-14', '2026-03-13', '2026-02-21', '2026-02-14'],
    ['an auction with its time counts by its day', '2026-10-20T09:30:00+08:00', '2026-09-30', undefined],
  ])('%s', (_name, at, dueDate, named) => {
    const answer = answerDueQuery(ruleBook, { rule: 'national.land.transfer_notice', at });
    expect(answer.dueDate).toBe(dueDate);
    expect(answer.dueAt).toBe(`${dueDate}T23:59:59.999+08:00`);
    if (named === undefined) expect(answer.warnings).toEqual([]);
    else expect(answer.warnings).toEqual([`20 days before the event, ${dueDate}, is not a working day: publish by the end of ${named}, the last working day before it, unless the department publishes on days off`]);
  });
});

describe('rule kinds in detail', () => {
  it.each<{ name: string; rule: string; at: string; dueDate: string; dueAt: string }>([
    // hoursAfter: natural hours, whatever the calendar says
    { name: 'hours from an evening before 国庆', rule: 'hlj.bidding.electronic', at: '2026-09-30T18:00:00+08:00', dueDate: '2026-10-01', dueAt: '2026-10-01T06:00:00+08:00' },
    { name: 'hours from a UTC instant (10:00Z = 18:00 Shanghai)', rule: 'hlj.land.bidding.electronic', at: '2026-09-30T10:00:00Z', dueDate: '2026-10-01', dueAt: '2026-10-01T06:00:00+08:00' },
    { name: 'hours inside 春节', rule: 'hlj.land.bidding.electronic', at: '2026-02-17T08:15:00+08:00', dueDate: '2026-02-17', dueAt: '2026-02-17T20:15:00+08:00' },
    // workingDaysAfter: the event's day is its day in Shanghai. 2026-09-29T17:00Z is 09-30 01:00 in Shanghai:
    // counting from 09-30 gives 11-03 (from 09-29 it would be 11-02)
    { name: 'UTC instant that is already the next day in Shanghai', rule: 'general.active', at: '2026-09-29T17:00:00Z', dueDate: '2026-11-03', dueAt: '2026-11-03T23:59:59.999+08:00' },
    // event ON a holiday: the count starts on the next working day: 10-08(1) .. 10-13(5)
    { name: 'formed on a 国庆 holiday', rule: 'hlj.procurement.process', at: '2026-10-03T09:00:00+08:00', dueDate: '2026-10-13', dueAt: '2026-10-13T23:59:59.999+08:00' },
    // event ON make-up Sat 10-10: 10-12(1) .. 10-16(5)
    { name: 'formed on make-up Sat 10-10', rule: 'hlj.procurement.process', at: '2026-10-10T09:00:00+08:00', dueDate: '2026-10-16', dueAt: '2026-10-16T23:59:59.999+08:00' },
    // workingDaysBefore with an instant: still the end of the 20th working day before the event's day
    { name: 'before an auction at 09:00', rule: 'hlj.mining.project', at: '2026-10-20T09:00:00+08:00', dueDate: '2026-09-16', dueAt: '2026-09-16T23:59:59.999+08:00' },
    // sameDay with a date alone, and on a normal day
    { name: 'sameDay, date alone, on a holiday', rule: 'hlj.mining.registration', at: '2026-10-03', dueDate: '2026-10-03', dueAt: '2026-10-03T23:59:59.999+08:00' },
    { name: 'sameDay, instant', rule: 'hlj.mining.registration', at: '2026-11-10T08:30:00+08:00', dueDate: '2026-11-10', dueAt: '2026-11-10T23:59:59.999+08:00' },
    // beforeEvent: an instant → that instant; a date alone → the end of the day before
    { name: 'beforeEvent, instant', rule: 'hlj.mining.agreement', at: '2026-12-01T09:30:00+08:00', dueDate: '2026-12-01', dueAt: '2026-12-01T09:30:00+08:00' },
    { name: 'beforeEvent, date alone', rule: 'hlj.mining.agreement', at: '2026-12-01', dueDate: '2026-11-30', dueAt: '2026-11-30T23:59:59.999+08:00' },
    // periodEnd: an instant → that instant; a date alone → the end of that day
    { name: 'periodEnd, instant', rule: 'hlj.property.listing', at: '2026-10-20T17:00:00+08:00', dueDate: '2026-10-20', dueAt: '2026-10-20T17:00:00+08:00' },
    { name: 'periodEnd, date alone', rule: 'hlj.property.listing', at: '2026-10-20', dueDate: '2026-10-20', dueAt: '2026-10-20T23:59:59.999+08:00' },
    // annual: 12-31 of the event's year, however late in the year the event is
    { name: 'annual, early in the year', rule: 'annual.progress', at: '2025-01-02T09:00:00+08:00', dueDate: '2025-12-31', dueAt: '2025-12-31T23:59:59.999+08:00' },
    { name: 'annual, on 12-31 itself', rule: 'annual.progress', at: '2025-12-31', dueDate: '2025-12-31', dueAt: '2025-12-31T23:59:59.999+08:00' },
  ])('$name: $rule at $at → $dueAt', ({ rule, at, dueDate, dueAt }) => {
    const answer = answerDueQuery(ruleBook, { rule, at });
    expect(answer.dueDate).toBe(dueDate);
    expect(answer.dueAt).toBe(dueAt);
    expect(answer.provisional).toBe(false);
  });

  it('the basis of general.active at 2026-09-30 18:00 names 国庆节 and make-up Sat 2026-10-10', () => {
    const answer = answerDueQuery(ruleBook, { rule: 'general.active', at: '2026-09-30T18:00:00+08:00' });
    expect(answer.basis).toContain('国庆节');
    expect(answer.basis).toContain('2026-10-10');
  });
});

describe('request.reply (政府信息公开条例 arts. 30, 32, 33)', () => {
  it.each<{ name: string; at: string; events?: DueQuery['events']; dueDate: string }>([
    // 20 working days from 09-30: 10-08 10-09 10-10(Sat) ... 11-03
    { name: 'plain 20 working days', at: '2026-09-30T18:00:00+08:00', dueDate: '2026-11-03' },
    // date alone works the same
    { name: 'plain, date alone', at: '2026-09-30', dueDate: '2026-11-03' },
    // 40 working days: 11-03 is the 20th; 11-04..06(23) 11-09..13(28) 11-16..20(33) 11-23..27(38) 11-30(39) 12-01(40)
    { name: 'extension approved (+20)', at: '2026-09-30T18:00:00+08:00', events: { extensionApproved: '2026-10-28T10:00:00+08:00' }, dueDate: '2026-12-01' },
    // an extension approved for 10 working days only: 11-03 is the 20th; 11-04..06(23) 11-09..13(28) 11-16 11-17(30)
    { name: 'extension approved for 10 working days', at: '2026-09-30T18:00:00+08:00', events: { extensionApproved: '2026-10-28T10:00:00+08:00', extensionDays: 10 }, dueDate: '2026-11-17' },
    // received 09-10; supplement received 09-30 → 20 working days from 09-30 → 11-03
    {
      name: 'supplement received: clock restarts from it',
      at: '2026-09-10T10:00:00+08:00',
      events: { supplementRequested: '2026-09-15T10:00:00+08:00', supplementReceived: '2026-09-30T15:00:00+08:00' },
      dueDate: '2026-11-03',
    },
    // received 09-01; consultation 09-10..09-30: working days in (09-10, 09-30] = 09-11, 09-14..18, 09-20(Sun, worked),
    // 09-21..24, [09-25..27 中秋 off], 09-28..30 = 14. 20 + 14 = 34 working days after 09-01:
    // 09-02..04(3) 09-07..11(8) 09-14..18(13) 09-20(14) 09-21..24(18) 09-28..30(21) 10-08 10-09 10-10(24) 10-12..16(29) 10-19..23(34)
    { name: 'closed consultation adds its working days', at: '2026-09-01T09:00:00+08:00', events: { consultations: [{ from: '2026-09-10', to: '2026-09-30' }] }, dueDate: '2026-10-23' },
    // open consultation (no answer yet): the third party's 15 working days assumed → 20 + 15 = 35 after 09-01 → Mon 10-26
    { name: 'open consultation assumes 15 working days', at: '2026-09-01T09:00:00+08:00', events: { consultations: [{ from: '2026-09-10' }] }, dueDate: '2026-10-26' },
    // all together: restart from supplement 09-10; +20 extension; consultation (09-15, 09-25] = 09-16..18, 09-20(Sun),
    // 09-21..24 = 8 (09-25 中秋 off) → 48 working days after 09-10:
    // 09-11(1) 09-14..18(6) 09-20(7) 09-21..24(11) 09-28..30(14) 10-08..10(17) 10-12..16(22) 10-19..23(27) 10-26..30(32)
    // 11-02..06(37) 11-09..13(42) 11-16..20(47) 11-23(48)
    {
      name: 'supplement + extension + consultation',
      at: '2026-09-01T09:00:00+08:00',
      events: {
        supplementRequested: '2026-09-03',
        supplementReceived: '2026-09-10T14:00:00+08:00',
        extensionApproved: '2026-10-20',
        consultations: [{ from: '2026-09-15', to: '2026-09-25' }],
      },
      dueDate: '2026-11-23',
    },
  ])('$name → $dueDate', ({ at, events, dueDate }) => {
    const answer = answerDueQuery(ruleBook, { rule: 'request.reply', at, events });
    expect(answer.rule).toBe('request.reply');
    expect(answer.kind).toBe('requestReply');
    expect(answer.dueDate).toBe(dueDate);
    expect(answer.dueAt).toBe(`${dueDate}T23:59:59.999+08:00`);
    expect(answer.provisional).toBe(false);
    expect(answer.warnings).toEqual([]);
  });
});

describe('the request lifecycle: 补正 pending and abandoned (第三十条), another organ consulted (第三十四条)', () => {
  // 2026 春节: off 02-15..02-23, make-up Saturdays 02-14 and 02-28.
  const received = '2026-02-10T10:00:00+08:00';

  it('waiting for the supplement: no reply deadline yet, only the end of the 补正 period', () => {
    const answer = answerDueQuery(ruleBook, { rule: 'request.reply', at: received, events: { supplementRequested: '2026-02-12', supplementDue: '2026-02-26' } });
    expect(answer.awaitingSupplement).toBe(true);
    // The requester has the whole of the period's last day.
    expect(answer.dueAt).toBe('2026-02-26T23:59:59.999+08:00');
    expect(answer.basisZh).toBe('2026-02-12已告知补正，答复期限自收到补正之日起计算，暂无答复期限；2026-02-26前未补正的，视为放弃申请（条例第三十条）');
    expect(answer.basis).not.toContain('due 2026');
    expect(answer.warnings).toEqual([]);
  });

  it.each<{ name: string; events: DueQuery['events']; dueDate: string; warning?: string }>([
    // supplement 02-25 → 20 working days: 02-26 02-27 02-28(Sat, make-up)(3) 03-02..06(8) 03-09..13(13) 03-16..20(18) 03-23(19) 03-24(20)
    { name: 'supplemented within the period: counted from the supplement', events: { supplementRequested: '2026-02-12', supplementDue: '2026-02-26', supplementReceived: '2026-02-25T15:00:00+08:00' }, dueDate: '2026-03-24' },
    // supplement 03-02, after the period: 03-03..06(4) 03-09..13(9) 03-16..20(14) 03-23..27(19) 03-30(20)
    {
      name: 'supplemented after the period and accepted: counted from it, with a warning',
      events: { supplementRequested: '2026-02-12', supplementDue: '2026-02-26', supplementReceived: '2026-03-02T09:00:00+08:00' },
      dueDate: '2026-03-30',
      warning: 'supplement received 2026-03-02, after the 补正 period ended (2026-02-26)',
    },
    // 7 working days from 02-10: 02-11 02-12 02-13 02-14(Sat, make-up) 02-24 02-25 02-26 → asked 02-27 is late; from 03-02 as above
    {
      name: 'supplement asked for after the 7th working day (02-26, across 春节)',
      events: { supplementRequested: '2026-02-27', supplementDue: '2026-03-13', supplementReceived: '2026-03-02T09:00:00+08:00' },
      dueDate: '2026-03-30',
      warning: 'supplement requested on 2026-02-27, after the 7th working day from receipt (2026-02-26) (条例第三十条)',
    },
  ])('$name → $dueDate', ({ events, dueDate, warning }) => {
    const answer = answerDueQuery(ruleBook, { rule: 'request.reply', at: received, events });
    expect(answer.awaitingSupplement).toBeUndefined();
    expect(answer.dueDate).toBe(dueDate);
    if (warning) expect(answer.warnings.join('\n')).toContain(warning);
    else expect(answer.warnings).toEqual([]);
  });

  it.each([
    [{ supplementRequested: '2026-02-12' }, 'give the end of the period the 补正 notice gave ("supplementDue", 补正期限)'],
    [{ supplementRequested: '2026-02-12', supplementDue: '2026-02-11' }, '"supplementDue" (2026-02-11) is before the supplement was asked for'],
    [{ supplementDue: '2026-02-26' }, 'not when the supplement was asked for ("supplementRequested")'],
  ])('refuses %j', (events, message) => {
    expect(() => answerDueQuery(ruleBook, { rule: 'request.reply', at: received, events })).toThrow(message);
  });

  // 2026 国庆: off 10-01..10-07, make-up 09-20 (Sun) and 10-10 (Sat). Received 09-28.
  it.each<{ name: string; consultations: NonNullable<DueQuery['events']>['consultations']; dueDate: string; zh: string }>([
    // (09-30, 10-16] = 10-08 10-09 10-10(Sat) 10-12..16 = 8; 28 after 09-28: 09-29 09-30(2) 10-08..10(5) 10-12..16(10)
    // 10-19..23(15) 10-26..30(20) 11-02..06(25) 11-09..11(28)
    { name: 'another organ, answered', consultations: [{ from: '2026-09-30', to: '2026-10-16', party: 'organ' }], dueDate: '2026-11-11', zh: '征求其他机关（第三十四条）意见2026-09-30至2026-10-16共8个工作日不计入' },
    // unanswered: its 15 working days assumed, as for a third party (to 10-27: 10-08..10(3) 10-12..16(8) 10-19..23(13) 10-26 10-27(15));
    // 35 after 09-28 → 11-13(30) 11-16..20(35)
    { name: 'another organ, no answer yet', consultations: [{ from: '2026-09-30', party: 'organ' }], dueDate: '2026-11-20', zh: '征求其他机关（第三十四条）意见2026-09-30至2026-10-27共15个工作日不计入（尚未答复' },
    { name: 'a third party, answered (the default party)', consultations: [{ from: '2026-09-30', to: '2026-10-16' }], dueDate: '2026-11-11', zh: '征求第三方（第三十二条）意见' },
  ])('$name → $dueDate', ({ consultations, dueDate, zh }) => {
    const answer = answerDueQuery(ruleBook, { rule: 'request.reply', at: '2026-09-28T10:00:00+08:00', events: { consultations } });
    expect(answer.dueDate).toBe(dueDate);
    expect(answer.basisZh).toContain(zh);
  });
});

describe('an extension\'s length (条例第三十三条: 延长的期限最长不得超过20个工作日)', () => {
  it.each([
    [{ extensionApproved: '2026-10-28', extensionDays: 25 }, 'extension of 25 working days: an extension is 1 to 20 working days (条例第三十三条)'],
    [{ extensionApproved: '2026-10-28', extensionDays: 0 }, 'extension of 0 working days: an extension is 1 to 20 working days (条例第三十三条)'],
    [{ extensionDays: 10 }, 'an extension\'s length was given without the day it was approved: give "extensionApproved" too'],
  ])('refuses %j', (events, message) => {
    expect(() => answerDueQuery(ruleBook, { rule: 'request.reply', at: '2026-09-30T18:00:00+08:00', events })).toThrow(message);
  });

  it('an extension approved after the reply was due stays late, whatever its length', () => {
    // due 11-03 without it; approved 11-05
    const answer = answerDueQuery(ruleBook, { rule: 'request.reply', at: '2026-09-30T18:00:00+08:00', events: { extensionApproved: '2026-11-05', extensionDays: 5 } });
    expect(answer.dueDate).toBe('2026-11-03');
    expect(answer.warnings[0]).toContain('after the reply was due (2026-11-03): it does not move the deadline');
  });
});

describe('"before the event" with the event given as a date alone (hlj.mining.agreement, 申请登记前)', () => {
  // 国庆 2026: 10-01..10-07 off, 10-10 (Sat) a make-up workday (国办发明电〔2025〕7号).
  it.each([
    ['2026-10-08', '2026-10-07', '2026-09-30', 'the day before is the last day of 国庆: the law keeps it, the warning names 09-30'],
    ['2026-10-12', '2026-10-11', '2026-10-10', 'the day before is a Sunday: the warning names the make-up Saturday 10-10'],
    ['2026-11-25', '2026-11-24', undefined, 'the day before is a working day: no warning'],
  ])('event %s: due by the end of %s; last working day named: %s (%s)', (event, dueDate, named, _why) => {
    const answer = answerDueQuery(ruleBook, { rule: 'hlj.mining.agreement', at: event });
    expect(answer.dueDate).toBe(dueDate);
    const warning = answer.warnings.find((w) => w.startsWith('the day before the event'));
    if (named === undefined) expect(warning).toBeUndefined();
    else expect(warning).toBe(`the day before the event, ${dueDate}, is not a working day: publish by the end of ${named}, the last working day before it, unless the department publishes on days off`);
  });

  it('an event with its time is due at that moment, whatever the day before', () => {
    const answer = answerDueQuery(ruleBook, { rule: 'hlj.mining.agreement', at: '2026-10-08T09:00:00+08:00' });
    expect(answer.dueAt).toBe('2026-10-08T09:00:00+08:00');
    expect(answer.warnings).toEqual([]);
  });
});
