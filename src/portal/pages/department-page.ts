import { humanTime } from '../../core/deadline-basis.js';
import type { DigestWords } from '../../delivery/digest-words.js';
import { escapeHtml, htmlTable, type Cell } from '../../delivery/html.js';
import type { CheckFindingRow } from '../../inspection/check-store.js';
import type { ItemView } from '../item-view.js';
import type { PortalWords } from '../portal-words.js';
import { page, section, type Viewer } from './layout.js';

export interface DepartmentPageInput {
  readonly words: PortalWords;
  readonly mailWords: DigestWords;
  readonly departmentName: string;
  /** Open items, late first. */
  readonly views: readonly ItemView[];
  /** Items with an exemption request waiting for the office. */
  readonly pendingExemptions: ReadonlySet<number>;
  readonly findings: readonly CheckFindingRow[];
  /** Where its item pages are: /d/items (the department) or /view/items (the office, read only). */
  readonly itemsPath: string;
  /** The department's own page has its actions (upload, CSV, template); the office's view is read only. */
  readonly own: boolean;
  readonly viewer: Viewer;
}

/** A department's open items as its reminder digest lists them, each linking to its page, and what the checks found. */
export function renderDepartmentPage(input: DepartmentPageInput): string {
  const { words, mailWords } = input;
  const rows: Cell[][] = input.views.map((view) => [
    view.stageLabel ?? words.item.statuses.open,
    view.item.reference,
    `${view.item.title}${input.pendingExemptions.has(view.item.id) ? words.department.pendingExemption : ''}`,
    view.category,
    view.basis,
    view.due,
    view.timeLeft,
    { text: input.own ? mailWords.department.itemTodo : words.department.open, href: `${input.itemsPath}/${view.item.id}` },
  ]);
  const list = rows.length === 0 ? `<p>${escapeHtml(words.department.none)}</p>` : `<div class="scroll">${htmlTable(mailWords.department.headers, rows)}</div>`;
  const actions = input.own
    ? `<nav><a href="/d/upload">${escapeHtml(words.department.actions.upload)}</a><a href="/d/items.csv">${escapeHtml(words.department.actions.csv)}</a><a href="/d/template.xlsx">${escapeHtml(words.department.actions.template)}</a></nav>`
    : '';
  const findings =
    input.findings.length === 0
      ? ''
      : section(
          words.department.checksHeading,
          `<div class="scroll">${htmlTable(
            words.department.checksHeaders,
            input.findings.map((f) => [f.reference, { text: f.title, href: `${input.itemsPath}/${f.itemId}` }, f.url, words.item.checks[f.outcome], humanTime(f.checkedAt)]),
          )}</div>`,
        );
  const title = `${words.department.heading(input.departmentName)}${input.own ? '' : words.department.readOnly}`;
  return page(mailWords.htmlLang, words, title, `${actions}${findings}${list}`, input.viewer);
}
