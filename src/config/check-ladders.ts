import type { Ladder, LadderStep } from '../core/ladder.js';
import { stepKey } from '../core/ladder.js';
import { didYouMean } from '../core/suggest.js';
import type { ProblemList } from './problems.js';
import type { ParsedFile } from './read-yaml-files.js';
import type { LaddersFile } from './schemas.js';

/** Steps in time order, each moment once (two steps at T−1 would be one notification too many). */
function checkSteps(file: string, path: string, steps: readonly LadderStep[], problems: ProblemList): void {
  steps.forEach((step, i) => {
    const before = steps[i - 1];
    if (before && step.at <= before.at) problems.add(file, `${path}.${i}.at`, `${stepKey(step)} must come after ${stepKey(before)}: list the steps in time order, one per moment`);
  });
}

/**
 * The ladder of every jurisdiction: the default, replaced list by list by the nearest jurisdiction (itself or an
 * ancestor) that gives its own.
 */
export function checkLadders(
  parsed: ParsedFile<LaddersFile>,
  lineages: ReadonlyMap<string, readonly string[]> | undefined,
  problems: ProblemList,
): Map<string, Ladder> {
  const { file, value } = parsed;
  checkSteps(file, 'default.workingDays', value.default.workingDays, problems);
  checkSteps(file, 'default.hours', value.default.hours, problems);
  for (const [jurisdiction, override] of Object.entries(value.jurisdictions)) {
    if (lineages && !lineages.has(jurisdiction)) problems.add(file, `jurisdictions.${jurisdiction}`, `unknown jurisdiction "${jurisdiction}"${didYouMean(jurisdiction, lineages.keys())}`);
    if (override.workingDays) checkSteps(file, `jurisdictions.${jurisdiction}.workingDays`, override.workingDays, problems);
    if (override.hours) checkSteps(file, `jurisdictions.${jurisdiction}.hours`, override.hours, problems);
  }
  const ladders = new Map<string, Ladder>();
  for (const [jurisdiction, lineage] of lineages ?? []) {
    const overrides = lineage.map((j) => value.jurisdictions[j]).filter((o) => o !== undefined);
    ladders.set(jurisdiction, {
      workingDays: overrides.find((o) => o.workingDays)?.workingDays ?? value.default.workingDays,
      hours: overrides.find((o) => o.hours)?.hours ?? value.default.hours,
    });
  }
  return ladders;
}
