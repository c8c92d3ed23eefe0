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
 * Each row is encoded as it is added: a batch holds its statement's input, not the objects it was made of.
 */
export interface BulkInsert {
  /** A batch to add rows to. */
  batch(): RowBatch;
}

export interface RowBatch {
  /** Adds a row; a missing key, null and undefined are NULL. */
  add(row: Readonly<Record<string, unknown>>): void;
  readonly rows: number;
  /** Sends the batch in one statement (none when it is empty). */
  write(): Promise<void>;
}

export function bulkInsert(db: Knex, table: string, columns: ColumnTypes): BulkInsert {
  return supportsCopy(db) ? copyInsert(db, table, columns) : jsonInsert(db, table, columns);
}

function supportsCopy(db: Knex): boolean {
  return (db.client.config as Knex.Config).client === 'pg' && !sharesSession(db);
}

/** Bytes of COPY text per buffer of a batch. */
const CHUNK_BYTES = 1 << 20;

/**
 * COPY text written straight into buffers as rows are added. Buffers live outside the JavaScript heap: a batch
 * of thousands of encoded lines held as strings until its statement ran outlived the young generation, was
 * promoted, and grew the old one (measured: the heap went from 64 to 260 MB between full collections during an
 * import), and joining them into one string cost as much again.
 */
class CopyBatch implements RowBatch {
  private readonly chunks: Buffer[] = [];
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  rows = 0;

  constructor(
    private readonly db: Knex,
    private readonly sql: string,
    private readonly encodeLine: (row: Readonly<Record<string, unknown>>) => string,
  ) {}

  add(row: Readonly<Record<string, unknown>>): void {
    const line = this.encodeLine(row);
    // UTF-8 takes at most 3 bytes for each UTF-16 unit.
    if (this.used + line.length * 3 > this.chunk.length) this.seal(Math.max(CHUNK_BYTES, line.length * 3));
    this.used += this.chunk.write(line, this.used, 'utf8');
    this.rows++;
  }

  async write(): Promise<void> {
    if (this.rows === 0) return;
    this.seal(0);
    const connection = (await this.db.client.acquireConnection()) as pg.Client;
    try {
      await pipeline(Readable.from(this.chunks), connection.query(copyFrom(this.sql)));
    } finally {
      await this.db.client.releaseConnection(connection);
    }
  }

  private seal(next: number): void {
    if (this.used > 0) this.chunks.push(this.chunk.subarray(0, this.used));
    this.chunk = Buffer.allocUnsafe(next);
    this.used = 0;
  }
}

function copyInsert(db: Knex, table: string, columns: ColumnTypes): BulkInsert {
  const encodeLine = copyLineEncoder(columns);
  const sql = `copy ${quoted(db, table)} (${quotedNames(db, columns)}) from stdin`;
  return { batch: () => new CopyBatch(db, sql, encodeLine) };
}

/** A row as one line of COPY text, newline included, its columns in the given order. */
export function copyLineEncoder(columns: ColumnTypes): (row: Readonly<Record<string, unknown>>) => string {
  const names = columns.map(([name]) => name);
  // Each column's encoder chosen once, not by its type for each of a million rows' forty cells.
  const encoders = columns.map(([, type]) => copyEncoder(type));
  return (row) => {
    let line = encoders[0]!(row[names[0]!]);
    for (let c = 1; c < names.length; c++) line += '\t' + encoders[c]!(row[names[c]!]);
    return line + '\n';
  };
}

/** JSON lines for jsonb_to_recordset (PGlite, where COPY is not served). */
class JsonBatch implements RowBatch {
  private readonly lines: string[] = [];

  constructor(
    private readonly db: Knex,
    private readonly statement: string,
  ) {}

  get rows(): number {
    return this.lines.length;
  }

  add(row: Readonly<Record<string, unknown>>): void {
    this.lines.push(JSON.stringify(row));
  }

  async write(): Promise<void> {
    if (this.lines.length > 0) await this.db.raw(this.statement, [`[${this.lines.join(',')}]`]);
  }
}

function jsonInsert(db: Knex, table: string, columns: ColumnTypes): BulkInsert {
  const names = quotedNames(db, columns);
  // recordset() holds the one placeholder: the batch as a JSON array.
  const statement = `insert into ${quoted(db, table)} (${names}) select ${names} from ${recordset(db, columns)}`;
  return { batch: () => new JsonBatch(db, statement) };
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
function copyEncoder(sqlType: string): (value: unknown) => string {
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
