import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type LoadedConfig } from '../../src/config/load-config.js';
import { composeMessages } from '../../src/delivery/compose.js';
import { deliverPending } from '../../src/delivery/deliver.js';
import { failedMessages, resendMessage } from '../../src/delivery/resend.js';
import { smtpTransport } from '../../src/delivery/transport.js';
import { draftItem } from '../../src/ledger/draft-item.js';
import { insertItems } from '../../src/ledger/item-store.js';
import { scan } from '../../src/monitor/scan.js';
import { loadTestConfig } from '../helpers/config.js';
import { facts, useLedgerDatabase } from '../helpers/ledger-fixtures.js';
import { injectablePortal, linkFor, movableClock, openedSession, portalContext } from '../helpers/portal.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { TempConfig } from '../helpers/temp-config.js';
import { MAIL } from '../helpers/worker-context.js';

// Formed 2026-09-30: due 2026-11-03; on 11-06 the item is escalated, so 区财政局 gets a digest.
const DAY = DateTime.fromISO('2026-11-06T09:00:00+08:00', { setZone: true });
const KEY = 'department:tinghu.czj:2026-11-06';
const WRONG = 'gongkai@czj.tinghu.example.test';
const FIXED = 'zwgk@czj.tinghu.example.test';

describe('a refused mail sent again after its address is corrected in config (real SMTP on loopback)', () => {
  const database = useLedgerDatabase('postgres');
  const shipped = loadTestConfig();
  const fixedConfig = new TempConfig().edit('departments/tinghu.yaml', `reminders: [${WRONG}]`, `reminders: [${FIXED}]`);
  let fixed: LoadedConfig;
  let sink: SmtpSink;

  beforeAll(async () => {
    fixed = loadConfig(fixedConfig.dir, { today: '2026-11-21' });
    // The leader's address is refused too: a mail with no recipient left fails for good (a partial refusal is sent).
    sink = await startSmtpSink({ unknownRecipients: [WRONG, 'leader@czj.tinghu.example.test'] });
    await insertItems(database.db, [draftItem(facts({ reference: 'RS-1' }), shipped.ruleBook)], { actor: 'test', at: '2026-10-20T09:00:00+08:00' });
    await scan(database.db, { ruleBook: shipped.ruleBook, ladders: shipped.ladders }, DAY);
    await composeMessages(database.db, shipped, DAY, MAIL);
  });
  afterAll(async () => {
    await sink?.close();
    fixedConfig.cleanup();
  });

  const deliver = async (at: DateTime) => {
    const transport = smtpTransport(sink.url);
    try {
      return await deliverPending(database.db, transport, at, { ...MAIL, adminEmails: [] });
    } finally {
      await transport.close();
    }
  };

  it('is refused for good, listed with the relay\'s answer; sending it again unchanged is refused', async () => {
    const first = await deliver(DAY);
    expect(first.failed.map((f) => f.key)).toEqual([KEY]);
    const [failed] = await failedMessages(database.db);
    expect(failed).toMatchObject({ key: KEY, to: [WRONG], lastError: expect.stringContaining('550') });
    await expect(resendMessage(database.db, shipped, KEY, 'admin', DAY)).rejects.toThrow(`config still gives ${WRONG}, leader@czj.tinghu.example.test, which the relay refused`);
    await expect(resendMessage(database.db, shipped, 'department:nobody:2026-11-06', 'admin', DAY)).rejects.toThrow('no message');
  });

  it('goes out once, the same mail with the same Message-ID, to the corrected address, with the resend in its history', async () => {
    const messageId = (await database.db('messages').where({ key: KEY }).first()).message_id as string;
    const result = await resendMessage(database.db, fixed, KEY, '张管理员', DAY.plus({ hours: 1 }));
    expect(result).toEqual({ from: { to: [WRONG], cc: ['leader@czj.tinghu.example.test'] }, to: { to: [FIXED], cc: ['leader@czj.tinghu.example.test'] } });
    await expect(resendMessage(database.db, fixed, KEY, '张管理员', DAY.plus({ hours: 1 }))).rejects.toThrow('is pending, not failed');

    const second = await deliver(DAY.plus({ hours: 1 }));
    expect(second.sent).toEqual([KEY]);
    expect(await deliver(DAY.plus({ hours: 2 }))).toMatchObject({ sent: [], failed: [] });
    const arrived = sink.accepted.filter((m) => m.messageId === messageId);
    expect(arrived).toHaveLength(1);
    expect(arrived[0]?.to && !Array.isArray(arrived[0].to) ? arrived[0].to.value.map((a) => a.address) : []).toEqual([FIXED]);
    const history = await database.db('message_history').select('actor', 'action', 'changes');
    expect(history).toEqual([{ actor: '张管理员', action: 'resend', changes: { to: [[WRONG], [FIXED]], cc: [['leader@czj.tinghu.example.test'], ['leader@czj.tinghu.example.test']], lastError: expect.stringContaining('550') } }]);
    // Its step (escalated: due to the office too) waits again for the office's digest, as when it was first composed.
    expect((await database.db('notifications').select('status')).map((n) => n.status)).toEqual(['pending']);
  });

  it('is listed on the admins\' page, with a button that sends it again (CSRF-protected)', async () => {
    const { db } = database;
    await db('messages').where({ key: KEY }).update({ status: 'failed', to_addresses: [WRONG], last_error: '550 5.1.1 no such user' });
    const context = portalContext(db, movableClock(DAY), { config: fixed });
    const app = await injectablePortal(context);
    try {
      const { token } = await linkFor(context, 'admin', 'admin');
      const cookies = await openedSession(app, token);
      const page = await app.inject({ method: 'GET', url: '/admin', cookies });
      for (const c of page.cookies) cookies[c.name] = c.value;
      expect(page.body).toContain('被拒收的邮件');
      expect(page.body).toContain('550 5.1.1 no such user');
      const action = /action="(\/admin\/mail\/\d+\/resend)"/.exec(page.body)?.[1] as string;
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] as string;
      const form = (body: Record<string, string>) => ({ method: 'POST' as const, url: action, cookies, payload: new URLSearchParams(body).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect((await app.inject(form({}))).statusCode).toBe(403);
      const done = await app.inject(form({ _csrf: csrf }));
      expect(done.statusCode).toBe(200);
      expect(done.body).toContain(`${KEY} 将由下一次发送重新发出，收件人：${FIXED}`);
      expect((await db('messages').where({ key: KEY }).first()).status).toBe('pending');
      expect(await db('message_history').count({ n: '*' })).toEqual([{ n: 2 }]);
      const clerk = await linkFor(context, 'department', 'tinghu.czj');
      const clerkCookies = await openedSession(app, clerk.token);
      expect((await app.inject({ method: 'GET', url: '/admin', cookies: clerkCookies })).statusCode).toBe(403);
    } finally {
      await app.close();
    }
  });
});
