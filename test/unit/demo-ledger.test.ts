import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { decideStage } from '../../src/core/decide-stage.js';
import { demoHistory } from '../../src/demo/demo-history.js';
import { demoLedger } from '../../src/demo/demo-ledger.js';
import { draftItem } from '../../src/ledger/draft-item.js';
import { loadTestConfig } from '../helpers/config.js';

const config = loadTestConfig();
const tinghu = config.organisation.departments.filter((d) => d.jurisdiction === 'tinghu');

describe.each(['2026-11-23T09:00:00+08:00', '2026-09-30T16:00:00+08:00', '2026-02-13T10:00:00+08:00'])('the demo ledger at %s', (iso) => {
  const now = DateTime.fromISO(iso, { setZone: true });
  const items = demoLedger(config.ruleBook, tinghu, now).map((facts) => draftItem(facts, config.ruleBook));
  const open = items.filter((i) => i.status === 'open');

  it('has a few dozen items across the domains, with unique references, all accepted by the ledger rules', () => {
    expect(open.length).toBeGreaterThanOrEqual(24);
    expect(new Set(open.map((i) => i.domain)).size).toBeGreaterThanOrEqual(7);
    expect(new Set(items.map((i) => i.reference)).size).toBe(items.length);
    expect(items.filter((i) => i.status === 'published')).toHaveLength(4);
  });

  it('puts items at every stage of the ladder now: due soon, due today, late, escalated, candidates for 通报', () => {
    const ladder = config.ladders.get('tinghu');
    if (!ladder) throw new Error('no ladder for tinghu');
    const stages = new Set(
      open.map((item) => decideStage({ dueAt: item.dueAt, dueDate: item.dueDate, countsHours: config.ruleBook.rules.get(item.ruleId)?.kind === 'hoursAfter' }, now, ladder, config.ruleBook.calendarFor('tinghu')).step?.stage),
    );
    expect([...stages].filter(Boolean).sort()).toEqual(['due', 'escalated', 'notice', 'overdue', 'upcoming']);
  });

  it('holds a licensing and a penalty decision inside mixed categories, due in 7 working days, and items of the national special rules', () => {
    const decisions = open.filter((i) => i.decisionType !== undefined).map((i) => [i.category, i.decisionType, i.ruleId]);
    expect(decisions).toEqual([
      ['medical.supplier_credit', 'penalty', 'general.penalty'],
      ['bidding.approval', 'licensing', 'general.licensing'],
    ]);
    for (const category of ['medical.supplier_credit', 'bidding.approval']) {
      expect(config.ruleBook.categoriesOf('tinghu').get(category)?.rule.id).not.toMatch(/^general\.(licensing|penalty)$/);
    }
    expect(open.filter((i) => i.ruleId.startsWith('national.')).length).toBeGreaterThanOrEqual(5);
  });

  it('is the same for the same moment (pure)', () => {
    expect(demoLedger(config.ruleBook, tinghu, now)).toEqual(demoLedger(config.ruleBook, tinghu, now));
  });

  it('adds a year of published items: due before now, published before now, some departments always on time and others not', () => {
    const history = demoHistory(config.ruleBook, tinghu, now).map((facts) => draftItem(facts, config.ruleBook));
    expect(history.length).toBeGreaterThan(200);
    expect(new Set([...items, ...history].map((i) => i.reference)).size).toBe(items.length + history.length);
    for (const item of history) {
      expect(item.status).toBe('published');
      expect(Date.parse(item.dueAt)).toBeLessThan(now.toMillis());
      expect(Date.parse(item.publishedAt as string)).toBeLessThan(now.toMillis());
    }
    const lateShare = new Map<string, number>();
    for (const code of new Set(history.map((i) => i.departmentCode))) {
      const own = history.filter((i) => i.departmentCode === code);
      lateShare.set(code, own.filter((i) => Date.parse(i.publishedAt as string) > Date.parse(i.dueAt)).length / own.length);
    }
    expect(lateShare.size).toBe(tinghu.length);
    expect([...lateShare.values()].filter((share) => share === 0).length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...lateShare.values())).toBeGreaterThan(0.2);
    expect(new Set(history.map((i) => i.dueDate.slice(0, 7))).size).toBeGreaterThanOrEqual(11);
  });
});
