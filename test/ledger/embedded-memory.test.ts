import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseInUseError, openDatabase, type Database } from '../../src/ledger/database.js';
import { bufferPoolMb, ledgerBytes } from '../../src/ledger/embedded/buffer-pool.js';
import { openTestDatabase } from '../helpers/databases.js';

const MB = 1024 * 1024;

describe('the embedded ledger (PGlite) sizes its buffer pool by the ledger', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'dw-pool-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it.each([
    // ledger's own files, pool (its size rounded up, + 2 MB for the catalogs, within 4–16 MB)
    [0, 4],
    [1.97 * MB, 4], // the demo ledger
    [2 * MB + 1, 5],
    [6 * MB, 8],
    [14 * MB, 16],
    [50 * MB, 16], // a 200,000-row ledger
  ])('a ledger of %d bytes gets a pool of %d MB', (bytes, mb) => {
    expect(bufferPoolMb(bytes)).toBe(mb);
  });

  it("counts the ledger's own relation files (forks and segments included), not the catalogs", () => {
    const dataDir = join(scratch, 'counted');
    const database = join(dataDir, 'base', '5');
    mkdirSync(database, { recursive: true });
    mkdirSync(join(dataDir, 'base', '1'));
    const files: Record<string, number> = { '16384': 3000, '16384_fsm': 200, '16384_vm': 100, '16384.1': 5000, '24576': 700, '1259': 90_000, '16383': 80_000, pg_filenode_map: 512, PG_VERSION: 3 };
    for (const [name, size] of Object.entries(files)) writeFileSync(join(database, name), Buffer.alloc(size));
    writeFileSync(join(dataDir, 'base', '1', '16390'), Buffer.alloc(400));
    expect(ledgerBytes(dataDir)).toBe(3000 + 200 + 100 + 5000 + 700 + 400);
    expect(ledgerBytes(join(scratch, 'absent'))).toBe(0);
  });

  it('opens a new ledger with 4 MB, and one whose tables have grown with a larger pool on its next start', async () => {
    const dataDir = join(scratch, 'growing');
    let database: Database = await openDatabase({ dataDir });
    try {
      expect((await database.db.raw('show shared_buffers')).rows).toEqual([{ shared_buffers: '4MB' }]);
      await database.db.raw("create table filler as select g, repeat('x', 500) as text from generate_series(1, 10000) g");
    } finally {
      await database.close();
    }
    const own = ledgerBytes(dataDir);
    expect(own).toBeGreaterThan(5 * MB);
    database = await openDatabase({ dataDir });
    try {
      expect((await database.db.raw('show shared_buffers')).rows).toEqual([{ shared_buffers: `${bufferPoolMb(own)}MB` }]);
      expect(bufferPoolMb(own)).toBeGreaterThan(4);
    } finally {
      await database.close();
    }
  });

  it("reopens (the worker, after its start-up's set-up) on the same files, its pool sized again, the lock held throughout", async () => {
    const dataDir = join(scratch, 'reopened');
    const first = await openDatabase({ dataDir }, { exclusive: true });
    let current = first;
    try {
      await first.db.raw("create table filler as select g, repeat('x', 500) as text from generate_series(1, 10000) g");
      expect((await first.db.raw('show shared_buffers')).rows).toEqual([{ shared_buffers: '4MB' }]);
      current = await first.reopen();
      expect(current).not.toBe(first);
      expect(current.embedded).toBe('own');
      expect(await current.db('filler').count('* as n').first()).toEqual({ n: 10000 });
      expect((await current.db.raw('show shared_buffers')).rows).toEqual([{ shared_buffers: `${bufferPoolMb(ledgerBytes(dataDir))}MB` }]);
      await expect(openDatabase({ dataDir }, { exclusive: true, waitMs: 0 })).rejects.toThrow(DatabaseInUseError);
      // Once shared, it is not reopened under the processes connected to it.
      await current.share();
      expect(await current.reopen()).toBe(current);
    } finally {
      await current.close();
    }
    const after = await openDatabase({ dataDir }, { exclusive: true, waitMs: 0 });
    await after.close();
  });

  it('keeps a ledger in memory (memory://, the tests) at the smallest pool', async () => {
    const database = await openTestDatabase('pglite', { migrate: false });
    try {
      expect((await database.db.raw('show shared_buffers')).rows).toEqual([{ shared_buffers: '4MB' }]);
      // In memory, closing would lose the ledger: it is not reopened.
      expect(await database.reopen()).toBe(database);
    } finally {
      await database.close();
    }
  });
});
