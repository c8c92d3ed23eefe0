import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../src/ledger/database.js';
import { syncDepartments } from '../../src/ledger/department-store.js';
import { draftItem } from '../../src/ledger/draft-item.js';
import { itemHistory } from '../../src/ledger/history-store.js';
import { applyToItem } from '../../src/ledger/item-actions.js';
import { findItem, listItems, updateItem } from '../../src/ledger/item-store.js';
import { exempt, publish, reopen, withdraw } from '../../src/ledger/lifecycle.js';
import { loadTestConfig } from '../helpers/config.js';
import { BACKENDS } from '../helpers/databases.js';
import { AT, facts, insertFacts, useLedgerDatabase } from '../helpers/ledger-fixtures.js';

const book = loadTestConfig().ruleBook;
const NOW = DateTime.fromISO(AT, { setZone: true });
const change = { actor: 'admin', at: AT };

describe.each(BACKENDS)('ledger store on %s', (backend: Backend) => {
  const database = useLedgerDatabase(backend);

  it('syncs departments from config: upserts them, deactivates the ones removed', async () => {
    const { db } = database;
    const { departments } = loadTestConfig().organisation;
    const fewer = departments.filter((d) => d.code !== 'baodi.ajj');
    expect(await syncDepartments(db, fewer, AT)).toEqual({ active: fewer.length, deactivated: ['baodi.ajj'] });
    expect(await syncDepartments(db, departments, AT)).toEqual({ active: departments.length, deactivated: [] });
    expect(await db('departments').where({ code: 'baodi.ajj' }).first('active', 'name', 'reminder_emails')).toEqual({
      active: true,
      name: '安监局',
      reminder_emails: ['gongkai@ajj.baodi.example.test'],
    });
  });

  it('stores an item with its deadline, reads it back the same, and records its creation', async () => {
    const [item] = await insertFacts(database.db, facts({ reference: 'S-1', events: { formed: '2026-09-30' } }));
    const read = await findItem(database.db, 'tinghu', 'S-1');
    expect(read).toEqual(item);
    expect(read).toMatchObject({
      events: { formed: '2026-09-30' },
      dueDate: '2026-11-03',
      dueAt: '2026-11-03T23:59:59.999+08:00',
      ruleId: 'general.active',
      domain: 'procurement',
      status: 'open',
      createdAt: AT,
    });
    const history = await itemHistory(database.db, item!.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ action: 'create', actor: 'test', at: AT, changes: { title: [null, '区财政局2026年办公设备采购公告'], dueDate: [null, '2026-11-03'] } });
  });

  it('keeps a date alone apart from midnight, and instants exact', async () => {
    await insertFacts(
      database.db,
      facts({ reference: 'S-2', category: 'request.reply', events: { received: '2026-11-02T10:15:30.5+08:00', consultations: [{ from: '2026-11-09', to: '2026-11-16' }] } }),
    );
    const read = await findItem(database.db, 'tinghu', 'S-2');
    expect(read?.events).toEqual({ received: '2026-11-02T10:15:30.500+08:00', consultations: [{ from: '2026-11-09', to: '2026-11-16' }] });
    expect(read?.dueDate).toBe('2026-12-07');
    const stored = await database.db('ledger_items').where({ reference: 'S-2' }).first(database.db.raw('jsonb_typeof(consultations) as type'));
    expect(stored).toEqual({ type: 'array' });
  });

  it('records a changed event with the recomputed due date, and nothing for an unchanged write', async () => {
    const { db } = database;
    const [item] = await insertFacts(db, facts({ reference: 'S-3' }));
    const moved = draftItem(facts({ reference: 'S-3', events: { formed: '2026-10-09T10:00:00+08:00' } }), book);
    const updated = await db.transaction((trx) => updateItem(trx, item!, moved, 'update', change));
    // 20 working days after Fri 10-09: 10-10 (make-up Saturday) is the 1st, 11-05 the 20th.
    expect(updated?.dueDate).toBe('2026-11-05');
    expect(await db.transaction((trx) => updateItem(trx, updated!, moved, 'update', change))).toBeUndefined();
    const history = await itemHistory(db, item!.id);
    expect(history.map((h) => h.action)).toEqual(['create', 'update']);
    expect(history[1]?.changes).toEqual({
      events: [{ formed: '2026-09-30T18:00:00+08:00' }, { formed: '2026-10-09T10:00:00+08:00' }],
      dueAt: ['2026-11-03T23:59:59.999+08:00', '2026-11-05T23:59:59.999+08:00'],
      dueDate: ['2026-11-03', '2026-11-05'],
    });
  });

  it('publishes, exempts, withdraws and reopens, each checked and in the history', async () => {
    const { db } = database;
    await insertFacts(db, facts({ reference: 'S-4' }));
    const rule = book.rule('general.active');
    const target = { reference: 'S-4' };
    await expect(applyToItem(db, target, 'publish', (i) => publish(i, rule, { url: 'ftp://x.example.test/a' }, NOW), change)).rejects.toThrow(
      '"ftp://x.example.test/a" is not an http(s) web address',
    );
    await expect(
      applyToItem(db, target, 'publish', (i) => publish(i, rule, { url: 'https://www.tinghu.gov.cn/a.html', at: '2026-09-29T10:00:00+08:00' }, NOW), change),
    ).rejects.toThrow('published 2026-09-29T10:00:00+08:00, before the item\'s "formed" event (2026-09-30T18:00:00+08:00)');
    const published = await applyToItem(db, target, 'publish', (i) => publish(i, rule, { url: 'https://www.tinghu.gov.cn/a.html', at: '2026-10-20 09:30' }, NOW), change);
    expect(published).toMatchObject({ status: 'published', publishedAt: '2026-10-20T09:30:00+08:00', publishedUrl: 'https://www.tinghu.gov.cn/a.html' });
    await expect(applyToItem(db, target, 'exempt', (i) => exempt(i, { reason: 'r', basis: '涉密', approvedBy: 'x' }), change)).rejects.toThrow('reopen it before exempting it');
    await applyToItem(db, target, 'reopen', reopen, change);
    await expect(applyToItem(db, target, 'exempt', (i) => exempt(i, { reason: '含国家秘密', basis: 'secret', approvedBy: '张三' }), change)).rejects.toThrow(
      'not a lawful ground',
    );
    const exempted = await applyToItem(db, target, 'exempt', (i) => exempt(i, { reason: '含国家秘密', basis: '涉密', approvedBy: '张三' }), change);
    expect(exempted).toMatchObject({ status: 'exempt', exemptionBasis: 'state_secret', exemptionApprovedBy: '张三', publishedUrl: undefined });
    const withdrawn = await applyToItem(db, target, 'withdraw', (i) => withdraw(i, { reason: '重复登记' }), change);
    expect(withdrawn.status).toBe('withdrawn');
    const history = await itemHistory(db, withdrawn.id);
    expect(history.map((h) => h.action)).toEqual(['create', 'publish', 'reopen', 'exempt', 'withdraw']);
    expect(history[2]?.changes.status).toEqual(['published', 'open']);
    expect(history[2]?.changes.publishedUrl).toEqual(['https://www.tinghu.gov.cn/a.html', null]);
  });

  it('lists by status, department, domain and due time, earliest first', async () => {
    const { db } = database;
    await insertFacts(
      db,
      facts({ reference: 'L-1', departmentCode: 'tinghu.wjw', category: 'medical.procurement', events: { formed: '2026-10-09' } }),
      facts({ reference: 'L-2', departmentCode: 'tinghu.wjw', category: 'medical.procurement', events: { formed: '2026-09-01' } }),
      facts({ reference: 'L-3', departmentCode: 'tinghu.wjw', category: 'licensing', events: { decided: '2026-11-02' } }),
    );
    const wjw = await listItems(db, { departmentCode: 'tinghu.wjw', status: 'open' });
    // L-2: 09-01 + 20 (make-up Sunday 09-20 counted, 中秋 09-25..27 skipped) = 09-29; L-1: 10-09 + 20 = 11-05;
    // L-3: licensing, 11-02 + 7 = 11-11.
    expect(wjw.map((i) => [i.reference, i.dueDate])).toEqual([['L-2', '2026-09-29'], ['L-1', '2026-11-05'], ['L-3', '2026-11-11']]);
    expect((await listItems(db, { departmentCode: 'tinghu.wjw', domain: 'medical' })).map((i) => i.reference)).toEqual(['L-2', 'L-1']);
    expect((await listItems(db, { departmentCode: 'tinghu.wjw', dueBy: '2026-11-06T23:59:59.999+08:00' })).map((i) => i.reference)).toEqual(['L-2', 'L-1']);
  });
});

describe.each(BACKENDS)('ledger integrity on %s', (backend: Backend) => {
  const database = useLedgerDatabase(backend);

  it('the database refuses a status without what it means', async () => {
    await insertFacts(database.db, facts({ reference: 'Q-1' }));
    await expect(database.db('ledger_items').where({ reference: 'Q-1' }).update({ status: 'published' })).rejects.toThrow(/ledger_items_status_fields_check/);
    await expect(database.db('ledger_items').where({ reference: 'Q-1' }).update({ status: 'exempt', exemption_basis: 'privacy' })).rejects.toThrow(
      /ledger_items_status_fields_check/,
    );
  });

  it('the database refuses a status change that writes no history row (全程留痕), and takes the one that does', async () => {
    const { db } = database;
    await insertFacts(db, facts({ reference: 'Q-3' }));
    const silent = db('ledger_items').where({ reference: 'Q-3' }).update({ status: 'withdrawn', withdrawal_reason: '无痕修改' });
    await expect(silent).rejects.toThrow(/changed status \(open to withdrawn\) without a history row: refused/);
    // Inside a transaction the check waits for the commit: a history row written later in it counts.
    const recorded = await applyToItem(db, { reference: 'Q-3' }, 'withdraw', (item) => withdraw(item, { reason: '重复登记' }), { actor: 'admin', at: AT });
    expect(recorded.status).toBe('withdrawn');
    expect((await itemHistory(db, recorded.id)).map((h) => h.action)).toEqual(['create', 'withdraw']);
    // A history row of another transaction does not cover this one.
    await expect(db('ledger_items').where({ reference: 'Q-3' }).update({ status: 'open', withdrawal_reason: null })).rejects.toThrow(/without a history row/);
  });

  it('recording the same publication twice writes one history row', async () => {
    const { db } = database;
    await insertFacts(db, facts({ reference: 'Q-2' }));
    const rule = book.rule('general.active');
    const step = (i: Parameters<typeof publish>[0]) => publish(i, rule, { url: 'https://www.tinghu.gov.cn/q2.html', at: '2026-10-21' }, NOW);
    await applyToItem(db, { reference: 'Q-2' }, 'publish', step, change);
    const again = await applyToItem(db, { reference: 'Q-2' }, 'publish', step, change);
    expect(again.publishedAt).toBe('2026-10-21T00:00:00+08:00');
    expect((await itemHistory(db, again.id)).map((h) => h.action)).toEqual(['create', 'publish']);
  });

  it('a department that changes its code keeps its name without clashing with the retired one', async () => {
    const { departments } = loadTestConfig().organisation;
    const renamed = departments.map((d) => (d.code === 'tinghu.tyj' ? { ...d, code: 'tinghu.tyj2' } : d));
    expect(await syncDepartments(database.db, renamed, AT)).toMatchObject({ deactivated: ['tinghu.tyj'] });
    expect(await syncDepartments(database.db, departments, AT)).toMatchObject({ deactivated: ['tinghu.tyj2'] });
  });
});

describe('the embedded database', () => {
  it('a second process waits while the holder is not sharing it yet, and is told why when it gives up', async () => {
    const { openDatabase, DatabaseInUseError } = await import('../../src/ledger/database.js');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dataDir = join(mkdtempSync(join(tmpdir(), 'dw-lock-')), 'pglite');
    const first = await openDatabase({ dataDir });
    try {
      // Not shared (it is still migrating, say): nobody joins it half ready.
      await expect(openDatabase({ dataDir }, { waitMs: 300 })).rejects.toThrow(DatabaseInUseError);
      await expect(openDatabase({ dataDir }, { waitMs: 300 })).rejects.toThrow(/did not share it in time/);
    } finally {
      await first.close();
    }
    const second = await openDatabase({ dataDir });
    expect(second.embedded).toBe('own');
    expect((await second.db.raw('select 1 as one')).rows).toEqual([{ one: 1 }]);
    await second.close();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);
});
