import type { WorkingDayCalendar } from '../core/calendar.js';
import { publicityShortfall } from '../core/publicity-period.js';
import type { Rule } from '../core/rule-types.js';
import type { ItemDraft } from './item.js';

/**
 * The item with its publicity period checked against the rule's minimum (公示期不少于N日), once it records its
 * publication: the warning joins the engine's (ledger_items.warnings), replacing an earlier one of its kind, and the
 * office's digest lists the items that carry it. Pure.
 */
export function withPublicityCheck(draft: ItemDraft, rule: Rule, calendar: WorkingDayCalendar): ItemDraft {
  const kept = (draft.warnings ?? []).filter((w) => w.kind !== 'publicityPeriod');
  const shortfall = draft.status === 'published' ? publicityShortfall(rule, draft.publishedAt, draft.events.periodEnd, calendar) : undefined;
  const warnings = shortfall ? [...kept, shortfall] : kept;
  return { ...draft, warnings: warnings.length > 0 ? warnings : undefined };
}
