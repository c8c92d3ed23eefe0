import type { LoadedConfig } from '../config/load-config.js';
import type { Department, Supervisor } from '../core/organisation.js';
import { didYouMean } from '../core/suggest.js';
import { UsageError } from './usage-error.js';

/** The department an admin named, by code or name (a name used in two jurisdictions needs the code). */
export function findDepartment(config: LoadedConfig, wanted: string): Department {
  const { departments } = config.organisation;
  const matches = departments.filter((d) => d.code === wanted || d.name === wanted);
  if (matches.length === 1) return matches[0] as Department;
  if (matches.length > 1) throw new UsageError(`"${wanted}" names ${matches.length} departments (${matches.map((d) => d.code).join(', ')}): give the code`);
  throw new UsageError(`no department "${wanted}"${didYouMean(wanted, departments.flatMap((d) => [d.code, d.name]))}`);
}

/** The supervising office of a jurisdiction; left out when there is only one. */
export function findSupervisor(config: LoadedConfig, wanted: string | undefined): Supervisor {
  const { supervisors } = config.organisation;
  if (wanted !== undefined) {
    const found = supervisors.find((s) => s.jurisdiction === wanted);
    if (found) return found;
    throw new UsageError(`no supervising office for jurisdiction "${wanted}"${didYouMean(wanted, supervisors.map((s) => s.jurisdiction))}`);
  }
  if (supervisors.length === 1) return supervisors[0] as Supervisor;
  throw new UsageError(`there are ${supervisors.length} supervising offices: say which, --supervisor ${supervisors.map((s) => s.jurisdiction).join(' | ')}`);
}
