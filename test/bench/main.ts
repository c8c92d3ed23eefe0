import { benchDeadlines } from './deadline-bench.js';

/** `npm run bench`: every benchmark, its figures, and the ratio to the reference measured in the same run. */
const results = [benchDeadlines()];
process.exitCode = results.every(Boolean) ? 0 : 1;
