import type { Department, Supervisor } from '../core/organisation.js';
import { didYouMean } from '../core/suggest.js';
import type { ProblemList } from './problems.js';
import type { ParsedFile } from './read-yaml-files.js';
import { emailSchema, type DepartmentsFile } from './schemas.js';

export interface Organisation {
  readonly departments: Department[];
  readonly supervisors: Supervisor[];
}

/**
 * Departments per jurisdiction: codes unique everywhere (the ledger refers to them), names unique within a
 * jurisdiction (import files may name a department by its name), one file per jurisdiction.
 */
export function checkDepartments(
  files: ReadonlyArray<ParsedFile<DepartmentsFile>>,
  jurisdictionIds: ReadonlySet<string> | undefined,
  problems: ProblemList,
): Organisation {
  const codes = new Map<string, string>();
  const owners = new Map<string, string>();
  const departments: Department[] = [];
  const supervisors: Supervisor[] = [];
  for (const { file, value } of files) {
    if (jurisdictionIds && !jurisdictionIds.has(value.jurisdiction)) {
      problems.add(file, 'jurisdiction', `unknown jurisdiction "${value.jurisdiction}"${didYouMean(value.jurisdiction, jurisdictionIds)}`);
    }
    const owner = owners.get(value.jurisdiction);
    if (owner) problems.add(file, 'jurisdiction', `${value.jurisdiction} already has its departments in ${owner}`);
    owners.set(value.jurisdiction, file);
    supervisors.push({ jurisdiction: value.jurisdiction, name: value.supervisor.name, emails: value.supervisor.emails });

    const names = new Set<string>();
    value.departments.forEach((department, i) => {
      const earlier = codes.get(department.code);
      if (earlier) problems.add(file, `departments.${i}.code`, `code "${department.code}" is already used in ${earlier}`);
      codes.set(department.code, file);
      if (names.has(department.name)) problems.add(file, `departments.${i}.name`, `"${department.name}" is listed twice`);
      names.add(department.name);
      checkAddresses(file, i, department, problems);
      departments.push({
        code: department.code,
        name: department.name,
        jurisdiction: value.jurisdiction,
        reminderEmails: department.reminders,
        leaderEmail: department.leader,
      });
    });
  }
  return { departments, supervisors };
}

/**
 * A department nobody can be reminded at stops start-up, named, so the admin knows whose address to fix. Each
 * address is a plain one (zod's e-mail check): a display name or CR/LF could inject headers.
 */
function checkAddresses(file: string, index: number, department: DepartmentsFile['departments'][number], problems: ProblemList): void {
  const who = `${department.name} (${department.code})`;
  if (department.reminders.length === 0) problems.add(file, `departments.${index}.reminders`, `${who} has no reminder address: a department needs at least one`);
  const addresses: Array<[string, string]> = department.reminders.map((address, j) => [`reminders.${j}`, address]);
  if (department.leader !== undefined) addresses.push(['leader', department.leader]);
  for (const [field, address] of addresses) {
    const result = emailSchema.safeParse(address);
    if (!result.success) problems.add(file, `departments.${index}.${field}`, `${who}: ${JSON.stringify(address)} ${result.error.issues[0]?.message ?? 'is not an e-mail address'}`);
  }
}
