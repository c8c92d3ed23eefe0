import { humanTime } from '../core/deadline-basis.js';
import { excelCsv } from '../csv/excel-csv.js';
import { byUrgency, entryLabel, latestPerItem, type DigestEntry } from './digest-entry.js';
import type { DigestWords } from './digest-words.js';
import { cellText, escapeHtml, htmlPage, htmlTable, paragraphs, type Cell } from './html.js';
import { shownRows } from './mail-rows.js';

/** A mail's words: the subject, both bodies, and the full list as CSV. */
export interface RenderedMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly attachmentName: string;
  readonly csv: string;
  /** Pictures the HTML shows as <img src="cid:…"> (the escalation digest's charts). */
  readonly images?: readonly InlineImage[] | undefined;
}

/** A PNG inside a message, stored with it: its `cid` is what the HTML's <img src="cid:…"> names. */
export interface InlineImage {
  readonly cid: string;
  readonly filename: string;
  readonly alt: string;
  readonly base64: string;
}

export interface DepartmentMailInput {
  readonly departmentCode: string;
  readonly departmentName: string;
  /** The day it is for (Asia/Shanghai). */
  readonly date: string;
  readonly entries: readonly DigestEntry[];
  readonly words: DigestWords;
  /** The department's link into the portal (a placeholder that delivery fills in): each item's 办理 links there. */
  readonly portalLink: string;
}

/** Where an item's 办理 link goes: the item on the department's page, through the digest's link. */
export function itemLink(portalLink: string, itemId: number): string {
  return `${portalLink}?item=${itemId}`;
}

/**
 * A department's reminder digest (提醒): every step recorded for it since its last digest, one line per item, late
 * items first, each with its rule and legal basis and what to do. Pure: the entries carry their time left, worked
 * out by the caller at one moment.
 */
export function renderDepartmentDigest(input: DepartmentMailInput): RenderedMail {
  const { words } = input;
  const sorted = latestPerItem(input.entries).sort(byUrgency);
  const counts = { overdue: 0, 'due-today': 0, upcoming: 0 };
  for (const entry of sorted) counts[entry.state]++;
  const summary = (
    [
      [counts.overdue, words.stages.overdue],
      [counts['due-today'], words.stages.due],
      [counts.upcoming, words.stages.upcoming],
    ] as const
  )
    .filter(([n]) => n > 0)
    .map(([n, label]) => words.count(n, label))
    .join(words.join);
  return renderItemsMail(input, words.department.subject(input.departmentName, summary, input.date), [words.department.intro], sorted);
}

/** The mail an hour-counted item (12 小时内) gets at once: the daily digest would come too late for it. */
export function renderUrgentMail(input: DepartmentMailInput & { readonly entries: readonly [DigestEntry] }): RenderedMail {
  const entry = input.entries[0];
  const subject = input.words.urgent.subject(input.departmentName, entryLabel(entry, input.words), entry.reference, humanTime(entry.dueAt));
  return renderItemsMail(input, subject, [input.words.urgent.intro], input.entries);
}

function renderItemsMail(input: DepartmentMailInput, subject: string, intro: readonly string[], sorted: readonly DigestEntry[]): RenderedMail {
  const { words } = input;
  const rows: Cell[][] = sorted.map((e) => [
    entryLabel(e, words),
    e.reference,
    e.title,
    e.category,
    e.basis,
    humanTime(e.dueAt),
    e.timeLeft,
    { text: words.department.itemTodo, href: itemLink(input.portalLink, e.itemId) },
  ]);
  const greeting = words.department.greeting(input.departmentName);
  const portal = words.department.portal(input.portalLink);
  // The most urgent first, so a mail cut short still shows what matters; the CSV holds every row.
  const { shown, hidden } = shownRows(sorted);
  const more = hidden ? [words.moreRows(hidden, 'csv')] : [];
  const lines = shown.map((e) => `[${entryLabel(e, words)}] ${e.reference} ${e.title} | ${e.category} | ${e.basis} | ${humanTime(e.dueAt)} | ${e.timeLeft}\n    ${words.department.itemTodo} ${itemLink(input.portalLink, e.itemId)}`);
  const portalHtml = `<p><a href="${escapeHtml(input.portalLink)}">${escapeHtml(portal)}</a></p>`;
  const table = `${htmlTable(words.department.headers, rows.slice(0, shown.length))}${paragraphs(more)}`;
  return {
    subject,
    text: [greeting, ...intro, portal, '', ...lines, ...more, '', words.department.todo, '', words.footer].join('\n'),
    html: htmlPage(words.htmlLang, subject, `${paragraphs([greeting, ...intro])}${portalHtml}${table}${paragraphs([words.department.todo])}`, words.footer),
    attachmentName: words.department.attachmentName(input.departmentCode, input.date),
    csv: excelCsv(words.department.headers, rows.map((row) => row.map(cellText))),
  };
}
