import type { DateTime } from 'luxon';
import type { ItemStatus } from './item.js';

/** The states a disclosure request's own events put it in; published, exempt and withdrawn are recorded acts. */
const EVENT_STATES: ReadonlySet<ItemStatus> = new Set<ItemStatus>(['open', 'awaiting_supplement', 'abandoned']);

/**
 * What an item's status is once its deadline is known. An item still to be answered is open, unless it is a
 * disclosure request waiting for the requester's supplement (补正): then it is awaiting_supplement, or stays
 * abandoned if the ledger already recorded that. A supplement received makes either open again, with its reply
 * deadline counted from the supplement (条例第三十条). Published, exempt and withdrawn items keep their status.
 */
export function settledStatus(stated: ItemStatus, awaitingSupplement: boolean): ItemStatus {
  if (!EVENT_STATES.has(stated)) return stated;
  if (!awaitingSupplement) return 'open';
  return stated === 'abandoned' ? 'abandoned' : 'awaiting_supplement';
}

/**
 * A request whose 补正 period has ended with no supplement is deemed abandoned (视为放弃申请, 条例第三十条): the
 * item's due moment, while awaiting, is the period's end. Pure: the clock is `now`.
 */
export function lapsedStatus(item: { readonly status: ItemStatus; readonly dueAt: string }, now: DateTime): ItemStatus {
  return item.status === 'awaiting_supplement' && Date.parse(item.dueAt) < now.toMillis() ? 'abandoned' : item.status;
}

/** A request waiting for its supplement, or abandoned without one, has no reply deadline: its moment is the 补正 period's end. */
export function hasNoReplyDeadline(status: ItemStatus): boolean {
  return status === 'awaiting_supplement' || status === 'abandoned';
}

/** Whether the status is one of those a request's events decide (so a re-import may move between them). */
export function isEventState(status: ItemStatus): boolean {
  return EVENT_STATES.has(status);
}
