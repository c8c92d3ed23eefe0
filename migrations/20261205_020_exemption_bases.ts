import type { Knex } from 'knex';
import { dropFigureTriggers, figureTable, figureTriggers, type FigureFields } from './day-figures-sql.js';

/** Every ground for not publishing the Regulation gives (条例第十四条至第十六条). */
const BASES = ['state_secret', 'law_prohibited', 'security_stability', 'trade_secret', 'privacy', 'internal_affairs', 'process_info', 'enforcement_file'];
const BASES_BEFORE = ['state_secret', 'trade_secret', 'privacy'];
const OPINIONS = ['refused', 'no_answer', 'consented', 'public_interest'];
const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * The day figures as statistics/timeliness.ts counts now (a migration imports nothing from src/): an exemption
 * recorded after the due moment is late, and each of the eight grounds is counted on its own.
 */
const FIELDS: FigureFields = [
  ['on_time', "status = 'published' and published_at <= due_at"],
  ['published_late', "status = 'published' and published_at > due_at"],
  ['open', "status = 'open'"],
  ['exempted_late', "status = 'exempt' and exempted_at > due_at"],
  ...BASES.map((basis): [string, string] => [`exempt_${basis}`, `status = 'exempt' and exemption_basis = '${basis}'`]),
  ['withdrawn', "status = 'withdrawn'"],
];
const FIELDS_BEFORE: FigureFields = [
  ['on_time', "status = 'published' and published_at <= due_at"],
  ['published_late', "status = 'published' and published_at > due_at"],
  ['open', "status = 'open'"],
  ...BASES_BEFORE.map((basis): [string, string] => [`exempt_${basis}`, `status = 'exempt' and exemption_basis = '${basis}'`]),
  ['withdrawn', "status = 'withdrawn'"],
];

/**
 * Every ground for not publishing (不予公开) the Regulation gives: 国家秘密, 法律行政法规禁止, 三安全一稳定 (第十四条);
 * 商业秘密, 个人隐私 (第十五条), with the third party's answer or the public-interest decision (third_party_opinion);
 * 内部事务, 过程性, 行政执法案卷 (第十六条). A partial disclosure (部分公开, 第三十七条) is a publication with its
 * withheld part's ground and reason (withheld_basis, withheld_reason).
 *
 * exempted_at is when the exemption was recorded, kept by the database from the writing statement's updated_at (the
 * application's clock): an exemption recorded after the due moment does not excuse a lateness that had already
 * happened, and counts as late (exempted_late). Items exempt before this migration take the time of the history row
 * that exempted them.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw('alter table ledger_items drop constraint ledger_items_exemption_basis_check');
  await db.raw(`alter table ledger_items add constraint ledger_items_exemption_basis_check check (exemption_basis is null or exemption_basis in (${list(BASES)}))`);
  await db.raw('alter table exemption_requests drop constraint exemption_requests_basis_check');
  await db.raw(`alter table exemption_requests add constraint exemption_requests_basis_check check (basis in (${list(BASES)}))`);
  await db.raw(`alter table exemption_requests add column third_party_opinion text constraint exemption_requests_third_party_check check (third_party_opinion is null or third_party_opinion in (${list(OPINIONS)}))`);
  for (const table of ['ledger_items', 'import_rows']) {
    await db.raw(`alter table ${table} add column third_party_opinion text, add column withheld_basis text, add column withheld_reason text`);
  }
  await db.raw(`alter table ledger_items
    add constraint ledger_items_third_party_check check (third_party_opinion is null or third_party_opinion in (${list(OPINIONS)})),
    add constraint ledger_items_withheld_check check (
      (withheld_basis is null and withheld_reason is null)
      or (status = 'published' and withheld_basis in (${list(BASES)}) and withheld_reason is not null))`);

  await db.raw('alter table ledger_items add column exempted_at timestamptz');
  await db.raw(`update ledger_items i set exempted_at = coalesce(
      (select max(h.at) from item_history h where h.item_id = i.id and h.changes -> 'status' ->> 1 = 'exempt'), i.updated_at)
    where status = 'exempt'`);
  // Kept by the database: the application never writes it. A trigger's WHEN is evaluated without calling the
  // function, so the rows that do not change status cost nothing more.
  await db.raw(`create function ledger_items_exempted_at() returns trigger language plpgsql as $$
    begin
      new.exempted_at := case when new.status = 'exempt' then new.updated_at end;
      return new;
    end $$`);
  await db.raw(`create trigger ledger_items_exempted_at_insert before insert on ledger_items
    for each row when (new.status = 'exempt') execute function ledger_items_exempted_at()`);
  await db.raw(`create trigger ledger_items_exempted_at_update before update of status on ledger_items
    for each row when (old.status is distinct from new.status) execute function ledger_items_exempted_at()`);
  await db.raw("alter table ledger_items add constraint ledger_items_exempted_at_check check (status <> 'exempt' or exempted_at is not null)");

  for (const sql of dropFigureTriggers()) await db.raw(sql);
  await db.raw('drop table ledger_day_figures');
  for (const sql of [...figureTable(FIELDS), ...figureTriggers(FIELDS)]) await db.raw(sql);
}

export async function down(db: Knex): Promise<void> {
  for (const sql of dropFigureTriggers()) await db.raw(sql);
  await db.raw('drop table ledger_day_figures');
  await db.raw('alter table ledger_items drop constraint ledger_items_exempted_at_check');
  await db.raw('drop trigger ledger_items_exempted_at_update on ledger_items');
  await db.raw('drop trigger ledger_items_exempted_at_insert on ledger_items');
  await db.raw('drop function ledger_items_exempted_at()');
  await db.raw('alter table ledger_items drop column exempted_at');
  await db.raw('alter table ledger_items drop constraint ledger_items_withheld_check, drop constraint ledger_items_third_party_check');
  for (const table of ['ledger_items', 'import_rows']) {
    await db.raw(`alter table ${table} drop column third_party_opinion, drop column withheld_basis, drop column withheld_reason`);
  }
  await db.raw('alter table exemption_requests drop column third_party_opinion');
  await db.raw('alter table exemption_requests drop constraint exemption_requests_basis_check');
  await db.raw(`alter table exemption_requests add constraint exemption_requests_basis_check check (basis in (${list(BASES_BEFORE)}))`);
  await db.raw('alter table ledger_items drop constraint ledger_items_exemption_basis_check');
  await db.raw(`alter table ledger_items add constraint ledger_items_exemption_basis_check check (exemption_basis is null or exemption_basis in (${list(BASES_BEFORE)}))`);
  for (const sql of [...figureTable(FIELDS_BEFORE), ...figureTriggers(FIELDS_BEFORE)]) await db.raw(sql);
}
