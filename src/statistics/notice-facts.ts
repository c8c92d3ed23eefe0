import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import type { LoadedConfig } from '../config/load-config.js';
import { decideStage } from '../core/decide-stage.js';
import type { Supervisor } from '../core/organisation.js';
import { formatShanghaiMillis, SHANGHAI, shanghaiDate } from '../core/shanghai-time.js';
import { describeTimeLeft, timeLeft } from '../core/time-left.js';
import { gatherCheckFindings, LATE_COLUMNS, type LateRow } from '../delivery/escalation-facts.js';
import type { CheckFinding } from '../delivery/escalation-report.js';
import { localeOf, ruleBasis } from '../delivery/mail-names.js';
import { byChinese, departmentFigures, officeDepartments, officeScope, type CountedRow, type DepartmentRow } from './office-figures.js';
import { lastDayOf, type Period } from './period.js';
import { countTimeliness, FIGURE_PREDICATES, periodItems } from './timeliness.js';

export interface NoticeItem {
  readonly itemId: number;
  readonly reference: string;
  readonly title: string;
  readonly dueDate: string;
  /** YYYY-MM-DD, or undefined while still unpublished. */
  readonly publishedDate?: string | undefined;
  /** 逾期12个工作日: at its publication, or now. */
  readonly late: string;
}

export interface CriticisedDepartment {
  readonly departmentName: string;
  readonly items: readonly NoticeItem[];
}

/** Everything a 通报 draft states, from the ledger: the words around it are config/reports.yaml's. */
export interface NoticeFacts {
  readonly period: Period;
  readonly officeName: string;
  readonly jurisdictionName: string;
  /** The draft's date (today). */
  readonly today: string;
  /** The last day counted: the period's last, or today for a period still running. */
  readonly countedThrough: string;
  readonly total: CountedRow;
  readonly byDepartment: readonly DepartmentRow[];
  /** The rules the period's items were counted by, with where the law sets them, most items first. */
  readonly rules: ReadonlyArray<{ readonly basis: string; readonly items: number }>;
  /** 100% on time with at least `minItems` due. */
  readonly praised: readonly DepartmentRow[];
  readonly minItems: number;
  /** Working days late at which the jurisdiction's ladder lists an item for 通报. */
  readonly noticeDays: number;
  /** Departments with items of the period that reached the notice step, late at publication or still. */
  readonly criticised: readonly CriticisedDepartment[];
  readonly failedChecks: readonly CheckFinding[];
}

export async function gatherNoticeFacts(db: Knex, config: LoadedConfig, supervisor: Supervisor, period: Period, now: DateTime, minItems: number): Promise<NoticeFacts> {
  const locale = localeOf(config, supervisor.jurisdiction);
  const departments = officeDepartments(config, supervisor);
  const codes = departments.map((d) => d.code);
  const names = new Map(departments.map((d) => [d.code, d.name]));
  const today = shanghaiDate(now);
  const { byDepartment, total } = await departmentFigures(db, officeScope(config, supervisor), period, now);

  const ruleRows = await countTimeliness(db, { departments: codes, period, now, by: ['rule'] });
  const rules = ruleRows
    .filter((r) => r.due > 0)
    .map((r) => ({ basis: ruleBasis(config.ruleBook.rules.get(r.rule as string), r.rule as string, locale), items: r.due }))
    .sort((a, b) => b.items - a.items || byChinese(a.basis, b.basis));

  const ladder = config.ladders.get(supervisor.jurisdiction);
  const noticeDays = ladder?.workingDays.find((step) => step.stage === 'notice')?.at ?? 0;
  const criticised = new Map<string, NoticeItem[]>();
  if (ladder) {
    for (const row of await lateRows(db, codes, period, now)) {
      const at = row.published_at ? DateTime.fromJSDate(row.published_at, { zone: SHANGHAI }) : now;
      const calendar = config.ruleBook.calendarFor(row.jurisdiction);
      const dueAt = formatShanghaiMillis(row.due_at.getTime());
      const countsHours = config.ruleBook.rules.get(row.rule_id)?.kind === 'hoursAfter';
      if (decideStage({ dueAt, dueDate: row.due_date, countsHours }, at, ladder, calendar).step?.stage !== 'notice') continue;
      const list = criticised.get(row.department_code) ?? [];
      list.push({
        itemId: Number(row.id),
        reference: row.reference,
        title: row.title,
        dueDate: row.due_date,
        publishedDate: row.published_at ? shanghaiDate(at) : undefined,
        late: describeTimeLeft(timeLeft(DateTime.fromJSDate(row.due_at, { zone: SHANGHAI }), row.due_date, at, calendar), locale),
      });
      criticised.set(row.department_code, list);
    }
  }

  const failedChecks = await gatherCheckFindings(db, config, supervisor);
  const last = lastDayOf(period);
  return {
    period,
    officeName: supervisor.name,
    jurisdictionName: config.ruleBook.jurisdictions.get(supervisor.jurisdiction)?.name ?? supervisor.jurisdiction,
    today,
    countedThrough: last < today ? last : today,
    total,
    byDepartment,
    rules,
    praised: byDepartment.filter((d) => d.due >= minItems && d.onTime === d.due),
    minItems,
    noticeDays,
    criticised: [...criticised]
      .map(([code, items]) => ({ departmentName: names.get(code) ?? code, items }))
      .sort((a, b) => b.items.length - a.items.length || byChinese(a.departmentName, b.departmentName)),
    failedChecks: failedChecks.sort((a, b) => byChinese(a.departmentName, b.departmentName) || a.reference.localeCompare(b.reference)),
  };
}

/** The period's items that were late (published after their due moment, or still open past it), by due date. */
async function lateRows(db: Knex, departments: readonly string[], period: Period, now: DateTime): Promise<LateRow[]> {
  const scope = periodItems({ departments, period, now });
  const { rows } = await db.raw(
    `select ${LATE_COLUMNS}
     from ledger_items
     where ${scope.sql} and ${FIGURE_PREDICATES.late}
     order by due_at, reference`,
    scope.bindings,
  );
  return rows as LateRow[];
}
