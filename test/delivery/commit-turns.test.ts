import type { Knex } from 'knex';
import { setTimeout as sleep } from 'node:timers/promises';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { commitTurns } from '../../src/delivery/commit-turns.js';
import { deliverPending } from '../../src/delivery/deliver.js';
import { insertMessage } from '../../src/delivery/message-store.js';
import { smtpTransport } from '../../src/delivery/transport.js';
import { useLedgerDatabase } from '../helpers/ledger-fixtures.js';
import { startSmtpSink } from '../helpers/smtp-sink.js';
import { MAIL } from '../helpers/worker-context.js';

const NOW = DateTime.fromISO('2026-11-23T09:00:00+08:00', { setZone: true });

describe('commit turns (one message at a time between acceptance and record)', () => {
  it('hands the turns on in the order they were asked for, each once the one before has ended', async () => {
    const next = commitTurns();
    const [a, b, c] = [next(), next(), next()];
    const order: string[] = [];
    const taken = [a.take().then(() => order.push('a')), c.take().then(() => order.push('c')), b.take().then(() => order.push('b'))];
    await Promise.resolve();
    await Promise.resolve();
    expect(order).toEqual(['a']);
    a.end();
    await new Promise((resolve) => setImmediate(resolve));
    // c asked before b: it is next.
    expect(order).toEqual(['a', 'c']);
    c.end();
    await Promise.all(taken);
    expect(order).toEqual(['a', 'c', 'b']);
  });

  it('a turn ended before it was taken (a send that failed first) does not hold up the next', async () => {
    const next = commitTurns();
    const failed = next();
    const later = next();
    failed.end();
    await failed.take(); // taken after its end: passes at once
    await expect(Promise.race([later.take().then(() => 'taken'), new Promise((resolve) => setTimeout(() => resolve('waiting'), 50))])).resolves.toBe('taken');
  });

  it('a second take waits for the same turn and does not queue another', async () => {
    const next = commitTurns();
    const one = next();
    await one.take();
    await one.take();
    one.end();
    await next().take();
  });
});

describe('what waits for the turn: the final "." only', () => {
  it('the relay has the whole body while the turn is held, and the message ends only once the turn is taken', async () => {
    let ended = false;
    const relay = await startSmtpSink({ parse: false, onFinalDot: async () => void (ended = true) });
    const transport = smtpTransport(relay.url);
    const turns = commitTurns();
    const before = turns(); // another message's turn, not yet recorded
    await before.take();
    const mine = turns();
    const text = '政务公开时限提醒。'.repeat(4000); // 108 KB in UTF-8: many chunks of the message stream
    try {
      const sending = transport.send({ key: 'department:test:2026-11-23', from: MAIL.from, to: ['gongkai@czj.example.test'], cc: [], subject: '测试', text, html: `<p>${text}</p>`, messageId: '<turn-test@example.test>', date: new Date('2026-11-23T01:00:00Z') }, mine);
      // The body is sent while the turn is held (it lies outside the window): the relay has all of it, and no end.
      for (let waited = 0; relay.dataBytes < 2 * Buffer.byteLength(text) && waited < 5000; waited += 20) await sleep(20);
      expect(relay.dataBytes).toBeGreaterThanOrEqual(2 * Buffer.byteLength(text));
      await sleep(100);
      expect(ended).toBe(false);
      before.end();
      await expect(sending).resolves.toMatch(/^250/);
      expect(ended).toBe(true);
    } finally {
      mine.end();
      await transport.close();
      await relay.close();
    }
  });
});

describe('the 250-to-record window on PostgreSQL, through a real SMTP server and a pool of 5 connections', () => {
  const database = useLedgerDatabase('postgres');

  it('when the relay gets a message\'s final ".", every message it took before is already recorded sent: a kill doubles at most one', async () => {
    const { db } = database;
    await db('messages').whereIn('status', ['pending', 'sending']).delete();
    const keys = await composeMany(db, 'window', 300);
    let answered = 0;
    const unrecordedAtDot: number[] = [];
    const sink = await startSmtpSink({
      parse: false,
      onFinalDot: async () => {
        const [{ n }] = (await db('messages').whereIn('key', keys).where({ status: 'sent' }).count({ n: '*' })) as [{ n: string }];
        unrecordedAtDot.push(answered - Number(n));
        answered++;
      },
    });
    const transport = smtpTransport(sink.url);
    try {
      const result = await deliverPending(db, transport, NOW, { ...MAIL, adminEmails: [] });
      expect(result.sent).toHaveLength(keys.length);
    } finally {
      await transport.close();
      await sink.close();
    }
    expect(sink.raw).toHaveLength(keys.length);
    expect(unrecordedAtDot).toHaveLength(keys.length);
    expect(Math.max(...unrecordedAtDot)).toBe(0);
  });
});

async function composeMany(db: Knex, prefix: string, count: number): Promise<string[]> {
  const keys = Array.from({ length: count }, (_, i) => `department:${prefix}-${i}:2026-11-23`);
  await db.transaction(async (trx) => {
    for (const key of keys) {
      const mail = { subject: `提醒 ${key}`, text: '正文'.repeat(2000), html: '<p>正文</p>', attachmentName: 'list.csv', csv: 'a,b\n' };
      await insertMessage(trx, { key, audience: 'department', audienceCode: prefix, to: ['clerk@example.test'], cc: [], mail, messageId: `<dw.${key.replaceAll(':', '.')}@example.test>` }, NOW);
    }
  });
  return keys;
}
