import { PGlite } from '@electric-sql/pglite';
import knex, { type Knex } from 'knex';
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
    const pglite = new PGlite(settings.dataDir, { parsers: { [DATE_OID]: parseDate, [INT8_OID]: parseInt8 } });
    db = knex({ ...common, client: ClientPgLite as unknown as typeof knex.Client, dialect: 'postgres', connection: () => ({ pglite }) } as Knex.Config);
  }
  if (schema !== 'public') await db.raw('create schema if not exists ??', [schema]);
  return { db, backend, schema };
}

function pgTypeParser(oid: number, format?: string): (value: string) => unknown {
  if (oid === DATE_OID) return parseDate;
  if (oid === INT8_OID) return parseInt8;
  // The driver's own parsers for everything else.
  return pg.types.getTypeParser(oid, (format ?? 'text') as 'text');
}
