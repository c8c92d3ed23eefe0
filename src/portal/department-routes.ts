import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InputError } from '../core/errors.js';
import { templateGuide } from '../intake/template-guide.js';
import { applyToItem } from '../ledger/item-actions.js';
import { publish } from '../ledger/lifecycle.js';
import { itemOf } from './department-items.js';
import { requestExemption } from './exemption-requests.js';
import { departmentCsv, sendDepartmentPage, sendItemPage } from './item-pages.js';
import { renderUploadPage } from './pages/upload-page.js';
import { csvBytes } from '../csv/excel-csv.js';
import { languageOf, portalChange, viewerOf, type PortalContext } from './portal-context.js';
import { guard, html, refuse } from './refuse.js';
import type { PortalSession } from './sessions.js';

interface ItemRoute {
  Params: { id: string };
  Querystring: { done?: string };
  Body: Record<string, string | undefined> | undefined;
}

/**
 * The department's routes (/d): its open items, each item's page with the forms that answer it (登记公开,
 * 申请不予公开), the upload of its ledger (上传台账), the template and its list as CSV. Every item is looked up among
 * the department's own: another department's id reads as "no such item", and nothing is written.
 */
export function registerDepartmentRoutes(app: FastifyInstance, context: PortalContext): void {
  const department = (session: PortalSession) => context.config.organisation.departments.find((d) => d.code === session.audienceCode);
  const own = (request: FastifyRequest, reply: FastifyReply) => {
    const session = guard(request, reply, context, ['department']);
    const found = session && department(session);
    if (session && !found) refuse(reply, context, request, 403, 'forbidden');
    return session && found ? { session, department: found } : undefined;
  };

  app.get('/d', async (request, reply) => {
    const who = own(request, reply);
    return who ? sendDepartmentPage(reply, context, who.session, who.department, true) : reply;
  });

  app.get<ItemRoute>('/d/items/:id', async (request, reply) => {
    const who = own(request, reply);
    if (!who) return reply;
    const item = await itemOf(context.db, Number(request.params.id), [who.department.code]);
    if (!item) return refuse(reply, context, request, 404, 'notFound');
    return sendItemPage(reply, context, who.session, item, { canAct: true, done: request.query.done });
  });

  /** Records a publication as `ledger publish` does; the item leaves the ladder at once. */
  app.post<ItemRoute>('/d/items/:id/publish', { preHandler: app.csrfProtection }, async (request, reply) => {
    const who = own(request, reply);
    if (!who) return reply;
    const item = await itemOf(context.db, Number(request.params.id), [who.department.code]);
    if (!item) return refuse(reply, context, request, 404, 'notFound');
    const url = String(request.body?.url ?? '');
    const at = String(request.body?.at ?? '').trim();
    const replyReference = String(request.body?.replyReference ?? '');
    const delivery = String(request.body?.delivery ?? '');
    const delivered = context.config.ruleBook.categories.get(item.category)?.delivered === true;
    try {
      await applyToItem(context.db, { reference: item.reference, jurisdiction: item.jurisdiction }, 'publish', (found) => {
        // Read again under its row lock: an import may have moved it to another department meanwhile.
        if (found.departmentCode !== who.department.code) throw new InputError('该事项已不属于本单位 (no longer this department\'s)');
        return publish(found, context.config.ruleBook.rule(found.ruleId), { url, reference: replyReference, delivery, at: at || undefined }, context.clock.now(), {
          delivered,
          calendar: context.config.ruleBook.calendarFor(found.jurisdiction),
        });
      }, portalChange(context, who.session));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return sendItemPage(reply, context, who.session, item, { canAct: true, refusal: { message: error.message, form: { url, at, replyReference, delivery } } });
    }
    return reply.redirect(`/d/items/${item.id}?done=published`, 303);
  });

  /** Asks the office not to publish; the item stays on its ladder until the office decides. */
  app.post<ItemRoute>('/d/items/:id/exemption', { preHandler: app.csrfProtection }, async (request, reply) => {
    const who = own(request, reply);
    if (!who) return reply;
    const item = await itemOf(context.db, Number(request.params.id), [who.department.code]);
    if (!item) return refuse(reply, context, request, 404, 'notFound');
    const form = { basis: String(request.body?.basis ?? ''), reason: String(request.body?.reason ?? ''), reviewedBy: String(request.body?.reviewedBy ?? ''), thirdParty: String(request.body?.thirdParty ?? '') };
    const isRequest = context.config.ruleBook.rules.get(item.ruleId)?.kind === 'requestReply';
    try {
      await requestExemption(context.db, item, form, who.session.linkId, portalChange(context, who.session), isRequest);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return sendItemPage(reply, context, who.session, item, { canAct: true, refusal: { message: error.message, form } });
    }
    return reply.redirect(`/d/items/${item.id}?done=requested`, 303);
  });

  app.get('/d/items.csv', async (request, reply) => {
    const who = own(request, reply);
    if (!who) return reply;
    const csv = await departmentCsv(context, who.session, who.department.code);
    return reply.type('text/csv; charset=utf-8').header('cache-control', 'no-store').header('content-disposition', contentDisposition(`政务公开台账-${who.department.code}.csv`)).send(csvBytes(csv));
  });

  app.get('/d/template.xlsx', async (request, reply) => {
    const who = own(request, reply);
    if (!who) return reply;
    const { ruleBook, organisation } = context.config;
    // exceljs is loaded when a template is asked for, not with the portal.
    const { templateBytes } = await import('../intake/template.js');
    const bytes = await templateBytes('xlsx', templateGuide(ruleBook, organisation.departments, who.department.jurisdiction));
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', contentDisposition('政务公开台账模板.xlsx')).send(bytes);
  });

  app.get('/d/upload', async (request, reply) => {
    const who = own(request, reply);
    if (!who) return reply;
    const { words, mailWords } = languageOf(context, who.session);
    return html(reply, renderUploadPage({ words, mailWords, viewer: viewerOf(context, who.session, reply) }));
  });

  /** The CLI's import, limited to the department's own rows: all or nothing, or the good rows kept. */
  app.post('/d/upload', { preHandler: app.csrfProtection }, async (request, reply) => {
    const who = own(request, reply);
    if (!who) return reply;
    const { words, mailWords } = languageOf(context, who.session);
    const w = words.upload;
    const outcome = await inTempDir(async (dir) => {
      let partial = false;
      let file: string | undefined;
      for await (const part of request.parts()) {
        if (part.type === 'field' && part.fieldname === 'mode') partial = part.value === 'partial';
        if (part.type === 'file' && part.fieldname === 'file' && !file) {
          const name = uploadName(part.filename);
          if (!name) return { message: w.nothingWritten, kind: 'error' as const, problems: [{ row: 0, column: '', message: `只接受 .xlsx 或 .csv 文件，"${part.filename}" 不是 (only .xlsx and .csv files are read)` }] };
          file = join(dir, name);
          await writeFile(file, await part.toBuffer());
        }
      }
      if (!file) return { message: w.nothingWritten, kind: 'error' as const, problems: [{ row: 0, column: '', message: '请选择台账文件 (no file was sent)' }] };
      const change = portalChange(context, who.session);
      // The reading and checking of ledger files (csv-parse, yauzl, saxes, iconv-lite) is loaded with the first upload.
      const { importLedger, ImportFileError } = await import('../intake/import-ledger.js');
      try {
        const result = await importLedger(context.db, context.config.ruleBook, context.config.organisation.departments, {
          file,
          partial,
          rejectsFile: join(dir, 'rejects.csv'),
          jurisdiction: who.department.jurisdiction,
          onlyDepartment: who.department,
          actor: change.actor,
          now: context.clock.now(),
        });
        const { sheet, notices, rejectedRows, moreProblems } = result;
        const problems = { problems: result.rejected, rejectedRows, moreProblems, sheet, notices };
        if (!result.committed) return { message: w.nothingWritten, kind: 'error' as const, ...problems };
        const kind = result.rejected.length > 0 ? ('warn' as const) : ('ok' as const);
        return { message: w.result(result.inserted, result.updated, result.unchanged), kind, ...problems };
      } catch (error) {
        if (error instanceof ImportFileError) return { message: w.nothingWritten, kind: 'error' as const, problems: [...error.problems], sheet: error.sheet };
        throw error;
      }
    });
    return html(reply, renderUploadPage({ words, mailWords, viewer: viewerOf(context, who.session, reply), outcome }), outcome.kind === 'error' ? 400 : 200);
  });
}

/**
 * The file's own name (the history's note says which file), without any path or character a file system minds;
 * undefined for a file the import cannot read (it goes by the extension).
 */
function uploadName(filename: string): string | undefined {
  const base = filename.split(/[\\/]/).pop() ?? '';
  const safe = base.replace(/[^\p{L}\p{N}._-]/gu, '_').slice(-100);
  return /^.+\.(xlsx|csv)$/i.test(safe) ? safe : undefined;
}

/** RFC 6266: a Chinese file name survives in filename*, an ASCII one for old clients. */
function contentDisposition(name: string): string {
  return `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

async function inTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'dw-portal-'));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
