import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import type { Job } from '../core/schedule.js';
import { formatShanghai, formatShanghaiMillis } from '../core/shanghai-time.js';

/** monitor_state keys: the last time each job ran to its end, in any replica (readiness, metrics). */
const KEY_PREFIX = 'last-run:';

export async function recordJobRun(db: Knex, job: Job, at: DateTime): Promise<void> {
  const value = formatShanghai(at);
  await db('monitor_state').insert({ key: `${KEY_PREFIX}${job}`, value, updated_at: value }).onConflict('key').merge();
}

/** When each job last ran to its end (ISO with +08:00), by job. */
export async function lastJobRuns(db: Knex): Promise<Map<Job, string>> {
  const rows = (await db('monitor_state').where('key', 'like', `${KEY_PREFIX}%`).select('key', 'value')) as Array<{ key: string; value: string }>;
  return new Map(rows.map((r) => [r.key.slice(KEY_PREFIX.length) as Job, formatShanghaiMillis(Date.parse(r.value))]));
}
