import { InputError } from './errors.js';
import type { Rule } from './rule-types.js';

/**
 * An item that is itself a licensing or penalty decision (行政许可 / 行政处罚决定), whatever category it is filed under:
 * 国办发〔2017〕97号 二(四) gives such decisions 7 working days from the decision, inside every domain.
 */
export const DECISION_TYPES = ['licensing', 'penalty'] as const;
export type DecisionType = (typeof DECISION_TYPES)[number];

export const DECISION_TYPE_LABELS: Readonly<Record<DecisionType, string>> = {
  licensing: '行政许可',
  penalty: '行政处罚',
};

/** "licensing", "行政许可" or "行政许可决定" → licensing; blank → none. */
export function parseDecisionType(value: string | undefined): DecisionType | undefined {
  const text = value?.trim() ?? '';
  if (text === '') return undefined;
  for (const type of DECISION_TYPES) {
    const label = DECISION_TYPE_LABELS[type];
    if (text === type || text === label || text === `${label}决定`) return type;
  }
  throw new InputError(`decision type "${text}": must be 行政许可 (licensing) or 行政处罚 (penalty), or left blank`);
}

/**
 * Which rule a decision filed under a category answers to: the decision rule (7 working days), unless the category's
 * own rule is stricter, as Heilongjiang's 1 working day for procurement penalty notices is (五(四)). Both laws apply,
 * and meeting the stricter meets both. Decided from the rules alone, so that the choice never depends on the dates.
 */
export function decisionRule(categoryRule: Rule, forDecisions: Rule): Rule {
  const limit = forDecisions.kind === 'workingDaysAfter' ? forDecisions.days : undefined;
  switch (categoryRule.kind) {
    case 'hoursAfter':
    case 'sameDay':
      return categoryRule;
    case 'workingDaysAfter':
    case 'naturalDaysAfter':
      // N natural days never end after N working days.
      return limit !== undefined && categoryRule.days < limit ? categoryRule : forDecisions;
    default:
      throw new InputError(
        `a ${DECISION_TYPE_LABELS.licensing} or ${DECISION_TYPE_LABELS.penalty} decision cannot be filed under a category whose rule is ${categoryRule.kind} (${categoryRule.id}): file it under licensing or penalty`,
      );
  }
}
