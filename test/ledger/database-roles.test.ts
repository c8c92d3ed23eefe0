import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importLedger } from '../../src/intake/import-ledger.js';
import { openDatabase, type Database } from '../../src/ledger/database.js';
import { itemHistory } from '../../src/ledger/history-store.js';
import { applyToItem } from '../../src/ledger/item-actions.js';
import { findItem } from '../../src/ledger/item-store.js';
import { publish } from '../../src/ledger/lifecycle.js';
import { migrateLatest } from '../../src/ledger/migrate.js';
import { loadTestConfig } from '../helpers/config.js';
import { TEST_DATABASE_URL } from '../helpers/databases.js';
import { AT, facts, insertFacts, syncShippedDepartments } from '../helpers/ledger-fixtures.js';

/**
 * The two roles on PostgreSQL: migrations run as the owner (DATABASE_MIGRATION_URL); the application connects as a
 * role that may read and write the ledger and add to its history, but cannot switch the trail's guards off.
 */
const tag = randomBytes(4).toString('hex');
const [ownerRole, appRole, schema] = [`dw_owner_${tag}`, `dw_app_${tag}`, `dw_roles_${tag}`];
const urlAs = (role: string) => {
  const url = new URL(TEST_DATABASE_URL);
  url.username = role;
  url.password = `pw-${tag}`;
  return url.toString();
};

describe('the database roles', () => {
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  let app: Database;
  beforeAll(async () => {
    await admin.connect().catch((error: Error) => {
      throw new Error(`PostgreSQL is not reachable at ${TEST_DATABASE_URL} (${error.message}): start it with pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`);
    });
    for (const role of [ownerRole, appRole]) await admin.query(`create role ${role} login password 'pw-${tag}'`);
    await admin.query(`create schema ${schema} authorization ${ownerRole}`);
    app = await openDatabase({ url: urlAs(appRole), migrationUrl: urlAs(ownerRole), dataDir: '', schema });
    expect(await migrateLatest(app)).toContain('20261202_009_status_needs_history');
    await syncShippedDepartments(app.db);
    await insertFacts(app.db, facts({ reference: 'RO-1' }));
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await admin.query(`drop schema if exists ${schema} cascade`);
    for (const role of [appRole, ownerRole]) await admin.query(`drop owned by ${role}; drop role if exists ${role}`);
    await admin.end();
  });

  it('the application role writes the ledger and its history the way the application does', async () => {
    const rule = loadTestConfig().ruleBook.rule('general.active');
    const item = await applyToItem(app.db, { reference: 'RO-1' }, 'publish', (i) => publish(i, rule, { url: 'https://www.tinghu.gov.cn/ro1.html', at: '2026-10-20 09:30' }, DateTime.fromISO(AT, { setZone: true })), { actor: 'admin', at: AT });
    expect(item.status).toBe('published');
    expect((await itemHistory(app.db, item.id)).map((h) => h.action)).toEqual(['create', 'publish']);
  });

  it('the application role imports a ledger file: rows staged by COPY, merged, the staging emptied', async () => {
    const { ruleBook, organisation } = loadTestConfig();
    const dir = mkdtempSync(join(tmpdir(), 'dw-roles-'));
    try {
      const file = join(dir, 'ledger.csv');
      writeFileSync(file, '编号,事项名称,责任单位,类别,形成日期\nRO-3,办公设备采购公告,区财政局,procurement.transaction,2026-10-09\n');
      const result = await importLedger(app.db, ruleBook, organisation.departments, { file, partial: false, actor: 'admin', now: DateTime.fromISO(AT, { setZone: true }) });
      expect(result).toMatchObject({ inserted: 1, committed: true });
      expect(Number((await app.db('import_rows').count({ n: '*' }))[0]?.n)).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['disable the trail\'s triggers', 'alter table item_history disable trigger all', /must be owner of table item_history/],
    ['drop a trigger', 'drop trigger item_history_no_update_or_delete on item_history', /must be owner of (table|relation) item_history/],
    ['replace the trigger\'s function', "create or replace function item_history_append_only() returns trigger language plpgsql as $$ begin return old; end $$", /must be owner of function item_history_append_only|permission denied/],
    ['rewrite history', "update item_history set actor = 'someone else'", /permission denied for table item_history/],
    ['wipe history', 'delete from item_history', /permission denied for table item_history/],
    ['truncate history', 'truncate item_history', /permission denied for table item_history/],
    ['switch the status check off', 'alter table ledger_items disable trigger ledger_items_status_needs_history', /must be owner of table ledger_items/],
    ['mark the migrations done', "insert into knex_migrations (name, batch, migration_time) values ('x', 99, now())", /permission denied for table knex_migrations/],
  ])('the application role cannot %s', async (_, sql, refusal) => {
    await expect(app.db.raw(sql)).rejects.toThrow(refusal);
  });

  it('the application role cannot publish an item without its history row', async () => {
    await insertFacts(app.db, facts({ reference: 'RO-2' }));
    const silent = app.db('ledger_items').where({ reference: 'RO-2' }).update({ status: 'withdrawn', withdrawal_reason: '无痕' });
    await expect(silent).rejects.toThrow(/without a history row: refused/);
    expect(await findItem(app.db, 'tinghu', 'RO-2')).toMatchObject({ status: 'open' });
  });
});
