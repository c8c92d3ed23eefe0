import { changedYears, type DeadlineFingerprintParts } from '../config/fingerprint.js';
import { EVENT_TIME_COLUMNS } from '../ledger/item-row.js';

/**
 * Which open items a recompute must read: all of them, or only those whose counting reaches into the calendar
 * years that changed (a new year's holiday notice 节假日安排, a local closure 地方调整). A due date is counted over
 * the days between an item's events and its due date, so an item whose events and due date all lie outside the
 * changed years counts the same days as before and cannot move.
 */
export type RecomputeScope = 'all' | { readonly years: readonly number[] };

/** What the ledger was last computed with (monitor_state): the fingerprint, and its parts unless computed before they were kept. */
export interface ComputedWith {
  readonly fingerprint: string;
  readonly parts?: DeadlineFingerprintParts | undefined;
}

/**
 * The scope from what the ledger was computed with and the config now. Everything when forced, when the parts
 * were not kept (a ledger computed before they were), or when rules, jurisdictions or the engine changed.
 */
export function recomputeScope(
  before: ComputedWith | undefined,
  now: { fingerprint: string; fingerprintParts?: DeadlineFingerprintParts | undefined },
  force: boolean,
): RecomputeScope {
  if (force || before?.parts === undefined || now.fingerprintParts === undefined) return 'all';
  const years = changedYears(before.parts, now.fingerprintParts);
  // No year changed while the fingerprint did: the fingerprints were made differently; read everything.
  return years === 'all' || years.length === 0 ? 'all' : { years };
}

/**
 * Days either side of the changed years that an item's span is widened by before it is compared with them. The
 * counting looks only at days between an item's events and its due date; the margin is there for what sits at the
 * ends (counting starts the day after an event; a cut-off 截止时间 moves a late event to the next working day). Ten
 * days is longer than any run of days off (the Spring Festival's nine), and costs few more rows read.
 */
const MARGIN_DAYS = 10;

/**
 * A condition on ledger_items: the item's span (its earliest event to the later of its due date and its latest
 * event), widened by the margin, reaches into the years (sorted, as changedYears gives them; the years between the
 * first and the last count too). Items with consultations (征求意见, pauses whose ends may be open) are always read.
 * With the bindings for it.
 */
export function spanReachesYears(years: readonly number[]): { sql: string; bindings: string[] } {
  const events = EVENT_TIME_COLUMNS.join(', ');
  const first = years[0];
  const last = years[years.length - 1];
  if (first === undefined || last === undefined) throw new Error('spanReachesYears needs at least one year');
  return {
    sql: `(consultations is not null or (
      coalesce(least(${events}), due_at) < ?::timestamptz + interval '${MARGIN_DAYS} days'
      and greatest(due_at, ${events}) >= ?::timestamptz - interval '${MARGIN_DAYS} days'))`,
    bindings: [`${last + 1}-01-01T00:00:00+08:00`, `${first}-01-01T00:00:00+08:00`],
  };
}
