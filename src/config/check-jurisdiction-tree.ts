import { didYouMean } from '../core/suggest.js';
import type { ProblemList } from './problems.js';
import type { ParsedFile } from './read-yaml-files.js';
import type { RulesFile } from './schemas.js';

/**
 * The jurisdictions form one tree under the national root: every parent exists, exactly one has none, and no
 * chain of parents loops. Each problem is reported once, on the files that cause it. With `complete` false (a
 * rules file failed to parse) an unknown parent may be defined in that file, so it is not reported.
 */
export function checkJurisdictionTree(
  files: ReadonlyMap<string, ParsedFile<RulesFile>>,
  rulesDir: string,
  complete: boolean,
  problems: ProblemList,
): void {
  const parentOf = (id: string) => files.get(id)?.value.jurisdiction.parent;
  for (const [id, parsed] of files) {
    const parent = parentOf(id);
    if (complete && parent !== undefined && !files.has(parent)) {
      problems.add(parsed.file, 'jurisdiction.parent', `unknown jurisdiction "${parent}"${didYouMean(parent, files.keys())}`);
    }
  }
  const roots = [...files.values()].filter((f) => f.value.jurisdiction.parent === undefined);
  if (complete && files.size > 0 && roots.length === 0) {
    problems.add(rulesDir, '', 'no jurisdiction is the national root: exactly one rules file must have no "parent"');
  }
  if (roots.length > 1) {
    for (const root of roots) {
      problems.add(root.file, 'jurisdiction', `has no "parent", like ${roots.filter((r) => r !== root).map((r) => r.file).join(', ')}: only the national root may have none`);
    }
  }
  const reported = new Set<string>();
  for (const id of files.keys()) {
    const path: string[] = [];
    for (let current: string | undefined = id; current !== undefined && files.has(current); current = parentOf(current)) {
      const loopStart = path.indexOf(current);
      if (loopStart >= 0) {
        const members = path.slice(loopStart);
        // Start the cycle at its smallest id, so that it reads the same whichever member found it.
        const first = members.indexOf([...members].sort()[0] as string);
        const cycle = [...members.slice(first), ...members.slice(0, first)];
        if (!cycle.some((member) => reported.has(member))) {
          for (const member of cycle) {
            reported.add(member);
            problems.add(files.get(member)?.file ?? rulesDir, 'jurisdiction.parent', `the parents form a cycle: ${[...cycle, cycle[0]].join(' → ')}`);
          }
        }
        break;
      }
      path.push(current);
    }
  }
}
