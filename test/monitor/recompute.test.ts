import { DateTime } from 'luxon';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import type { Backend } from '../../src/ledger/database.js';
import { draftItem } from '../../src/ledger/draft-item.js';
import { itemHistory } from '../../src/ledger/history-store.js';
import { findItem, insertItems } from '../../src/ledger/item-store.js';
import { recomputeOpenItems } from '../../src/monitor/recompute.js';
import { scan } from '../../src/monitor/scan.js';
import { loadTestConfig } from '../helpers/config.js';
import { BACKENDS } from '../helpers/databases.js';
import { facts, useLedgerDatabase } from '../helpers/ledger-fixtures.js';
import { TempConfig } from '../helpers/temp-config.js';
import { HYPOTHETICAL_2027_YAML } from '../helpers/notice-2027.js';
import { demoLedger } from '../../src/demo/demo-ledger.js';

const shipped = loadTestConfig();
const now = DateTime.fromISO('2026-10-28T09:00:00+08:00', { setZone: true });

// A local closure on Mon 2026-11-02 in Tinghu: general.active from 2026-09-30 moves from 11-03 to 11-04.
const closed = new TempConfig().write('calendars/local/tinghu.yaml', 'jurisdiction: tinghu\nclosures:\n  - { date: 2026-11-02, reason: 测试停止办公 }\n');
// Tinghu no longer maps medical.procurement: its items cannot be placed.
const unmapped = new TempConfig().edit('rules/jiangsu-yancheng-tinghu.yaml', '  medical.procurement: general.active\n', '');
// The next year's notice loaded; then, on top of it, a local closure on Thu 2026-12-17.
const nextYear = new TempConfig().write('calendars/2027.yaml', HYPOTHETICAL_2027_YAML);
const closedInDecember = new TempConfig()
  .write('calendars/2027.yaml', HYPOTHETICAL_2027_YAML)
  .write('calendars/local/tinghu.yaml', 'jurisdiction: tinghu\nclosures:\n  - { date: 2026-12-17, reason: 测试停止办公 }\n');
afterAll(() => {
  for (const temp of [closed, unmapped, nextYear, closedInDecember]) temp.cleanup();
});

describe.each(BACKENDS)('recompute on %s', (backend: Backend) => {
  const database = useLedgerDatabase(backend);

  it('does nothing while the config is the one the ledger was computed with', async () => {
    await insertItems(database.db, [draftItem(facts({ reference: 'R-1' }), shipped.ruleBook), draftItem(facts({ reference: 'R-2', category: 'medical.procurement' }), shipped.ruleBook)], { actor: 'test', at: '2026-10-20T09:00:00+08:00' });
    expect(await recomputeOpenItems(database.db, shipped, now)).toEqual({ configChanged: true, firstComputation: true, checked: 2, recomputed: 0, failed: [] });
    expect(await recomputeOpenItems(database.db, shipped, now)).toEqual({ configChanged: false, firstComputation: false, checked: 0, recomputed: 0, failed: [] });
  });

  it('moves due dates when the calendar changes, with history, and the item is looked at again', async () => {
    const config = loadConfig(closed.dir, { today: '2026-10-28' });
    expect(config.fingerprint).not.toBe(shipped.fingerprint);
    expect(await recomputeOpenItems(database.db, config, now)).toMatchObject({ configChanged: true, checked: 2, recomputed: 2, failed: [] });
    const item = await findItem(database.db, 'tinghu', 'R-1');
    expect(item?.dueDate).toBe('2026-11-04');
    expect((await itemHistory(database.db, item!.id)).at(-1)).toMatchObject({
      action: 'recompute',
      actor: 'system',
      changes: { dueAt: ['2026-11-03T23:59:59.999+08:00', '2026-11-04T23:59:59.999+08:00'], dueDate: ['2026-11-03', '2026-11-04'] },
    });
    // The ladder for 11-04: upcoming-3 is 10-29 (11-03, 10-30, 10-29; 11-02 closed); nothing is due on 10-28 itself.
    const found = await scan(database.db, { ruleBook: config.ruleBook, ladders: config.ladders }, DateTime.fromISO('2026-10-29T09:00:00+08:00', { setZone: true }));
    expect(found.recorded.map((n) => `${n.reference} ${n.step} ${n.dueDate}`).sort()).toEqual(['R-1 upcoming-3 2026-11-04', 'R-2 upcoming-3 2026-11-04']);
  });

  it('reports the items the rules in force cannot place, and leaves them as they were', async () => {
    const config = loadConfig(unmapped.dir, { today: '2026-10-28' });
    const result = await recomputeOpenItems(database.db, config, now);
    expect(result.failed).toEqual([{ itemId: expect.any(Number), reference: 'R-2', reason: 'unknown category "medical.procurement" for jurisdiction tinghu' }]);
    expect((await findItem(database.db, 'tinghu', 'R-2'))?.dueDate).toBe('2026-11-04');
  });

  it("gives an item written before the engine's warnings were kept its warnings, with history, and leaves the date", async () => {
    // A request whose extension came after the reply was due (11-09): the engine warns, the date stays.
    const request = draftItem(facts({ reference: 'R-3', category: 'request.reply', departmentCode: 'tinghu.zwb', events: { received: '2026-10-12T10:00:00+08:00', extensionApproved: '2026-11-20T10:00:00+08:00' } }), shipped.ruleBook);
    expect(request.warnings?.[0]?.zh).toContain('延期答复于2026-11-20批准');
    await insertItems(database.db, [{ ...request, warnings: undefined }], { actor: 'test', at: '2026-10-20T09:00:00+08:00' });
    // R-1 goes back to the shipped calendar's 11-03 too.
    expect(await recomputeOpenItems(database.db, shipped, now, { force: true })).toMatchObject({ recomputed: 2, failed: [] });
    const item = await findItem(database.db, 'tinghu', 'R-3');
    expect(item).toMatchObject({ dueDate: '2026-11-09', warnings: request.warnings });
    expect(Object.keys((await itemHistory(database.db, item!.id)).at(-1)!.changes)).toEqual(['warnings']);
    expect(await recomputeOpenItems(database.db, shipped, now, { force: true })).toMatchObject({ recomputed: 0 });
  });
});

/**
 * The demo's open items (every category Tinghu maps, each rule kind, deadlines from 12 working days late to 8
 * ahead) as on several days from May 2026 to mid-January 2027: spans that end in 2026, that cross into 2027, and
 * that lie in 2027.
 */
function itemsAcrossTheTurnOfTheYear() {
  const days = ['2026-05-12', '2026-07-08', '2026-09-16', '2026-11-05', '2026-12-08', '2026-12-24', '2026-12-30', '2027-01-15'];
  return days.flatMap((day) =>
    demoLedger(shipped.ruleBook, shipped.organisation.departments, DateTime.fromISO(`${day}T10:00:00+08:00`, { setZone: true }))
      .filter((item) => item.status === 'open')
      .map((item) => draftItem({ ...item, reference: `${day}/${item.reference}` }, shipped.ruleBook)),
  );
}

describe.each(BACKENDS)('recompute after a calendar year changed, on %s', (backend: Backend) => {
  const database = useLedgerDatabase(backend);

  it('reads only the items whose counting reaches into that year, and leaves none that should move', async () => {
    const items = itemsAcrossTheTurnOfTheYear();
    await insertItems(database.db, items, { actor: 'test', at: '2026-11-01T09:00:00+08:00' });
    expect(await recomputeOpenItems(database.db, shipped, now)).toMatchObject({ firstComputation: true, checked: items.length, recomputed: 0 });
    const reachingIntoTheNextYear = items.filter((item) => item.provisional).length;
    expect(reachingIntoTheNextYear).toBeGreaterThan(10);

    // The 2027 notice: every provisional item moves (at least its provisional flag), and far from all are read.
    const withNotice = loadConfig(nextYear.dir, { today: '2026-11-21' });
    const followed = await recomputeOpenItems(database.db, withNotice, now);
    expect(followed).toMatchObject({ configChanged: true, years: [2027], recomputed: expect.any(Number), failed: [] });
    expect(followed.recomputed).toBeGreaterThanOrEqual(reachingIntoTheNextYear);
    expect(followed.checked).toBeLessThan(items.length / 2);
    expect(Number((await database.db('ledger_items').where({ status: 'open', provisional: true }).count({ n: '*' }))[0]?.n)).toBe(0);
    // Nothing was left behind: reading every item finds none that still moves.
    expect(await recomputeOpenItems(database.db, withNotice, now, { force: true })).toMatchObject({ recomputed: 0, failed: [] });

    // A local closure in December 2026: only what reaches into 2026 is read, and again nothing is left behind.
    const closedToo = loadConfig(closedInDecember.dir, { today: '2026-11-21' });
    const closure = await recomputeOpenItems(database.db, closedToo, now);
    expect(closure).toMatchObject({ years: [2026], failed: [] });
    expect(closure.recomputed).toBeGreaterThan(0);
    expect(closure.checked).toBeLessThan(items.length);
    expect(await recomputeOpenItems(database.db, closedToo, now, { force: true })).toMatchObject({ recomputed: 0, failed: [] });
  });
});
