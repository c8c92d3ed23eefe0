import type { HistoryAction } from '../ledger/history-store.js';
import type { ItemDraft, LedgerItem } from '../ledger/item.js';
import type { RuleBook } from '../core/rule-book.js';
import { withPublicityCheck } from '../ledger/item-warnings.js';
import { isEventState } from '../ledger/request-state.js';

export type MergeOutcome = { readonly next: ItemDraft; readonly action: HistoryAction } | { readonly conflict: string };

const STATUS_FIELDS = ['publishedAt', 'publishedUrl', 'replyReference', 'deliveryMethod', 'exemptionBasis', 'exemptionReason', 'exemptionApprovedBy', 'thirdPartyOpinion', 'withheldBasis', 'withheldReason', 'withdrawalReason'] as const;

function sameStatus(a: ItemDraft, b: ItemDraft): boolean {
  return a.status === b.status && STATUS_FIELDS.every((field) => (a[field] ?? null) === (b[field] ?? null));
}

function describe(item: ItemDraft): string {
  if (item.status === 'published') return `published ${item.publishedAt} ${item.publishedUrl ? `at ${item.publishedUrl}` : `as ${item.replyReference} (${item.deliveryMethod})`}`;
  if (item.status === 'exempt') return `exempt (${item.exemptionBasis}: ${item.exemptionReason})`;
  return item.status;
}

/**
 * What a re-imported row makes of an item already in the ledger. The row's facts always apply. Its publication
 * or exemption moves an open item on, the way `ledger publish` and `ledger exempt` would; a row that says nothing
 * of either leaves the recorded state (a stale file does not undo a publication recorded since); a row that
 * contradicts a recorded state other than open is refused: the item is reopened first, on purpose.
 */
export function mergeRow(existing: LedgerItem, draft: ItemDraft, book: RuleBook): MergeOutcome {
  // A request's own events move it between open, awaiting its supplement and abandoned (补正, 条例第三十条).
  if (isEventState(draft.status) && isEventState(existing.status)) {
    return { next: draft, action: draft.status === 'abandoned' && existing.status !== 'abandoned' ? 'abandon' : 'update' };
  }
  if (isEventState(draft.status)) {
    const kept = Object.fromEntries(STATUS_FIELDS.map((field) => [field, existing[field]]));
    // The recorded publication with the row's facts (its period's end among them): its publicity period checked again.
    const next: ItemDraft = { ...draft, ...kept, status: existing.status };
    return { next: withPublicityCheck(next, book.rule(next.ruleId), book.calendarFor(next.jurisdiction)), action: 'update' };
  }
  if (isEventState(existing.status)) return { next: draft, action: draft.status === 'published' ? 'publish' : 'exempt' };
  if (sameStatus(existing, draft)) return { next: draft, action: 'update' };
  return {
    conflict: `${existing.reference} is ${describe(existing)}, but this row says ${describe(draft)}: reopen it first (ledger reopen ${existing.reference}) to change that`,
  };
}
