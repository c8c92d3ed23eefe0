import { describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL } from '../helpers/databases.js';
import { runCli } from '../helpers/run-cli.js';

/** What an admin sees when the environment is wrong: one line with the cause and the fix, no stack trace. */
describe('operational errors', () => {
  it('a database that does not exist: one line, with createdb', () => {
    const url = new URL(TEST_DATABASE_URL);
    url.pathname = '/dw_no_such_database';
    const result = runCli(['ledger', 'list'], { env: { DATABASE_URL: url.toString() } });
    if (/ECONNREFUSED/.test(result.stderr)) throw new Error(`PostgreSQL is not running at ${TEST_DATABASE_URL}: start it with pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('error: PostgreSQL has no database "dw_no_such_database" (DATABASE_URL): create it (createdb dw_no_such_database, or CREATE DATABASE "dw_no_such_database"), then run again\n');
  });

  it('a server that is not there: one line naming the address', () => {
    const result = runCli(['ledger', 'list'], { env: { DATABASE_URL: 'postgres://dw@127.0.0.1:1/dw' } });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('error: cannot reach 127.0.0.1:1 (ECONNREFUSED): is the service running, and is its URL (DATABASE_URL, REDIS_URL) right?\n');
  });
});
