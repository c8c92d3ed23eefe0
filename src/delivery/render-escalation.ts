import { humanTime } from '../core/deadline-basis.js';
import { excelCsv } from '../csv/excel-csv.js';
import type { DigestWords } from './digest-words.js';
import { onTimeRate } from '../statistics/timeliness.js';
import type { EscalationReport, LateItem } from './escalation-report.js';
import { escapeHtml, htmlPage, htmlTable, paragraphs } from './html.js';
import { shownRows } from './mail-rows.js';
import type { InlineImage, RenderedMail } from './render-department.js';

export interface EscalationMailInput {
  readonly officeCode: string;
  readonly officeName: string;
  readonly date: string;
  readonly report: EscalationReport;
  readonly words: DigestWords;
  /** The office's link into the portal (a placeholder that delivery fills in). */
  readonly portalLink: string;
  /** The charts, shown under the link (the text version keeps its tables). */
  readonly images?: readonly InlineImage[] | undefined;
}

/**
 * The supervising office's escalation digest (督办) or, on the first digest of a week, its weekly summary (周报):
 * sections in a fixed order so that the office finds the same thing in the same place every day. Pure.
 */
export function renderEscalationDigest(input: EscalationMailInput): RenderedMail {
  const { report, words } = input;
  const w = words.escalation;
  const summary =
    report.late.length === 0
      ? w.nothingLate
      : [words.count(report.late.length, words.stages.overdue), report.noticeCandidates.length > 0 ? words.count(report.noticeCandidates.length, words.stages.notice) : '']
          .filter(Boolean)
          .join(words.join);
  const subject = w.subject(input.officeName, summary, input.date, report.weekly);
  const intro = w.intro(report.weekly, humanTime(report.since));
  const portal = w.portal(input.portalLink);
  // Each table cut to what one mail shows, once for both bodies.
  const sections = escalationSections(report, words).map((s) => {
    const cut = shownRows(s.rows);
    return { ...s, ...cut, more: cut.hidden ? [words.moreRows(cut.hidden, whereAll(s))] : [] };
  });
  const greeting = words.department.greeting(input.officeName);
  const charts = (input.images ?? [])
    .map((image) => `<p><img src="cid:${escapeHtml(image.cid)}" width="760" alt="${escapeHtml(image.alt)}" style="max-width:100%;height:auto"></p>`)
    .join('');
  const text = [
    greeting,
    intro,
    portal,
    // Each table with its header row, as in the HTML: `区国土分局 | 3 | 0 | 1` alone says nothing.
    ...sections.flatMap((s) => ['', s.title, ...(s.rows.length === 0 ? [w.none] : [s.head, ...s.shown].map((row) => row.join(' | '))), ...s.more]),
    '',
    words.footer,
  ].join('\n');
  const html = sections
    .map((s) => `<h3>${escapeHtml(s.title)}</h3>${s.rows.length === 0 ? paragraphs([w.none]) : htmlTable(s.head, s.shown)}${paragraphs(s.more)}`)
    .join('');
  return {
    subject,
    text,
    html: htmlPage(words.htmlLang, subject, `${paragraphs([greeting, intro])}<p><a href="${escapeHtml(input.portalLink)}">${escapeHtml(portal)}</a></p>${charts}${html}`, words.footer),
    attachmentName: w.attachmentName(input.officeCode, input.date),
    csv: excelCsv(w.headers.items, report.late.map((item) => lateItemRow(item, words))),
    images: input.images,
  };
}

/** The attached CSV lists the late items (超期、督办、通报); the other tables are whole on the office's portal page. */
function whereAll(section: ReportSection): 'csv' | 'portal' {
  return section.key === 'overdue' || section.key === 'newlyLate' || section.key === 'notice' ? 'csv' : 'portal';
}

export interface ReportSection {
  readonly key: keyof DigestWords['escalation']['sections'];
  readonly title: string;
  readonly head: readonly string[];
  readonly rows: string[][];
}

function lateItemRow(item: LateItem, words: DigestWords): string[] {
  return [words.stages[item.stage], item.departmentName, item.reference, item.title, item.domainName, item.category, item.ruleName, humanTime(item.dueAt), item.late];
}

/** The digest's sections in their fixed order, as rows of text: the mail and the office's page show the same. */
export function escalationSections(report: EscalationReport, words: DigestWords): ReportSection[] {
  const w = words.escalation;
  const itemRow = (item: LateItem) => lateItemRow(item, words);
  const rate = (count: { due: number; onTime: number }) => onTimeRate(count) ?? w.noRate;
  const sections: Array<Omit<ReportSection, 'title'>> = [
    { key: 'byDepartment', head: w.headers.byDepartment, rows: report.byDepartmentDomain.map((r) => [r.departmentName, r.domainName, String(r.late), String(r.escalated), String(r.notice)]) },
    { key: 'aging', head: w.headers.aging, rows: report.aging.map((r) => [r.departmentName, ...r.buckets.map(String), String(r.total)]) },
    { key: 'newlyLate', head: w.headers.items, rows: report.newlyLate.map(itemRow) },
    { key: 'publishedLate', head: w.headers.publishedLate, rows: report.publishedLate.map((p) => [p.departmentName, p.reference, p.title, humanTime(p.dueAt), humanTime(p.publishedAt), p.late]) },
    {
      key: 'rates',
      head: w.headers.rates,
      rows: report.rates.map((r) => [r.departmentName, String(r.month.due), String(r.month.onTime), rate(r.month), String(r.year.due), String(r.year.onTime), rate(r.year)]),
    },
    { key: 'notice', head: w.headers.items, rows: report.noticeCandidates.map(itemRow) },
    { key: 'overdue', head: w.headers.items, rows: report.late.map(itemRow) },
    {
      key: 'checks',
      head: w.headers.checks,
      rows: report.checkFindings.map((f) => [f.departmentName, f.reference, f.title, f.url, w.checkOutcomes[f.outcome], humanTime(f.checkedAt)]),
    },
    {
      key: 'publicity',
      head: w.headers.publicity,
      rows: report.shortPublicity.map((p) => [p.departmentName, p.reference, p.title, humanTime(p.publishedAt), p.warning]),
    },
    {
      key: 'health',
      head: w.headers.health,
      rows: report.failedMail.length === 0 ? [[w.healthy, '']] : report.failedMail.map((f) => [f.key, w.failedMail(f.to, f.error)]),
    },
  ];
  return sections.map((section) => ({ ...section, title: w.sections[section.key] }));
}
