import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseInUseError, openDatabase, type Database } from '../../src/ledger/database.js';
import { ledgerSocketDir, ledgerSocketPath } from '../../src/ledger/embedded/ledger-socket.js';

/**
 * The embedded ledger held by one process and shared with others through its socket: every user takes the one
 * PGlite session in turn, a whole request and a whole transaction at a time.
 */
const scratch = mkdtempSync(join(tmpdir(), 'dw-shared-'));
const dataDir = join(scratch, 'pglite');
let holder: Database;

beforeAll(async () => {
  holder = await openDatabase({ dataDir }, { graceMs: 2000 });
  await holder.db.raw('create table t (id int primary key, v text)');
  await holder.share();
}, 60_000);
afterAll(async () => {
  await holder.close();
  rmSync(scratch, { recursive: true, force: true });
});

const client = () => new pg.Client({ host: ledgerSocketDir(dataDir), port: 5432, user: 'postgres', database: 'postgres' });

describe('the embedded ledger shared through its holder', () => {
  it('a second open joins the holder: what one writes the other reads', async () => {
    expect(holder.embedded).toBe('own');
    const joined = await openDatabase({ dataDir });
    try {
      expect(joined.embedded).toBe('shared');
      await joined.db('t').insert({ id: 1, v: 'from the command' });
      expect(await holder.db('t').where({ id: 1 }).first()).toEqual({ id: 1, v: 'from the command' });
    } finally {
      await joined.close();
    }
  });

  it('the socket is for this user only (its directory is 0700)', async () => {
    const { statSync } = await import('node:fs');
    expect(statSync(ledgerSocketDir(dataDir)).mode & 0o777).toBe(0o700);
  });

  it("a transaction is nobody else's business until it commits: the others wait for it", async () => {
    const a = client();
    await a.connect();
    try {
      await a.query('begin');
      await a.query("insert into t values (2, 'uncommitted')");
      const started = Date.now();
      const holderRead = holder.db('t').where({ id: 2 }).first().then((row) => ({ row, waited: Date.now() - started }));
      await new Promise((r) => setTimeout(r, 300));
      await a.query('commit');
      const { row, waited } = await holderRead;
      // The holder's read waited for the commit, and saw the row then, not half of a transaction before it.
      expect(waited).toBeGreaterThanOrEqual(250);
      expect(row).toEqual({ id: 2, v: 'uncommitted' });
    } finally {
      await a.end();
    }
  });

  it("the holder's transaction is not joined by a command's statement either", async () => {
    const b = client();
    await b.connect();
    try {
      let seenInside: number | undefined;
      await holder.db.transaction(async (trx) => {
        await trx('t').insert({ id: 3, v: 'rolled back' });
        const read = b.query('select count(*)::int as n from t where id = 3');
        await new Promise((r) => setTimeout(r, 200));
        seenInside = await Promise.race([read.then(() => 1), Promise.resolve(0)]);
        await trx.rollback();
      }).catch(() => undefined);
      expect(seenInside).toBe(0); // still waiting while the holder's transaction was open
      expect((await b.query('select count(*)::int as n from t where id = 3')).rows[0].n).toBe(0);
    } finally {
      await b.end();
    }
  });

  it('large requests from several connections at once are never mixed (a Bind meets its own Parse)', async () => {
    const pool = new pg.Pool({ host: ledgerSocketDir(dataDir), port: 5432, user: 'postgres', database: 'postgres', max: 4 });
    let stop = false;
    let wrong = 0;
    const small = Array.from({ length: 3 }, async (_, k) => {
      for (let i = 0; !stop; i++) {
        const { rows } = await pool.query('select $1::text as a, $2::int as k', [`${k}-${i}`, k]);
        if (rows[0].a !== `${k}-${i}` || rows[0].k !== k) wrong++;
      }
    });
    const holderReads = (async () => {
      while (!stop) await holder.db.raw('select 1');
    })();
    try {
      for (let round = 0; round < 10; round++) {
        const values: string[] = [];
        const params: unknown[] = [];
        for (let j = 0; j < 3000; j++) {
          values.push(`($${2 * j + 1}::int, $${2 * j + 2}::text)`);
          params.push(1000 + round * 3000 + j, `${'x'.repeat(100)}${j}`);
        }
        const result = await pool.query(`insert into t values ${values.join(',')}`, params);
        expect(result.rowCount).toBe(3000);
      }
    } finally {
      stop = true;
      await Promise.all([...small, holderReads]);
      await pool.end();
    }
    expect(wrong).toBe(0);
    expect((await holder.db('t').where('id', '>=', 1000).count({ n: '*' }))[0]).toEqual({ n: 30_000 });
  }, 60_000);

  it('a command gone mid-transaction has its transaction undone, and the session passes on', async () => {
    const c = client();
    c.on('error', () => undefined); // its connection is cut on purpose
    await c.connect();
    await c.query('begin');
    await c.query("insert into t values (4, 'never committed')");
    (c as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    expect(await holder.db('t').where({ id: 4 }).first()).toBeUndefined();
  });

  it('a worker (exclusive) never joins: it waits for the ledger, then says who holds it', async () => {
    await expect(openDatabase({ dataDir }, { exclusive: true, waitMs: 500 })).rejects.toThrow(DatabaseInUseError);
    await expect(openDatabase({ dataDir }, { exclusive: true, waitMs: 500 })).rejects.toThrow(/held by another process/);
  });
});

describe('a holder that closes', () => {
  it('lets the commands connected finish within its grace, then cuts them; the next open holds the ledger itself', async () => {
    const dir = join(scratch, 'closing');
    const first = await openDatabase({ dataDir: dir }, { graceMs: 500 });
    await first.share();
    const joined = await openDatabase({ dataDir: dir });
    await joined.db.raw('select 1');
    const started = Date.now();
    await first.close();
    expect(Date.now() - started).toBeGreaterThanOrEqual(450); // it waited for the joined command, then cut it
    expect(existsSync(ledgerSocketPath(dir))).toBe(false);
    await expect(joined.db.raw('select 1')).rejects.toThrow();
    await joined.close();
    const next = await openDatabase({ dataDir: dir });
    expect(next.embedded).toBe('own');
    await next.close();
  }, 60_000);
});
