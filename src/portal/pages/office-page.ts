import { humanTime } from '../../core/deadline-basis.js';
import type { Department } from '../../core/organisation.js';
import type { DigestWords } from '../../delivery/digest-words.js';
import { escapeHtml, htmlTable, paragraphs, type Cell } from '../../delivery/html.js';
import type { ReportSection } from '../../delivery/render-escalation.js';
import type { AccessLink } from '../access-links.js';
import type { ExemptionRequest } from '../exemption-requests.js';
import type { PortalWords } from '../portal-words.js';
import { csrfField, notice, page, postButton, section, type Viewer } from './layout.js';

export interface OfficePageInput {
  readonly words: PortalWords;
  readonly mailWords: DigestWords;
  readonly officeName: string;
  /** The escalation digest's sections, as the mail has them. */
  readonly sections: readonly ReportSection[];
  readonly requests: readonly ExemptionRequest[];
  readonly departments: readonly Department[];
  readonly links: readonly AccessLink[];
  /** The office decides and revokes; the admin's view of it reads only. */
  readonly canAct: boolean;
  readonly message?: { readonly text: string; readonly kind: 'ok' | 'warn' | 'error' } | undefined;
  readonly viewer: Viewer;
  /** The office's dashboard (charts, the 通报 draft, the year's statistics). */
  readonly dashboard: { readonly href: string; readonly label: string };
}

/** The sections of the digest an office acts on, in the digest's order. */
const SHOWN: ReadonlyArray<ReportSection['key']> = ['byDepartment', 'aging', 'notice', 'overdue', 'publishedLate', 'rates', 'checks'];

/** The supervising office's page: what is late (as in its digest), the exemption requests to decide, its departments, and its links. */
export function renderOfficePage(input: OfficePageInput): string {
  const { words, mailWords } = input;
  const w = words.office;
  const names = new Map(input.departments.map((d) => [d.code, d.name]));
  const report = input.sections
    .filter((s) => SHOWN.includes(s.key))
    .map((s) => section(s.title, s.rows.length === 0 ? paragraphs([mailWords.escalation.none]) : `<div class="scroll">${htmlTable(s.head, s.rows)}</div>`))
    .join('');
  const requests =
    input.requests.length === 0
      ? `<p>${escapeHtml(w.noRequests)}</p>`
      : `<div class="scroll">${htmlTable(
          w.requestHeaders,
          input.requests.map((r): Cell[] => [
            names.get(r.departmentCode) ?? r.departmentCode,
            { text: r.reference, href: `/view/items/${r.itemId}` },
            r.title,
            r.thirdPartyOpinion ? `${words.item.bases[r.basis]}（${words.item.thirdPartyOpinions[r.thirdPartyOpinion]}）` : words.item.bases[r.basis],
            r.reason,
            r.reviewedBy,
            humanTime(r.requestedAt),
            input.canAct ? { html: decisionForms(r.id, input) } : '',
          ]),
        )}</div>`;
  const departments = `<ul>${input.departments.map((d) => `<li><a href="/view/departments/${encodeURIComponent(d.code)}">${escapeHtml(d.name)}</a></li>`).join('')}</ul>`;
  const parts = [
    input.message ? notice(input.message.text, input.message.kind) : '',
    `<p><a href="${escapeHtml(input.dashboard.href)}">${escapeHtml(input.dashboard.label)}</a></p>`,
    section(w.requestsHeading, requests),
    report,
    section(w.departmentsHeading, departments),
    input.canAct ? section(w.linksHeading, linksTable(input, names)) : '',
  ];
  return page(mailWords.htmlLang, words, w.heading(input.officeName), parts.join(''), input.viewer);
}

function decisionForms(id: number, input: OfficePageInput): string {
  const w = input.words.office;
  const approve = postButton(`/o/exemptions/${id}/approve`, input.viewer.csrf, w.approve);
  const refuse = `<form method="post" action="/o/exemptions/${id}/refuse">${csrfField(input.viewer.csrf)}<label for="refuse-${id}">${escapeHtml(w.refuseReason)}</label><input id="refuse-${id}" name="reason" type="text" required maxlength="1000"><button type="submit">${escapeHtml(w.refuse)}</button></form>`;
  return `${approve}${refuse}`;
}

function linksTable(input: OfficePageInput, names: ReadonlyMap<string, string>): string {
  const w = input.words.office;
  if (input.links.length === 0) return `<p>${escapeHtml(w.noLinks)}</p>`;
  const rows = input.links.map((l): Cell[] => [
    String(l.id),
    names.get(l.audienceCode) ?? l.audienceCode,
    l.purpose,
    humanTime(l.createdAt),
    humanTime(l.expiresAt),
    { html: postButton(`/o/links/${l.id}/revoke`, input.viewer.csrf, w.revoke) },
  ]);
  const table = htmlTable(w.linkHeaders, rows);
  const revokeAll = input.departments.map((d) => postButton(`/o/departments/${encodeURIComponent(d.code)}/revoke-links`, input.viewer.csrf, `${w.revokeAll}：${d.name}`)).join(' ');
  return `<div class="scroll">${table}</div><p>${revokeAll}</p>`;
}
