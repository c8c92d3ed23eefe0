import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, lstatSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, describe, expect, it } from 'vitest';
import { fileTransport } from '../../src/delivery/transport.js';
import { FileExistsError, writeNewFile } from '../../src/files/safe-files.js';
import { importLedger } from '../../src/intake/import-ledger.js';
import { openDatabase } from '../../src/ledger/database.js';
import { loadTestConfig } from '../helpers/config.js';
import { AT, useLedgerDatabase } from '../helpers/ledger-fixtures.js';

/** Files the project writes where someone else may have planted a link, or where the clerk's own file is. */
const dir = mkdtempSync(join(tmpdir(), 'dw-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = (name: string) => join(dir, `${++n}-${name}`);
/** A file that must survive: the link's target. */
function victim(): string {
  const path = fresh('victim.txt');
  writeFileSync(path, 'precious');
  return path;
}

describe('files written safely', () => {
  it('refuses an existing file, and a link planted at the path, without touching what it points to', async () => {
    const existing = fresh('out.html');
    writeFileSync(existing, 'mine');
    await expect(writeNewFile(existing, 'new')).rejects.toThrow(FileExistsError);
    expect(readFileSync(existing, 'utf8')).toBe('mine');
    const target = victim();
    const link = fresh('link.html');
    symlinkSync(target, link);
    await expect(writeNewFile(link, 'new')).rejects.toThrow(/exists: choose another file, or --force to overwrite it/);
    const dangling = fresh('dangling.html');
    symlinkSync(join(dir, 'nowhere', 'x'), dangling);
    await expect(writeNewFile(dangling, 'new')).rejects.toThrow(FileExistsError);
    expect(readFileSync(target, 'utf8')).toBe('precious');
  });

  it('with --force replaces a link instead of writing through it', async () => {
    const target = victim();
    const link = fresh('link.html');
    symlinkSync(target, link);
    await writeNewFile(link, 'new', { force: true });
    expect(lstatSync(link).isSymbolicLink()).toBe(false);
    expect(readFileSync(link, 'utf8')).toBe('new');
    expect(readFileSync(target, 'utf8')).toBe('precious');
  });

  it('the outbox follows no link planted under a message\'s name or the old temporary name', async () => {
    const outbox = fresh('outbox');
    const transport = fileTransport(outbox);
    const mail = { key: 'department:tinghu.czj:2026-11-23', from: 'dw@example.test', to: ['a@example.test'], cc: [], subject: 's', text: 't', html: '<p>t</p>', messageId: '<m@example.test>', date: new Date() };
    await transport.send(mail); // creates the folder
    const [first, second] = [victim(), victim()];
    rmSync(join(outbox, 'department_tinghu.czj_2026-11-23.eml'));
    symlinkSync(first, join(outbox, 'department_tinghu.czj_2026-11-23.eml'));
    symlinkSync(second, join(outbox, 'department_tinghu.czj_2026-11-23.eml.tmp'));
    await transport.send(mail);
    expect(readFileSync(first, 'utf8')).toBe('precious');
    expect(readFileSync(second, 'utf8')).toBe('precious');
    expect(readFileSync(join(outbox, 'department_tinghu.czj_2026-11-23.eml'), 'utf8')).toContain('Message-ID: <m@example.test>');
    expect(readdirSync(outbox).filter((f) => f.endsWith('.tmp') && !f.startsWith('department_'))).toEqual([]);
    await transport.close();
  });

  it('keeps the embedded ledger\'s files in a directory only its user can enter', async () => {
    const dataDir = fresh('pglite');
    const database = await openDatabase({ dataDir });
    try {
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    } finally {
      await database.close();
    }
  }, 60_000);
});

describe('the rejects file', () => {
  const database = useLedgerDatabase('postgres');
  const { ruleBook, organisation } = loadTestConfig();
  const run = (file: string, options: { rejectsFile?: string; overwriteRejects?: boolean }) =>
    importLedger(database.db, ruleBook, organisation.departments, { file, partial: true, actor: 'admin', now: DateTime.fromISO(AT, { setZone: true }), ...options });
  const ledger = () => {
    const file = fresh('ledger.csv');
    writeFileSync(file, '编号,事项名称,责任单位,类别,形成日期\nSF-1,标题,区财政厅,procurement.transaction,2026-10-09\n');
    return file;
  };

  it('is never the file being imported', async () => {
    const file = ledger();
    await expect(run(file, { rejectsFile: file, overwriteRejects: true })).rejects.toThrow(`--rejects ${file} is the file being imported: the bad rows go to a file of their own`);
    const link = fresh('link.csv');
    symlinkSync(file, link);
    await expect(run(file, { rejectsFile: link, overwriteRejects: true })).rejects.toThrow(/is the file being imported/);
    expect(readFileSync(file, 'utf8')).toContain('SF-1,标题,区财政厅');
  });

  it('is not overwritten unasked, and never through a link', async () => {
    const file = ledger();
    const rejects = file.replace(/\.csv$/, '.rejects.csv');
    writeFileSync(rejects, 'earlier');
    await expect(run(file, {})).rejects.toThrow(`${rejects} exists (the rejects of an earlier import?): remove it, choose --rejects, or --force to overwrite it`);
    expect(readFileSync(rejects, 'utf8')).toBe('earlier');
    expect(await run(file, { overwriteRejects: true })).toMatchObject({ rejectsFile: rejects });
    expect(readFileSync(rejects, 'utf8')).toContain('SF-1');
    const target = victim();
    const linked = fresh('linked.rejects.csv');
    symlinkSync(target, linked);
    await expect(run(file, { rejectsFile: linked })).rejects.toThrow(/exists/);
    expect(readFileSync(target, 'utf8')).toBe('precious');
  });
});
