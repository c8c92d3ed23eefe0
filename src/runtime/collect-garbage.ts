import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * V8's `gc`, reached without `--expose-gc` on the command line: the flag, set at run time, exposes it to a new
 * context. That context is made once and kept, not made again for each collection.
 */
let exposedGc: (() => void) | undefined;
function v8Collect(): () => void {
  if (!exposedGc) {
    v8.setFlagsFromString('--expose-gc');
    exposedGc = vm.runInNewContext('gc') as () => void;
  }
  return exposedGc;
}

/**
 * A full garbage collection now. V8 collects when it sees fit, and memory that only a collection gives back (a
 * closed PGlite's WebAssembly heap, 25–30 MB) would otherwise stay beside its successor's while the worker's
 * first pass runs: the first start's peak was 282 MB with it, 242 MB without.
 */
export function collectGarbage(): void {
  v8Collect()();
}

/**
 * Two full collections that also drop the compiled code (bytecode and baseline code) of every function not running
 * now: what start-up alone ran (the config's checks, the migrations, the demo's load, the first pass's composing)
 * would otherwise stay. V8 drops a function's code by itself only when it has not run for a while, counted in
 * collections that are not forced, and an idle worker collects seldom. Its own flag for this (`--stress-flush-code`,
 * which drops code whatever its age) is set for these two collections only. A function that runs again is compiled
 * again, as on its first call (a job's next tick: a few milliseconds).
 */
export function dropStartUpCode(): void {
  const gc = v8Collect();
  v8.setFlagsFromString('--stress-flush-code');
  v8.setFlagsFromString('--flush-baseline-code');
  try {
    gc();
    gc();
  } finally {
    v8.setFlagsFromString('--no-stress-flush-code');
    v8.setFlagsFromString('--no-flush-baseline-code');
  }
}
