import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A PostgreSQL and a Redis of the fault suite's own, on free loopback ports in a scratch directory: they can be
 * stopped, restarted and cut without touching the machine's services (which CI and other tests use).
 */
export interface OwnServices {
  readonly databaseUrl: (database: string) => string;
  readonly redisUrl: string;
  createDatabase(name: string): void;
  /** Stops PostgreSQL (fast: connections are cut) and, unless told otherwise, starts it again. */
  stopPostgres(): void;
  startPostgres(): void;
  /** Terminates every connection to `database` but the caller's. */
  killConnections(database: string): number;
  restartRedis(): Promise<void>;
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const version = existsSync(root) ? readdirSync(root).sort().at(-1) : undefined;
  if (!version) throw new Error('PostgreSQL binaries not found under /usr/lib/postgresql: apt-get install -y postgresql');
  return join(root, version, 'bin');
}

/** initdb and postgres refuse to run as root: as root they run as the postgres user. */
function asPostgres(command: string, args: readonly string[]): ReturnType<typeof spawnSync> {
  const asRoot = process.getuid?.() === 0;
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, [...args]];
  return spawnSync(file, argv, { encoding: 'utf8' });
}

function must(result: ReturnType<typeof spawnSync>, what: string): void {
  if (result.status !== 0) throw new Error(`${what} failed (${result.status}): ${String(result.stderr)}${String(result.stdout)}`);
}

export async function startOwnServices(scratch: string): Promise<OwnServices> {
  const bin = postgresBin();
  const data = join(scratch, 'pg');
  mkdirSync(data, { recursive: true });
  if (process.getuid?.() === 0) {
    const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    chownSync(scratch, Number(id.stdout), Number(gid.stdout));
    chownSync(data, Number(id.stdout), Number(gid.stdout));
  }
  must(asPostgres(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']), 'initdb');
  const pgPort = await freePort();
  const pgCtl = (action: string, extra: readonly string[] = []) =>
    asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-w', '-t', '60', '-l', join(data, 'server.log'), '-o', `-p ${pgPort} -k ${data} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`, ...extra, action]);
  must(pgCtl('start'), 'starting the fault suite\'s PostgreSQL');
  const psql = (database: string, sql: string) => spawnSync('psql', ['-h', '127.0.0.1', '-p', String(pgPort), '-U', 'postgres', '-d', database, '-Atc', sql], { encoding: 'utf8' });

  const redisPort = await freePort();
  let redis: ChildProcess | undefined;
  const startRedis = async () => {
    redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      if (spawnSync('redis-cli', ['-p', String(redisPort), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG') return;
      await sleep(50);
    }
    throw new Error('the fault suite\'s Redis did not start: apt-get install -y redis-server');
  };
  const stopRedis = async () => {
    if (!redis || redis.exitCode !== null) return;
    const exited = new Promise((r) => redis?.once('exit', r));
    redis.kill('SIGKILL');
    await exited;
  };
  await startRedis();

  return {
    databaseUrl: (database) => `postgres://postgres@127.0.0.1:${pgPort}/${database}`,
    redisUrl: `redis://127.0.0.1:${redisPort}`,
    createDatabase(name) {
      must(psql('postgres', `create database ${name}`), `createdb ${name}`);
    },
    stopPostgres() {
      must(pgCtl('stop', ['-m', 'fast']), 'stopping PostgreSQL');
    },
    startPostgres() {
      must(pgCtl('start'), 'starting PostgreSQL');
    },
    killConnections(database) {
      const result = psql('postgres', `select count(pg_terminate_backend(pid)) from pg_stat_activity where datname = '${database}' and pid <> pg_backend_pid()`);
      return Number(result.stdout.trim() || 0);
    },
    async restartRedis() {
      await stopRedis();
      await startRedis();
    },
    async close() {
      await stopRedis();
      pgCtl('stop', ['-m', 'immediate']);
    },
  };
}
