import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../src/ledger/database.js';
import { draftItem } from '../../src/ledger/draft-item.js';
import { applyToItem } from '../../src/ledger/item-actions.js';
import { itemHistory } from '../../src/ledger/history-store.js';
import { insertItems } from '../../src/ledger/item-store.js';
import { publish, reopen } from '../../src/ledger/lifecycle.js';
import { scan } from '../../src/monitor/scan.js';
import { loadTestConfig } from '../helpers/config.js';
import { BACKENDS } from '../helpers/databases.js';
import { facts, useLedgerDatabase } from '../helpers/ledger-fixtures.js';
import type { Knex } from 'knex';
import type { ItemFacts } from '../../src/ledger/item.js';

const config = loadTestConfig();
const context = { ruleBook: config.ruleBook, ladders: config.ladders };
const at = (iso: string) => DateTime.fromISO(iso, { setZone: true });
const CREATED = '2026-10-20T09:00:00+08:00';

/** Items entered on 2026-10-20; general.active formed 2026-09-30 is due 2026-11-03 (ladder: see decide-stage.test). */
async function enter(db: Knex, ...list: ItemFacts[]) {
  return insertItems(db, list.map((f) => draftItem(f, config.ruleBook)), { actor: 'test', at: CREATED });
}
const steps = (result: Awaited<ReturnType<typeof scan>>) => result.recorded.map((n) => `${n.reference} ${n.step} ${n.recipients.join('+')}`).sort();

describe.each(BACKENDS)('scan on %s', (backend: Backend) => {
  describe('records each step once', () => {
    const database = useLedgerDatabase(backend);
    it('a second scan, and a scan at the same moment again, record nothing more', async () => {
      await enter(database.db, facts({ reference: 'A-1' }));
      expect(steps(await scan(database.db, context, at('2026-10-20T09:00:00+08:00')))).toEqual([]);
      expect(steps(await scan(database.db, context, at('2026-10-29T09:00:00+08:00')))).toEqual(['A-1 upcoming-3 department']);
      expect(steps(await scan(database.db, context, at('2026-10-29T09:00:00+08:00')))).toEqual([]);
      expect(steps(await scan(database.db, context, at('2026-10-30T09:00:00+08:00')))).toEqual([]);
      expect(await database.db('ledger_items').where({ reference: 'A-1' }).first(database.db.raw("to_char(next_check_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') as next"))).toEqual({ next: '2026-11-02 00:00' });
      expect(await database.db('notifications').count('* as n')).toEqual([{ n: 1 }]);
    });
  });

  describe('catch-up after a week of downtime', () => {
    const database = useLedgerDatabase(backend);
    it('records the current step only, telling the people the skipped ones would have', async () => {
      await enter(database.db, facts({ reference: 'B-1' }));
      expect(steps(await scan(database.db, context, at('2026-10-29T09:00:00+08:00')))).toEqual(['B-1 upcoming-3 department']);
      // Down from 10-29 to 11-10: T−1, due, overdue (T+1) were never sent; escalated (T+3, 11-06) is current.
      expect(steps(await scan(database.db, context, at('2026-11-10T10:00:00+08:00')))).toEqual(['B-1 escalated+3 department+leader+supervisor']);
      expect(steps(await scan(database.db, context, at('2026-11-17T09:00:00+08:00')))).toEqual(['B-1 notice+10 supervisor']);
      expect(steps(await scan(database.db, context, at('2026-11-30T09:00:00+08:00')))).toEqual([]);
    });
  });

  describe('leaving and rejoining the ladder', () => {
    const database = useLedgerDatabase(backend);
    it('a published item leaves at once; reopened, it comes back at its current step', async () => {
      const { db } = database;
      await enter(db, facts({ reference: 'C-1' }));
      const rule = config.ruleBook.rule('general.active');
      const change = (iso: string) => ({ actor: 'admin', at: iso });
      await applyToItem(db, { reference: 'C-1' }, 'publish', (i) => publish(i, rule, { url: 'https://www.tinghu.gov.cn/c1.html', at: '2026-10-28 10:00' }, at('2026-10-28T11:00:00+08:00')), change('2026-10-28T11:00:00+08:00'));
      expect(steps(await scan(db, context, at('2026-11-04T09:00:00+08:00')))).toEqual([]);
      await applyToItem(db, { reference: 'C-1' }, 'reopen', reopen, change('2026-11-04T10:00:00+08:00'));
      expect(steps(await scan(db, context, at('2026-11-04T10:00:00+08:00')))).toEqual(['C-1 overdue+1 department+leader']);
    });
  });

  describe('a moved deadline', () => {
    const database = useLedgerDatabase(backend);
    it('climbs the ladder afresh for the new due date, whatever was sent for the old one', async () => {
      const { db } = database;
      const [item] = await enter(db, facts({ reference: 'D-1' }));
      expect(steps(await scan(db, context, at('2026-11-03T09:00:00+08:00')))).toEqual(['D-1 due+0 department']);
      // The formation date is corrected to 10-09: due 11-05, and today (11-03) is its T−2, after upcoming-3 (10-30).
      const { updateItem } = await import('../../src/ledger/item-store.js');
      await db.transaction((trx) => updateItem(trx, item!, draftItem(facts({ reference: 'D-1', events: { formed: '2026-10-09' } }), config.ruleBook), 'update', { actor: 'admin', at: '2026-11-03T10:00:00+08:00' }));
      expect(steps(await scan(db, context, at('2026-11-03T10:00:00+08:00')))).toEqual(['D-1 upcoming-3 department']);
      expect(steps(await scan(db, context, at('2026-11-05T09:00:00+08:00')))).toEqual(['D-1 due+0 department']);
      expect((await db('notifications').where({ item_id: item!.id }).orderBy('id').select('step', 'due_date')).map((n) => `${n.step} ${n.due_date}`)).toEqual([
        'due+0 2026-11-03',
        'upcoming-3 2026-11-05',
        'due+0 2026-11-05',
      ]);
    });
  });

  describe('dry run', () => {
    const database = useLedgerDatabase(backend);
    it('says what a scan would record and writes nothing', async () => {
      await enter(database.db, facts({ reference: 'E-1' }));
      expect(steps(await scan(database.db, context, at('2026-11-04T09:00:00+08:00'), { dryRun: true }))).toEqual(['E-1 overdue+1 department+leader']);
      expect(await database.db('notifications').count('* as n')).toEqual([{ n: 0 }]);
      expect(steps(await scan(database.db, context, at('2026-11-04T09:00:00+08:00')))).toEqual(['E-1 overdue+1 department+leader']);
    });
  });

  describe('a request whose 补正 period ends with no supplement (条例第三十条)', () => {
    const database = useLedgerDatabase(backend);
    it('is recorded as abandoned, once, with its history row, and never reminded of', async () => {
      const request = (reference: string, supplementDue: string) =>
        facts({ reference, category: 'request.reply', departmentCode: 'tinghu.zwb', events: { received: '2026-10-12T10:00:00+08:00', supplementRequested: '2026-10-14', supplementDue } });
      const [waiting] = await enter(database.db, request('S-1', '2026-10-28'), request('S-2', '2026-11-30'));
      expect(waiting?.status).toBe('awaiting_supplement');
      // On the period's last day it is still awaited.
      expect((await scan(database.db, context, at('2026-10-28T23:00:00+08:00'))).abandoned).toEqual([]);
      const dry = await scan(database.db, context, at('2026-10-29T09:00:00+08:00'), { dryRun: true });
      expect(dry.abandoned.map((a) => a.reference)).toEqual(['S-1']);
      expect(await database.db('ledger_items').where({ reference: 'S-1' }).first('status')).toEqual({ status: 'awaiting_supplement' });
      const result = await scan(database.db, context, at('2026-10-29T09:00:00+08:00'));
      expect(result.abandoned.map((a) => a.reference)).toEqual(['S-1']);
      expect(result.recorded).toEqual([]);
      expect((await scan(database.db, context, at('2026-10-29T09:00:00+08:00'))).abandoned).toEqual([]);
      const rows = await database.db('ledger_items').orderBy('reference').select('reference', 'status');
      expect(rows).toEqual([{ reference: 'S-1', status: 'abandoned' }, { reference: 'S-2', status: 'awaiting_supplement' }]);
      const history = await itemHistory(database.db, waiting!.id);
      expect(history.map((h) => [h.action, h.changes.status ?? null])).toEqual([['create', [null, 'awaiting_supplement']], ['abandon', ['awaiting_supplement', 'abandoned']]]);
      // Weeks later: no ladder step for either.
      expect(steps(await scan(database.db, context, at('2026-12-20T09:00:00+08:00')))).toEqual([]);
      expect(await database.db('notifications').count('* as n')).toEqual([{ n: 0 }]);
    });
  });
});

describe('two scans at once on postgres', () => {
  const database = useLedgerDatabase('postgres');
  it('record every step exactly once between them', async () => {
    await enter(database.db, ...Array.from({ length: 600 }, (_, i) => facts({ reference: `F-${i}` })));
    const now = at('2026-11-04T09:00:00+08:00');
    // Two connections open beforehand: otherwise the second scan waits for one to be made, and on a loaded machine the
    // first could be through all 12 batches before it starts.
    await Promise.all([database.db.raw('select pg_sleep(0.05)'), database.db.raw('select pg_sleep(0.05)')]);
    const [a, b] = await Promise.all([scan(database.db, context, now, { batchSize: 50 }), scan(database.db, context, now, { batchSize: 50 })]);
    expect(a.recorded.length + b.recorded.length).toBe(600);
    expect(a.recorded.length).toBeGreaterThan(0);
    expect(b.recorded.length).toBeGreaterThan(0);
    expect(await database.db('notifications').count('* as n')).toEqual([{ n: 600 }]);
  });
});

describe('a scan that waits for the scans in progress (before a digest) on postgres', () => {
  const database = useLedgerDatabase('postgres');
  it('returns only once the items another scan holds are committed, and records none of them twice', async () => {
    const { db } = database;
    await enter(db, facts({ reference: 'W-1' }), facts({ reference: 'W-2' }));
    const now = at('2026-11-04T09:00:00+08:00');
    // Another replica's scan, in the middle of its batch: W-1 locked, its step not yet committed.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const other = db.transaction(async (trx) => {
      await trx('ledger_items').where({ reference: 'W-1' }).forUpdate().select('id');
      locked();
      await held;
      return scan(trx, context, now);
    });
    await isLocked;
    // A skipping scan passes W-1 by: a digest composed after it would miss W-1's step.
    const skipping = await scan(db, context, now);
    expect(steps(skipping)).toEqual(['W-2 overdue+1 department+leader']);
    let waitingDone = false;
    const waiting = scan(db, context, now, { waitForScans: true }).then((r) => ((waitingDone = true), r));
    await new Promise((r) => setTimeout(r, 300));
    expect(waitingDone).toBe(false);
    release();
    expect(steps(await other)).toEqual(['W-1 overdue+1 department+leader']);
    expect(steps(await waiting)).toEqual([]);
    expect(await db('notifications').count('* as n')).toEqual([{ n: 2 }]);
  });
});
