import type { Knex } from 'knex';
import { sharesSession } from './database.js';

/**
 * A statement the portal runs on every request, prepared once per connection (PostgreSQL's named statements, through
 * pg): for the portal's small reads, planning cost more than running them (≈ 0.3–0.5 ms each against ≈ 0.05 ms).
 * `text` uses $1, $2 … placeholders. PGlite (one session: in this process, or shared through its holder's socket)
 * runs it as a plain statement.
 * Never inside a transaction: it takes a connection of its own.
 */
export async function preparedRows<Row>(db: Knex, statement: { readonly name: string; readonly text: string }, values: readonly unknown[]): Promise<Row[]> {
  // pg is the client named by its string; PGlite's is a class of its own (see database.ts).
  if ((db.client.config as Knex.Config).client !== 'pg' || sharesSession(db)) {
    const bindings: unknown[] = [];
    const text = statement.text.replace(/\$(\d+)/g, (_, n: string) => {
      bindings.push(values[Number(n) - 1]);
      return '?';
    });
    return (await db.raw(text, bindings as Knex.RawBinding[])).rows as Row[];
  }
  const connection = (await db.client.acquireConnection()) as { query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: Row[] }> };
  try {
    return (await connection.query({ name: statement.name, text: statement.text, values: [...values] })).rows;
  } finally {
    await db.client.releaseConnection(connection);
  }
}
