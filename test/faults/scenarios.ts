import { DateTime } from 'luxon';
import { faultConfig, logged, openScenario, sleep, strayOutput, tally, TICK_SECONDS, type Outcome, type Scenario } from './harness.js';
import type { FaultRelay } from './fault-relay.js';
import type { OwnServices } from './own-services.js';
import { waitForLine } from './replicas.js';
import { drained, heldBy, insertMessages } from './workload.js';

export interface SuiteContext {
  readonly services: OwnServices;
  readonly relay: FaultRelay;
  readonly scratch: string;
  /** The seeded sequence the kills are drawn from: the same run every time. */
  readonly random: () => number;
  readonly kills: number;
}

/** How long a dead replica's claims may stay in delivery: the lease (60 s) and a tick, within the 2 minutes promised. */
const STUCK_LIMIT_MS = 120_000;
const DRAIN_LIMIT_MS = 6 * 60_000;

/** Puts `perSecond` messages a second into the outbox until stopped, riding out a database that is away. */
function produce(scenario: Scenario, perSecond: number): { keys: string[]; stop(): Promise<void> } {
  const keys: string[] = [];
  let next = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      try {
        keys.push(...(await insertMessages(scenario.pool, scenario.prefix, next, perSecond)));
        next += perSecond;
      } catch {
        // the database is away: try again in a second
      }
      await sleep(1000);
    }
  })();
  return {
    keys,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

async function finish(scenario: Scenario, name: string, keys: readonly string[], extra: { allowed: number; windows: string; recovery: string; failures: string[] }): Promise<Outcome> {
  const drainMs = await drained(scenario.pool, scenario.prefix, DRAIN_LIMIT_MS);
  const figures = await tally(scenario, keys);
  const failures = [...extra.failures];
  if (drainMs === undefined) failures.push(`the outbox did not drain within ${DRAIN_LIMIT_MS / 60_000} min`);
  if (figures.lost.length > 0) failures.push(`${figures.lost.length} lost (e.g. ${figures.lost.slice(0, 3).join(', ')})`);
  if (figures.doubledKeys.length > extra.allowed) failures.push(`${figures.doubledKeys.length} doubled, more than the ${extra.allowed} allowed (${extra.windows})`);
  if (figures.stuck > 0) failures.push(`${figures.stuck} left in delivery`);
  const stray = strayOutput(scenario);
  if (stray.length > 0) failures.push(`output outside the JSON log: ${stray.join(' | ')}`);
  return { scenario: name, expected: keys.length, delivered: figures.delivered, doubled: figures.doubledKeys.length, allowed: extra.allowed, windows: extra.windows, lost: figures.lost.length, stuck: figures.stuck, recovery: `${extra.recovery}; drained ${drainMs === undefined ? 'never' : `${(drainMs / 1000).toFixed(0)} s`} after the faults`, failures };
}

/** 3 compiled replicas under random kill -9, each replaced at once; messages arriving all along. */
export async function kills(context: SuiteContext): Promise<Outcome> {
  const scenario = await openScenario(context.services, context.relay, 'kills', faultConfig(context.scratch, 'kills'));
  try {
    await scenario.startRunning(3);
    const producer = produce(scenario, 20);
    const killed: Array<{ pid: number; at: number; heldAt?: number; clearedAt?: number }> = [];
    for (let k = 0; k < context.kills; k++) {
      await sleep(2000 + context.random() * 3000);
      const running = scenario.replicas.filter((r) => r.running());
      const victim = running[Math.floor(context.random() * running.length)];
      if (!victim) continue;
      victim.kill('SIGKILL');
      killed.push({ pid: victim.pid, at: Date.now() });
      scenario.start();
    }
    await producer.stop();
    // Each killed replica's claims: how long until another replica took them over.
    const watchUntil = Date.now() + STUCK_LIMIT_MS + 30_000;
    while (Date.now() < watchUntil && killed.some((k) => k.clearedAt === undefined)) {
      const held = await heldBy(scenario.pool, killed.map((k) => k.pid)).catch(() => undefined);
      for (const k of killed) if (k.clearedAt === undefined && held?.get(k.pid) === 0) k.clearedAt = Date.now();
      await sleep(500);
    }
    const recoveries = killed.map((k) => (k.clearedAt ?? Number.POSITIVE_INFINITY) - k.at).sort((a, b) => a - b);
    const worst = recoveries.at(-1) ?? 0;
    // A double is allowed only where a killed replica's claim was taken over (the kill fell between the relay's
    // "250 OK" and its record), at most one per kill.
    const takeovers = logged(scenario, 'message taken over from a sender whose lease ran out');
    const figures = await tally(scenario, producer.keys);
    const perKill = new Map<number, number>();
    let unexplained = 0;
    for (const key of figures.doubledKeys) {
      const from = takeovers.find((l) => l.messageKey === key && killed.some((k) => String(l.from).includes(`:${k.pid}/`)));
      const pid = from ? killed.find((k) => String(from.from).includes(`:${k.pid}/`))?.pid : undefined;
      if (pid === undefined) unexplained++;
      else perKill.set(pid, (perKill.get(pid) ?? 0) + 1);
    }
    const overOne = [...perKill.values()].filter((n) => n > 1).length;
    const failures: string[] = [];
    if (worst > STUCK_LIMIT_MS) failures.push(`a killed replica's claims stayed in delivery ${(worst / 1000).toFixed(0)} s (limit ${STUCK_LIMIT_MS / 1000} s)`);
    if (unexplained > 0) failures.push(`${unexplained} doubles not explained by a kill between the relay's answer and its record`);
    if (overOne > 0) failures.push(`${overOne} kills doubled more than one mail`);
    const median = recoveries[Math.floor(recoveries.length / 2)] ?? 0;
    return await finish(scenario, `${killed.length} × kill -9 (3 replicas)`, producer.keys, {
      allowed: figures.doubledKeys.length - unexplained,
      windows: `kill between "250 OK" and its record: ${perKill.size} kills, ≤ 1 each`,
      recovery: `stuck claims taken over in ${(median / 1000).toFixed(0)} s median, ${(worst / 1000).toFixed(0)} s worst`,
      failures,
    });
  } finally {
    await scenario.close();
  }
}

interface FaultResult {
  readonly recovery: string;
  readonly allowed?: number;
  readonly windows?: string;
  readonly failures?: string[];
}

/** The common shape: 2 replicas delivering a steady stream while `fault` happens, then the tally once drained. */
async function underFault(context: SuiteContext, name: string, label: string, perSecond: number, fault: (scenario: Scenario) => Promise<FaultResult>): Promise<Outcome> {
  const scenario = await openScenario(context.services, context.relay, name, faultConfig(context.scratch, name));
  try {
    await scenario.startRunning(2);
    const producer = produce(scenario, perSecond);
    const result = await fault(scenario);
    await producer.stop();
    return await finish(scenario, label, producer.keys, { allowed: result.allowed ?? 0, windows: result.windows ?? 'none', recovery: result.recovery, failures: result.failures ?? [] });
  } finally {
    await scenario.close();
  }
}

/** Redis killed and started again (it keeps nothing) while 2 replicas deliver. */
export function redisRestart(context: SuiteContext): Promise<Outcome> {
  return underFault(context, 'redis', 'Redis restart', 20, async (scenario) => {
    await sleep(8000);
    const down = Date.now();
    await context.services.restartRedis();
    const back = Date.now();
    await sleep(12_000);
    const sentAfter = logged(scenario, 'message sent').filter((l) => Date.parse(String(l.time)) > back).length;
    return { recovery: `Redis away ${((back - down) / 1000).toFixed(1)} s; ${sentAfter} sent after it came back`, failures: sentAfter === 0 ? ['nothing was sent after Redis came back'] : [] };
  });
}

/** Four rounds of connection kills within half a second, then PostgreSQL stopped for 10 s, while 2 replicas deliver. */
export function postgresFaults(context: SuiteContext): Promise<Outcome> {
  return underFault(context, 'postgres', 'PostgreSQL: 4 connection kills, a 10 s restart', 20, async (scenario) => {
    await sleep(6000);
    let terminated = 0;
    for (let i = 0; i < 4; i++) {
      terminated += context.services.killConnections(scenario.database);
      await sleep(120);
    }
    await sleep(6000);
    context.services.stopPostgres();
    await sleep(10_000);
    context.services.startPostgres();
    await sleep(8000);
    const retried = logged(scenario, 'result not recorded yet (database unavailable): trying again').length;
    return { recovery: `${terminated} connections terminated; ${retried} results written after retrying` };
  });
}

/** The relay hangs (no answer, no greeting) for longer than the lease, while 2 replicas deliver. */
export function relayStall(context: SuiteContext): Promise<Outcome> {
  return underFault(context, 'stall', 'relay stalled 65 s (lease 60 s)', 10, async (scenario) => {
    await sleep(5000);
    const before = context.relay.unanswered;
    context.relay.stall();
    await sleep(65_000);
    await context.relay.pass();
    const unanswered = context.relay.unanswered - before;
    await sleep(5000);
    const slow = logged(scenario, 'message not sent: will try again').length;
    // The mail the relay took but never answered is the in-flight count: each of those is sent once more.
    return {
      allowed: unanswered,
      windows: `taken by the hung relay, never answered: ${unanswered} (≤ 10 per replica)`,
      recovery: `${slow} sends given up at their timeout and retried`,
      failures: unanswered > 20 ? [`${unanswered} in flight at the stall, more than the 2 × 10 concurrency`] : [],
    };
  });
}

/** The relay refuses connections for 45 s. */
export function smtpOutage(context: SuiteContext): Promise<Outcome> {
  return underFault(context, 'outage', 'SMTP outage 45 s', 10, async (scenario) => {
    await sleep(5000);
    await context.relay.down();
    await sleep(45_000);
    await context.relay.pass();
    await sleep(5000);
    return { recovery: `${logged(scenario, 'message not sent: will try again').length} attempts refused and retried` };
  });
}

/** PostgreSQL away from before the digest's tick until its retries are used up (90 s): the digests catch up. */
export async function databaseOutageAtDigest(context: SuiteContext): Promise<Outcome> {
  const tick = DateTime.now().setZone('Asia/Shanghai').plus({ minutes: 2 }).startOf('minute');
  const window = `window: { from: "${tick.toFormat('HH:mm')}", to: "23:59" }`;
  const extra = [
    `  - { id: digest, job: digest, cron: "${tick.minute} ${tick.hour} * * *", workingDaysOnly: false, ${window} }`,
    `  - { id: escalation, job: escalation, cron: "${tick.minute} ${tick.hour} * * *", workingDaysOnly: false, ${window} }`,
    '',
  ].join('\n');
  const scenario = await openScenario(context.services, context.relay, 'digest', faultConfig(context.scratch, 'digest', extra));
  try {
    // The first replica fills the empty ledger with the demo (items placed around today, so digests are due).
    await scenario.startRunning(1, { DW_DEMO: '1' });
    await scenario.startRunning(1);
    const today = tick.toISODate() as string;
    const before = await scenario.pool.query(`select count(*) as n from messages where key like $1`, [`%:${today}`]);
    await sleep(Math.max(0, tick.toMillis() - Date.now() - 15_000));
    context.services.stopPostgres();
    await sleep(15_000 + 90_000);
    context.services.startPostgres();
    const back = Date.now();
    let composedAfter: number | undefined;
    while (Date.now() - back < 120_000 && composedAfter === undefined) {
      const { rows } = await scenario.pool.query<{ n: string }>(`select count(*) as n from messages where key like $1 and (key like 'department:%' or key like 'supervisor:%')`, [`%:${today}`]).catch(() => ({ rows: [{ n: '0' }] }));
      if (Number(rows[0]?.n) > 0) composedAfter = Date.now() - back;
      else await sleep(250);
    }
    const gaveUp = scenario.replicas.flatMap((r) => r.lines).filter((l) => String(l.msg).startsWith('digest gave up')).length;
    const failures: string[] = [];
    if (Number(before.rows[0]?.n) > 0) failures.push('a digest was composed before its tick: the scenario proves nothing');
    const limit = (TICK_SECONDS + 10) * 1000;
    if (composedAfter === undefined || composedAfter > limit) failures.push(`the day's digests were composed ${composedAfter === undefined ? 'never' : `${(composedAfter / 1000).toFixed(1)} s`} after the database came back (limit: one tick, ${TICK_SECONDS} s, and 10 s to run it)`);
    const digests = await scenario.pool.query<{ key: string }>(`select key from messages where key like $1`, [`%:${today}`]);
    const keys: string[] = [];
    return {
      ...(await finish(scenario, 'database away 105 s across the digest tick', keys, { allowed: 0, windows: 'none', recovery: `digests composed ${composedAfter === undefined ? 'never' : `${(composedAfter / 1000).toFixed(1)} s`} after the database came back (${digests.rows.length} for today; retries given up logged ${gaveUp > 0 ? 'yes' : 'no'})`, failures })),
      expected: digests.rows.length,
      delivered: digests.rows.length,
    };
  } finally {
    await scenario.close();
  }
}

/** SIGTERM while a replica's start-up pass is sending: the sends in flight are recorded, nothing stays in delivery, exit 0. */
export async function sigtermDuringStartUp(context: SuiteContext): Promise<Outcome> {
  const scenario = await openScenario(context.services, context.relay, 'sigterm', faultConfig(context.scratch, 'sigterm'));
  try {
    // A first replica migrates the ledger and stops; then 400 messages wait for the next one's start-up pass.
    const [first] = await scenario.startRunning(1);
    first?.kill('SIGTERM');
    await first?.exited;
    const keys = await insertMessages(scenario.pool, scenario.prefix, 0, 400);
    const replica = scenario.start();
    const sending = await waitForLine(replica, 'message sent', 60_000);
    replica.kill('SIGTERM');
    const code = await replica.exited;
    const counts = await tally(scenario, keys);
    const { rows } = await scenario.pool.query<{ n: string }>(`select count(*) as n from messages where key like $1 and status = 'sent'`, [`department:${scenario.prefix}.%`]);
    const failures: string[] = [];
    if (!sending) failures.push('the replica sent nothing before the signal');
    if (code !== 0) failures.push(`exit code ${code}, not 0`);
    if (counts.stuck > 0) failures.push(`${counts.stuck} left in delivery`);
    if (Number(rows[0]?.n) !== counts.delivered) failures.push(`${counts.delivered} reached the relay but ${rows[0]?.n} are recorded sent`);
    if (!replica.lines.some((l) => l.msg === 'stopped during start-up' || l.msg === 'stopped')) failures.push('no "stopped" line');
    // The rest is sent by the next replica: drained, nothing twice.
    await scenario.startRunning(1);
    return await finish(scenario, 'SIGTERM during start-up', keys, { allowed: 0, windows: 'none', recovery: `exit ${code}; ${counts.delivered} sent and recorded before stopping, ${counts.stuck} left in delivery`, failures });
  } finally {
    await scenario.close();
  }
}
