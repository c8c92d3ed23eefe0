import type { FastifyReply } from 'fastify';
import { excelCsv } from '../csv/excel-csv.js';
import { checkFindings, lastCheck } from '../inspection/check-store.js';
import { itemHistory } from '../ledger/history-store.js';
import type { LedgerItem } from '../ledger/item.js';
import { SHANGHAI } from '../core/shanghai-time.js';
import { openItemsOf } from './department-items.js';
import { exemptionPending } from './exemption-requests.js';
import { byDeadline, itemView, itemWarnings, publicationTimeliness } from './item-view.js';
import { renderDepartmentPage } from './pages/department-page.js';
import { renderItemPage, type ItemPageInput } from './pages/item-page.js';
import { languageOf, viewerOf, type PortalContext } from './portal-context.js';
import { html } from './refuse.js';
import type { PortalSession } from './sessions.js';

/** What came of the last form, to say on the item's page (?done=…), or a refusal with what the clerk typed. */
export type ItemMessage = ItemPageInput['message'];

/** A department's page: its own (with its actions) or an office's read-only view of it. */
export async function sendDepartmentPage(reply: FastifyReply, context: PortalContext, session: PortalSession, department: { code: string; name: string }, own: boolean): Promise<FastifyReply> {
  const { words, mailWords } = languageOf(context, session);
  const now = context.clock.now();
  // Two independent reads: on PostgreSQL they go out at once (PGlite takes them in turn).
  const [items, findings] = await Promise.all([openItemsOf(context.db, department.code), checkFindings(context.db, [department.code])]);
  const views = items.map((item) => itemView(item, context.config, mailWords, now)).sort(byDeadline);
  const pending = new Set(items.filter((item) => item.exemptionPending).map((item) => item.id));
  const itemsPath = own ? '/d/items' : '/view/items';
  return html(reply, renderDepartmentPage({ words, mailWords, departmentName: department.name, views, pendingExemptions: pending, findings, itemsPath, own, viewer: viewerOf(context, session, reply) }));
}

/** One item's page; `canAct` for its own department. */
export async function sendItemPage(
  reply: FastifyReply,
  context: PortalContext,
  session: PortalSession,
  item: LedgerItem,
  options: { canAct: boolean; done?: string | undefined; refusal?: { message: string; form: Record<string, string> } | undefined },
): Promise<FastifyReply> {
  const { words, mailWords } = languageOf(context, session);
  const now = context.clock.now();
  const check = item.status === 'published' ? await lastCheck(context.db, item.id) : undefined;
  const input: ItemPageInput = {
    words,
    mailWords,
    view: itemView(item, context.config, mailWords, now),
    history: await itemHistory(context.db, item.id),
    warnings: itemWarnings(item, context.config),
    // A reply delivered by post has no page to check.
    check: item.status !== 'published' || !item.publishedUrl ? undefined : check && check.url === item.publishedUrl ? { outcome: check.outcome, at: check.checkedAt, detail: check.detail } : { outcome: 'waiting' },
    delivered: context.config.ruleBook.categories.get(item.category)?.delivered === true,
    exemptionPending: item.status === 'open' && (await exemptionPending(context.db, item.id)),
    canAct: options.canAct,
    message: options.refusal ? { text: options.refusal.message, kind: 'error' } : doneMessage(options.done, item, context, words),
    form: options.refusal?.form,
    nowLocal: now.setZone(SHANGHAI).toFormat("yyyy-LL-dd'T'HH:mm"),
    backPath: options.canAct ? '/d' : `/view/departments/${encodeURIComponent(item.departmentCode)}`,
    viewer: viewerOf(context, session, reply),
  };
  return html(reply, renderItemPage(input), options.refusal ? 400 : 200);
}

function doneMessage(done: string | undefined, item: LedgerItem, context: PortalContext, words: ItemPageInput['words']): ItemMessage {
  if (done === 'published' && item.status === 'published') {
    const timeliness = publicationTimeliness(item, context.config);
    return timeliness?.onTime ? { text: words.item.onTime, kind: 'ok' } : { text: words.item.late(timeliness?.late ?? ''), kind: 'warn' };
  }
  if (done === 'requested') return { text: words.item.requested, kind: 'ok' };
  return undefined;
}

/** A department's open items as CSV for Excel: the digest's columns, formula cells neutralised as in the mail. */
export async function departmentCsv(context: PortalContext, session: PortalSession, departmentCode: string): Promise<string> {
  const { mailWords } = languageOf(context, session);
  const now = context.clock.now();
  const views = (await openItemsOf(context.db, departmentCode)).map((item) => itemView(item, context.config, mailWords, now)).sort(byDeadline);
  const rows = views.map((v) => [v.stageLabel ?? '', v.item.reference, v.item.title, v.category, v.basis, v.due, v.timeLeft, `${context.publicUrl}/d/items/${v.item.id}`]);
  return excelCsv(mailWords.department.headers, rows);
}
