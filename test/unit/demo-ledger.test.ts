import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { decideStage } from '../../src/core/decide-stage.js';
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

  it('is the same for the same moment (pure)', () => {
    expect(demoLedger(config.ruleBook, tinghu, now)).toEqual(demoLedger(config.ruleBook, tinghu, now));
  });
});
