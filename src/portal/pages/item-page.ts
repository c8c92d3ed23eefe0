import { humanTime } from '../../core/deadline-basis.js';
import type { DigestWords } from '../../delivery/digest-words.js';
import { escapeHtml, htmlTable } from '../../delivery/html.js';
import type { HistoryEntry } from '../../ledger/history-store.js';
import { EXEMPTION_BASES, type LedgerItem, type ThirdPartyOpinion } from '../../ledger/item.js';
import type { ItemView } from '../item-view.js';
import type { PortalWords } from '../portal-words.js';
import { csrfField, facts, notice, page, section, type Viewer } from './layout.js';

export interface ItemPageInput {
  readonly words: PortalWords;
  readonly mailWords: DigestWords;
  readonly view: ItemView<LedgerItem>;
  readonly history: readonly HistoryEntry[];
  /** What the engine warns of for this item (itemWarnings). */
  readonly warnings: readonly string[];
  /** What the publication check found at its last look (or that it has not looked yet). */
  readonly check?: { readonly outcome: keyof PortalWords['item']['checks']; readonly at?: string | undefined; readonly detail?: string | undefined } | undefined;
  /** Its category is met by a delivered document (a reply, a report): the form takes its number and delivery. */
  readonly delivered: boolean;
  readonly exemptionPending: boolean;
  /** Whether the viewer may act on it (its own department); the office reads only. */
  readonly canAct: boolean;
  /** The latest outcome to tell (published on time / late, request sent) or a refusal of what was sent. */
  readonly message?: { readonly text: string; readonly kind: 'ok' | 'warn' | 'error' } | undefined;
  /** What the clerk typed, kept when a form was refused. */
  readonly form?: Readonly<Record<string, string>> | undefined;
  /** The time fields default to (now, Beijing time, as a datetime-local value). */
  readonly nowLocal: string;
  readonly backPath: string;
  readonly viewer: Viewer;
}

const value = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** One item: its deadline and rule, its publication and check, the forms to answer it, and its history. */
export function renderItemPage(input: ItemPageInput): string {
  const { words, view } = input;
  const w = words.item;
  const item = view.item;
  const rows: Array<[string, string]> = [
    [w.facts.reference, item.reference],
    [w.facts.title, item.title],
    [w.facts.category, view.category],
    [w.facts.basis, view.basis],
    [w.facts.due, view.due],
    [w.facts.status, `${w.statuses[item.status]}${item.status === 'open' ? `（${view.timeLeft}）` : ''}`],
  ];
  if (item.publishedAt) rows.push([w.facts.published, [humanTime(item.publishedAt), item.publishedUrl, item.replyReference, item.deliveryMethod].filter(Boolean).join(' ')]);
  if (input.check) rows.push([w.facts.check, `${w.checks[input.check.outcome]}${input.check.at ? `（${humanTime(input.check.at)}）` : ''}${input.check.detail ? ` ${input.check.detail}` : ''}`]);

  const parts = [input.message ? notice(input.message.text, input.message.kind) : '', facts(rows), ...input.warnings.map((warning) => notice(warning, 'warn'))];
  if (input.canAct && item.status === 'open') {
    parts.push(publishForm(input));
    parts.push(input.exemptionPending ? notice(w.requested, 'warn') : exemptionForm(input));
  }
  parts.push(section(w.history, `<div class="scroll">${htmlTable(w.historyHeaders, input.history.map((h) => historyRow(h, words)))}</div>`));
  parts.push(`<p><a href="${escapeHtml(input.backPath)}">${escapeHtml(w.back)}</a></p>`);
  return page(input.mailWords.htmlLang, words, `${item.reference} ${item.title}`, parts.join(''), input.viewer);
}

function historyRow(entry: HistoryEntry, words: PortalWords): string[] {
  const changes = Object.entries(entry.changes).map(([field, [before, after]]) => `${field}: ${value(before)} → ${value(after)}`);
  return [humanTime(entry.at), entry.actor, words.item.actions[entry.action] ?? entry.action, changes.join('\n'), entry.note ?? ''];
}

/** A reply or report: the document's number and how it was delivered (答复文号, 送达方式) instead of an address. */
function deliveredFields(input: ItemPageInput): string {
  const w = input.words.item;
  const form = input.form ?? {};
  return `<p>${escapeHtml(w.deliveredHint)}</p>
<label for="replyReference">${escapeHtml(w.replyReference)}</label><input id="replyReference" name="replyReference" type="text" maxlength="100" value="${escapeHtml(form.replyReference ?? '')}">
<label for="delivery">${escapeHtml(w.delivery)}</label><input id="delivery" name="delivery" type="text" maxlength="200" value="${escapeHtml(form.delivery ?? '')}">
`;
}

function publishForm(input: ItemPageInput): string {
  const w = input.words.item;
  const form = input.form ?? {};
  return section(
    w.publishHeading,
    `<p>${escapeHtml(w.publishHint)}</p><form method="post" action="/d/items/${input.view.item.id}/publish">${csrfField(input.viewer.csrf)}
${input.delivered ? deliveredFields(input) : ''}<label for="url">${escapeHtml(input.delivered ? w.urlOptional : w.url)}</label><input id="url" name="url" type="url"${input.delivered ? '' : ' required'} maxlength="2000" placeholder="https://" value="${escapeHtml(form.url ?? '')}">
<label for="at">${escapeHtml(w.at)}</label><input id="at" name="at" type="datetime-local" max="${escapeHtml(input.nowLocal)}" value="${escapeHtml(form.at ?? input.nowLocal)}">
<button type="submit">${escapeHtml(w.publish)}</button></form>`,
  );
}

function exemptionForm(input: ItemPageInput): string {
  const w = input.words.item;
  const form = input.form ?? {};
  const options = EXEMPTION_BASES.map((b) => `<option value="${b}"${form.basis === b ? ' selected' : ''}>${escapeHtml(w.bases[b])}</option>`).join('');
  // Only the answers that leave the information withheld (第十五条): consent or the public interest mean publishing.
  const withholding: readonly ThirdPartyOpinion[] = ['refused', 'no_answer'];
  const thirdPartyOptions = withholding.map((o) => `<option value="${o}"${form.thirdParty === o ? ' selected' : ''}>${escapeHtml(w.thirdPartyOpinions[o])}</option>`).join('');
  return section(
    w.exemptHeading,
    `<p>${escapeHtml(w.exemptHint)}</p><form method="post" action="/d/items/${input.view.item.id}/exemption">${csrfField(input.viewer.csrf)}
<label for="basis">${escapeHtml(w.basis)}</label><select id="basis" name="basis" required>${options}</select>
<label for="reason">${escapeHtml(w.reason)}</label><textarea id="reason" name="reason" required maxlength="1000" rows="3">${escapeHtml(form.reason ?? '')}</textarea>
<label for="reviewedBy">${escapeHtml(w.reviewer)}</label><input id="reviewedBy" name="reviewedBy" type="text" required maxlength="100" value="${escapeHtml(form.reviewedBy ?? '')}">
<label for="thirdParty">${escapeHtml(w.thirdParty)}</label><select id="thirdParty" name="thirdParty"><option value="">—</option>${thirdPartyOptions}</select>
<button type="submit">${escapeHtml(w.requestExemption)}</button></form>`,
  );
}
