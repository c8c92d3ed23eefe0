import { DateTime } from 'luxon';
import type { LoadedConfig } from '../config/load-config.js';
import { humanTime, warningText } from '../core/deadline-basis.js';
import { decideStage } from '../core/decide-stage.js';
import { SHANGHAI } from '../core/shanghai-time.js';
import { describeTimeLeft, timeLeft, type TimeLeft } from '../core/time-left.js';
import type { DigestWords } from '../delivery/digest-words.js';
import { categoryName, localeOf, ruleBasis } from '../delivery/mail-names.js';
import type { LedgerItem } from '../ledger/item.js';

/** What a list of items needs of each (the department's page reads only these columns). */
export type ItemSummary = Pick<LedgerItem, 'id' | 'jurisdiction' | 'reference' | 'title' | 'departmentCode' | 'category' | 'decisionType' | 'ruleId' | 'dueAt' | 'dueDate' | 'status'>;

/** An item as a page shows it: the same words and figures as its line in the reminder digest. */
export interface ItemView<T extends ItemSummary = ItemSummary> {
  readonly item: T;
  /** Where it stands on its ladder (即将到期, 今日到期, 已逾期, 逾期督办, 列入通报候选), or undefined before its first step. */
  readonly stageLabel?: string | undefined;
  readonly state: TimeLeft['state'];
  readonly category: string;
  readonly basis: string;
  /** The deadline as people read it, e.g. 2026-11-03 24:00. */
  readonly due: string;
  readonly timeLeft: string;
}

/** Works an item's view out at `now`, in its jurisdiction's calendar, ladder and language. Pure. */
export function itemView<T extends ItemSummary>(item: T, config: LoadedConfig, words: DigestWords, now: DateTime): ItemView<T> {
  const locale = localeOf(config, item.jurisdiction);
  const rule = config.ruleBook.rules.get(item.ruleId);
  const calendar = config.ruleBook.calendarFor(item.jurisdiction);
  const left = timeLeft(DateTime.fromMillis(Date.parse(item.dueAt), { zone: SHANGHAI }), item.dueDate, now, calendar);
  const ladder = config.ladders.get(item.jurisdiction);
  const stage = ladder ? decideStage({ dueAt: item.dueAt, dueDate: item.dueDate, countsHours: rule?.kind === 'hoursAfter' }, now, ladder, calendar).step?.stage : undefined;
  return {
    item,
    stageLabel: stage ? words.stages[stage] : left.state === 'overdue' ? words.stages.overdue : undefined,
    state: left.state,
    category: categoryName(config, item.category, locale, item.decisionType),
    basis: ruleBasis(rule, item.ruleId, locale),
    due: humanTime(item.dueAt),
    timeLeft: describeTimeLeft(left, locale),
  };
}

/** Late first (the longest late at the top), then the soonest due, as in the digest. */
export function byDeadline(a: ItemView, b: ItemView): number {
  return a.item.dueAt.localeCompare(b.item.dueAt) || a.item.reference.localeCompare(b.item.reference);
}

/** Whether a publication kept its deadline, and if not by how much (逾期N个工作日), for the page that records it. */
export function publicationTimeliness(item: LedgerItem, config: LoadedConfig): { onTime: boolean; late: string } | undefined {
  if (!item.publishedAt) return undefined;
  const publishedAt = DateTime.fromISO(item.publishedAt, { zone: SHANGHAI });
  const dueAt = DateTime.fromISO(item.dueAt, { zone: SHANGHAI });
  const left = timeLeft(dueAt, item.dueDate, publishedAt, config.ruleBook.calendarFor(item.jurisdiction));
  return { onTime: publishedAt <= dueAt, late: describeTimeLeft(left, localeOf(config, item.jurisdiction)) };
}

/**
 * What the engine warned of for an item (a late extension that does not move a reply's deadline, an event whose day
 * before is not a working day, a publicity period shorter than the law's), as the ledger keeps it, in its
 * jurisdiction's language.
 */
export function itemWarnings(item: Pick<LedgerItem, 'jurisdiction' | 'warnings'>, config: LoadedConfig): readonly string[] {
  const locale = localeOf(config, item.jurisdiction);
  return (item.warnings ?? []).map((w) => warningText(w, locale));
}
