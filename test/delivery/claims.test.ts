import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { deliverPending, type DeliverOptions } from '../../src/delivery/deliver.js';
import type { DeliveryEvent } from '../../src/delivery/delivery-events.js';
import { insertMessage } from '../../src/delivery/message-store.js';
import type { Backend } from '../../src/ledger/database.js';
import { openDatabase } from '../../src/ledger/database.js';
import { BACKENDS, openTestDatabase, TEST_DATABASE_URL } from '../helpers/databases.js';
import { startTcpProxy } from '../helpers/tcp-proxy.js';
import { useLedgerDatabase } from '../helpers/ledger-fixtures.js';
import { MAIL, recordingTransport } from '../helpers/worker-context.js';

const NOW = DateTime.fromISO('2026-11-23T09:00:00+08:00', { setZone: true });

/** Messages waiting to be sent, under keys of the test's own: the only ones waiting (an earlier test's are taken away). */
async function compose(db: Knex, prefix: string, count: number): Promise<string[]> {
  await db('messages').whereIn('status', ['pending', 'sending']).delete();
  const keys = Array.from({ length: count }, (_, i) => `department:${prefix}-${i}:2026-11-23`);
  await db.transaction(async (trx) => {
    for (const key of keys) {
      const mail = { subject: `提醒 ${key}`, text: '正文', html: '<p>正文</p>', attachmentName: 'list.csv', csv: 'a,b\n' };
      await insertMessage(trx, { key, audience: 'department', audienceCode: prefix, to: ['clerk@example.test'], cc: [], mail, messageId: `<dw.${key.replaceAll(':', '.')}@example.test>` }, NOW);
    }
  });
  return keys;
}

const rows = (db: Knex, keys: readonly string[]) => db('messages').whereIn('key', keys).orderBy('id').select('key', 'status', 'attempts', 'claimed_by', 'last_error');

/** A promise and the function that settles it, for a relay that answers when the test says so. */
function gate<T>(): { promise: Promise<T>; open: (value: T) => void; fail: (error: Error) => void } {
  let open!: (value: T) => void;
  let fail!: (error: Error) => void;
  const promise = new Promise<T>((resolve, reject) => ((open = resolve), (fail = reject)));
  return { promise, open, fail };
}

describe.each(BACKENDS)('claims with leases on %s', (backend: Backend) => {
  const database = useLedgerDatabase(backend);
  const deliver = (transport: ReturnType<typeof recordingTransport>, options: Partial<DeliverOptions> = {}) => deliverPending(database.db, transport, NOW, { ...MAIL, adminEmails: [], ...options });

  it('takes over a message whose sender died once its lease has run out, not before', async () => {
    const { db } = database;
    const [held, expired] = (await compose(db, 'lease', 2)) as [string, string];
    await db('messages').where({ key: held }).update({ status: 'sending', attempts: 1, claimed_by: 'alive:1/aaaa', lease_until: db.raw("clock_timestamp() + interval '30 seconds'") });
    await db('messages').where({ key: expired }).update({ status: 'sending', attempts: 1, claimed_by: 'dead:2/bbbb', lease_until: db.raw("clock_timestamp() - interval '1 second'") });
    const events: DeliveryEvent[] = [];
    const transport = recordingTransport();
    const result = await deliver(transport, { onEvent: (e) => events.push(e) });
    expect(result.sent).toEqual([expired]);
    expect(events).toContainEqual({ kind: 'taken-over', key: expired, from: 'dead:2/bbbb' });
    expect(await rows(db, [held, expired])).toMatchObject([
      { key: held, status: 'sending', attempts: 1, claimed_by: 'alive:1/aaaa' },
      { key: expired, status: 'sent', attempts: 2 },
    ]);
  });

  it('drops a stale sender\'s late refusal: the message the sender who took over sent stays sent', async () => {
    const { db } = database;
    const [key] = (await compose(db, 'stale', 1)) as [string];
    const relay = gate<string>();
    let handedOver!: () => void;
    const onRelay = new Promise<void>((resolve) => (handedOver = resolve));
    const hung = recordingTransport(async () => {
      handedOver();
      return relay.promise;
    });
    const events: DeliveryEvent[] = [];
    const first = deliver(hung, { onEvent: (e) => events.push(e) });
    await onRelay;
    // The first sender's lease runs out (its process hung past renewals): a second sender takes the message and sends it.
    await db('messages').where({ key }).update({ lease_until: db.raw("clock_timestamp() - interval '1 second'") });
    const second = recordingTransport();
    expect((await deliver(second)).sent).toEqual([key]);
    relay.fail(Object.assign(new Error('4.3.0 try again later'), { responseCode: 451, response: '451 4.3.0 try again later' }));
    expect(await first).toEqual({ sent: [], retrying: [], failed: [], throttled: false });
    expect(events).toContainEqual({ kind: 'claim-lost', key, outcome: 'retrying' });
    expect(await rows(db, [key])).toMatchObject([{ status: 'sent', attempts: 2, last_error: null }]);
    // Nothing sends it a third time.
    expect((await deliver(recordingTransport())).sent).toEqual([]);
  });

  it('renews the lease while a send is in progress, so no other sender takes the message', async () => {
    const { db } = database;
    const [key] = (await compose(db, 'renew', 1)) as [string];
    const slow = recordingTransport(async () => {
      await new Promise((r) => setTimeout(r, 6000));
      return '250 OK';
    });
    // A 3 s lease renewed each second: a renewal may come up to 2 s late on a loaded machine and still hold it.
    const first = deliver(slow, { leaseSeconds: 3 });
    await new Promise((r) => setTimeout(r, 4500));
    // Past the first lease (3 s), but renewed every third of it: still the first sender's.
    expect((await deliver(recordingTransport(), { leaseSeconds: 3 })).sent).toEqual([]);
    expect((await first).sent).toEqual([key]);
    expect(slow.sent).toHaveLength(1);
  });

  it('stops starting sends when asked: those in flight are recorded, the rest go back to pending with their attempt not counted', async () => {
    const { db } = database;
    const keys = await compose(db, 'stop', 6);
    const stop = new AbortController();
    // Asked while the second mail is with the relay: both in flight finish.
    const transport = recordingTransport(async (mail) => {
      if (mail.key === keys[1]) stop.abort();
      return '250 OK';
    });
    const events: DeliveryEvent[] = [];
    const result = await deliver(transport, { concurrency: 2, signal: stop.signal, onEvent: (e) => events.push(e) });
    expect(result.sent).toEqual(keys.slice(0, 2));
    expect(events).toContainEqual({ kind: 'released', count: 4 });
    expect((await rows(db, keys)).map((r) => `${r.status} ${r.attempts}`)).toEqual(['sent 1', 'sent 1', 'pending 0', 'pending 0', 'pending 0', 'pending 0']);
  });

  it('tells of each message at the moment it is sent, not when the round ends', async () => {
    const { db } = database;
    const keys = await compose(db, 'moment', 3);
    const events: DeliveryEvent[] = [];
    let seenBeforeThird: string[] = [];
    const transport = recordingTransport(async (mail) => {
      if (mail.key === keys[2]) seenBeforeThird = events.filter((e) => e.kind === 'sent').map((e) => (e as { key: string }).key);
      return '250 OK';
    });
    await deliver(transport, { concurrency: 1, onEvent: (e) => events.push(e) });
    expect(seenBeforeThird).toEqual(keys.slice(0, 2));
  });
});

describe('a relay\'s answer through a database blip', () => {
  it('is kept and recorded when PostgreSQL comes back, and the message is not sent again', async () => {
    const own = await openTestDatabase('postgres');
    const target = new URL(TEST_DATABASE_URL);
    const proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    target.port = String(proxy.port);
    const through = await openDatabase({ url: target.toString(), dataDir: '', schema: own.schema });
    try {
      const [key] = (await compose(own.db, 'blip', 1)) as [string];
      // The relay takes the mail; at that moment the database goes away for 1.5 s.
      const transport = recordingTransport(async () => {
        await proxy.cut();
        setTimeout(() => void proxy.restore(), 1500);
        return '250 OK';
      });
      const events: DeliveryEvent[] = [];
      const result = await deliverPending(through.db, transport, NOW, { ...MAIL, adminEmails: [], onEvent: (e) => events.push(e) });
      expect(result.sent).toEqual([key]);
      expect(events.filter((e) => e.kind === 'record-retry').length).toBeGreaterThan(0);
      expect(await rows(own.db, [key])).toMatchObject([{ status: 'sent', attempts: 1 }]);
      expect((await deliverPending(through.db, recordingTransport(), NOW, { ...MAIL, adminEmails: [] })).sent).toEqual([]);
      expect(transport.sent).toHaveLength(1);
    } finally {
      await through.close();
      await proxy.close();
      await own.close();
    }
  });
});
