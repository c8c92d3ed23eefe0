import type { Knex } from 'knex';
import { InputError } from '../core/errors.js';
import { formatShanghaiMillis } from '../core/shanghai-time.js';
import { checkLength, parseExemptionBasis } from '../ledger/field-parsers.js';
import { appendHistoryEvent, type Change } from '../ledger/history-store.js';
import { EXEMPTION_BASIS_LABELS, THIRD_PARTY_OPINION_LABELS, type ExemptionBasis, type LedgerItem, type ThirdPartyOpinion } from '../ledger/item.js';
import { thirdPartyAnswer } from '../ledger/third-party.js';
import { applyToItem } from '../ledger/item-actions.js';
import { exempt } from '../ledger/lifecycle.js';
import { itemOf } from './department-items.js';

/**
 * A department's request not to publish an item (申请不予公开), with its basis, reason and who did the
 * confidentiality review (保密审查). The item stays on its ladder until the supervising office approves it (then it
 * is exempt, as `ledger exempt` would make it) or refuses it (it stays open). Each step is in the item's history.
 */
export interface ExemptionRequest {
  readonly id: number;
  readonly itemId: number;
  readonly reference: string;
  readonly title: string;
  readonly departmentCode: string;
  readonly basis: ExemptionBasis;
  readonly reason: string;
  readonly reviewedBy: string;
  readonly thirdPartyOpinion?: ThirdPartyOpinion | undefined;
  readonly requestedAt: string;
}

export interface RequestInput {
  readonly basis: string;
  readonly reason: string;
  readonly reviewedBy: string;
  /** 第三方意见 (第十五条), for trade secrets and privacy. */
  readonly thirdParty?: string | undefined;
}

/** `isRequest`: the item is a disclosure request's reply (the third party must have been asked, 条例第三十二条). */
export async function requestExemption(db: Knex, item: LedgerItem, input: RequestInput, linkId: number, change: Change, isRequest = false): Promise<void> {
  const basis = parseExemptionBasis(input.basis);
  const reason = checkLength(input.reason.trim(), 'reason', 'the reason');
  const reviewedBy = checkLength(input.reviewedBy.trim(), 'person', 'the reviewer');
  if (!reason) throw new InputError('请填写不予公开的理由 (the reason is required)');
  if (!reviewedBy) throw new InputError('请填写保密审查人 (who did the confidentiality review is required)');
  // Checked as the office's approval will check it, so that the office is never asked to approve what cannot be.
  const thirdParty = thirdPartyAnswer(input.thirdParty, basis, isRequest);
  await db.transaction(async (trx) => {
    const current = await itemOf(trx, item.id, [item.departmentCode], true);
    if (!current || current.status !== 'open') throw new InputError(`${item.reference} 不是待公开状态，无需申请 (it is not open)`);
    const inserted = await trx('exemption_requests')
      .insert({ item_id: item.id, department_code: item.departmentCode, basis, reason, reviewed_by: reviewedBy, third_party_opinion: thirdParty ?? null, requested_at: change.at, requested_link_id: linkId })
      .onConflict(trx.raw("(item_id) where status = 'pending'"))
      .ignore()
      .returning('id');
    if (inserted.length === 0) throw new InputError(`${item.reference} 已有待审批的不予公开申请 (a request is already waiting)`);
    const said = thirdParty ? `；${THIRD_PARTY_OPINION_LABELS[thirdParty]}` : '';
    await appendHistoryEvent(trx, item.id, 'request-exemption', { ...change, note: `${EXEMPTION_BASIS_LABELS[basis]}：${reason}（保密审查：${reviewedBy}${said}）` });
  });
}

interface RequestRow {
  id: number;
  item_id: number;
  reference: string;
  title: string;
  department_code: string;
  basis: ExemptionBasis;
  reason: string;
  reviewed_by: string;
  third_party_opinion: ThirdPartyOpinion | null;
  requested_at: Date;
}

const fromRow = (r: RequestRow): ExemptionRequest => ({
  id: Number(r.id),
  itemId: Number(r.item_id),
  reference: r.reference,
  title: r.title,
  departmentCode: r.department_code,
  basis: r.basis,
  reason: r.reason,
  reviewedBy: r.reviewed_by,
  thirdPartyOpinion: r.third_party_opinion ?? undefined,
  requestedAt: formatShanghaiMillis(r.requested_at.getTime()),
});

/** The requests of these departments still waiting for a decision, oldest first. */
export async function pendingRequests(db: Knex, departmentCodes: readonly string[]): Promise<ExemptionRequest[]> {
  const rows = await db('exemption_requests as r')
    .join('ledger_items as i', 'i.id', 'r.item_id')
    .where('r.status', 'pending')
    // Published or withdrawn meanwhile: nothing left to decide.
    .where('i.status', 'open')
    .whereRaw('r.department_code = any(?::text[])', [departmentCodes as string[]])
    .orderBy('r.id')
    .select('r.id', 'r.item_id', 'i.reference', 'i.title', 'r.department_code', 'r.basis', 'r.reason', 'r.reviewed_by', 'r.third_party_opinion', 'r.requested_at');
  return (rows as RequestRow[]).map(fromRow);
}

/** Whether an exemption request of this item waits for the office. */
export async function exemptionPending(db: Knex, itemId: number): Promise<boolean> {
  return (await db('exemption_requests').where({ item_id: itemId, status: 'pending' }).first('id')) !== undefined;
}

export type Decision = { readonly approve: true } | { readonly approve: false; readonly reason: string };

/**
 * The office decides a waiting request of one of its departments. Approval exempts the item (its approver: the office,
 * after the department's confidentiality review); refusal leaves it open, with the office's reason in its history.
 * Returns the request's item; a request already decided, or not the office's, is refused.
 */
export async function decideExemption(
  db: Knex,
  requestId: number,
  departmentCodes: readonly string[],
  decision: Decision,
  decider: { readonly linkId: number; readonly officeName: string },
  change: Change,
  isRequest: (item: LedgerItem) => boolean = () => false,
): Promise<ExemptionRequest> {
  if (!decision.approve && !decision.reason.trim()) throw new InputError('请填写不予批准的理由 (a refusal needs its reason)');
  return db.transaction(async (trx) => {
    const row = (await trx('exemption_requests as r')
      .join('ledger_items as i', 'i.id', 'r.item_id')
      .where('r.id', Number.isSafeInteger(requestId) ? requestId : 0)
      .whereRaw('r.department_code = any(?::text[])', [departmentCodes as string[]])
      .forUpdate('r')
      .first('r.id', 'r.item_id', 'i.reference', 'i.title', 'r.department_code', 'r.basis', 'r.reason', 'r.reviewed_by', 'r.third_party_opinion', 'r.requested_at', 'r.status', 'i.jurisdiction')) as (RequestRow & { status: string; jurisdiction: string }) | undefined;
    if (!row) throw new NotYoursError();
    if (row.status !== 'pending') throw new InputError(`该申请已处理 (already ${row.status})`);
    const request = fromRow(row);
    const decided = { status: decision.approve ? 'approved' : 'refused', decided_at: change.at, decided_link_id: decider.linkId, decision_reason: decision.approve ? null : decision.reason.trim() };
    await trx('exemption_requests').where({ id: request.id }).update(decided);
    if (decision.approve) {
      const approvedBy = `${decider.officeName}（保密审查：${request.reviewedBy}）`;
      await applyToItem(trx, { reference: request.reference, jurisdiction: row.jurisdiction }, 'exempt', (item) => exempt(item, { reason: request.reason, basis: request.basis, approvedBy, thirdParty: request.thirdPartyOpinion }, isRequest(item)), {
        ...change,
        note: `不予公开申请 #${request.id} 获批准`,
      });
    } else {
      await appendHistoryEvent(trx, request.itemId, 'refuse-exemption', { ...change, note: `不予公开申请 #${request.id} 未获批准：${decision.reason.trim()}` });
    }
    return request;
  });
}

/** A request id that is not one of the office's departments': answered like one that does not exist. */
export class NotYoursError extends Error {
  override readonly name = 'NotYoursError';
}
