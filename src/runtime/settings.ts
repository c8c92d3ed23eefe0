import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import { readSecretUrl } from './redact-url.js';
import type { DatabaseSettings } from '../ledger/database.js';

/**
 * Settings from the environment (secrets and addresses never live in config/):
 *   DATABASE_URL  PostgreSQL connection string; without it the embedded PGlite is used
 *   DATABASE_MIGRATION_URL  the owning role, when migrations should not run as DATABASE_URL's role (see migrate.ts)
 *   DW_DATABASE_SCHEMA  the PostgreSQL schema to keep the ledger in (default public)
 *   DW_DATA_DIR   where the embedded database keeps its files (default ./data/pglite)
 */
export function databaseSettings(env: NodeJS.ProcessEnv = process.env): DatabaseSettings {
  return {
    url: readableUrl('DATABASE_URL', env.DATABASE_URL || undefined, 'postgres://user:password@host:5432/db'),
    migrationUrl: readableUrl('DATABASE_MIGRATION_URL', env.DATABASE_MIGRATION_URL || undefined, 'postgres://owner:password@host:5432/db'),
    dataDir: resolve(env.DW_DATA_DIR || 'data/pglite'),
    schema: env.DW_DATABASE_SCHEMA || undefined,
  };
}

/** Who a command acts as in the history (全程留痕): --actor, else DW_ACTOR, else the login name. */
export function defaultActor(env: NodeJS.ProcessEnv = process.env): string {
  return env.DW_ACTOR || userInfo().username;
}

/** Where mail goes, from the environment. */
export interface MailSettings {
  /** SMTP_URL, e.g. smtps://user:pass@relay.example:465; without it mail is written to the outbox folder. */
  readonly smtpUrl?: string | undefined;
  /** DW_OUTBOX_DIR (default ./outbox): where `.eml` files go while no SMTP relay is set. */
  readonly outboxDir: string;
  /** MAIL_FROM: the sender, e.g. "政务公开监测 <gongkai@tinghu.example.test>". */
  readonly from: string;
}

export function mailSettings(env: NodeJS.ProcessEnv = process.env): MailSettings {
  return {
    smtpUrl: env.SMTP_URL || undefined,
    outboxDir: resolve(env.DW_OUTBOX_DIR || 'outbox'),
    from: env.MAIL_FROM || '政务公开时限监测 <disclosure-watch@example.test>',
  };
}

/** REDIS_URL: set, the worker runs distributed (BullMQ queues); unset, jobs run in this process. */
export function redisUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return readableUrl('REDIS_URL', env.REDIS_URL || undefined, 'redis://:password@host:6379');
}

/** A service URL as given, once the WHATWG parser reads it (readSecretUrl says why it must). */
function readableUrl(variable: string, url: string | undefined, example: string): string | undefined {
  if (url !== undefined) readSecretUrl(variable, url, example);
  return url;
}

/** Where the portal listens and the address its links in mail start with. */
export interface PortalSettings {
  /** PORT (default 8080). */
  readonly port: number;
  /** HOST (default 127.0.0.1: only this machine; the Docker image listens on 0.0.0.0). */
  readonly host: string;
  /** PUBLIC_URL: the base of every link in mail (default http://localhost:8080), as clerks' browsers reach it. */
  readonly publicUrl: string;
  /** DW_LINK_SECRET: the key links are derived from; required with REDIS_URL (every replica mints the same links). */
  readonly linkSecret?: string | undefined;
  /** Where the embedded default keeps a generated key when DW_LINK_SECRET is not set. */
  readonly linkSecretFile: string;
}

export function portalSettings(env: NodeJS.ProcessEnv = process.env): PortalSettings {
  const port = Number(env.PORT || 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InputError(`PORT "${env.PORT}" is not a port number`);
  const publicUrl = (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/.test(publicUrl)) throw new InputError(`PUBLIC_URL "${publicUrl}" must be an http(s) address like https://gongkai.tinghu.gov.cn`);
  return {
    port,
    host: env.HOST || '127.0.0.1',
    publicUrl,
    linkSecret: env.DW_LINK_SECRET || undefined,
    linkSecretFile: resolve(env.DW_LINK_SECRET_FILE || join(dirname(databaseSettings(env).dataDir), 'link-secret')),
  };
}

/** Where a running worker writes its PID (DW_PID_FILE, default beside the data directory), for `cli worker reload`. */
export function pidFile(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.DW_PID_FILE || join(dirname(databaseSettings(env).dataDir), 'worker.pid'));
}
