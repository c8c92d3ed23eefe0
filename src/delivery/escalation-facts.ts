import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import type { LoadedConfig } from '../config/load-config.js';
import { decideStage } from '../core/decide-stage.js';
import { warningText, type DeadlineWarning } from '../core/deadline-basis.js';
import type { DecisionType } from '../core/decision-type.js';
import type { Supervisor } from '../core/organisation.js';
import { formatShanghai, formatShanghaiMillis, SHANGHAI, shanghaiDate } from '../core/shanghai-time.js';
import { describeTimeLeft, timeLeft } from '../core/time-left.js';
import { checkFindings } from '../inspection/check-store.js';
import type { CheckFinding, DepartmentRate, EscalationFacts, FailedMail, LateItem, PublishedLateItem, ShortPublicityItem } from './escalation-report.js';
import type { MailLocale } from './digest-words.js';
import { countTimeliness, NO_ITEMS } from '../statistics/timeliness.js';
import { periodOf } from '../statistics/period.js';
import { categoryName, domainName, localeOf, withWarnings } from './mail-names.js';

/** An item as the lists of late items read it. */
export interface LateRow {
  id: number;
  reference: string;
  title: string;
  jurisdiction: string;
  department_code: string;
  domain: string;
  category: string;
  decision_type: DecisionType | null;
  rule_id: string;
  due_at: Date;
  due_date: string;
  published_at: Date | null;
  warnings: ReadonlyArray<DeadlineWarning> | null;
}

/** The columns of a LateRow. */
export const LATE_COLUMNS = 'id, reference, title, jurisdiction, department_code, domain, category, decision_type, rule_id, due_at, due_date, published_at, warnings';
const IN_DEPARTMENTS = 'department_code in (select jsonb_array_elements_text(?::jsonb))';

/** The office's open items past due at `now`, with how late each is and the ladder step it stands on. */
export async function gatherLateItems(db: Knex, config: LoadedConfig, supervisor: Supervisor, now: DateTime): Promise<LateItem[]> {
  const locale = localeOf(config, supervisor.jurisdiction);
  const departments = config.organisation.departments.filter((d) => d.jurisdiction === supervisor.jurisdiction);
  const names = new Map(departments.map((d) => [d.code, d.name]));
  const lateRows = (await db.raw(`select ${LATE_COLUMNS} from ledger_items where status = 'open' and due_at < ? and ${IN_DEPARTMENTS}`, [formatShanghai(now), JSON.stringify(departments.map((d) => d.code))])).rows as LateRow[];
  return lateRows.map((row) => {
    const calendar = config.ruleBook.calendarFor(row.jurisdiction);
    const rule = config.ruleBook.rules.get(row.rule_id);
    const dueAt = formatShanghaiMillis(row.due_at.getTime());
    const left = timeLeft(DateTime.fromJSDate(row.due_at, { zone: SHANGHAI }), row.due_date, now, calendar);
    const ladder = config.ladders.get(row.jurisdiction);
    const stage = ladder ? decideStage({ dueAt, dueDate: row.due_date, countsHours: rule?.kind === 'hoursAfter' }, now, ladder, calendar).step?.stage : undefined;
    return {
      itemId: Number(row.id),
      reference: row.reference,
      title: row.title,
      departmentCode: row.department_code,
      departmentName: names.get(row.department_code) ?? row.department_code,
      domain: row.domain,
      domainName: domainName(config, row.domain, locale),
      category: categoryName(config, row.category, locale, row.decision_type),
      ruleName: withWarnings(rule?.name ?? row.rule_id, row.warnings, locale),
      dueAt,
      workingDaysLate: left.state === 'overdue' ? left.workingDays : 0,
      late: describeTimeLeft(left, locale),
      // Past due is at least "overdue", whatever a jurisdiction's ladder calls its first step after the deadline.
      stage: stage === 'escalated' || stage === 'notice' ? stage : 'overdue',
    };
  });
}

/** The office's published items whose page, at its last check, did not answer or did not show them. */
export async function gatherCheckFindings(db: Knex, config: LoadedConfig, supervisor: Supervisor): Promise<CheckFinding[]> {
  const departments = config.organisation.departments.filter((d) => d.jurisdiction === supervisor.jurisdiction);
  const names = new Map(departments.map((d) => [d.code, d.name]));
  return (await checkFindings(db, departments.map((d) => d.code))).map((f) => ({ ...f, departmentName: names.get(f.departmentCode) ?? f.departmentCode }));
}

/**
 * Gathers, at `now`, what a supervising office's escalation digest reports on its departments: the open items
 * past due, what was published late since `since`, the on-time counts of the month and year, and the mail that
 * failed for good. Only reads.
 */
export async function gatherEscalationFacts(db: Knex, config: LoadedConfig, supervisor: Supervisor, now: DateTime, since: DateTime, weekly: boolean): Promise<EscalationFacts> {
  const locale = localeOf(config, supervisor.jurisdiction);
  const departments = config.organisation.departments.filter((d) => d.jurisdiction === supervisor.jurisdiction);
  const names = new Map(departments.map((d) => [d.code, d.name]));
  const codes = JSON.stringify(departments.map((d) => d.code));
  const late = await gatherLateItems(db, config, supervisor, now);

  const publishedRows = (
    await db.raw(`select ${LATE_COLUMNS} from ledger_items where status = 'published' and published_at > due_at and published_at > ? and ${IN_DEPARTMENTS} order by published_at`, [formatShanghai(since), codes])
  ).rows as LateRow[];
  const publishedLate: PublishedLateItem[] = publishedRows.map((row) => {
    const publishedAt = DateTime.fromJSDate(row.published_at as Date, { zone: SHANGHAI });
    const left = timeLeft(DateTime.fromJSDate(row.due_at, { zone: SHANGHAI }), row.due_date, publishedAt, config.ruleBook.calendarFor(row.jurisdiction));
    return {
      reference: row.reference,
      title: row.title,
      departmentName: names.get(row.department_code) ?? row.department_code,
      dueAt: formatShanghaiMillis(row.due_at.getTime()),
      publishedAt: formatShanghai(publishedAt),
      late: describeTimeLeft(left, locale),
    };
  });

  return {
    late,
    publishedLate,
    rates: await onTimeCounts(db, departments, now),
    failedMail: await failedMail(db, supervisor, codes, since),
    checkFindings: await gatherCheckFindings(db, config, supervisor),
    shortPublicity: await shortPublicity(db, codes, names, since, locale),
    since: formatShanghai(since),
    weekly,
  };
}

/**
 * Per department, the on-time counts of this month and this year up to now, as the dashboard and the 通报 count
 * them (statistics/timeliness.ts).
 */
async function onTimeCounts(db: Knex, departments: ReadonlyArray<{ code: string; name: string }>, now: DateTime): Promise<DepartmentRate[]> {
  const today = shanghaiDate(now);
  const codes = departments.map((d) => d.code);
  const count = async (kind: 'month' | 'year') =>
    new Map((await countTimeliness(db, { departments: codes, period: periodOf(kind, today), now, by: ['department'] })).map((row) => [row.department as string, row]));
  const [month, year] = [await count('month'), await count('year')];
  return departments.map((d) => ({ departmentName: d.name, month: month.get(d.code) ?? NO_ITEMS, year: year.get(d.code) ?? NO_ITEMS }));
}

/** What was published since `since` with a publicity period shorter than the law's minimum (its stored warning). */
async function shortPublicity(db: Knex, codes: string, names: ReadonlyMap<string, string>, since: DateTime, locale: MailLocale): Promise<ShortPublicityItem[]> {
  const rows = (
    await db.raw(
      `select reference, title, department_code, published_at, warnings from ledger_items
       where status = 'published' and published_at > ? and warnings @> '[{"kind": "publicityPeriod"}]'::jsonb and ${IN_DEPARTMENTS}
       order by published_at, reference`,
      [formatShanghai(since), codes],
    )
  ).rows as Array<{ reference: string; title: string; department_code: string; published_at: Date; warnings: DeadlineWarning[] }>;
  return rows.map((r) => {
    const warning = r.warnings.find((w) => w.kind === 'publicityPeriod');
    return {
      reference: r.reference,
      title: r.title,
      departmentName: names.get(r.department_code) ?? r.department_code,
      publishedAt: formatShanghaiMillis(r.published_at.getTime()),
      warning: warning ? warningText(warning, locale) : '',
    };
  });
}

/** Mail to the office's departments or to the office itself that the relay refused for good since `since`. */
async function failedMail(db: Knex, supervisor: Supervisor, codes: string, since: DateTime): Promise<FailedMail[]> {
  const rows = (
    await db.raw(
      `select key, to_addresses, last_error from messages
       where status = 'failed' and attempted_at > ?
         and ((audience = 'department' and audience_code in (select jsonb_array_elements_text(?::jsonb))) or (audience = 'supervisor' and audience_code = ?))
       order by id`,
      [formatShanghai(since), codes, supervisor.jurisdiction],
    )
  ).rows as Array<{ key: string; to_addresses: string[]; last_error: string | null }>;
  return rows.map((r) => ({ key: r.key, to: r.to_addresses.join(', '), error: r.last_error ?? '' }));
}
