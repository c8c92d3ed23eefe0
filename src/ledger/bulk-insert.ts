import type { Knex } from 'knex';

/** A column and its SQL type, as jsonb_to_recordset needs them. */
export type ColumnTypes = ReadonlyArray<readonly [column: string, sqlType: string]>;

/**
 * Inserts many rows in one statement with a single parameter: the rows as a JSON array, unpacked by the server
 * with jsonb_to_recordset. Much faster than a multi-row VALUES list, whose tens of thousands of placeholders
 * knex and the driver would have to build and bind. Returns the requested columns of the inserted rows, in order.
 */
export async function bulkInsert<R>(db: Knex, table: string, columns: ColumnTypes, rows: readonly object[], returning: readonly string[]): Promise<R[]> {
  if (rows.length === 0) return [];
  const names = columns.map(([name]) => name);
  const sql = `insert into ?? (${names.map(() => '??').join(', ')})
    select ${names.map(() => '??').join(', ')} from ${recordset(db, columns)}
    returning ${returning.map(() => '??').join(', ')}`;
  const result = await db.raw(sql, [table, ...names, ...names, JSON.stringify(rows), ...returning]);
  return result.rows as R[];
}

/** `jsonb_to_recordset(?::jsonb) as t(column type, …)`: a JSON array parameter read as rows of these columns. */
export function recordset(db: Knex, columns: ColumnTypes): string {
  return `jsonb_to_recordset(?::jsonb) as t(${columns.map(([name, type]) => `${db.raw('??', [name]).toQuery()} ${type}`).join(', ')})`;
}
