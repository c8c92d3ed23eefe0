import { computeDue, engineWarnings } from '../core/deadline.js';
import type { RuleBook } from '../core/rule-book.js';
import type { ItemDraft, ItemFacts } from './item.js';
import { settledStatus } from './request-state.js';

/**
 * The item as the ledger keeps it: the facts, and the deadline the rules in force give them. Pure; throws
 * InputError when the facts do not fit (no rule for the category here, a missing or impossible event).
 */
export function draftItem(facts: ItemFacts, book: RuleBook): ItemDraft {
  const { rule } = book.resolveItem(facts.jurisdiction, facts.category, facts.decisionType);
  const deadline = computeDue(book.deadlineInput(facts.jurisdiction, rule, facts.events));
  // Object.assign rather than a spread: on V8 a spread followed by more keys costs some thirty times more, and
  // an import drafts every row.
  return Object.assign({}, facts, {
    domain: book.categories.get(facts.category)?.domain ?? 'general',
    ruleId: rule.id,
    ruleVersion: rule.version,
    dueAt: deadline.dueAt,
    dueDate: deadline.dueDate,
    provisional: deadline.provisional,
    warnings: engineWarnings(deadline),
    status: settledStatus(facts.status, deadline.awaitingSupplement === true),
  });
}
