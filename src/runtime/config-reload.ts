import type { Knex } from 'knex';
import { loadConfig, type LoadedConfig } from '../config/load-config.js';
import { ConfigError, formatProblem } from '../config/problems.js';
import { formatShanghai, shanghaiDate } from '../core/shanghai-time.js';
import { syncDepartments } from '../ledger/department-store.js';
import { recomputeOpenItems } from '../monitor/recompute.js';
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';

/** The config in force: jobs and the portal read it through this, so that a reload reaches them all at once. */
export interface ConfigHolder {
  current: LoadedConfig;
}

export type ReloadOutcome = { readonly applied: true; readonly changes: readonly string[] } | { readonly applied: false; readonly problems: readonly string[] };

/** What a reload changes, as lines for the log and the admin. Pure. */
export function configChanges(before: LoadedConfig, after: LoadedConfig): string[] {
  const changes: string[] = [];
  const byId = <T>(list: readonly T[], id: (t: T) => string) => new Map(list.map((t) => [id(t), JSON.stringify(t)]));
  const compare = (what: string, a: Map<string, string>, b: Map<string, string>) => {
    for (const key of b.keys()) if (!a.has(key)) changes.push(`${what} ${key} added`);
    for (const key of a.keys()) if (!b.has(key)) changes.push(`${what} ${key} removed`);
    for (const [key, value] of b) if (a.has(key) && a.get(key) !== value) changes.push(`${what} ${key} changed`);
  };
  compare('schedule', byId(before.schedules, (s) => s.id), byId(after.schedules, (s) => s.id));
  compare('department', byId(before.organisation.departments, (d) => d.code), byId(after.organisation.departments, (d) => d.code));
  compare('supervisor', byId(before.organisation.supervisors, (s) => s.jurisdiction), byId(after.organisation.supervisors, (s) => s.jurisdiction));
  if (before.fingerprint !== after.fingerprint) changes.push('rules or calendars changed: due dates recomputed');
  if (JSON.stringify(before.mail) !== JSON.stringify(after.mail)) changes.push('mail.yaml changed');
  const portal = (c: LoadedConfig) => JSON.stringify({ ...c.portal, publicationCheck: { ...c.portal.publicationCheck, allowPrivateHosts: [...c.portal.publicationCheck.allowPrivateHosts] } });
  if (portal(before) !== portal(after)) changes.push('portal.yaml changed');
  return changes;
}

export interface ReloadDeps {
  readonly holder: ConfigHolder;
  readonly db: Knex;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Replaces the schedules: the new ones start before the old ones stop (a tick fired by both is one job). */
  readonly replaceSchedules: (config: LoadedConfig) => Promise<void>;
}

/**
 * Reloads config/ without a restart (SIGHUP, `cli worker reload`, the admins' page): checked first, and refused with
 * every problem logged while the old config keeps running; applied: departments synced, the schedules replaced, due
 * dates recomputed when rules or calendars changed, and what changed logged. One reload at a time.
 */
export function configReloader(deps: ReloadDeps): { reload(): Promise<ReloadOutcome> } {
  let tail: Promise<unknown> = Promise.resolve();
  const reloadOnce = async (): Promise<ReloadOutcome> => {
    const before = deps.holder.current;
    const now = deps.clock.now();
    let next: LoadedConfig;
    try {
      next = loadConfig(before.dir, { today: shanghaiDate(now) });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const problems = error.problems.map(formatProblem);
      deps.logger.error({ config: before.dir, problems }, 'config reload refused: the config in force keeps running');
      return { applied: false, problems };
    }
    const changes = configChanges(before, next);
    await syncDepartments(deps.db, next.organisation.departments, formatShanghai(now));
    deps.holder.current = next;
    await deps.replaceSchedules(next);
    if (next.fingerprint !== before.fingerprint) await recomputeOpenItems(deps.db, next, now, { actor: 'worker reload' });
    deps.logger.info({ config: next.dir, changes }, changes.length > 0 ? 'config reloaded' : 'config reloaded: nothing changed');
    return { applied: true, changes };
  };
  return {
    reload() {
      const run = tail.then(reloadOnce, reloadOnce);
      tail = run.catch(() => undefined);
      return run;
    },
  };
}
