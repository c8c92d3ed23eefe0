import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Knex } from 'knex';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { sharesSession } from './database.js';
import { recordset, type ColumnTypes } from './recordset.js';

/**
 * Appends rows to a table in one statement, the fastest way the backend offers. PostgreSQL: COPY … FROM STDIN
 * (pg-copy-streams), on a connection of its own, so never inside a transaction. PGlite (in this process, or
 * shared through its holder's socket, which serves one session): one INSERT … SELECT from jsonb_to_recordset.
 * Each row is a record keyed by column; a missing key, null and undefined are NULL.
 */
export async function bulkInsert(db: Knex, table: string, columns: ColumnTypes, rows: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  if (rows.length === 0) return;
  if (supportsCopy(db)) return copyRows(db, table, columns, rows);
  const names = columns.map(([name]) => name);
  await db.raw(`insert into ?? (${names.map(() => '??').join(', ')}) select ${names.map(() => '??').join(', ')} from ${recordset(db, columns)}`, [
    table,
    ...names,
    ...names,
    JSON.stringify(rows),
  ]);
}

function supportsCopy(db: Knex): boolean {
  return (db.client.config as Knex.Config).client === 'pg' && !sharesSession(db);
}

async function copyRows(db: Knex, table: string, columns: ColumnTypes, rows: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  const names = columns.map(([name]) => name);
  const types = columns.map(([, type]) => type);
  const lines = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    let line = '';
    for (let c = 0; c < names.length; c++) line += (c === 0 ? '' : '\t') + copyText(row[names[c]!], types[c]!);
    lines[i] = line + '\n';
  }
  const sql = `copy ${db.raw('??', [table]).toQuery()} (${names.map((name) => db.raw('??', [name]).toQuery()).join(', ')}) from stdin`;
  const connection = (await db.client.acquireConnection()) as pg.Client;
  try {
    await pipeline(Readable.from([lines.join('')]), connection.query(copyFrom(sql)));
  } finally {
    await db.client.releaseConnection(connection);
  }
}

const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * A value of a column of this SQL type in COPY's text format (PostgreSQL manual, COPY, "Text Format"): \N is
 * NULL; a backslash, tab, newline or carriage return in the value is escaped. Written here rather than through a
 * CSV library: csv-stringify took 1.4 s for the 100,000 rows an import stages, this a fraction of that, and the
 * format has just these four rules. jsonb is written as JSON; text[] as an array literal, of simple words only
 * (event names), which need no quoting.
 */
export function copyText(value: unknown, sqlType: string): string {
  if (value === null || value === undefined) return '\\N';
  let text: string;
  if (sqlType === 'jsonb') text = JSON.stringify(value);
  else if (sqlType === 'text[]') text = `{${(value as readonly string[]).map(simpleWord).join(',')}}`;
  else if (typeof value === 'boolean') return value ? 't' : 'f';
  else if (value instanceof Date) return value.toISOString();
  else text = String(value);
  return SPECIAL.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : text;
}

function simpleWord(word: string): string {
  if (!/^[A-Za-z0-9_]+$/.test(word)) throw new Error(`copyText: "${word}" is not a simple word; a text[] element here needs no quoting`);
  return word;
}
