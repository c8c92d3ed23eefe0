import type { Recipient, Stage } from '../core/ladder.js';
import type { TimeLeft } from '../core/time-left.js';
import type { DigestWords } from './digest-words.js';

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
  /** The rule and where the law sets it, e.g. 20个工作日（国办发〔2017〕97号 二(四)）, then the engine's warnings about the item. */
  readonly basis: string;
  /** Rules counted in hours (12 小时内) get their own mail at once instead of waiting for the daily digest. */
  readonly countsHours: boolean;
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

/**
 * How an entry reads: where the item stands now (即将到期, 今日到期, 已逾期), or, once escalated, the escalation
 * (逾期督办, 列入通报候选), which says more than "late".
 */
export function entryLabel(entry: DigestEntry, words: DigestWords): string {
  if (entry.state === 'overdue') return entry.stage === 'escalated' || entry.stage === 'notice' ? words.stages[entry.stage] : words.stages.overdue;
  return entry.state === 'due-today' ? words.stages.due : words.stages.upcoming;
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
