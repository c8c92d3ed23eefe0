import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import type { DatabaseSettings } from '../ledger/database.js';

/**
 * Settings from the environment (secrets and addresses never live in config/):
 *   DATABASE_URL  PostgreSQL connection string; without it the embedded PGlite is used
 *   DW_DATA_DIR   where the embedded database keeps its files (default ./data/pglite)
 */
export function databaseSettings(env: NodeJS.ProcessEnv = process.env): DatabaseSettings {
  return { url: env.DATABASE_URL || undefined, dataDir: resolve(env.DW_DATA_DIR || 'data/pglite') };
}

/** Who a command acts as in the history (全程留痕): --actor, else DW_ACTOR, else the login name. */
export function defaultActor(env: NodeJS.ProcessEnv = process.env): string {
  return env.DW_ACTOR || userInfo().username;
}
