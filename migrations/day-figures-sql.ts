/**
 * The SQL that keeps ledger_day_figures counted (migration 014, rebuilt by 020 with more counts): which items each
 * count is, as predicates, in; the statements out. Migrations are snapshots: each passes its own list of counts, so
 * a later change to this builder's callers never changes what an earlier migration did.
 */
export type FigureFields = ReadonlyArray<readonly [column: string, predicate: string]>;

export const KEY = 'department_code, domain, category, rule_id, due_date';

/** Each row of a transition table as its counts, +1 or -1. */
function counts(fields: FigureFields, rows: string, sign: '' | '-'): string {
  return `select ${KEY}, ${fields.map(([column, predicate]) => `${sign}(${predicate})::int as ${column}`).join(', ')} from ${rows}`;
}

/** A trigger function adding what the rows it is given changed (an INSERT has no old rows, a DELETE no new ones). */
function applyFunction(fields: FigureFields, name: string, rows: string): string {
  return `create function ${name}() returns trigger language plpgsql as $$
    begin
      insert into ledger_day_figures as f (${KEY}, ${fields.map(([column]) => column).join(', ')})
      select ${KEY}, ${fields.map(([column]) => `sum(${column})`).join(', ')} from (${rows}) change
      group by ${KEY}
      having ${fields.map(([column]) => `sum(${column}) <> 0`).join(' or ')}
      -- In key order, so that two writers take the rows' locks in the same order.
      order by ${KEY}
      on conflict (${KEY}) do update set ${fields.map(([column]) => `${column} = f.${column} + excluded.${column}`).join(', ')};
      return null;
    end $$`;
}

/** The table, filled from the ledger as it is. */
export function figureTable(fields: FigureFields): string[] {
  return [
    `create table ledger_day_figures (
      department_code text not null, domain text not null, category text not null, rule_id text not null, due_date date not null,
      ${fields.map(([column]) => `${column} bigint not null default 0`).join(', ')},
      primary key (${KEY}))`,
    `insert into ledger_day_figures (${KEY}, ${fields.map(([column]) => column).join(', ')})
      select ${KEY}, ${fields.map(([column, predicate]) => `count(*) filter (where ${predicate})`).join(', ')} from ledger_items group by ${KEY}`,
  ];
}

/** The statement-level triggers (with transition tables) that keep the counts, and the one that empties them. */
export function figureTriggers(fields: FigureFields): string[] {
  const events = [
    { event: 'insert', referencing: 'new table as new_rows', rows: counts(fields, 'new_rows', '') },
    { event: 'update', referencing: 'new table as new_rows old table as old_rows', rows: `${counts(fields, 'new_rows', '')} union all ${counts(fields, 'old_rows', '-')}` },
    { event: 'delete', referencing: 'old table as old_rows', rows: counts(fields, 'old_rows', '-') },
  ];
  return [
    ...events.flatMap(({ event, referencing, rows }) => [
      applyFunction(fields, `ledger_day_figures_${event}`, rows),
      `create trigger ledger_day_figures_${event} after ${event} on ledger_items referencing ${referencing}
        for each statement execute function ledger_day_figures_${event}()`,
    ]),
    `create function ledger_day_figures_truncate() returns trigger language plpgsql as $$
      begin
        truncate ledger_day_figures;
        return null;
      end $$`,
    'create trigger ledger_day_figures_truncate after truncate on ledger_items for each statement execute function ledger_day_figures_truncate()',
  ];
}

/** Drops what figureTriggers created. */
export function dropFigureTriggers(): string[] {
  return ['insert', 'update', 'delete', 'truncate'].flatMap((event) => [`drop trigger ledger_day_figures_${event} on ledger_items`, `drop function ledger_day_figures_${event}()`]);
}
