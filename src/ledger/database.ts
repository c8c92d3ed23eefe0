import { existsSync } from 'node:fs';
import v8 from 'node:v8';
import { preparePrivateDir } from '../files/safe-files.js';
import { libraryLog } from '../library-log.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import knex, { type Knex } from 'knex';
import lockfile from 'proper-lockfile';
import ClientPgLite from 'knex-pglite';
import pg from 'pg';
import { bufferPoolMb, ledgerBytes, POOL_MIN_MB } from './embedded/buffer-pool.js';
import { gatedPglite } from './embedded/gated-pglite.js';
import { startFromTemplate } from './embedded/pglite-template.js';
import { ledgerSocketDir, ledgerSocketPath, SOCKET_PORT } from './embedded/ledger-socket.js';
import { SessionGate } from './embedded/session-gate.js';
import { SharedLedgerServer } from './embedded/shared-ledger-server.js';
import { DatabaseInUseError } from '../runtime/service-errors.js';

/** Where the ledger lives: PostgreSQL when a URL is given (DATABASE_URL), else the embedded PGlite. */
export interface DatabaseSettings {
  /** postgres://… ; absent means the embedded default. */
  readonly url?: string | undefined;
  /** PGlite's data directory (DW_DATA_DIR, default ./data/pglite); "memory://" keeps it in memory. */
  readonly dataDir: string;
  /** A PostgreSQL schema to work in (each test file has its own); created if missing. */
  readonly schema?: string | undefined;
  /**
   * DATABASE_MIGRATION_URL: the role that owns the tables and runs the migrations, when the application (`url`)
   * connects as a role of its own that may read and write the ledger but neither alter it nor rewrite its history.
   */
  readonly migrationUrl?: string | undefined;
}

export interface EmbeddedOptions {
  /**
   * Hold the embedded ledger, never join another process's (the worker: two workers on one ledger would both run
   * the schedules and both serve the portal). Default: join the process that holds it, when there is one.
   */
  readonly exclusive?: boolean;
  /** How long to wait for the holder to share the ledger, or to let it go (default 60 s). */
  readonly waitMs?: number;
  /** How long a holder, closing, leaves the commands connected to it to finish (default 30 s). */
  readonly graceMs?: number;
}

export type Backend = 'postgres' | 'pglite';

export interface Database {
  readonly db: Knex;
  readonly backend: Backend;
  readonly schema: string;
  /** The owning role's URL, when migrations run as another role than the application (PostgreSQL only). */
  readonly migrationUrl?: string | undefined;
  /**
   * The embedded ledger only: `own` in the process that holds PGlite, `shared` in a command connected to it through
   * the holder's socket.
   */
  readonly embedded?: 'own' | 'shared';
  /**
   * The holder of the embedded ledger starts serving it to the other processes (once its schema is ready, so
   * nobody migrates beside it). A no-op elsewhere.
   */
  share(): Promise<void>;
  /**
   * The embedded ledger's holder, before `share`: PGlite closed and opened again on the same files, the lock kept
   * throughout, and the database to use from now on returned (this one is closed). PGlite's WebAssembly heap never
   * shrinks, so what a start-up's own work took (the migrations, the demo's load, the first computation of every
   * due date) would otherwise stay for as long as the worker runs; the pool is sized again by the ledger as it now
   * is. Anywhere else (PostgreSQL, a ledger in memory, one already shared) the same database is returned.
   */
  reopen(): Promise<Database>;
  /** Closes the connections and, for the embedded database, lets another process open it. */
  close(): Promise<void>;
}

/** Another process has the embedded database and does not share it (or not in time). */
// Defined with the other start-up errors, light enough for the CLI's entry point to import without the ledger.
export { DatabaseInUseError };

const DATE_OID = 1082;
const INT8_OID = 20;

/**
 * The two backends return some types differently (pg: a `date` as a Date at the process's local midnight, bigint
 * as a string; PGlite: a Date at UTC midnight, a number). Both are told the same: dates stay `YYYY-MM-DD` strings,
 * so nothing depends on the machine's TZ, and bigints are numbers (ids and counts stay far below 2^53).
 */
const parseDate = (value: string) => value;
const parseInt8 = (value: string) => Number(value);

export async function openDatabase(settings: DatabaseSettings, options: EmbeddedOptions = {}): Promise<Database> {
  const schema = settings.schema ?? 'public';
  const database = settings.url ? { ...openPostgres(settings.url, schema), migrationUrl: settings.migrationUrl } : await openEmbedded(settings.dataDir, options, schema);
  // Only when missing: a role that may not create schemas (the application's own role) opens an existing one.
  if (schema !== 'public' && (await database.db.raw('select 1 from pg_namespace where nspname = ?', [schema])).rows.length === 0) {
    await database.db.raw('create schema if not exists ??', [schema]);
  }
  return database;
}

/** `reopen` where there is nothing to reopen: the database itself. */
async function sameDatabase(this: Database): Promise<Database> {
  return this;
}

function openPostgres(url: string, schema: string): Database {
  const db = pgKnex({ connectionString: url }, schema, { min: 0, max: 10 });
  return { db, backend: 'postgres', schema, share: async () => undefined, reopen: sameDatabase, close: () => db.destroy() };
}

/**
 * PGlite keeps its files for one process. The first to open them holds them (a lock beside the data directory) and,
 * once ready, serves them on a Unix socket; any other process (a CLI command beside the worker) connects through
 * it. A crashed holder's lock goes stale after 30 s and the next process takes over.
 */
async function openEmbedded(dataDir: string, options: EmbeddedOptions, schema: string): Promise<Database> {
  compileWasmOnce();
  if (dataDir.startsWith('memory://')) return ownEmbedded(new PGlite(dataDir, pgliteOptions(POOL_MIN_MB)), schema, async () => undefined, undefined, options);
  preparePrivateDir(dataDir, 'the embedded ledger directory');
  const deadline = Date.now() + (options.waitMs ?? 60_000);
  for (;;) {
    const unlock = await tryLock(dataDir);
    if (unlock) {
      // A new ledger is copied from the build's template rather than made by initdb (pglite-template.ts).
      startFromTemplate(dataDir);
      return ownEmbedded(pgliteOnFiles(dataDir), schema, unlock, dataDir, options);
    }
    if (!options.exclusive) {
      const shared = await joinEmbedded(dataDir, schema);
      if (shared) return shared;
    }
    if (Date.now() >= deadline) {
      throw new DatabaseInUseError(
        options.exclusive
          ? `the embedded ledger in ${dataDir} is held by another process (a worker, or a command): stop it first, or set DATABASE_URL to share a PostgreSQL`
          : `the embedded ledger in ${dataDir} is held by another process that did not share it in time (through ${ledgerSocketPath(dataDir)}); try again, or set DATABASE_URL to share a PostgreSQL`,
      );
    }
    await sleep(250);
  }
}

/** PGlite on a ledger's files, its buffer pool sized by what they hold now (buffer-pool.ts). */
function pgliteOnFiles(dataDir: string): PGlite {
  return new PGlite(dataDir, pgliteOptions(bufferPoolMb(ledgerBytes(dataDir))));
}

/** PGlite's options: this project's type parsers, and a buffer pool of the given size. */
function pgliteOptions(poolMb: number) {
  return { parsers: { [DATE_OID]: parseDate, [INT8_OID]: parseInt8 }, startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${poolMb}MB`] };
}

/**
 * PGlite is PostgreSQL compiled to WebAssembly. V8 compiles it twice by default: a quick baseline (Liftoff) for
 * every function, then optimised code for those that run hot, kept beside it. Baseline code alone keeps the
 * embedded worker's memory 60–85 MB lower (measured with the worker bench); its queries run about 1.6× slower
 * (a 200,000-row insert: 1.3 s against 0.8 s), which a ledger of a few thousand items does not notice. Set before
 * the first PGlite compiles, for the process (only PGlite uses WebAssembly here); DW_WASM_FLAGS="" keeps V8's default.
 */
function compileWasmOnce(): void {
  if (wasmFlagsSet) return;
  wasmFlagsSet = true;
  const flags = process.env.DW_WASM_FLAGS ?? '--liftoff-only';
  if (flags) v8.setFlagsFromString(flags);
}
let wasmFlagsSet = false;

async function tryLock(dataDir: string): Promise<(() => Promise<void>) | undefined> {
  try {
    return await lockfile.lock(dataDir, { stale: 30_000, update: 10_000, retries: 0, realpath: false });
  } catch (error) {
    if ((error as { code?: string }).code === 'ELOCKED') return undefined;
    throw error;
  }
}

async function ownEmbedded(
  pglite: PGlite,
  schema: string,
  unlock: () => Promise<void>,
  dataDir: string | undefined,
  options: EmbeddedOptions,
): Promise<Database> {
  try {
    // Ready before it is handed out: otherwise a quick close leaves it initialising its files in the background.
    await pglite.waitReady;
  } catch (error) {
    await unlock();
    throw error;
  }
  const gate = new SessionGate();
  const connection = gatedPglite(pglite, gate);
  // The lock is let go once: by this database's close, or, after `reopen`, by the database that took it over.
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    await unlock();
  };
  const db = knex({ searchPath: [schema], client: ClientPgLite as unknown as typeof knex.Client, dialect: 'postgres', connection: () => ({ pglite: connection }) } as Knex.Config);
  let server: SharedLedgerServer | undefined;
  return {
    db,
    backend: 'pglite',
    schema,
    embedded: 'own',
    share: async () => {
      if (dataDir && !server) server = await SharedLedgerServer.listen(pglite, gate, dataDir);
    },
    async reopen() {
      if (!dataDir || server) return this;
      await db.destroy(); // knex-pglite closes PGlite with its connection
      return ownEmbedded(pgliteOnFiles(dataDir), schema, release, dataDir, options);
    },
    close: async () => {
      try {
        await server?.close(options.graceMs);
        await db.destroy();
      } finally {
        await release();
      }
    },
  };
}

/** Connects to the holder's socket; undefined when it does not answer (yet). */
async function joinEmbedded(dataDir: string, schema: string): Promise<Database | undefined> {
  if (!existsSync(ledgerSocketPath(dataDir))) return undefined;
  const connection = { host: ledgerSocketDir(dataDir), port: SOCKET_PORT, user: 'postgres', database: 'postgres' };
  const probe = new pg.Client({ ...connection, connectionTimeoutMillis: 2000 });
  try {
    await probe.connect();
  } catch {
    return undefined;
  } finally {
    await probe.end().catch(() => undefined);
  }
  // One connection, as in the holder: everything this command does is one user of the shared session.
  const db = pgKnex(connection, schema, { min: 0, max: 1 });
  sharedSessionClients.add(db.client);
  return { db, backend: 'pglite', schema, embedded: 'shared', share: async () => undefined, reopen: sameDatabase, close: () => db.destroy() };
}

export function pgKnex(connection: pg.ClientConfig, schema: string, pool: Knex.PoolConfig): Knex {
  return knex({
    client: 'pg',
    searchPath: [schema],
    connection: { ...connection, types: { getTypeParser: pgTypeParser } } as Knex.PgConnectionConfig,
    pool,
    log: KNEX_LOG,
  });
}

/**
 * knex prints a failed connection ("Acquire connection error") with its stack on the console, although the same
 * error reaches the caller, which says it in one line (a missing database, a refused login). Its other warnings
 * stay, each on one line.
 */
const KNEX_LOG = {
  warn: (message: unknown) => reportKnex('warn', message),
  error: (message: unknown) => reportKnex('error', message),
  deprecate: (method: string, alternative: string) => libraryLog('warn', 'knex', `${method} is deprecated; use ${alternative}`),
  debug: () => undefined,
};

function reportKnex(level: 'warn' | 'error', message: unknown): void {
  if (!String(message).startsWith('Acquire connection error')) libraryLog(level, 'knex', message);
}

const sharedSessionClients = new WeakSet<Knex.Client>();

/** A command joined to the embedded ledger shares one session with others: it cannot keep named statements. */
export function sharesSession(db: Knex): boolean {
  return sharedSessionClients.has(db.client);
}

function pgTypeParser(oid: number, format?: string): (value: string) => unknown {
  if (oid === DATE_OID) return parseDate;
  if (oid === INT8_OID) return parseInt8;
  // The driver's own parsers for everything else.
  return pg.types.getTypeParser(oid, (format ?? 'text') as 'text');
}
