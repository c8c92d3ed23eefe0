import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Backend } from '../../src/ledger/database.js';
import { migrateLatest, rollbackAll } from '../../src/ledger/migrate.js';
import { BACKENDS, openTestDatabase, TEST_DATABASE_URL } from '../helpers/databases.js';

const TABLES = ['access_links', 'departments', 'exemption_requests', 'import_rows', 'item_history', 'ledger_items', 'message_history', 'message_notifications', 'messages', 'monitor_state', 'notifications', 'portal_sessions', 'publication_checks'];
const ALL = ['20261121_001_ledger', '20261122_002_monitor', '20261122_003_monitor_state', '20261122_004_messages', '20261122_005_message_attachments', '20261122_006_admin_mail', '20261201_007_portal', '20261201_008_message_history', '20261202_009_status_needs_history', '20261202_010_import_staging', '20261202_011_status_check_when_changed', '20261203_012_message_claims', '20261203_013_inline_images', '20261203_014_day_figures', '20261204_015_decision_type', '20261204_016_extension_days', '20261205_017_supplement_period', '20261205_018_item_warnings', '20261205_019_delivered_answers', '20261205_020_exemption_bases'];

describe.each(BACKENDS)('migrations on %s', (backend: Backend) => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    database = await openTestDatabase(backend, { migrate: false });
  }, 60_000);
  afterAll(async () => database?.close());

  const tables = async () =>
    (await database.db('pg_tables').where({ schemaname: database.schema }).whereIn('tablename', TABLES).pluck('tablename')).sort();

  it('run up, down and up again cleanly', async () => {
    expect(await migrateLatest(database)).toEqual(ALL);
    expect(await tables()).toEqual(TABLES);
    expect(await migrateLatest(database)).toEqual([]);
    expect(await rollbackAll(database)).toEqual([...ALL].reverse());
    expect(await tables()).toEqual([]);
    expect(await migrateLatest(database)).toEqual(ALL);
    expect(await tables()).toEqual(TABLES);
  });

  it('the database itself refuses to change or delete history', async () => {
    const { db } = database;
    const now = new Date('2026-11-21T01:00:00Z');
    await db('departments').insert({ code: 'd1', name: '区财政局', jurisdiction: 'tinghu', synced_at: now });
    const [item] = await db('ledger_items')
      .insert({
        jurisdiction: 'tinghu', reference: 'R1', title: 't', department_code: 'd1', domain: 'procurement', category: 'procurement.transaction',
        rule_id: 'general.active', rule_version: 'v', due_at: now, due_date: '2026-11-21', provisional: false, created_at: now, updated_at: now,
      })
      .returning('id');
    await db('item_history').insert({ item_id: item.id, at: now, actor: 'test', action: 'create', changes: {} });
    await expect(db('item_history').update({ actor: 'someone else' })).rejects.toThrow(/item_history is append-only \(全程留痕\): UPDATE refused/);
    await expect(db('item_history').delete()).rejects.toThrow(/append-only \(全程留痕\): DELETE refused/);
    await expect(db.raw('truncate item_history')).rejects.toThrow(/append-only \(全程留痕\): TRUNCATE refused/);
    await expect(db('ledger_items').where({ id: item.id }).delete()).rejects.toThrow(/foreign key/);
    expect(await db('item_history').count('* as n')).toEqual([{ n: 1 }]);
  });
});

describe('replicas starting together on a new PostgreSQL database', () => {
  it('migrate one after another: each either runs the migrations or finds them done, none fails', async () => {
    const first = await openTestDatabase('postgres', { migrate: false });
    const others = await Promise.all([1, 2].map(() => openDatabase({ url: TEST_DATABASE_URL, dataDir: '', schema: first.schema })));
    try {
      const ran = await Promise.all([first, ...others].map((database) => migrateLatest(database)));
      expect(ran.map((names) => names.length).sort((a, b) => a - b)).toEqual([0, 0, ALL.length]);
    } finally {
      await Promise.all(others.map((database) => database.close()));
      await first.close();
    }
  });
});
