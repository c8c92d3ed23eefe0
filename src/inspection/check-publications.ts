import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import type { LoadedConfig } from '../config/load-config.js';
import { formatShanghai } from '../core/shanghai-time.js';
import { itemsToCheck, recordCheck, type CheckRecord, type ItemToCheck } from './check-store.js';
import type { FetchOutcome, FetchPageOptions } from './fetch-page.js';
import { publicationChecksTotal } from '../operations/metrics.js';
import { pageShowsItem } from './page-shows-item.js';

/** The adapter that fetches a page (fetchPage in production; tests may point it at a local server). */
export type PageFetcher = (url: string, options: FetchPageOptions) => Promise<FetchOutcome>;

export interface CheckResult {
  readonly checked: number;
  readonly shown: number;
  readonly problems: ReadonlyArray<CheckRecord & { readonly reference: string }>;
}

/** Pages fetched at once: enough to hide each one's latency, few enough not to look like a crawl to a portal. */
const CONCURRENCY = 4;
/** Items per run: the next tick takes the rest, so a long re-check never holds the embedded worker's queue. */
const BATCH = 100;
/** monitor_state key: when the last weekly re-check was asked for (every published address checked after it). */
export const RECHECK_KEY = 'publication-recheck-requested-at';

/**
 * The publication check (网上巡查): fetches each newly registered address (by the portal, the CLI or an import) and,
 * after a re-check was requested, every published one again; records whether the page answered and shows the item
 * (its title or reference). Level-triggered: what is left waits for the next run. No transaction is held while a
 * page is fetched.
 */
export async function checkPublications(db: Knex, config: LoadedConfig, now: DateTime, fetcher: PageFetcher): Promise<CheckResult> {
  const requested = await db('monitor_state').where({ key: RECHECK_KEY }).first('value');
  const items = await itemsToCheck(db, { recheckBefore: requested?.value, limit: BATCH });
  const problems: Array<CheckRecord & { reference: string }> = [];
  let shown = 0;
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      const record = judge(item, await fetcher(item.url, fetchOptions(config, item.jurisdiction)));
      await recordCheck(db, record, formatShanghai(now));
      publicationChecksTotal.inc({ outcome: record.outcome });
      if (record.outcome === 'shown') shown++;
      else problems.push({ ...record, reference: item.reference });
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
  return { checked: items.length, shown, problems };
}

/** The weekly job: asks for every published address to be checked again, from now on, a batch per run. */
export async function requestRecheck(db: Knex, now: DateTime): Promise<void> {
  const at = formatShanghai(now);
  await db('monitor_state').insert({ key: RECHECK_KEY, value: at, updated_at: at }).onConflict('key').merge();
}

function fetchOptions(config: LoadedConfig, jurisdiction: string): FetchPageOptions {
  const check = config.portal.publicationCheck;
  return { timeoutMs: check.timeoutMs, maxBytes: check.maxBytes, maxRedirects: 3, allowHosts: check.allowPrivateHosts.get(jurisdiction) ?? [] };
}

function judge(item: ItemToCheck, outcome: FetchOutcome): CheckRecord {
  const base = { itemId: item.itemId, url: item.url };
  if (outcome.kind !== 'answered') return { ...base, outcome: outcome.kind, detail: outcome.reason };
  const shows = pageShowsItem(outcome.text, item);
  return { ...base, outcome: shows ? 'shown' : 'missing', httpStatus: outcome.status, detail: outcome.finalUrl === item.url ? undefined : `→ ${outcome.finalUrl}` };
}
