import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Knex } from 'knex';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { sharesSession } from './database.js';
import { recordset, type ColumnTypes } from './recordset.js';

/**
 * Appends rows to a table, a batch per statement, the fastest way the backend offers. PostgreSQL: COPY … FROM
 * STDIN (pg-copy-streams), on a connection of its own, so never inside a transaction. PGlite (in this process, or
 * shared through its holder's socket, which serves one session): INSERT … SELECT from jsonb_to_recordset.
 * Each row is encoded as it is added (`encode`): a batch then holds one string per row, not the objects it was
 * made of.
 */
export interface BulkInsert {
  /** The row as one line of the statement's input; a missing key, null and undefined are NULL. */
  encode(row: Readonly<Record<string, unknown>>): string;
  /** Writes encoded rows in one statement. */
  write(lines: readonly string[]): Promise<void>;
}

export function bulkInsert(db: Knex, table: string, columns: ColumnTypes): BulkInsert {
  return supportsCopy(db) ? copyInsert(db, table, columns) : jsonInsert(db, table, columns);
}

function supportsCopy(db: Knex): boolean {
  return (db.client.config as Knex.Config).client === 'pg' && !sharesSession(db);
}

function copyInsert(db: Knex, table: string, columns: ColumnTypes): BulkInsert {
  const names = columns.map(([name]) => name);
  // Each column's encoder chosen once, not by its type for each of a million rows' forty cells.
  const encoders = columns.map(([, type]) => copyEncoder(type));
  const sql = `copy ${quoted(db, table)} (${quotedNames(db, columns)}) from stdin`;
  return {
    encode: (row) => {
      let line = encoders[0]!(row[names[0]!]);
      for (let c = 1; c < names.length; c++) line += '\t' + encoders[c]!(row[names[c]!]);
      return line + '\n';
    },
    write: async (lines) => {
      if (lines.length === 0) return;
      const connection = (await db.client.acquireConnection()) as pg.Client;
      try {
        await pipeline(Readable.from([lines.join('')]), connection.query(copyFrom(sql)));
      } finally {
        await db.client.releaseConnection(connection);
      }
    },
  };
}

function jsonInsert(db: Knex, table: string, columns: ColumnTypes): BulkInsert {
  const names = quotedNames(db, columns);
  // recordset() holds the one placeholder: the batch as a JSON array.
  const statement = `insert into ${quoted(db, table)} (${names}) select ${names} from ${recordset(db, columns)}`;
  return {
    encode: (row) => JSON.stringify(row),
    write: async (lines) => {
      if (lines.length > 0) await db.raw(statement, [`[${lines.join(',')}]`]);
    },
  };
}

const quoted = (db: Knex, name: string) => db.raw('??', [name]).toQuery();
const quotedNames = (db: Knex, columns: ColumnTypes) => columns.map(([name]) => quoted(db, name)).join(', ');

const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * How a value of a column of this SQL type is written in COPY's text format (PostgreSQL manual, COPY, "Text
 * Format"): \N is NULL; a backslash, tab, newline or carriage return in the value is escaped. Written here rather
 * than through a CSV library: csv-stringify took 1.4 s for the 100,000 rows an import stages, this a fraction of
 * that, and the format has just these four rules. jsonb is written as JSON; text[] as an array literal, of simple
 * words only (event names), which need no quoting.
 */
export function copyEncoder(sqlType: string): (value: unknown) => string {
  const text = sqlType === 'jsonb' ? (value: unknown) => JSON.stringify(value) : sqlType === 'text[]' ? arrayLiteral : plainText;
  return (value) => (value === null || value === undefined ? '\\N' : escaped(text(value)));
}

const arrayLiteral = (value: unknown) => `{${(value as readonly string[]).map(simpleWord).join(',')}}`;
const plainText = (value: unknown) => (typeof value === 'boolean' ? (value ? 't' : 'f') : value instanceof Date ? value.toISOString() : String(value));
const escaped = (text: string) => (SPECIAL.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : text);

function simpleWord(word: string): string {
  if (!/^[A-Za-z0-9_]+$/.test(word)) throw new Error(`COPY text: "${word}" is not a simple word; a text[] element here needs no quoting`);
  return word;
}
