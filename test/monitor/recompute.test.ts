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

const shipped = loadTestConfig();
const now = DateTime.fromISO('2026-10-28T09:00:00+08:00', { setZone: true });

// A local closure on Mon 2026-11-02 in Tinghu: general.active from 2026-09-30 moves from 11-03 to 11-04.
const closed = new TempConfig().write('calendars/local/tinghu.yaml', 'jurisdiction: tinghu\nclosures:\n  - { date: 2026-11-02, reason: 测试停止办公 }\n');
// Tinghu no longer maps medical.procurement: its items cannot be placed.
const unmapped = new TempConfig().edit('rules/jiangsu-yancheng-tinghu.yaml', '  medical.procurement: general.active\n', '');
afterAll(() => {
  closed.cleanup();
  unmapped.cleanup();
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
