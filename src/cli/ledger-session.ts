import type { DateTime } from 'luxon';
import type { LoadedConfig } from '../config/load-config.js';
import { formatShanghai } from '../core/shanghai-time.js';
import { openDatabase, type Database } from '../ledger/database.js';
import { prepareLedger } from '../ledger/prepare-ledger.js';
import { clockFromEnvironment } from '../runtime/clock.js';
import { databaseSettings } from '../runtime/settings.js';
import { loadConfigForCli } from './load-for-cli.js';

export interface LedgerSession {
  readonly config: LoadedConfig;
  readonly database: Database;
  readonly now: DateTime;
}

/**
 * Opens the ledger for one command: config checked, database migrated, departments synced from config; closed
 * afterwards whatever happens. On the embedded default it joins the running worker (or command) when there is one.
 */
export async function withLedger<T>(configOption: string | undefined, work: (session: LedgerSession) => Promise<T>): Promise<T> {
  const config = loadConfigForCli(configOption);
  const now = clockFromEnvironment().now();
  const database = await openDatabase(databaseSettings());
  try {
    await prepareLedger(database, config, formatShanghai(now));
    // Holding the embedded ledger, this command lets another one run beside it.
    await database.share();
    return await work({ config, database, now });
  } finally {
    await database.close();
  }
}
