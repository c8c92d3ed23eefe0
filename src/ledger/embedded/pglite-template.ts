import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { projectRoot } from '../../project-root.js';

/**
 * A freshly initialised PGlite data directory, made at build time (`npm run build`, which `npm ci` runs), that the
 * embedded ledger's first start copies instead of running initdb. PGlite's initdb runs a second PostgreSQL beside
 * the first in the same process, and the memory it took is not given back (the first start's peak was 760 MB and
 * its steady state 170 MB above a later start's). A plain directory (39 MB), copied by the file system: PGlite's
 * own tarball loading unpacks through its WebAssembly heap, which then stays as large. One per PGlite version (its
 * catalogue must match the PostgreSQL that opens it); without one (the build step not run) initdb runs as before.
 */
export function templatePath(root = projectRoot()): string {
  return join(root, 'dist', 'pglite-template', pgliteVersion());
}

/** The installed PGlite's version, from its package.json (found above its entry point). */
function pgliteVersion(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (name === '@electric-sql/pglite' && version) return version;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the version of @electric-sql/pglite');
    dir = parent;
  }
}

/**
 * Fills `dataDir`, which must hold no database yet, from the template when it was built; returns whether it did
 * (if not, PGlite runs initdb there). The caller holds the directory's lock.
 */
export function startFromTemplate(dataDir: string, path?: string): boolean {
  // An existing ledger (every start but the first) is told apart before the template is looked for.
  if (existsSync(join(dataDir, 'PG_VERSION'))) return false;
  const template = path ?? templatePath();
  if (!existsSync(join(template, 'PG_VERSION'))) return false;
  cpSync(template, dataDir, { recursive: true });
  return true;
}

/** Makes the template at `path` (in a directory beside it, then renamed: a build cut short leaves none). */
export async function makeTemplate(path = templatePath()): Promise<void> {
  const partial = `${path}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const db = new PGlite(partial);
  await db.waitReady;
  await db.close();
  rmSync(path, { recursive: true, force: true });
  renameSync(partial, path);
}

// `node dist/src/ledger/embedded/pglite-template.js`: the build's last step.
if (process.argv[1] === fileURLToPath(import.meta.url)) await makeTemplate();
