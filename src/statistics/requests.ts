import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import { formatShanghai } from '../core/shanghai-time.js';
import { EXEMPTION_BASES, type ExemptionBasis } from '../ledger/item.js';
import type { Period } from './period.js';
import { FIGURE_PREDICATES } from './timeliness.js';

/**
 * Disclosure requests (依申请公开) a department received in a period, by how they were answered, as the annual
 * report (政府信息公开工作年度报告) counts them: by receipt in the year, whatever the year of the answer.
 * The ledger knows an answer by its item's status: published is 予以公开, or 部分公开 when a part was withheld
 * (第三十七条; counted there only, as the report's form says), exempt is 不予公开 on its basis,
 * withdrawn is 申请人撤回 or otherwise ended, abandoned is 申请人无正当理由逾期不补正 (条例第三十条), open or waiting
 * for a supplement is still being handled (结转下年度继续办理 at the year's end).
 */
export interface RequestCount {
  readonly department: string;
  readonly received: number;
  readonly disclosed: number;
  /** 部分公开: published with a part withheld. */
  readonly partly: number;
  readonly refused: Readonly<Record<ExemptionBasis, number>>;
  readonly withdrawn: number;
  /** No supplement within the 补正 period: deemed abandoned, no longer handled (条例第三十条). */
  readonly abandoned: number;
  readonly pending: number;
  /** Answered (disclosed or refused) after the reply was due, or still pending past it at `now`. */
  readonly late: number;
}

export interface RequestQuery {
  readonly departments: readonly string[];
  /** The rules that count a request's reply (kind requestReply). */
  readonly ruleIds: readonly string[];
  readonly period: Period;
  readonly now: DateTime;
}

/** One row per department that received a request in the period. */
export async function countRequests(db: Knex, query: RequestQuery): Promise<RequestCount[]> {
  const refused = EXEMPTION_BASES.map((basis) => `count(*) filter (where status = 'exempt' and exemption_basis = '${basis}') as refused_${basis}`).join(', ');
  const { rows } = await db.raw(
    `select department_code,
       count(*) as received,
       count(*) filter (where status = 'published' and withheld_basis is null) as disclosed,
       count(*) filter (where status = 'published' and withheld_basis is not null) as partly,
       ${refused},
       count(*) filter (where status = 'withdrawn') as withdrawn,
       count(*) filter (where status = 'abandoned') as abandoned,
       count(*) filter (where status in ('open', 'awaiting_supplement')) as pending,
       count(*) filter (where (${FIGURE_PREDICATES.publishedLate}) or (${FIGURE_PREDICATES.exemptedLate}) or (${FIGURE_PREDICATES.openLate} and due_at < ?::timestamptz)) as late
     from ledger_items
     where department_code in (select jsonb_array_elements_text(?::jsonb)) and rule_id in (select jsonb_array_elements_text(?::jsonb))
       and received_at >= ?::timestamptz and received_at < ?::timestamptz
     group by department_code`,
    [formatShanghai(query.now), JSON.stringify(query.departments), JSON.stringify(query.ruleIds), `${query.period.start}T00:00:00+08:00`, `${query.period.end}T00:00:00+08:00`],
  );
  return (rows as Array<Record<string, string>>).map((row) => ({
    department: String(row.department_code),
    received: Number(row.received),
    disclosed: Number(row.disclosed),
    partly: Number(row.partly),
    refused: Object.fromEntries(EXEMPTION_BASES.map((basis) => [basis, Number(row[`refused_${basis}`])])) as Record<ExemptionBasis, number>,
    withdrawn: Number(row.withdrawn),
    abandoned: Number(row.abandoned),
    pending: Number(row.pending),
    late: Number(row.late),
  }));
}
