import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import type { LoadedConfig } from '../config/load-config.js';
import type { DeadlineWarning } from '../core/deadline-basis.js';
import type { DecisionType } from '../core/decision-type.js';
import type { Recipient, Stage } from '../core/ladder.js';
import type { Department } from '../core/organisation.js';
import { formatShanghaiMillis, SHANGHAI } from '../core/shanghai-time.js';
import { describeTimeLeft, timeLeft } from '../core/time-left.js';
import type { DigestEntry } from './digest-entry.js';
import { categoryName, localeOf, ruleBasis, withWarnings } from './mail-names.js';

/** A recorded ladder step not yet in a message for the audience asked about, with its item. */
export interface PendingStep {
  readonly id: number;
  readonly item_id: number;
  readonly jurisdiction: string;
  readonly department_code: string;
  readonly step: string;
  readonly stage: Stage;
  readonly due_date: string;
  readonly due_at: Date;
  readonly recipients: Recipient[];
  readonly reference: string;
  readonly title: string;
  readonly category: string;
  readonly decision_type: DecisionType | null;
  readonly rule_id: string;
  readonly warnings: ReadonlyArray<DeadlineWarning> | null;
}

/** Composers take turns (a transaction-scoped advisory lock): see lockPendingSteps. */
const COMPOSERS_LOCK = 0x6477_0001;

/**
 * The steps that still have to reach `audience`, after cancelling the steps whose item left the ladder (published,
 * exempt, withdrawn) before their mail was made: those are not sent.
 *
 * Composers (department digests, urgent mail, escalation digests, in any replica) take turns for the rest of the
 * transaction: each then sees what the one before committed, so a step is never put in two messages for the same
 * audience, and the last of a step's audiences to be linked always sees the others and moves it into delivery.
 * Row locks alone would not do: two composers for different audiences would each miss the other's link.
 */
export async function lockPendingSteps(trx: Knex.Transaction, audience: 'department' | 'supervisor'): Promise<{ steps: PendingStep[]; cancelled: number }> {
  await trx.raw('select pg_advisory_xact_lock(?)', [COMPOSERS_LOCK]);
  const cancelled = await trx.raw(
    `update notifications n set status = 'cancelled' from ledger_items i
     where i.id = n.item_id and n.status = 'pending' and i.status <> 'open' returning n.id`,
  );
  const wanted = audience === 'department' ? `n.recipients && array['department', 'leader']::text[]` : `'supervisor' = any(n.recipients)`;
  const rows = await trx.raw(
    `select n.id, n.item_id, n.jurisdiction, n.department_code, n.step, n.stage, n.due_date, n.due_at, n.recipients,
            i.reference, i.title, i.category, i.decision_type, i.rule_id, i.warnings
     from notifications n join ledger_items i on i.id = n.item_id
     where n.status = 'pending' and ${wanted}
       and not exists (select 1 from message_notifications mn where mn.notification_id = n.id and mn.audience = ?)
     order by n.id`,
    [audience],
  );
  return { steps: (rows.rows as PendingStep[]).map((r) => ({ ...r, id: Number(r.id), item_id: Number(r.item_id) })), cancelled: (cancelled.rows as unknown[]).length };
}

/** A step as a digest line, its time left worked out at `now` in its jurisdiction's calendar and language. */
export function digestEntry(step: PendingStep, department: Department, config: LoadedConfig, now: DateTime): DigestEntry {
  const locale = localeOf(config, department.jurisdiction);
  const rule = config.ruleBook.rules.get(step.rule_id);
  const left = timeLeft(DateTime.fromJSDate(step.due_at, { zone: SHANGHAI }), step.due_date, now, config.ruleBook.calendarFor(step.jurisdiction));
  return {
    notificationId: step.id,
    itemId: step.item_id,
    reference: step.reference,
    title: step.title,
    departmentCode: department.code,
    departmentName: department.name,
    category: categoryName(config, step.category, locale, step.decision_type),
    ruleId: step.rule_id,
    basis: withWarnings(ruleBasis(rule, step.rule_id, locale), step.warnings, locale),
    countsHours: rule?.kind === 'hoursAfter',
    step: step.step,
    stage: step.stage,
    dueDate: step.due_date,
    dueAt: formatShanghaiMillis(step.due_at.getTime()),
    state: left.state,
    timeLeft: describeTimeLeft(left, locale),
    recipients: step.recipients,
  };
}
