import { createHash } from 'node:crypto';
import type { RuleFileEntry } from './schemas.js';

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, sortKeys(v)]));
}

/**
 * A fingerprint of a rule's definition as written (any edit changes it, even of its name or quote), recorded with
 * each ledger item so that items computed under an older definition can be found. The jurisdiction's cut-off and
 * calendar are not part of it.
 */
export function ruleVersion(entry: RuleFileEntry): string {
  return createHash('sha256').update(JSON.stringify(sortKeys(entry))).digest('hex').slice(0, 12);
}
