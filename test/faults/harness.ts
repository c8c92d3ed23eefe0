import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { PROJECT_ROOT } from '../helpers/run-cli.js';
import type { FaultRelay } from './fault-relay.js';
import type { OwnServices } from './own-services.js';
import { startReplica, waitForLine, type Replica } from './replicas.js';
import { messageIdOf, statusCounts } from './workload.js';

/** One scenario's figures, as the suite prints them. */
export interface Outcome {
  readonly scenario: string;
  readonly expected: number;
  readonly delivered: number;
  readonly doubled: number;
  /** How many doubles the targets allow, and why. */
  readonly allowed: number;
  readonly windows: string;
  readonly lost: number;
  readonly stuck: number;
  /** The scenario's recovery figure, in words (stuck claims taken over, digests composed …). */
  readonly recovery: string;
  readonly failures: string[];
}

/** Every deliver and scan tick every 5 s (node-cron's seconds field), so a scenario takes minutes, not hours. */
export const TICK_SECONDS = 5;

export interface Scenario {
  readonly services: OwnServices;
  readonly relay: FaultRelay;
  readonly database: string;
  readonly pool: pg.Pool;
  readonly prefix: string;
  readonly replicas: Replica[];
  start(extra?: NodeJS.ProcessEnv): Replica;
  startRunning(count: number, extra?: NodeJS.ProcessEnv): Promise<Replica[]>;
  close(): Promise<void>;
}

/** A config directory: the shipped one with the fault suite's schedules. */
export function faultConfig(scratch: string, name: string, extraSchedules = ''): string {
  const dir = join(scratch, `config-${name}`);
  cpSync(join(PROJECT_ROOT, 'config'), dir, { recursive: true });
  // The shipped rate limit (120 a minute) would make the drain, not the faults, the subject.
  const mail = join(dir, 'mail.yaml');
  writeFileSync(mail, readFileSync(mail, 'utf8').replace(/^ratePerMinute: \d+$/m, 'ratePerMinute: 20000'));
  writeFileSync(
    join(dir, 'schedules.yaml'),
    `schedules:\n  - { id: scan, job: scan, cron: "*/${TICK_SECONDS} * * * * *", workingDaysOnly: false }\n  - { id: deliver, job: deliver, cron: "*/${TICK_SECONDS} * * * * *", workingDaysOnly: false }\n${extraSchedules}`,
  );
  return dir;
}

export async function openScenario(services: OwnServices, relay: FaultRelay, name: string, configDir: string): Promise<Scenario> {
  const database = `faults_${name}`;
  services.createDatabase(database);
  const pool = new pg.Pool({ connectionString: services.databaseUrl(database), max: 4 });
  pool.on('error', () => undefined);
  const replicas: Replica[] = [];
  const env: NodeJS.ProcessEnv = {
    DATABASE_URL: services.databaseUrl(database),
    REDIS_URL: services.redisUrl,
    DW_QUEUE_PREFIX: `f-${name}`,
    SMTP_URL: relay.url,
    MAIL_FROM: '政务公开时限监测 <dw@faults.test>',
    DW_LINK_SECRET: 'fault-suite-link-secret-0123456789abcdefghij',
    DW_CONFIG_DIR: configDir,
    DW_DEMO: '0',
    DW_NOW: '',
  };
  const start = (extra: NodeJS.ProcessEnv = {}) => {
    const replica = startReplica({ ...env, ...extra });
    replicas.push(replica);
    return replica;
  };
  return {
    services,
    relay,
    database,
    pool,
    prefix: name,
    replicas,
    start,
    async startRunning(count, extra = {}) {
      const started = Array.from({ length: count }, () => start(extra));
      for (const replica of started) if (!(await waitForLine(replica, 'worker running', 90_000))) throw new Error(`a replica of ${name} did not start:\n${replica.stderr().slice(0, 3000)}`);
      return started;
    },
    async close() {
      for (const replica of replicas) if (replica.running()) replica.kill('SIGTERM');
      await Promise.all(replicas.map((r) => Promise.race([r.exited, new Promise((resolve) => setTimeout(resolve, 30_000))])));
      for (const replica of replicas) if (replica.running()) replica.kill('SIGKILL');
      await pool.end();
    },
  };
}

/** Delivered, doubled, lost and stuck for the keys a scenario put in the outbox. */
export async function tally(scenario: Scenario, keys: readonly string[]): Promise<{ delivered: number; doubledKeys: string[]; lost: string[]; stuck: number; failed: number }> {
  const counts = await statusCounts(scenario.pool, scenario.prefix);
  const { rows } = await scenario.pool.query<{ key: string; status: string }>(`select key, status from messages where key like $1`, [`department:${scenario.prefix}.%`]);
  const status = new Map(rows.map((r) => [r.key, r.status]));
  let delivered = 0;
  const doubledKeys: string[] = [];
  const lost: string[] = [];
  for (const key of keys) {
    const copies = scenario.relay.copies.get(messageIdOf(key)) ?? 0;
    if (copies > 0) delivered++;
    for (let i = 1; i < copies; i++) doubledKeys.push(key);
    if (copies === 0 && status.get(key) !== 'failed') lost.push(key);
  }
  return { delivered, doubledKeys, lost, stuck: counts.sending ?? 0, failed: counts.failed ?? 0 };
}

/** Log lines of every replica of the scenario with this message. */
export function logged(scenario: Scenario, msg: string): Array<Record<string, unknown>> {
  return scenario.replicas.flatMap((r) => r.lines.filter((l) => l.msg === msg));
}

/** Lines no replica should print: raw stack traces, non-JSON output. */
export function strayOutput(scenario: Scenario): string[] {
  return scenario.replicas.flatMap((r) => r.stray).slice(0, 5);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
