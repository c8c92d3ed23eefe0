import type { Recipient, Stage } from '../core/ladder.js';
import type { TimeLeft } from '../core/time-left.js';

/** One recorded ladder step, with what a reader needs to act on its item. */
export interface DigestEntry {
  readonly notificationId: number;
  readonly itemId: number;
  readonly reference: string;
  readonly title: string;
  readonly departmentCode: string;
  readonly departmentName: string;
  /** The category's name (信息类别), e.g. 政府采购合同. */
  readonly category: string;
  readonly ruleId: string;
  readonly step: string;
  readonly stage: Stage;
  readonly dueDate: string;
  /** ISO with +08:00. */
  readonly dueAt: string;
  /** Where the item stands when the mail is made: a step recorded days ago may be late by now. */
  readonly state: TimeLeft['state'];
  /** e.g. 剩余3个工作日, 逾期2个工作日, worked out when the mail is made. */
  readonly timeLeft: string;
  readonly recipients: readonly Recipient[];
}

/** How each stage reads to a department or the supervising office. */
export const STAGE_LABELS_ZH: Readonly<Record<Stage, string>> = {
  upcoming: '即将到期',
  due: '今日到期',
  overdue: '已逾期',
  escalated: '逾期督办',
  notice: '列入通报候选',
};

/**
 * How an entry reads: where the item stands now (即将到期, 今日到期, 已逾期), or, once escalated, the escalation
 * (逾期督办, 列入通报候选), which says more than "late".
 */
export function entryLabel(entry: DigestEntry): string {
  if (entry.state === 'overdue') return entry.stage === 'escalated' || entry.stage === 'notice' ? STAGE_LABELS_ZH[entry.stage] : STAGE_LABELS_ZH.overdue;
  return entry.state === 'due-today' ? STAGE_LABELS_ZH.due : STAGE_LABELS_ZH.upcoming;
}

/**
 * One entry per item: when steps of the same item wait together (yesterday's "due today" and today's "late"), the
 * latest says where it stands and whom it concerns.
 */
export function latestPerItem(entries: readonly DigestEntry[]): DigestEntry[] {
  const latest = new Map<number, DigestEntry>();
  for (const entry of entries) {
    const kept = latest.get(entry.itemId);
    if (!kept || entry.notificationId > kept.notificationId) latest.set(entry.itemId, entry);
  }
  return [...latest.values()];
}

/** Late items first (the longest late at the top), then today's, then those still to come (soonest first). */
export function byUrgency(a: DigestEntry, b: DigestEntry): number {
  return a.dueAt.localeCompare(b.dueAt) || a.reference.localeCompare(b.reference);
}
