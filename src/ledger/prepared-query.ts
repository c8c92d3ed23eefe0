import type { Knex } from 'knex';
import { sharesSession } from './database.js';

/**
 * A statement run on every request or every message, prepared once per connection (PostgreSQL's named statements,
 * through pg): for small reads and writes, planning cost more than running them (≈ 0.3–0.5 ms each against
 * ≈ 0.05 ms). `text` uses $1, $2 … placeholders. PGlite (one session: in this process, or shared through its
 * holder's socket) runs it as a plain statement. Never inside a transaction: it takes a connection of its own.
 */
export async function preparedQuery<Row>(db: Knex, statement: PreparedStatement, values: readonly unknown[]): Promise<{ rows: Row[]; rowCount: number }> {
  // pg is the client named by its string; PGlite's is a class of its own (see database.ts).
  if ((db.client.config as Knex.Config).client !== 'pg' || sharesSession(db)) {
    const { text, order } = plainForm(statement);
    const result = (await db.raw(text, order.map((n) => values[n]) as Knex.RawBinding[])) as { rows: Row[]; rowCount: number | null };
    return { rows: result.rows, rowCount: result.rowCount ?? 0 };
  }
  type Connection = { query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: Row[]; rowCount: number | null }> };
  const connection = (await db.client.acquireConnection()) as Connection;
  try {
    const result = await connection.query({ name: statement.name, text: statement.text, values: [...values] });
    return { rows: result.rows, rowCount: result.rowCount ?? 0 };
  } finally {
    await db.client.releaseConnection(connection);
  }
}

/**
 * A statement as knex's plain form: "?" placeholders, and which value each takes ($2 used twice takes it twice).
 * Worked out once per statement: on PGlite a statement such as a delivery's record runs once a message.
 */
function plainForm(statement: PreparedStatement): { text: string; order: number[] } {
  let plain = PLAIN_FORMS.get(statement);
  if (!plain) {
    const order: number[] = [];
    const text = statement.text.replace(/\$(\d+)/g, (_, n: string) => {
      order.push(Number(n) - 1);
      return '?';
    });
    PLAIN_FORMS.set(statement, (plain = { text, order }));
  }
  return plain;
}
const PLAIN_FORMS = new WeakMap<PreparedStatement, { text: string; order: number[] }>();

/** The rows of a prepared statement (preparedQuery). */
export async function preparedRows<Row>(db: Knex, statement: PreparedStatement, values: readonly unknown[]): Promise<Row[]> {
  return (await preparedQuery<Row>(db, statement, values)).rows;
}

/** A statement's name (one per text: a connection keeps each name's first text) and its text. */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}
