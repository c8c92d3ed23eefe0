import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/ledger/database.js';
import { openTestDatabase } from '../helpers/databases.js';

describe('the embedded ledger (PGlite) keeps its buffer pool small', () => {
  let database: Database | undefined;
  afterAll(async () => database?.close());

  it('runs with 16 MB of shared_buffers, not PostgreSQL\'s 128 MB taken from a WASM heap that never shrinks', async () => {
    database = await openTestDatabase('pglite', { migrate: false });
    const { rows } = await database.db.raw('show shared_buffers');
    expect(rows).toEqual([{ shared_buffers: '16MB' }]);
  });
});
