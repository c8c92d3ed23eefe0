import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Backend, type Database } from '../../src/ledger/database.js';
import { migrateLatest } from '../../src/ledger/migrate.js';

export const BACKENDS: readonly Backend[] = ['postgres', 'pglite'];

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const START_POSTGRES =
  'start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start ' +
  '(or apt-get install -y postgresql), or point TEST_DATABASE_URL at one';

/** Fails (never skips) with how to start PostgreSQL when it is not there. */
async function requirePostgres(): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    throw new Error(`PostgreSQL is not reachable at ${TEST_DATABASE_URL} (${(error as Error).message}): ${START_POSTGRES}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A fresh, empty database on either backend: on PostgreSQL a schema of its own (test files run in parallel),
 * on PGlite an in-memory instance. `close` drops what it made.
 */
export async function openTestDatabase(backend: Backend, options: { migrate?: boolean } = {}): Promise<Database> {
  let database: Database;
  if (backend === 'postgres') {
    await requirePostgres();
    database = await openDatabase({ url: TEST_DATABASE_URL, dataDir: '', schema: `t_${randomBytes(6).toString('hex')}` });
  } else {
    database = await openDatabase({ dataDir: 'memory://' });
  }
  if (options.migrate ?? true) await migrateLatest(database);
  return {
    ...database,
    close: async () => {
      if (backend === 'postgres') await database.db.raw('drop schema ?? cascade', [database.schema]);
      await database.close();
    },
  };
}
