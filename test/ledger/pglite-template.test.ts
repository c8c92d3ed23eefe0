import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/ledger/database.js';
import { makeTemplate, startFromTemplate } from '../../src/ledger/embedded/pglite-template.js';

describe("the embedded ledger's first start copies the build's template instead of running initdb", () => {
  const scratch = mkdtempSync(join(tmpdir(), 'dw-template-'));
  const template = join(scratch, 'template');
  beforeAll(() => makeTemplate(template), 60_000);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('makes a data directory, leaving nothing half made beside it', () => {
    expect(existsSync(join(template, 'PG_VERSION'))).toBe(true);
    expect(readdirSync(scratch)).toEqual(['template']);
  });

  it('fills a new directory, which then opens as a database that takes writes', async () => {
    const dataDir = join(scratch, 'new');
    mkdirSync(dataDir);
    expect(startFromTemplate(dataDir, template)).toBe(true);
    const database = await openDatabase({ dataDir });
    try {
      await database.db.raw('create table t (n int)');
      await database.db('t').insert({ n: 7 });
      expect(await database.db('t').select('n')).toEqual([{ n: 7 }]);
    } finally {
      await database.close();
    }
    // Opened again, it holds what was written: the copy was a database, not a template copied each time.
    expect(startFromTemplate(dataDir, template)).toBe(false);
    const again = await openDatabase({ dataDir });
    try {
      expect(await again.db('t').select('n')).toEqual([{ n: 7 }]);
    } finally {
      await again.close();
    }
  }, 60_000);

  it('does nothing without a template (initdb runs as before)', () => {
    const dataDir = join(scratch, 'none');
    mkdirSync(dataDir);
    expect(startFromTemplate(dataDir, join(scratch, 'missing'))).toBe(false);
    expect(readdirSync(dataDir)).toEqual([]);
  });
});
