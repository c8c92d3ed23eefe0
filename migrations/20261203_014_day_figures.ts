import type { Knex } from 'knex';

/**
 * Which items each count is. A migration is a snapshot and imports nothing from src/, but these are the predicates
 * of statistics/timeliness.ts's FIGURE_PREDICATES, and a test compares the two ways of counting.
 */
const FIELDS: ReadonlyArray<readonly [column: string, predicate: string]> = [
  ['on_time', "status = 'published' and published_at <= due_at"],
  ['published_late', "status = 'published' and published_at > due_at"],
  ['open', "status = 'open'"],
  ['exempt_state_secret', "status = 'exempt' and exemption_basis = 'state_secret'"],
  ['exempt_trade_secret', "status = 'exempt' and exemption_basis = 'trade_secret'"],
  ['exempt_privacy', "status = 'exempt' and exemption_basis = 'privacy'"],
  ['withdrawn', "status = 'withdrawn'"],
];
const KEY = 'department_code, domain, category, rule_id, due_date';
const COLUMNS = FIELDS.map(([column]) => column).join(', ');

/** Each row of a transition table as its counts, +1 or -1. */
function counts(rows: string, sign: '' | '-'): string {
  return `select ${KEY}, ${FIELDS.map(([column, predicate]) => `${sign}(${predicate})::int as ${column}`).join(', ')} from ${rows}`;
}

/** A trigger function adding what the rows it is given changed (an INSERT has no old rows, a DELETE no new ones). */
function applyFunction(name: string, rows: string): string {
  return `create function ${name}() returns trigger language plpgsql as $$
    begin
      insert into ledger_day_figures as f (${KEY}, ${COLUMNS})
      select ${KEY}, ${FIELDS.map(([column]) => `sum(${column})`).join(', ')} from (${rows}) change
      group by ${KEY}
      having ${FIELDS.map(([column]) => `sum(${column}) <> 0`).join(' or ')}
      -- In key order, so that two writers take the rows' locks in the same order.
      order by ${KEY}
      on conflict (${KEY}) do update set ${FIELDS.map(([column]) => `${column} = f.${column} + excluded.${column}`).join(', ')};
      return null;
    end $$`;
}

const EVENTS = [
  { event: 'insert', referencing: 'new table as new_rows', rows: counts('new_rows', '') },
  { event: 'update', referencing: 'new table as new_rows old table as old_rows', rows: `${counts('new_rows', '')} union all ${counts('old_rows', '-')}` },
  { event: 'delete', referencing: 'old table as old_rows', rows: counts('old_rows', '-') },
] as const;

/**
 * The ledger's items counted per department, domain, category, rule and due date (ledger_day_figures), kept by the
 * database itself. The office's dashboard, digests, 通报 and annual statistics read a period's figures from these
 * few thousand rows instead of counting a million items on every page (a year of 1M items took 300 ms a query).
 * Statement-level triggers with transition tables add each statement's change in one grouped upsert: an import of
 * 100,000 rows costs one statement more, not 100,000 triggers, and a change that moves no count (a title, the next
 * check) writes nothing. Readers take the days before today from here, and today's items live (their due moment
 * may still be coming).
 */
export async function up(db: Knex): Promise<void> {
  await db.raw(`create table ledger_day_figures (
    department_code text not null, domain text not null, category text not null, rule_id text not null, due_date date not null,
    ${FIELDS.map(([column]) => `${column} bigint not null default 0`).join(', ')},
    primary key (${KEY}))`);
  await db.raw(`insert into ledger_day_figures (${KEY}, ${COLUMNS})
    select ${KEY}, ${FIELDS.map(([column, predicate]) => `count(*) filter (where ${predicate})`).join(', ')} from ledger_items group by ${KEY}`);
  for (const { event, referencing, rows } of EVENTS) {
    await db.raw(applyFunction(`ledger_day_figures_${event}`, rows));
    await db.raw(`create trigger ledger_day_figures_${event} after ${event} on ledger_items referencing ${referencing}
      for each statement execute function ledger_day_figures_${event}()`);
  }
  await db.raw(`create function ledger_day_figures_truncate() returns trigger language plpgsql as $$
    begin
      truncate ledger_day_figures;
      return null;
    end $$`);
  await db.raw('create trigger ledger_day_figures_truncate after truncate on ledger_items for each statement execute function ledger_day_figures_truncate()');
  // Today's items are counted live, and the lists behind a figure are read, by due date.
  await db.raw('create index ledger_items_due_date on ledger_items (due_date)');
  // The publication checks that found something wrong, which every office page lists: few among many.
  await db.raw("create index publication_checks_found_wrong on publication_checks (item_id, id) where outcome <> 'shown'");
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop index publication_checks_found_wrong');
  await db.raw('drop index ledger_items_due_date');
  for (const event of ['insert', 'update', 'delete', 'truncate']) {
    await db.raw(`drop trigger ledger_day_figures_${event} on ledger_items`);
    await db.raw(`drop function ledger_day_figures_${event}()`);
  }
  await db.raw('drop table ledger_day_figures');
}
