import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * `npm run bench`: every benchmark in a process of its own (as the CLI runs an import: a fresh heap, no garbage
 * from the one before), each printing its figures and the ratio to its reference measured in the same run.
 */
const BENCHMARKS = ['deadline-bench.ts', 'import-bench.ts', 'hostile-bench.ts', 'monitor-bench.ts', 'mail-bench.ts', 'worker-bench.ts', 'portal-bench.ts', 'dashboard-bench.ts'];
let failed = 0;
for (const file of BENCHMARKS) {
  const script = fileURLToPath(new URL(file, import.meta.url));
  const result = spawnSync(process.execPath, ['--import', 'tsx', script], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exitCode = failed === 0 ? 0 : 1;
