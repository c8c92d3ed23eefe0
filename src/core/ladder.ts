/**
 * The escalation ladder (提醒与督办阶梯): the steps an open item goes through around its deadline, each telling
 * someone. Steps are measured from the due date in working days, or, for rules counted in hours, from the due
 * moment in hours.
 */

export const STAGES = ['upcoming', 'due', 'overdue', 'escalated', 'notice'] as const;
/** upcoming: reminder; due: due today; overdue: late (leader copied); escalated: in the supervisor's digest; notice: candidate for 通报. */
export type Stage = (typeof STAGES)[number];

export const RECIPIENTS = ['department', 'leader', 'supervisor'] as const;
/** department: its reminder addresses; leader: the department head; supervisor: the government office (政府办). */
export type Recipient = (typeof RECIPIENTS)[number];

export interface LadderStep {
  readonly stage: Stage;
  /** Working days (or hours) from the due date: negative before it, 0 on it, positive after. */
  readonly at: number;
  readonly notify: readonly Recipient[];
}

export interface Ladder {
  /** For rules counted in days (most): steps in working days from the due date. */
  readonly workingDays: readonly LadderStep[];
  /** For rules counted in hours (12 小时内): steps in hours from the due moment. */
  readonly hours: readonly LadderStep[];
}

/**
 * A step's identity within its ladder, e.g. "upcoming-3", "due+0", "overdue+1": the outbox key is (item, step,
 * due date), so that two reminders of the same stage (T−3 and T−1) are two notifications, and a new due date
 * starts the ladder afresh.
 */
export function stepKey(step: LadderStep): string {
  return `${step.stage}${step.at < 0 ? '' : '+'}${step.at}`;
}
