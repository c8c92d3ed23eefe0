import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { composeMessages } from '../../src/delivery/compose.js';
import { composeEscalation } from '../../src/delivery/compose-escalation.js';
import { deliverPending } from '../../src/delivery/deliver.js';
import type { Backend } from '../../src/ledger/database.js';
import { applyToItem } from '../../src/ledger/item-actions.js';
import { publish } from '../../src/ledger/lifecycle.js';
import { scan } from '../../src/monitor/scan.js';
import { loadTestConfig } from '../helpers/config.js';
import { BACKENDS } from '../helpers/databases.js';
import { nodemailerOptions } from '../../src/delivery/outgoing-mail.js';
import { facts, useLedgerDatabase } from '../helpers/ledger-fixtures.js';
import { draftItem } from '../../src/ledger/draft-item.js';
import { insertItems } from '../../src/ledger/item-store.js';
import type { ItemFacts } from '../../src/ledger/item.js';
import { MAIL, recordingTransport } from '../helpers/worker-context.js';

const config = loadTestConfig();
const at = (iso: string) => DateTime.fromISO(iso, { setZone: true });
// general.active, formed 2026-09-30: due 2026-11-03; T+3 (escalated: department, leader, supervisor) is 2026-11-06.
const ESCALATED_DAY = at('2026-11-06T09:00:00+08:00');

/** Items entered on 2026-10-20, before any of their steps. */
async function insertFacts(db: Knex, ...list: ItemFacts[]) {
  return insertItems(db, list.map((f) => draftItem(f, config.ruleBook)), { actor: 'test', at: '2026-10-20T09:00:00+08:00' });
}

async function scanAndCompose(db: Knex, now: DateTime) {
  await scan(db, { ruleBook: config.ruleBook, ladders: config.ladders }, now);
  return composeMessages(db, config, now, MAIL);
}

const statuses = async (db: Knex, table: 'messages' | 'notifications') =>
  ((await db(table).select('status').count({ n: '*' }).groupBy('status').orderBy('status')) as Array<{ status: string; n: number }>).map((r) => `${r.status} ${r.n}`);

describe.each(BACKENDS)('composing mail on %s', (backend: Backend) => {
  describe('one digest per audience and day', () => {
    const database = useLedgerDatabase(backend);
    it('gathers the steps of each department, and the escalations for the supervising office', async () => {
      const { db } = database;
      await insertFacts(db, facts({ reference: 'A-1' }), facts({ reference: 'A-2', title: '<b>标题</b> & 更多' }), facts({ reference: 'B-1', departmentCode: 'tinghu.zjj', category: 'housing.allocation' }));
      const result = await scanAndCompose(db, ESCALATED_DAY);
      expect(result.composed.sort()).toEqual(['department:tinghu.czj:2026-11-06', 'department:tinghu.zjj:2026-11-06']);
      // The steps wait for the office's digest too.
      expect(await statuses(db, 'notifications')).toEqual(['pending 3']);
      expect((await composeEscalation(db, config, ESCALATED_DAY, MAIL)).composed).toEqual(['supervisor:tinghu:2026-11-06']);
      const czj = await db('messages').where({ key: 'department:tinghu.czj:2026-11-06' }).first();
      expect(czj.to_addresses).toEqual(['gongkai@czj.tinghu.example.test']);
      expect(czj.cc_addresses).toEqual(['leader@czj.tinghu.example.test']);
      expect(czj.subject).toBe('【政务公开提醒】区财政局：2项已逾期（2026-11-06）');
      expect(czj.message_id).toBe('<dw.department.tinghu.czj.20261106@example.test>');
      expect(czj.text_body).toContain('[逾期督办] A-1');
      expect(czj.text_body).toContain('逾期3个工作日');
      expect(czj.html_body).toContain('&lt;b&gt;标题&lt;/b&gt; &amp; 更多');
      expect(czj.html_body).not.toContain('<b>标题');
      const supervisor = await db('messages').where({ key: 'supervisor:tinghu:2026-11-06' }).first();
      expect(supervisor.to_addresses).toEqual(['zwgk@tinghu.example.test']);
      // The office's first digest of the week is its weekly summary (周报).
      expect(supervisor.subject).toBe('【政务公开督办周报】亭湖区人民政府办公室：3项已逾期（2026-11-06）');
      expect(await statuses(db, 'notifications')).toEqual(['sending 3']);
      expect(await composeMessages(db, config, ESCALATED_DAY, MAIL)).toEqual({ composed: [], cancelled: 0, waiting: 0, unaddressed: [] });
      expect(await composeEscalation(db, config, ESCALATED_DAY, MAIL)).toEqual({ composed: [], cancelled: 0, waiting: 0, unaddressed: [] });
    });

    it('a step recorded after the day\'s digest waits for the next one', async () => {
      const { db } = database;
      await insertFacts(db, facts({ reference: 'A-3', events: { formed: '2026-10-10T10:00:00+08:00' } }));
      // Formed on the make-up Saturday 10-10: due 11-06, so due today.
      const later = ESCALATED_DAY.plus({ hours: 2 });
      expect(await scanAndCompose(db, later)).toMatchObject({ composed: [], waiting: 1 });
      expect(await scanAndCompose(db, at('2026-11-09T09:00:00+08:00'))).toMatchObject({ composed: ['department:tinghu.czj:2026-11-09'], waiting: 0 });
      const next = await db('messages').where({ key: 'department:tinghu.czj:2026-11-09' }).first();
      // Read on 11-09, the step of 11-06 (due that day) is a day late: the digest says where the item stands now.
      // Two steps of A-3 wait (due+0 of 11-06, overdue+1 of 11-09): one line, the latest, and the leader copied.
      expect(next.text_body.match(/^\[.*A-3/gm)).toHaveLength(1);
      expect(next.text_body).toContain('[已逾期] A-3');
      expect(next.text_body).toContain('逾期1个工作日');
      expect(next.cc_addresses).toEqual(['leader@czj.tinghu.example.test']);
    });
  });

  describe('a published item', () => {
    const database = useLedgerDatabase(backend);
    it('is not mailed about if it was published before its digest was made', async () => {
      const { db } = database;
      await insertFacts(db, facts({ reference: 'P-1' }));
      await scan(db, { ruleBook: config.ruleBook, ladders: config.ladders }, ESCALATED_DAY);
      const rule = config.ruleBook.rule('general.active');
      const when = ESCALATED_DAY.plus({ hours: 1 });
      await applyToItem(db, { reference: 'P-1' }, 'publish', (item) => publish(item, rule, { url: 'https://example.test/p1.html' }, when), { actor: 'test', at: when.toISO() as string });
      expect(await composeMessages(db, config, ESCALATED_DAY.plus({ hours: 2 }), MAIL)).toEqual({ composed: [], cancelled: 1, waiting: 0, unaddressed: [] });
      expect(await statuses(db, 'notifications')).toEqual(['cancelled 1']);
    });
  });
});

describe.each(BACKENDS)('delivery on %s', (backend: Backend) => {
  const database = useLedgerDatabase(backend);
  const deliver = (transport: ReturnType<typeof recordingTransport>, now: DateTime) => deliverPending(database.db, transport, now, MAIL);

  it('sends each message once and marks its steps sent', async () => {
    const { db } = database;
    await insertFacts(db, facts({ reference: 'D-1' }));
    await scanAndCompose(db, ESCALATED_DAY);
    await composeEscalation(db, config, ESCALATED_DAY, MAIL);
    const transport = recordingTransport();
    expect((await deliver(transport, ESCALATED_DAY)).sent.sort()).toEqual(['department:tinghu.czj:2026-11-06', 'supervisor:tinghu:2026-11-06']);
    expect(await deliver(transport, ESCALATED_DAY.plus({ minutes: 30 }))).toEqual({ sent: [], retrying: [], failed: [], throttled: false });
    expect(transport.sent.map((m) => m.messageId).sort()).toEqual(['<dw.department.tinghu.czj.20261106@example.test>', '<dw.supervisor.tinghu.20261106@example.test>']);
    expect(await statuses(db, 'messages')).toEqual(['sent 2']);
    expect(await statuses(db, 'notifications')).toEqual(['sent 1']);
    // The CSV goes out with exactly one byte-order mark, whatever the database kept of it (PGlite strips one).
    for (const mail of transport.sent) {
      const content = (nodemailerOptions(mail).attachments?.[0]?.content ?? Buffer.alloc(0)) as Buffer;
      expect([...content.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(content.subarray(3).toString('utf8')).not.toMatch(/^\uFEFF/);
    }
  });

  it('retries a temporary failure after a backoff, with the same Message-ID; a permanent one fails at once', async () => {
    const { db } = database;
    await insertFacts(db, facts({ reference: 'D-2', events: { formed: '2026-10-09T10:00:00+08:00' } }), facts({ reference: 'D-3', departmentCode: 'tinghu.zjj', category: 'housing.allocation', events: { formed: '2026-10-09T10:00:00+08:00' } }));
    const day = at('2026-11-09T09:00:00+08:00');
    expect((await scanAndCompose(db, day)).composed.sort()).toEqual(['department:tinghu.czj:2026-11-09', 'department:tinghu.zjj:2026-11-09']);
    let czjTries = 0;
    const flaky = recordingTransport(async (mail) => {
      if (mail.key.includes('zjj')) throw Object.assign(new Error('mailbox unavailable'), { responseCode: 550, response: '550 5.1.1 no such user' });
      if (czjTries++ === 0) throw Object.assign(new Error('try later'), { responseCode: 451, response: '451 4.3.0 try again later' });
      return '250 2.0.0 OK';
    });
    expect(await deliver(flaky, day)).toEqual({
      sent: [],
      retrying: [{ key: 'department:tinghu.czj:2026-11-09', error: '451 4.3.0 try again later' }],
      failed: [{ key: 'department:tinghu.zjj:2026-11-09', error: '550 5.1.1 no such user' }],
      throttled: false,
    });
    // The first retry waits a minute.
    expect((await deliver(flaky, day.plus({ seconds: 30 }))).sent).toEqual([]);
    expect((await deliver(flaky, day.plus({ minutes: 1 }))).sent).toEqual(['department:tinghu.czj:2026-11-09']);
    const czj = await db('messages').where({ key: 'department:tinghu.czj:2026-11-09' }).first();
    expect(czj).toMatchObject({ status: 'sent', attempts: 2, transport_response: '250 2.0.0 OK', last_error: null });
    expect(await db('messages').where({ key: 'department:tinghu.zjj:2026-11-09' }).first()).toMatchObject({ status: 'failed', attempts: 1, last_error: '550 5.1.1 no such user' });
    expect(flaky.sent.map((m) => m.messageId)).toEqual(['<dw.department.tinghu.czj.20261109@example.test>']);
  });

  it('keeps to the rate limit per minute, counted across every sender in the database', async () => {
    const { db } = database;
    await insertFacts(db, ...['tinghu.czj', 'tinghu.zjj', 'tinghu.fgw', 'tinghu.jyj', 'tinghu.slj'].map((code, i) => facts({ reference: `R-${i}`, departmentCode: code, events: { formed: '2026-10-13T10:00:00+08:00' } })));
    const day = at('2026-11-11T09:00:00+08:00');
    expect((await scanAndCompose(db, day)).composed).toHaveLength(5);
    const transport = recordingTransport();
    const limited = (now: DateTime) => deliverPending(db, transport, now, { ...MAIL, ratePerMinute: 2 });
    expect(await limited(day)).toMatchObject({ sent: [expect.any(String), expect.any(String)], throttled: true });
    // Another sender in the same minute (a second replica) gets nothing.
    expect(await limited(day.plus({ seconds: 30 }))).toMatchObject({ sent: [], throttled: true });
    expect((await limited(day.plus({ seconds: 61 }))).sent).toHaveLength(2);
    expect((await limited(day.plus({ seconds: 122 }))).sent).toHaveLength(1);
    expect(transport.sent).toHaveLength(5);
  });
});
