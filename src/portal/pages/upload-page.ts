import type { DigestWords } from '../../delivery/digest-words.js';
import { escapeHtml, htmlTable } from '../../delivery/html.js';
import type { ImportProblem } from '../../intake/import-ledger.js';
import type { PortalWords } from '../portal-words.js';
import { notice, page, section, type Viewer } from './layout.js';

export interface UploadPageInput {
  readonly words: PortalWords;
  readonly mailWords: DigestWords;
  readonly viewer: Viewer;
  readonly outcome?: UploadOutcome | undefined;
}

export interface UploadOutcome {
  readonly message: string;
  readonly kind: 'ok' | 'warn' | 'error';
  readonly problems: readonly ImportProblem[];
  readonly sheet?: string | undefined;
  readonly notices?: readonly string[] | undefined;
  /** Rows refused in all, when problems beyond those listed were only counted. */
  readonly rejectedRows?: number | undefined;
  readonly moreProblems?: Readonly<Record<string, number>> | undefined;
}

/**
 * The upload form and, after an upload, what became of it: the rows' problems as a table naming row, column and
 * what is wrong. The CSRF token goes in the form's address: a multipart body is read only after the check.
 */
export function renderUploadPage(input: UploadPageInput): string {
  const w = input.words.upload;
  const outcome = input.outcome;
  const result = outcome ? renderOutcome(outcome, w) : '';
  const form = `<p>${escapeHtml(w.hint)} <a href="/d/template.xlsx">${escapeHtml(input.words.department.actions.template)}</a></p>
<form method="post" action="/d/upload?_csrf=${encodeURIComponent(input.viewer.csrf)}" enctype="multipart/form-data">
<label for="file">${escapeHtml(w.file)}</label><input id="file" name="file" type="file" required accept=".xlsx,.csv">
<label><input type="radio" name="mode" value="all" checked> ${escapeHtml(w.allOrNothing)}</label>
<label><input type="radio" name="mode" value="partial"> ${escapeHtml(w.partial)}</label>
<button type="submit">${escapeHtml(w.submit)}</button></form>
<p><a href="/d">${escapeHtml(input.words.item.back)}</a></p>`;
  return page(input.mailWords.htmlLang, input.words, w.heading, `${result}${form}`, input.viewer);
}

function renderOutcome(outcome: UploadOutcome, w: PortalWords['upload']): string {
  const sheet = outcome.sheet === undefined ? '' : `<p>${escapeHtml(w.sheetRead(outcome.sheet))}</p>`;
  const notices = outcome.notices?.length ? section(w.noticesHeading, `<ul>${outcome.notices.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`) : '';
  const more = outcome.moreProblems ? moreProblems(outcome.moreProblems, outcome.rejectedRows, w) : '';
  const table = `<div class="scroll">${htmlTable(w.problemHeaders, outcome.problems.map((p) => [String(p.row), p.column, p.message]))}</div>`;
  const problems = outcome.problems.length > 0 ? section(w.problemsHeading, `${table}${more}`) : '';
  return `${notice(outcome.message, outcome.kind)}${sheet}${problems}${notices}`;
}

/** The problems counted but not listed, by column, and the rows refused in all. */
function moreProblems(byColumn: Readonly<Record<string, number>>, rejectedRows: number | undefined, w: PortalWords['upload']): string {
  const entries = Object.entries(byColumn);
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  const columns = entries.map(([column, count]) => `${column} ${count}`).join('，');
  const rows = rejectedRows === undefined ? '' : ` ${w.rowsRejected(rejectedRows)}`;
  return `<p class="more-problems">${escapeHtml(w.moreProblems(total, columns))}${escapeHtml(rows)}</p>`;
}
