import type { Knex } from 'knex';
import { dropFigureTriggers, figureTable, figureTriggers, type FigureFields } from './day-figures-sql.js';

/**
 * Which items each count is. A migration is a snapshot and imports nothing from src/: these were the predicates of
 * statistics/timeliness.ts's FIGURE_PREDICATES when it was written; 20261205_020 counts today's.
 */
const FIELDS: FigureFields = [
  ['on_time', "status = 'published' and published_at <= due_at"],
  ['published_late', "status = 'published' and published_at > due_at"],
  ['open', "status = 'open'"],
  ['exempt_state_secret', "status = 'exempt' and exemption_basis = 'state_secret'"],
  ['exempt_trade_secret', "status = 'exempt' and exemption_basis = 'trade_secret'"],
  ['exempt_privacy', "status = 'exempt' and exemption_basis = 'privacy'"],
  ['withdrawn', "status = 'withdrawn'"],
];

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
  for (const sql of [...figureTable(FIELDS), ...figureTriggers(FIELDS)]) await db.raw(sql);
  // Today's items are counted live, and the lists behind a figure are read, by due date.
  await db.raw('create index ledger_items_due_date on ledger_items (due_date)');
  // The publication checks that found something wrong, which every office page lists: few among many.
  await db.raw("create index publication_checks_found_wrong on publication_checks (item_id, id) where outcome <> 'shown'");
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop index publication_checks_found_wrong');
  await db.raw('drop index ledger_items_due_date');
  for (const sql of dropFigureTriggers()) await db.raw(sql);
  await db.raw('drop table ledger_day_figures');
}
