import { describe, expect, it } from 'vitest';
import type { Backend } from '../../src/ledger/database.js';
import { bulkInsert } from '../../src/ledger/bulk-insert.js';
import type { ColumnTypes } from '../../src/ledger/recordset.js';
import { BACKENDS } from '../helpers/databases.js';
import { useLedgerDatabase } from '../helpers/ledger-fixtures.js';

const COLUMNS: ColumnTypes = [
  ['n', 'integer'],
  ['label', 'text'],
  ['at', 'timestamptz'],
  ['flag', 'boolean'],
  ['words', 'text[]'],
  ['doc', 'jsonb'],
];

/** Text that COPY must escape, in Chinese: three bytes a character in UTF-8, so lines cross buffer ends mid-character. */
const AWKWARD = '亭湖区\t财政局\n第"1"号\\附件\r';

describe.each(BACKENDS)('bulk insert on %s', (backend: Backend) => {
  const database = useLedgerDatabase(backend);

  it('writes every row as given: escapes, NULLs, multi-byte text across buffers, and a row longer than a buffer', async () => {
    const { db } = database;
    await db.raw('create table bulk_probe (n integer primary key, label text, at timestamptz, flag boolean, words text[], doc jsonb)');
    const table = bulkInsert(db, 'bulk_probe', COLUMNS);
    const batch = table.batch();
    // About 3.5 MB of COPY text: several of the 1 MB buffers a batch fills, each row cut at a different place.
    const rows = Array.from({ length: 1_200 }, (_, n) => ({
      n,
      label: `${AWKWARD}${'条'.repeat(n % 997)}`,
      at: n % 3 === 0 ? null : '2026-11-21T09:00:00+08:00',
      flag: n % 2 === 0,
      words: n % 5 === 0 ? undefined : ['formed', 'decided'],
      doc: { title: [null, `${AWKWARD}${n}`] },
    }));
    const long = { n: 5_000, label: '长'.repeat(400_000), at: '2026-11-21T09:00:00.123+08:00', flag: true, words: [], doc: { note: 'x'.repeat(10) } };
    for (const row of [...rows, long]) batch.add(row);
    expect(batch.rows).toBe(1_201);
    await batch.write();

    const read = await db('bulk_probe').orderBy('n').select('n', 'label', db.raw(`to_char(at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS.MS') as at`), 'flag', 'words', 'doc');
    expect(read).toHaveLength(1_201);
    for (const [i, row] of rows.entries()) {
      expect(read[i]).toEqual({
        n: row.n,
        label: row.label,
        at: row.at === null ? null : '2026-11-21 09:00:00.000',
        flag: row.flag,
        words: row.words ?? null,
        doc: row.doc,
      });
    }
    expect(read[1_200]).toEqual({ ...long, at: '2026-11-21 09:00:00.123' });
  });

  it('sends no statement for an empty batch', async () => {
    const { db } = database;
    await db.raw('create table bulk_empty (n integer)');
    const table = bulkInsert(db, 'bulk_empty', [['n', 'integer']]);
    await table.batch().write();
    const { rows } = (await db.raw('select count(*)::integer as n from bulk_empty')) as { rows: Array<{ n: number }> };
    expect(rows).toEqual([{ n: 0 }]);
  });
});
