import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../helpers/run-cli.js';
import { startFaultRelay } from './fault-relay.js';
import type { Outcome } from './harness.js';
import { startOwnServices } from './own-services.js';
import { databaseOutageAtDigest, kills, postgresFaults, redisRestart, relayStall, sigtermDuringStartUp, smtpOutage, type SuiteContext } from './scenarios.js';

/**
 * `npm run faults`: the worker's exactly-once delivery under faults, on a PostgreSQL and a Redis of its own and a
 * loopback relay it can stall and take down, with 2–3 compiled replicas. Prints, for each scenario, the messages
 * expected, delivered, doubled (and the window each double fell in), lost and stuck, and the recovery figures;
 * exits 1 when a target is missed. `--only kills,stall` runs some; `--kills N` (default 30).
 */
const args = process.argv.slice(2);
const only = args.includes('--only') ? (args[args.indexOf('--only') + 1] ?? '').split(',') : undefined;
const killCount = args.includes('--kills') ? Number(args[args.indexOf('--kills') + 1]) : 30;

const SCENARIOS: ReadonlyArray<readonly [string, (context: SuiteContext) => Promise<Outcome>]> = [
  ['sigterm', sigtermDuringStartUp],
  ['kills', kills],
  ['redis', redisRestart],
  ['postgres', postgresFaults],
  ['stall', relayStall],
  ['outage', smtpOutage],
  ['digest', databaseOutageAtDigest],
];

function log(text: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);
}

const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
if (build.status !== 0) {
  process.stderr.write(`npm run build failed:\n${build.stdout}${build.stderr}`);
  process.exit(1);
}
const scratch = mkdtempSync(join(tmpdir(), 'dw-faults-'));
const services = await startOwnServices(scratch);
const relay = await startFaultRelay({ answerDelayMs: 100 });
let seed = 20261203;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const outcomes: Outcome[] = [];
const started = Date.now();
try {
  for (const [name, run] of SCENARIOS) {
    if (only && !only.includes(name)) continue;
    log(`${name}: starting`);
    try {
      const outcome = await run({ services, relay, scratch, random, kills: killCount });
      outcomes.push(outcome);
      log(`${name}: ${outcome.failures.length === 0 ? 'ok' : `FAILED: ${outcome.failures.join('; ')}`}`);
    } catch (error) {
      outcomes.push({ scenario: name, expected: 0, delivered: 0, doubled: 0, allowed: 0, windows: '', lost: 0, stuck: 0, recovery: '', failures: [`the scenario broke: ${(error as Error).stack ?? String(error)}`] });
      log(`${name}: broke: ${(error as Error).message}`);
    }
  }
} finally {
  await relay.close();
  await services.close();
  rmSync(scratch, { recursive: true, force: true });
}

const rows = outcomes.map((o) => [o.scenario, String(o.expected), String(o.delivered), `${o.doubled}${o.allowed > 0 ? ` (allowed ${o.allowed}: ${o.windows})` : ''}`, String(o.lost), String(o.stuck), o.recovery, o.failures.length === 0 ? 'PASS' : 'FAIL']);
const header = ['scenario', 'expected', 'delivered', 'doubled', 'lost', 'stuck', 'recovery', 'target'];
process.stdout.write(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|\n${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}\n`);
for (const o of outcomes) for (const failure of o.failures) process.stdout.write(`FAIL ${o.scenario}: ${failure}\n`);
process.stdout.write(`${outcomes.length} scenarios in ${((Date.now() - started) / 60_000).toFixed(1)} min\n`);
process.exitCode = outcomes.every((o) => o.failures.length === 0) && outcomes.length > 0 ? 0 : 1;
