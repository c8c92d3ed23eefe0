import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Vitest's global setup: the compiled CLI's rule book cache (src/config/rule-book-cache.ts) goes to a directory of
 * this run, removed at its end, never to the user's ~/.cache. Tests of the cache itself give their own.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'dw-test-cache-'));
  process.env.DW_CACHE_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
