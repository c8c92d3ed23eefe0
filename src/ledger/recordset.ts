import type { Knex } from 'knex';

/** A column and its SQL type, as jsonb_to_recordset needs them. */
export type ColumnTypes = ReadonlyArray<readonly [column: string, sqlType: string]>;

/**
 * `jsonb_to_recordset(?::jsonb) as alias(column type, …)`: a JSON array parameter read as rows of these columns. A
 * whole batch goes in one parameter, unpacked by the server: much faster than a multi-row VALUES list, whose tens
 * of thousands of placeholders knex and the driver would have to build and bind. A key missing from a row reads
 * as null.
 */
export function recordset(db: Knex, columns: ColumnTypes, alias = 't'): string {
  return `jsonb_to_recordset(?::jsonb) as ${alias}(${columns.map(([name, type]) => `${db.raw('??', [name]).toQuery()} ${type}`).join(', ')})`;
}
