/** One dependency's state, as /readyz reports it. */
export interface CheckState {
  readonly ok: boolean;
  readonly detail: string;
}

export interface ReadinessInput {
  /** Whether the ledger answered a query in time (and why not). */
  readonly database: CheckState;
  /** Redis, in the distributed mode only. */
  readonly redis?: CheckState | undefined;
  /** The config the worker runs with was checked and loaded. */
  readonly configLoaded: boolean;
  /** When the scan last ran to its end (any replica), and how often its schedule fires. */
  readonly scan: { readonly lastRunAt?: string | undefined; readonly periodMs: number };
  readonly nowMillis: number;
}

export interface Readiness {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, CheckState>>;
}

/**
 * Whether the worker can do its work: its services answer, its config is loaded, and its scan keeps up (the last one
 * is not older than twice its schedule's period: one missed tick is a blip, two are a stuck worker). Pure.
 */
export function judgeReadiness(input: ReadinessInput): Readiness {
  const checks: Record<string, CheckState> = { database: input.database };
  if (input.redis) checks.redis = input.redis;
  checks.config = input.configLoaded ? { ok: true, detail: 'loaded' } : { ok: false, detail: 'not loaded' };
  const limit = 2 * input.scan.periodMs;
  const last = input.scan.lastRunAt;
  const age = last === undefined ? undefined : input.nowMillis - Date.parse(last);
  checks.scan =
    age === undefined
      ? { ok: false, detail: 'no scan has run yet' }
      : { ok: age <= limit, detail: `last scan ${last}, ${Math.round(age / 1000)} s ago (limit ${Math.round(limit / 1000)} s: twice its schedule)` };
  return { ready: Object.values(checks).every((c) => c.ok), checks };
}
