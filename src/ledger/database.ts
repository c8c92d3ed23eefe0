import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import knex, { type Knex } from 'knex';
import lockfile from 'proper-lockfile';
import ClientPgLite from 'knex-pglite';
import pg from 'pg';

/** Where the ledger lives: PostgreSQL when a URL is given (DATABASE_URL), else the embedded PGlite. */
export interface DatabaseSettings {
  /** postgres://… ; absent means the embedded default. */
  readonly url?: string | undefined;
  /** PGlite's data directory (DW_DATA_DIR, default ./data/pglite); "memory://" keeps it in memory. */
  readonly dataDir: string;
  /** A PostgreSQL schema to work in (each test file has its own); created if missing. */
  readonly schema?: string | undefined;
}

export type Backend = 'postgres' | 'pglite';

export interface Database {
  readonly db: Knex;
  readonly backend: Backend;
  readonly schema: string;
  /** Closes the connections and, for the embedded database, lets another process open it. */
  close(): Promise<void>;
}

/** Another process has the embedded database open: PGlite serves one process at a time. */
export class DatabaseInUseError extends Error {
  override readonly name = 'DatabaseInUseError';
}

/**
 * PGlite keeps its files for one process only; a second one opening them would spin or corrupt them. A lock
 * beside the data directory makes the second one stop at once, saying why. A crashed holder's lock goes stale.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  if (dataDir.startsWith('memory://')) return async () => undefined;
  mkdirSync(dataDir, { recursive: true });
  try {
    return await lockfile.lock(dataDir, { stale: 30_000, update: 10_000, retries: 0, realpath: false });
  } catch (error) {
    if ((error as { code?: string }).code !== 'ELOCKED') throw error;
    throw new DatabaseInUseError(
      `the embedded ledger in ${dataDir} is open in another process (the worker or another command); stop it, or set DATABASE_URL to share a PostgreSQL`,
    );
  }
}

const DATE_OID = 1082;
const INT8_OID = 20;

/**
 * The two backends return some types differently (pg: a `date` as a Date at the process's local midnight, bigint
 * as a string; PGlite: a Date at UTC midnight, a number). Both are told the same: dates stay `YYYY-MM-DD` strings,
 * so nothing depends on the machine's TZ, and bigints are numbers (ids and counts stay far below 2^53).
 */
const parseDate = (value: string) => value;
const parseInt8 = (value: string) => Number(value);

export async function openDatabase(settings: DatabaseSettings): Promise<Database> {
  const schema = settings.schema ?? 'public';
  const common: Knex.Config = { searchPath: [schema] };
  let db: Knex;
  let backend: Backend;
  let unlock = async () => undefined as void;
  if (settings.url) {
    backend = 'postgres';
    db = knex({
      ...common,
      client: 'pg',
      connection: {
        connectionString: settings.url,
        types: { getTypeParser: pgTypeParser },
      } as Knex.PgConnectionConfig,
      pool: { min: 0, max: 10 },
    });
  } else {
    backend = 'pglite';
    unlock = await lockDataDir(settings.dataDir);
    const pglite = new PGlite(settings.dataDir, { parsers: { [DATE_OID]: parseDate, [INT8_OID]: parseInt8 } });
    // Ready before it is handed out: otherwise a quick close leaves it initialising its files in the background.
    await pglite.waitReady;
    db = knex({ ...common, client: ClientPgLite as unknown as typeof knex.Client, dialect: 'postgres', connection: () => ({ pglite }) } as Knex.Config);
  }
  if (schema !== 'public') await db.raw('create schema if not exists ??', [schema]);
  const connection = db;
  return {
    db,
    backend,
    schema,
    close: async () => {
      await connection.destroy();
      await unlock();
    },
  };
}

function pgTypeParser(oid: number, format?: string): (value: string) => unknown {
  if (oid === DATE_OID) return parseDate;
  if (oid === INT8_OID) return parseInt8;
  // The driver's own parsers for everything else.
  return pg.types.getTypeParser(oid, (format ?? 'text') as 'text');
}
