import { computeDeadline, type Deadline, type DeadlineEvents } from './deadline.js';
import { InputError } from './errors.js';
import type { RuleBook } from './rule-book.js';
import { REQUEST_REPLY_TIMES } from './request-reply.js';
import { parseDecisionType, type DecisionType } from './decision-type.js';
import type { Rule } from './rule-types.js';

const REQUEST_REPLY_EVENTS = [...REQUEST_REPLY_TIMES, 'consultations', 'extensionDays'];

/** The events a rule reads: its start event, and for a disclosure request the ones that move its clock. */
function eventsUsedBy(rule: Rule): Set<string> {
  return new Set([rule.event, ...(rule.kind === 'requestReply' ? REQUEST_REPLY_EVENTS : [])]);
}

/** "When is this due?" as tools ask it: a rule, or a jurisdiction and category, and the start event's time. */
export interface DueQuery {
  readonly rule?: string | undefined;
  readonly jurisdiction?: string | undefined;
  readonly category?: string | undefined;
  /** When the item is itself a licensing or penalty decision (决定类型): licensing, penalty, 行政许可 or 行政处罚. */
  readonly decision?: string | undefined;
  /** The time of the event that starts the rule's clock. */
  readonly at: string;
  /** Other event times the rule may need (e.g. supplementReceived for a disclosure request). */
  readonly events?: DeadlineEvents;
}

export interface DueAnswer extends Deadline {
  readonly at: string;
  readonly ruleName: string;
  readonly jurisdiction: string;
  readonly category?: string | undefined;
  /** The jurisdiction whose mapping chose the rule, when asked by category. */
  readonly decidedBy?: string | undefined;
  /** The decision type asked about, and whether the category's own rule was stricter and so applies. */
  readonly decisionType?: DecisionType | undefined;
  readonly categoryStricter?: boolean | undefined;
  /** The document and section that set the limit. */
  readonly legalBasis: string;
}

/**
 * Resolves the rule and computes the deadline. Asked by rule alone, the rule's own jurisdiction supplies the
 * calendar and cut-off; asked with a jurisdiction, that jurisdiction's do.
 */
export function answerDueQuery(book: RuleBook, query: DueQuery): DueAnswer {
  if (query.rule === undefined && (query.jurisdiction === undefined || query.category === undefined)) {
    throw new InputError('give a rule, or a jurisdiction and a category');
  }
  if (query.rule !== undefined && query.category !== undefined) {
    throw new InputError('give either a rule or a category, not both');
  }
  if (query.rule !== undefined && query.decision !== undefined) {
    throw new InputError('a decision type chooses the rule with a category: give a jurisdiction and a category with it, not a rule');
  }
  // A category by its id or its name, as the import takes it.
  const category = query.category === undefined ? undefined : book.categoryIn(query.jurisdiction as string, query.category);
  const resolution = category === undefined ? undefined : book.resolveItem(query.jurisdiction as string, category, parseDecisionType(query.decision));
  const rule = resolution?.rule ?? book.rule(query.rule as string);
  const jurisdiction = book.jurisdiction(query.jurisdiction ?? rule.definedIn);
  const events = query.events ?? {};
  if (events[rule.event] !== undefined) {
    throw new InputError(`"${rule.event}" is the event that starts ${rule.id}'s clock: give its time as "at", not as another event`);
  }
  const used = eventsUsedBy(rule);
  const ignored = Object.entries(events)
    .filter(([name, value]) => value !== undefined && !used.has(name))
    .map(([name]) => `"${name}" is not used by ${rule.id} and was ignored`);
  const moved = query.rule !== undefined && query.rule !== rule.id ? [`rule ${query.rule} is now ${rule.id}; ask for it by that id`] : [];
  const deadline = computeDeadline(book.deadlineInput(jurisdiction.id, rule, { ...events, [rule.event]: query.at }));
  return {
    ...deadline,
    warnings: [...deadline.warnings, ...moved, ...ignored],
    at: query.at,
    ruleName: rule.name,
    jurisdiction: jurisdiction.id,
    category,
    decidedBy: resolution?.decidedBy,
    decisionType: resolution?.decisionType,
    categoryStricter: resolution?.categoryStricter,
    legalBasis: `${rule.legalBasis.document} ${rule.legalBasis.section}`,
  };
}
