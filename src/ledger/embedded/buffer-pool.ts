import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The embedded ledger's buffer pool (shared_buffers), sized by the ledger at each start.
 *
 * PGlite takes the pool out of its WebAssembly heap, zeroes it (so every page of it is touched) and never gives it
 * back: each MB of pool is a MB of the worker's memory for as long as it runs. A pool that holds the whole ledger
 * costs no speed, and what it does not hold is read through Node's fs from the operating system's cache, slower
 * when access is random: on a 200,000-row ledger (50 MB), a 4 MB pool made inserts 1.4× and a department's due
 * scan 3.5× slower than 16 MB. The demo ledger's own files take 2 MB. So the pool is the ledger's size plus room for
 * the catalogs' hot pages, between 4 MB (the worker on the demo ledger: 12 MB less than with 16 MB) and 16 MB (what
 * every ledger had before; larger ones belong on PostgreSQL).
 */
export const POOL_MIN_MB = 4;
export const POOL_MAX_MB = 16;
/** Room beside the ledger's own pages: the system catalogs' pages every query plans with. */
const CATALOG_ROOM_MB = 2;

/**
 * PostgreSQL's first object id after initdb (FirstNormalObjectId): a relation file named from it up is one of the
 * ledger's own tables or indexes (its forks `_fsm`, `_vm` and segments `.1` included); below it, the catalogs.
 */
const FIRST_NORMAL_OBJECT_ID = 16384;

const MB = 1024 * 1024;

/** The pool, in MB, for a ledger whose own tables and indexes take `ledgerBytes`. */
export function bufferPoolMb(ledgerBytes: number): number {
  return Math.min(POOL_MAX_MB, Math.max(POOL_MIN_MB, Math.ceil(ledgerBytes / MB) + CATALOG_ROOM_MB));
}

/** The bytes of the ledger's own tables and indexes in a PGlite data directory (0 when it has none yet). */
export function ledgerBytes(dataDir: string): number {
  let total = 0;
  for (const database of entries(join(dataDir, 'base'))) {
    const dir = join(dataDir, 'base', database);
    for (const name of entries(dir)) {
      const relation = /^(\d+)(?:_[a-z]+)?(?:\.\d+)?$/.exec(name);
      if (relation && Number(relation[1]) >= FIRST_NORMAL_OBJECT_ID) total += statSync(join(dir, name)).size;
    }
  }
  return total;
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
