import { DateTime } from 'luxon';
import type { DeadlineEvents } from '../core/deadline.js';
import { isIsoDate } from '../core/civil-date.js';
import { formatShanghai, formatShanghaiMillis, parseEventTime } from '../core/shanghai-time.js';
import type { DeadlineWarning } from '../core/deadline-basis.js';
import type { DecisionType } from '../core/decision-type.js';
import type { ExemptionBasis, ItemDraft, ItemStatus, LedgerItem, ThirdPartyOpinion } from './item.js';

/** Item event → its column. */
const EVENT_COLUMNS = {
  formed: 'formed_at',
  decided: 'decided_at',
  received: 'received_at',
  submitted: 'submitted_at',
  verified: 'verified_at',
  event: 'event_at',
  periodEnd: 'period_end_at',
  supplementRequested: 'supplement_requested_at',
  supplementDue: 'supplement_due_at',
  supplementReceived: 'supplement_received_at',
  extensionApproved: 'extension_approved_at',
} as const;
type TimeEvent = keyof typeof EVENT_COLUMNS;

/** Every written column of ledger_items with its type, for bulk inserts. */
export const ITEM_COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['jurisdiction', 'text'],
  ['reference', 'text'],
  ['title', 'text'],
  ['department_code', 'text'],
  ['domain', 'text'],
  ['category', 'text'],
  ['decision_type', 'text'],
  ['rule_id', 'text'],
  ['rule_version', 'text'],
  ...Object.values(EVENT_COLUMNS).map((column) => [column, 'timestamptz'] as const),
  ['date_only_events', 'text[]'],
  ['consultations', 'jsonb'],
  ['extension_days', 'integer'],
  ['due_at', 'timestamptz'],
  ['due_date', 'date'],
  ['provisional', 'boolean'],
  ['warnings', 'jsonb'],
  ['status', 'text'],
  ['published_at', 'timestamptz'],
  ['published_url', 'text'],
  ['reply_reference', 'text'],
  ['delivery_method', 'text'],
  ['exemption_reason', 'text'],
  ['exemption_basis', 'text'],
  ['exemption_approved_by', 'text'],
  ['third_party_opinion', 'text'],
  ['withheld_basis', 'text'],
  ['withheld_reason', 'text'],
  ['withdrawal_reason', 'text'],
  ['notes', 'text'],
  ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
];

/** The columns an item's content is in: all written ones but the created/updated stamps, which a write sets itself. */
export const ITEM_CONTENT_COLUMNS: ReadonlyArray<readonly [string, string]> = ITEM_COLUMNS.filter(([name]) => name !== 'created_at' && name !== 'updated_at');

export interface ItemRow {
  id?: number;
  jurisdiction: string;
  reference: string;
  title: string;
  department_code: string;
  domain: string;
  category: string;
  decision_type: DecisionType | null;
  rule_id: string;
  rule_version: string;
  date_only_events: string[];
  consultations: ReadonlyArray<{ from: string; to?: string | undefined }> | null;
  extension_days?: number | null;
  due_at: string | Date;
  due_date: string;
  provisional: boolean;
  warnings?: ReadonlyArray<DeadlineWarning> | null;
  status: ItemStatus;
  published_at: string | Date | null;
  published_url: string | null;
  reply_reference?: string | null;
  delivery_method?: string | null;
  exemption_reason: string | null;
  exemption_basis: ExemptionBasis | null;
  exemption_approved_by: string | null;
  third_party_opinion?: ThirdPartyOpinion | null;
  withheld_basis?: ExemptionBasis | null;
  withheld_reason?: string | null;
  /** Kept by the database (migration 020), never written by the application. */
  exempted_at?: string | Date | null;
  withdrawal_reason: string | null;
  notes: string | null;
  created_at?: string | Date;
  updated_at?: string | Date;
  [eventColumn: string]: unknown;
}

function instantText(value: string | Date | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  return formatShanghaiMillis(value instanceof Date ? value.getTime() : DateTime.fromISO(value, { setZone: true }).toMillis());
}

const EVENT_COLUMN_ENTRIES = Object.entries(EVENT_COLUMNS) as ReadonlyArray<[TimeEvent, string]>;

/**
 * The row to write for an item; event times keep whether they were a date alone. With `omitEmpty` the empty
 * columns are left out instead of set to null (a bulk insert reads a missing key as null, and sends less).
 */
export function rowFromDraft(draft: ItemDraft, options: { omitEmpty?: boolean } = {}): ItemRow {
  const row = {
    jurisdiction: draft.jurisdiction,
    reference: draft.reference,
    title: draft.title,
    department_code: draft.departmentCode,
    domain: draft.domain,
    category: draft.category,
    rule_id: draft.ruleId,
    rule_version: draft.ruleVersion,
    date_only_events: [] as string[],
    due_at: draft.dueAt,
    due_date: draft.dueDate,
    provisional: draft.provisional,
    status: draft.status,
  } as ItemRow;
  const set = (column: string, value: unknown) => {
    if (value !== undefined && value !== null) row[column] = value;
    else if (!options.omitEmpty) row[column] = null;
  };
  set('decision_type', draft.decisionType);
  set('warnings', draft.warnings?.length ? draft.warnings : null);
  set('extension_days', draft.events.extensionDays);
  set('consultations', draft.events.consultations?.length ? draft.events.consultations : null);
  set('published_at', draft.publishedAt);
  set('published_url', draft.publishedUrl);
  set('reply_reference', draft.replyReference);
  set('delivery_method', draft.deliveryMethod);
  set('exemption_reason', draft.exemptionReason);
  set('exemption_basis', draft.exemptionBasis);
  set('exemption_approved_by', draft.exemptionApprovedBy);
  set('third_party_opinion', draft.thirdPartyOpinion);
  set('withheld_basis', draft.withheldBasis);
  set('withheld_reason', draft.withheldReason);
  set('withdrawal_reason', draft.withdrawalReason);
  set('notes', draft.notes);
  for (const [event, column] of EVENT_COLUMN_ENTRIES) {
    const text = draft.events[event];
    if (text === undefined || text === '') {
      set(column, null);
    } else if (isIsoDate(text)) {
      // A date alone is stored as that day's start in Asia/Shanghai, and remembered as a date alone.
      set(column, `${text}T00:00:00+08:00`);
      row.date_only_events.push(event);
    } else {
      // PostgreSQL reads an ISO time with its offset as it is; the core writes them in +08:00 already.
      set(column, text.endsWith('+08:00') ? text : formatShanghai(parseEventTime(text, event).instant));
    }
  }
  return row;
}

/** The columns of the events' times (formed_at, decided_at, …): where a deadline's counting starts, ends or pauses. */
export const EVENT_TIME_COLUMNS: readonly string[] = Object.values(EVENT_COLUMNS);

/** The columns an item's events are kept in, for reading them alone. */
export const EVENT_ROW_COLUMNS = [...EVENT_TIME_COLUMNS, 'date_only_events', 'consultations', 'extension_days'];

/** An item's events as the core reads them, from its row (a date alone stays a date alone). */
export function eventsFromRow(row: Pick<ItemRow, 'date_only_events' | 'consultations' | 'extension_days'> & Record<string, unknown>): DeadlineEvents {
  const events: Record<string, unknown> = {};
  for (const [event, column] of EVENT_COLUMN_ENTRIES) {
    const value = row[column] as string | Date | null;
    if (value === null || value === undefined) continue;
    const instant = instantText(value) as string;
    events[event] = row.date_only_events.includes(event) ? instant.slice(0, 10) : instant;
  }
  if (row.consultations) events.consultations = row.consultations;
  if (row.extension_days !== null && row.extension_days !== undefined) events.extensionDays = row.extension_days;
  return events as DeadlineEvents;
}

export function itemFromRow(row: ItemRow): LedgerItem {
  const events = eventsFromRow(row);
  return {
    id: Number(row.id),
    jurisdiction: row.jurisdiction,
    reference: row.reference,
    title: row.title,
    departmentCode: row.department_code,
    domain: row.domain,
    category: row.category,
    decisionType: row.decision_type ?? undefined,
    events,
    notes: row.notes ?? undefined,
    ruleId: row.rule_id,
    ruleVersion: row.rule_version,
    dueAt: instantText(row.due_at) as string,
    dueDate: row.due_date,
    provisional: row.provisional,
    ...(row.warnings?.length ? { warnings: row.warnings } : {}),
    status: row.status,
    publishedAt: instantText(row.published_at),
    publishedUrl: row.published_url ?? undefined,
    replyReference: row.reply_reference ?? undefined,
    deliveryMethod: row.delivery_method ?? undefined,
    exemptionReason: row.exemption_reason ?? undefined,
    exemptionBasis: row.exemption_basis ?? undefined,
    exemptionApprovedBy: row.exemption_approved_by ?? undefined,
    thirdPartyOpinion: row.third_party_opinion ?? undefined,
    withheldBasis: row.withheld_basis ?? undefined,
    withheldReason: row.withheld_reason ?? undefined,
    exemptedAt: instantText(row.exempted_at),
    withdrawalReason: row.withdrawal_reason ?? undefined,
    createdAt: instantText(row.created_at) as string,
    updatedAt: instantText(row.updated_at) as string,
  };
}
