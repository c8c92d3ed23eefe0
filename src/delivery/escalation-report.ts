import type { Stage } from '../core/ladder.js';
import type { TimelinessCount } from '../statistics/timeliness.js';

/** An open item past its due moment, as the supervising office sees it. */
export interface LateItem {
  readonly itemId: number;
  readonly reference: string;
  readonly title: string;
  readonly departmentCode: string;
  readonly departmentName: string;
  /** The domain's id (领域), as the dashboard filters by it. */
  readonly domain: string;
  readonly domainName: string;
  readonly category: string;
  /** The rule's name, then the engine's warnings about the item, if any. */
  readonly ruleName: string;
  /** ISO with +08:00. */
  readonly dueAt: string;
  /** Working days late (the due day not counted); 0 while late by hours only. */
  readonly workingDaysLate: number;
  /** e.g. 逾期3个工作日. */
  readonly late: string;
  /** The ladder stage it stands on now: overdue, escalated (督办) or notice (通报候选). */
  readonly stage: Stage;
}

/** An item published after its due moment (逾期公开). */
export interface PublishedLateItem {
  readonly reference: string;
  readonly title: string;
  readonly departmentName: string;
  readonly dueAt: string;
  readonly publishedAt: string;
  readonly late: string;
}

/** A publication whose publicity period (公示期) ran shorter than the law's minimum (publicity-period.ts). */
export interface ShortPublicityItem {
  readonly reference: string;
  readonly title: string;
  readonly departmentName: string;
  /** ISO with +08:00. */
  readonly publishedAt: string;
  /** The warning, in the office's language. */
  readonly warning: string;
}

export interface DepartmentRate {
  readonly departmentName: string;
  readonly month: TimelinessCount;
  readonly year: TimelinessCount;
}

/** A message the relay refused for good (a permanent failure), for the health section. */
export interface FailedMail {
  readonly key: string;
  readonly to: string;
  readonly error: string;
}

/** A published item whose page the publication check (网上巡查) found wrong at its last look. */
export interface CheckFinding {
  readonly itemId: number;
  readonly reference: string;
  readonly title: string;
  readonly departmentCode: string;
  readonly departmentName: string;
  readonly url: string;
  readonly outcome: 'missing' | 'unreachable' | 'refused';
  /** ISO with +08:00. */
  readonly checkedAt: string;
}

export interface EscalationFacts {
  readonly late: readonly LateItem[];
  readonly publishedLate: readonly PublishedLateItem[];
  readonly rates: readonly DepartmentRate[];
  readonly failedMail: readonly FailedMail[];
  /** Published items whose page does not answer or does not show them, as last checked. */
  readonly checkFindings: readonly CheckFinding[];
  /** Published since `since` with a publicity period shorter than the law's minimum. */
  readonly shortPublicity: readonly ShortPublicityItem[];
  /** The last escalation digest's time (or the start of the week for the weekly summary): "new" means after it. */
  readonly since: string;
  /** The first digest of the week: a summary with the on-time rates, sent even when nothing is late. */
  readonly weekly: boolean;
}

export interface DepartmentDomainCount {
  readonly departmentName: string;
  readonly domainName: string;
  readonly late: number;
  readonly escalated: number;
  readonly notice: number;
}

export interface AgingRow {
  readonly departmentName: string;
  /** Items late by up to 5, 6–10, 11–20 and over 20 working days. */
  readonly buckets: readonly [number, number, number, number];
  readonly total: number;
}

export interface EscalationReport extends EscalationFacts {
  readonly byDepartmentDomain: readonly DepartmentDomainCount[];
  readonly aging: readonly AgingRow[];
  readonly newlyLate: readonly LateItem[];
  readonly noticeCandidates: readonly LateItem[];
}

/** Upper bounds of the aging buckets (working days late): ≤5, 6–10, 11–20, over 20. */
const BUCKET_LIMITS = [5, 10, 20] as const;

export function agingBucket(workingDaysLate: number): 0 | 1 | 2 | 3 {
  const index = BUCKET_LIMITS.findIndex((limit) => workingDaysLate <= limit);
  return (index === -1 ? 3 : index) as 0 | 1 | 2 | 3;
}

/**
 * What the supervising office reads (督办): late items counted by department and domain and by how late, what
 * became late since the last digest, the candidates for a circulated notice (通报), what was published late, and
 * the on-time rates. Pure: the facts are gathered by the caller at one moment.
 */
export function buildEscalationReport(facts: EscalationFacts): EscalationReport {
  const byName = (a: string, b: string) => a.localeCompare(b, 'zh');
  const late = [...facts.late].sort((a, b) => byName(a.departmentName, b.departmentName) || a.dueAt.localeCompare(b.dueAt) || a.reference.localeCompare(b.reference));

  const domains = new Map<string, { departmentName: string; domainName: string; late: number; escalated: number; notice: number }>();
  const aging = new Map<string, { departmentName: string; buckets: [number, number, number, number]; total: number }>();
  for (const item of late) {
    const domainKey = `${item.departmentName}\u0000${item.domainName}`;
    const count = domains.get(domainKey) ?? { departmentName: item.departmentName, domainName: item.domainName, late: 0, escalated: 0, notice: 0 };
    count.late++;
    if (item.stage === 'escalated') count.escalated++;
    if (item.stage === 'notice') count.notice++;
    domains.set(domainKey, count);

    const row = aging.get(item.departmentName) ?? { departmentName: item.departmentName, buckets: [0, 0, 0, 0], total: 0 };
    row.buckets[agingBucket(item.workingDaysLate)]++;
    row.total++;
    aging.set(item.departmentName, row);
  }
  return {
    ...facts,
    late,
    byDepartmentDomain: [...domains.values()].sort((a, b) => byName(a.departmentName, b.departmentName) || byName(a.domainName, b.domainName)),
    aging: [...aging.values()].sort((a, b) => b.total - a.total || byName(a.departmentName, b.departmentName)),
    newlyLate: late.filter((item) => Date.parse(item.dueAt) > Date.parse(facts.since)),
    noticeCandidates: late.filter((item) => item.stage === 'notice'),
    rates: [...facts.rates].sort((a, b) => byName(a.departmentName, b.departmentName)),
  };
}

/**
 * A daily digest is sent only when there is something to act on (a check finding counts when it is new); the weekly summary also when items fell due this
 * month (its on-time rates are news). An office with nothing at all is left in peace.
 */
export function worthSending(report: EscalationReport): boolean {
  const newFinding = report.checkFindings.some((finding) => Date.parse(finding.checkedAt) > Date.parse(report.since));
  const actionable = report.late.length > 0 || report.publishedLate.length > 0 || report.shortPublicity.length > 0 || report.failedMail.length > 0 || newFinding;
  return actionable || (report.weekly && report.rates.some((rate) => rate.month.due > 0));
}
