import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * An id each build (`npm run build`, run by `npm ci`) writes into dist/: what the compiled program keeps between
 * calls (the rule book cache) is keyed by it, so nothing one build worked out is ever read by another. Under tsx
 * (src/) there is no build, no id and nothing is kept.
 */
const BUILD_ID_FILE = import.meta.url.endsWith('.js') ? fileURLToPath(new URL('../../build-id.json', import.meta.url)) : undefined;

export function readBuildId(): string | undefined {
  if (BUILD_ID_FILE === undefined) return undefined;
  try {
    const { id } = JSON.parse(readFileSync(BUILD_ID_FILE, 'utf8')) as { id?: unknown };
    return typeof id === 'string' && id.length > 0 ? id : undefined;
  } catch {
    return undefined;
  }
}

function writeBuildId(file: string): void {
  writeFileSync(file, `${JSON.stringify({ id: randomUUID(), builtAt: new Date().toISOString() })}\n`);
}

// The build's last step: `node dist/src/runtime/build-id.js`.
if (BUILD_ID_FILE !== undefined && process.argv[1] === fileURLToPath(import.meta.url)) writeBuildId(BUILD_ID_FILE);
