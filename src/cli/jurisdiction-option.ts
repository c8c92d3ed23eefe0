import type { LoadedConfig } from '../config/load-config.js';
import { closestNames } from '../core/suggest.js';
import { UsageError } from './usage-error.js';

/** A `--jurisdiction` value checked against the config: an unknown id is a typo, never an empty result. */
export function checkJurisdiction(value: string | undefined, config: LoadedConfig): string | undefined {
  if (value === undefined || config.ruleBook.jurisdictions.has(value)) return value;
  const withDepartments = [...new Set(config.organisation.departments.map((d) => d.jurisdiction))];
  const hint = closestNames(value, config.ruleBook.jurisdictions.keys());
  throw new UsageError(
    `--jurisdiction ${value}: no such jurisdiction${hint.length ? `; did you mean ${hint.join(', ')}?` : ''} (jurisdictions with departments: ${withDepartments.join(', ')})`,
  );
}
