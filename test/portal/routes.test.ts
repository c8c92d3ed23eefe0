import type { FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeLinks } from '../../src/portal/access-links.js';
import type { PortalContext } from '../../src/portal/portal-context.js';
import { facts, insertFacts, useLedgerDatabase } from '../helpers/ledger-fixtures.js';
import { browserLike, injectablePortal, linkFor, movableClock, openedSession, portalContext, type Visitor } from '../helpers/portal.js';

// Items formed 2026-09-30 are due 2026-11-03 (general.active); on 11-06 they are 3 working days late.
const NOW = DateTime.fromISO('2026-11-06T09:00:00+08:00', { setZone: true });

const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? '';

describe('the portal\'s routes (fastify inject, PostgreSQL)', () => {
  const database = useLedgerDatabase('postgres');
  const clock = movableClock(NOW);
  let context: PortalContext;
  let app: FastifyInstance;
  let ids: Record<string, number>;

  const { get, post, visitor } = browserLike(() => app, () => context);
  /** A form's token, from the page it is on. */
  const tokenFrom = async (who: Visitor, url: string) => csrfOf((await get(who, url)).body);
  const status = async (db: Knex, id: number) => (await db('ledger_items').where({ id }).first('status')).status as string;
  const historyCount = async (db: Knex) => Number((await db('item_history').count({ n: '*' }))[0]?.n);

  beforeAll(async () => {
    context = portalContext(database.db, clock);
    app = await injectablePortal(context);
    const items = await insertFacts(
      database.db,
      facts({ reference: 'R-CZJ-1' }),
      facts({ reference: 'R-CZJ-2' }),
      facts({ reference: 'R-CZJ-3' }),
      facts({ reference: 'R-ZJJ-1', departmentCode: 'tinghu.zjj', category: 'housing.allocation' }),
      facts({ reference: 'R-BD-1', jurisdiction: 'baodi', departmentCode: 'baodi.czj', category: 'procurement.transaction' }),
      facts({ reference: 'R-ZWB-1', departmentCode: 'tinghu.zwb', category: 'request.reply', events: { received: '2026-10-20T10:00:00+08:00' } }),
    );
    ids = Object.fromEntries(items.map((i) => [i.reference, i.id]));
  });
  afterAll(async () => app?.close());

  it('GET /a/:token opens a session and steps on without the token; a forged, expired or revoked link writes nothing', async () => {
    const { db } = database;
    const sessions = async () => Number((await db('portal_sessions').count({ n: '*' }))[0]?.n);
    const before = await sessions();
    const { token, id } = await linkFor(context, 'department', 'tinghu.czj');
    const opened = await app.inject({ method: 'GET', url: `/a/${token}?item=${ids['R-CZJ-1']}` });
    expect(opened.statusCode).toBe(200);
    expect(opened.body).toContain(`<meta http-equiv="refresh" content="0;url=/d/items/${ids['R-CZJ-1']}">`);
    expect(opened.headers['referrer-policy']).toBe('no-referrer');
    const cookie = opened.cookies.find((c) => c.name === 'dw_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(await sessions()).toBe(before + 1);
    // Only hashes are stored: neither the token nor the cookie's value is in the ledger.
    const stored = JSON.stringify([await db('access_links').where({ id }).first(), await db('portal_sessions').select()]);
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(cookie?.value);

    const forged = await app.inject({ method: 'GET', url: `/a/${'A'.repeat(43)}` });
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('该链接无效');
    expect((await app.inject({ method: 'GET', url: '/a/short' })).statusCode).toBe(403);

    const expiring = await linkFor(context, 'department', 'tinghu.czj', 1);
    clock.set(NOW.plus({ days: 1, minutes: 1 }));
    const expired = await app.inject({ method: 'GET', url: `/a/${expiring.token}` });
    clock.set(NOW);
    expect(expired.statusCode).toBe(403);
    expect(expired.body).toContain('该链接已过期');

    const revoked = await linkFor(context, 'department', 'tinghu.czj');
    await revokeLinks(db, { id: revoked.id }, 'test', NOW);
    const refused = await app.inject({ method: 'GET', url: `/a/${revoked.token}` });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('该链接已被收回');
    expect(await sessions()).toBe(before + 1);
    expect(forged.cookies.find((c) => c.name === 'dw_session')).toBeUndefined();
  });

  it('a session ends with its link: revoking it logs the clerk out', async () => {
    const who: Visitor = { cookies: {} };
    const link = await linkFor(context, 'department', 'tinghu.czj');
    await get(who, `/a/${link.token}`);
    expect((await get(who, '/d')).statusCode).toBe(200);
    await revokeLinks(database.db, { id: link.id }, 'test', NOW);
    const after = await get(who, '/d');
    expect(after.statusCode).toBe(401);
    expect(after.body).toContain('请从提醒邮件中的链接进入');
  });

  it('GET / sends a session home and tells a stranger how to get in; GET /static/portal.css is served', async () => {
    const clerk = await visitor('department', 'tinghu.czj');
    const home = await get(clerk, '/');
    expect(home.statusCode).toBe(303);
    expect(home.headers.location).toBe('/d');
    expect((await get(undefined, '/')).statusCode).toBe(401);
    const css = await get(undefined, '/static/portal.css');
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
  });

  it('GET /d lists the department\'s own open items, late first, with the mail\'s words; every page refuses scripts', async () => {
    const clerk = await visitor('department', 'tinghu.czj');
    const page = await get(clerk, '/d');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('区财政局：待公开事项');
    expect(page.body).toContain('公开期限（北京时间）');
    expect(page.body).toContain('逾期督办');
    expect(page.body).toContain('逾期3个工作日');
    expect(page.body).toContain('R-CZJ-1');
    expect(page.body).not.toContain('R-ZJJ-1');
    expect(page.body).not.toContain('<script');
    expect((await get(undefined, '/d')).statusCode).toBe(401);
    expect((await get(await visitor('supervisor', 'tinghu'), '/d')).statusCode).toBe(403);
  });

  it('GET /d/items/:id shows the item and its history; another department\'s item is "not found"', async () => {
    const clerk = await visitor('department', 'tinghu.czj');
    const page = await get(clerk, `/d/items/${ids['R-CZJ-1']}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('办理记录（全程留痕）');
    expect(page.body).toContain('action="/d/items/');
    for (const other of [ids['R-ZJJ-1'], ids['R-BD-1'], 999999, 'abc']) {
      const refused = await get(clerk, `/d/items/${other}`);
      expect(refused.statusCode).toBe(404);
      expect(refused.body).toContain('未找到该事项');
    }
  });

  it("GET /d/items/:id tells the clerk, in Chinese, what the engine warns of: a late extension that does not save a late reply", async () => {
    // Received 09-01, due 09-29 (request.reply, 20 working days); the extension approved 10-15 came too late.
    const [item] = await insertFacts(database.db, facts({ reference: 'R-CZJ-REQ', category: 'request.reply', events: { received: '2026-09-01T10:00:00+08:00', extensionApproved: '2026-10-15T10:00:00+08:00' } }));
    const page = await get(await visitor('department', 'tinghu.czj'), `/d/items/${item?.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<p class="notice warn" role="status">延期答复于2026-10-15批准，晚于答复期限（2026-09-29）：不延长期限，该答复仍属逾期（条例第三十三条）</p>');
  });

  it('POST /d/items/:id/publish records the publication with the session in its history; without CSRF or for another department nothing is written', async () => {
    const { db } = database;
    const clerk = await visitor('department', 'tinghu.czj');
    const id = ids['R-CZJ-2'] as number;
    const csrf = await tokenFrom(clerk, `/d/items/${id}`);
    const history = await historyCount(db);

    expect((await post(clerk, `/d/items/${id}/publish`, { url: 'https://www.tinghu.gov.cn/zwgk/2.html' })).statusCode).toBe(403);
    expect((await post(clerk, `/d/items/${id}/publish`, { _csrf: 'forged', url: 'https://www.tinghu.gov.cn/zwgk/2.html' })).statusCode).toBe(403);
    // A token from another clerk's session does not work here.
    const other = await visitor('department', 'tinghu.czj');
    const othersToken = await tokenFrom(other, `/d/items/${id}`);
    expect((await post(clerk, `/d/items/${id}/publish`, { _csrf: othersToken, url: 'https://www.tinghu.gov.cn/zwgk/2.html' })).statusCode).toBe(403);
    expect((await post(clerk, `/d/items/${ids['R-ZJJ-1']}/publish`, { _csrf: csrf, url: 'https://www.tinghu.gov.cn/zwgk/2.html' })).statusCode).toBe(404);
    const bad = await post(clerk, `/d/items/${id}/publish`, { _csrf: csrf, url: 'ftp://example.gov.cn/x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('is not an http(s) web address');
    expect(bad.body).toContain('value="ftp://example.gov.cn/x"');
    const future = await post(clerk, `/d/items/${id}/publish`, { _csrf: csrf, url: 'https://www.tinghu.gov.cn/zwgk/2.html', at: '2026-11-07T09:00' });
    expect(future.statusCode).toBe(400);
    expect(await status(db, id)).toBe('open');
    expect(await status(db, ids['R-ZJJ-1'] as number)).toBe('open');
    expect(await historyCount(db)).toBe(history);

    const done = await post(clerk, `/d/items/${id}/publish`, { _csrf: csrf, url: 'https://www.tinghu.gov.cn/zwgk/2.html', at: '2026-11-05T16:30' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/d/items/${id}?done=published`);
    expect(await status(db, id)).toBe('published');
    const row = await db('item_history').where({ item_id: id, action: 'publish' }).first();
    expect(row.actor).toMatch(/^区财政局（门户 department:tinghu\.czj，链接#\d+）$/);
    const shown = await get(clerk, done.headers.location as string);
    expect(shown.body).toContain('已登记公开：逾期公开（逾期2个工作日）');
    expect(shown.body).toContain('待巡查');
    expect((await get(clerk, '/d')).body).not.toContain('R-CZJ-2');
  });

  it('a reply to a request is recorded by its document number and delivery (答复文号, 送达方式), with no address; one half alone is refused', async () => {
    const { db } = database;
    const clerk = await visitor('department', 'tinghu.zwb');
    const id = ids['R-ZWB-1'] as number;
    const page = await get(clerk, `/d/items/${id}`);
    expect(page.body).toContain('name="replyReference"');
    expect(page.body).not.toMatch(/<input id="url" name="url" type="url" required/);
    const csrf = csrfOf(page.body);
    const half = await post(clerk, `/d/items/${id}/publish`, { _csrf: csrf, replyReference: '亭政公开〔2026〕第15号', at: '2026-11-05T16:30' });
    expect(half.statusCode).toBe(400);
    expect(half.body).toContain('document number (答复文号) and how it was delivered (送达方式)');
    expect(half.body).toContain('value="亭政公开〔2026〕第15号"');
    expect(await status(db, id)).toBe('open');
    const done = await post(clerk, `/d/items/${id}/publish`, { _csrf: csrf, replyReference: '亭政公开〔2026〕第15号', delivery: '邮寄（EMS）', at: '2026-11-05T16:30' });
    expect(done.statusCode).toBe(303);
    expect(await db('ledger_items').where({ id }).first('status', 'published_url', 'reply_reference', 'delivery_method')).toEqual({
      status: 'published',
      published_url: null,
      reply_reference: '亭政公开〔2026〕第15号',
      delivery_method: '邮寄（EMS）',
    });
    const shown = await get(clerk, done.headers.location as string);
    expect(shown.body).toContain('亭政公开〔2026〕第15号 邮寄（EMS）');
    // Nothing online to check.
    expect(shown.body).not.toContain('待巡查');
  });

  it('POST /d/items/:id/exemption queues one request; the office approves or refuses it (POST /o/exemptions/:id/…)', async () => {
    const { db } = database;
    const clerk = await visitor('department', 'tinghu.czj');
    const id = ids['R-CZJ-3'] as number;
    const csrf = await tokenFrom(clerk, `/d/items/${id}`);
    const missing = await post(clerk, `/d/items/${id}/exemption`, { _csrf: csrf, basis: 'privacy', reason: '', reviewedBy: '李四' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('请填写不予公开的理由');
    expect((await post(clerk, `/d/items/${id}/exemption`, { basis: 'privacy', reason: '含个人信息', reviewedBy: '李四' })).statusCode).toBe(403);
    const asked = await post(clerk, `/d/items/${id}/exemption`, { _csrf: csrf, basis: 'privacy', reason: '含个人身份信息', reviewedBy: '李四' });
    expect(asked.statusCode).toBe(303);
    expect(await status(db, id)).toBe('open');
    const again = await post(clerk, `/d/items/${id}/exemption`, { _csrf: csrf, basis: 'privacy', reason: '再次申请', reviewedBy: '李四' });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('已提交不予公开申请');
    const request = await db('exemption_requests').where({ item_id: id }).first();

    const office = await visitor('supervisor', 'tinghu');
    const officePage = await get(office, '/o');
    expect(officePage.body).toContain('待审批的不予公开申请');
    expect(officePage.body).toContain('含个人身份信息');
    const officeCsrf = csrfOf(officePage.body);
    // Another office, and a department, may not decide it.
    const baodi = await visitor('supervisor', 'baodi');
    expect((await post(baodi, `/o/exemptions/${request.id}/approve`, { _csrf: await tokenFrom(baodi, '/o') })).statusCode).toBe(404);
    expect((await post(clerk, `/o/exemptions/${request.id}/approve`, { _csrf: csrf })).statusCode).toBe(403);
    expect((await post(office, `/o/exemptions/${request.id}/refuse`, { _csrf: officeCsrf, reason: '' })).statusCode).toBe(400);
    expect((await post(office, `/o/exemptions/${request.id}/approve`, {})).statusCode).toBe(403);
    expect(await status(db, id)).toBe('open');

    const approved = await post(office, `/o/exemptions/${request.id}/approve`, { _csrf: officeCsrf });
    expect(approved.statusCode).toBe(303);
    const item = await db('ledger_items').where({ id }).first();
    expect(item.status).toBe('exempt');
    expect(item.exemption_approved_by).toBe('亭湖区人民政府办公室（保密审查：李四）');
    expect((await post(office, `/o/exemptions/${request.id}/refuse`, { _csrf: officeCsrf, reason: '晚了' })).statusCode).toBe(400);

    // A refusal leaves the item open, with the office's reason in its history.
    const [next] = await insertFacts(db, facts({ reference: 'R-CZJ-4' }));
    const nextCsrf = await tokenFrom(clerk, `/d/items/${next?.id}`);
    await post(clerk, `/d/items/${next?.id}/exemption`, { _csrf: nextCsrf, basis: 'trade_secret', reason: '含报价', reviewedBy: '王五' });
    const second = await db('exemption_requests').where({ item_id: next?.id }).first();
    expect((await post(office, `/o/exemptions/${second.id}/refuse`, { _csrf: officeCsrf, reason: '报价已在开标时公开' })).statusCode).toBe(303);
    expect(await status(db, next?.id as number)).toBe('open');
    const refusal = await db('item_history').where({ item_id: next?.id, action: 'refuse-exemption' }).first();
    expect(refusal.note).toContain('报价已在开标时公开');
    expect(refusal.actor).toContain('supervisor:tinghu');
  });

  it('GET /d/items.csv and /d/template.xlsx download the department\'s list and the template', async () => {
    const clerk = await visitor('department', 'tinghu.czj');
    const csv = await get(clerk, '/d/items.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain("filename*=UTF-8''");
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.body).toContain('R-CZJ-1');
    expect(csv.body).not.toContain('R-ZJJ-1');
    const template = await get(clerk, '/d/template.xlsx');
    expect(template.statusCode).toBe(200);
    expect(template.rawPayload.subarray(0, 2).toString()).toBe('PK');
    // The guide sheet lists the department's own jurisdiction: its departments, and each category's date column.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    const guide = Array.from(workbook.getWorksheet('说明 guide')!.getSheetValues(), (row) => (Array.isArray(row) ? row.slice(1).join(' | ') : ''));
    expect(guide).toContain('区财政局 | tinghu.czj');
    expect(guide.some((line) => line.startsWith('财政局'))).toBe(false);
    expect(guide.find((line) => line.includes('| licensing |'))).toMatch(/\| 决定日期$/);
    expect((await get(await visitor('supervisor', 'tinghu'), '/d/items.csv')).statusCode).toBe(403);
  });

  it('GET and POST /d/upload: an upload with a bad row writes nothing; another department\'s row is refused by name', async () => {
    const { db } = database;
    const clerk = await visitor('department', 'tinghu.czj');
    const page = await get(clerk, '/d/upload');
    expect(page.statusCode).toBe(200);
    const csrf = /action="\/d\/upload\?_csrf=([^"]+)"/.exec(page.body)?.[1] as string;
    const upload = (csv: string, mode: string, token = decodeURIComponent(csrf), filename = '台账.csv') => {
      const boundary = 'dwboundary';
      const body = [`--${boundary}`, 'Content-Disposition: form-data; name="mode"', '', mode, `--${boundary}`, `Content-Disposition: form-data; name="file"; filename="${filename}"`, 'Content-Type: text/csv', '', csv, `--${boundary}--`, ''].join('\r\n');
      return app.inject({ method: 'POST', url: `/d/upload?_csrf=${encodeURIComponent(token)}`, cookies: clerk.cookies, payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    };
    const count = async () => Number((await db('ledger_items').count({ n: '*' }))[0]?.n);
    const before = await count();
    const header = '编号,事项名称,责任单位,类别,形成日期';
    const bad = await upload(`${header}\nU-1,好的一行,区财政局,procurement.transaction,2026-10-20\nU-2,坏的一行,区财政局,procurement.transaction,2026-02-30\n`, 'all');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('未导入任何行');
    expect(bad.body).toContain('<td>3</td><td>形成日期</td><td>the time &quot;2026-02-30&quot; is not an existing date</td>');
    expect(await count()).toBe(before);
    expect((await upload(`${header}\nU-1,好的一行,区财政局,procurement.transaction,2026-10-20\n`, 'all', 'forged')).statusCode).toBe(403);
    const xls = await upload('not a ledger', 'all', decodeURIComponent(csrf), '台账.xls');
    expect(xls.statusCode).toBe(400);
    expect(xls.body).toContain('只接受 .xlsx 或 .csv 文件');
    expect(await count()).toBe(before);

    const mixed = await upload(`${header}\nU-3,本单位,区财政局,procurement.transaction,2026-10-20\nU-4,别的单位,区住建局,housing.allocation,2026-10-20\n`, 'partial');
    expect(mixed.statusCode).toBe(200);
    expect(mixed.body).toContain('新增1项');
    expect(mixed.body).toContain('该行属于区住建局');
    expect(await count()).toBe(before + 1);
    expect(await db('ledger_items').where({ reference: 'U-4' }).first()).toBeUndefined();
    const history = await db('item_history').join('ledger_items', 'ledger_items.id', 'item_history.item_id').where({ reference: 'U-3' }).first('actor', 'note');
    expect(history.actor).toContain('department:tinghu.czj');
    expect(history.note).toBe('import 台账.csv');

    // A clerk's file with a title row above the header: imported, and the page says the title was skipped.
    const titled = await upload(`亭湖区2026年11月政务公开台账,,,,\n${header}\nU-5,带标题的台账,区财政局,procurement.transaction,2026年10月20日\n`, 'all');
    expect(titled.statusCode).toBe(200);
    expect(titled.body).toContain('新增1项');
    expect(titled.body).toContain('<h2>提示</h2>');
    expect(titled.body).toContain('<li>row 1 was skipped as a title above the header: 亭湖区2026年11月政务公开台账</li>');

    // A file of 1,200 bad rows: the first 1,000 problems listed, the page says how many more there were, by column.
    const many = Array.from({ length: 1_200 }, (_, i) => `UM-${i},坏的一行,区财政局,procurement.transaction,2026-02-30`).join('\n');
    const flood = await upload(`${header}\n${many}\n`, 'all');
    expect(flood.statusCode).toBe(400);
    expect(flood.body.match(/<td>形成日期<\/td>/g)).toHaveLength(1_000);
    expect(flood.body).toContain('另有200个问题未逐条列出（按列：形成日期 200）。 共1200行有错误。');
    expect(await count()).toBe(before + 2);
  });

  it('GET /view/departments/:code and /view/items/:id: the office reads its own departments only; a department cannot', async () => {
    const office = await visitor('supervisor', 'tinghu');
    const page = await get(office, '/view/departments/tinghu.czj');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('（只读）');
    expect(page.body).not.toContain('action="/d/');
    expect((await get(office, `/view/items/${ids['R-CZJ-1']}`)).statusCode).toBe(200);
    expect((await get(office, `/view/items/${ids['R-CZJ-1']}`)).body).not.toContain('<form method="post" action="/d/items');
    expect((await get(office, '/view/departments/baodi.czj')).statusCode).toBe(404);
    expect((await get(office, `/view/items/${ids['R-BD-1']}`)).statusCode).toBe(404);
    expect((await get(await visitor('department', 'tinghu.czj'), '/view/departments/tinghu.czj')).statusCode).toBe(403);
  });

  it('POST /o/links/:id/revoke and /o/departments/:code/revoke-links end its departments\' links, nobody else\'s', async () => {
    const { db } = database;
    const office = await visitor('supervisor', 'tinghu');
    const target = await linkFor(context, 'department', 'tinghu.zjj');
    const baodiLink = await linkFor(context, 'department', 'baodi.czj');
    const page = await get(office, '/o');
    expect(page.body).toContain('已发放的访问链接');
    const csrf = csrfOf(page.body);
    expect((await post(office, `/o/links/${baodiLink.id}/revoke`, { _csrf: csrf })).statusCode).toBe(404);
    expect((await post(office, `/o/links/${target.id}/revoke`, {})).statusCode).toBe(403);
    expect((await post(office, `/o/links/${target.id}/revoke`, { _csrf: csrf })).statusCode).toBe(303);
    expect((await db('access_links').where({ id: target.id }).first()).revoked_by).toBe('亭湖区人民政府办公室');
    expect((await db('access_links').where({ id: baodiLink.id }).first()).revoked_at).toBeNull();
    const more = await linkFor(context, 'department', 'tinghu.zjj');
    expect((await post(office, '/o/departments/baodi.czj/revoke-links', { _csrf: csrf })).statusCode).toBe(404);
    expect((await post(office, '/o/departments/tinghu.zjj/revoke-links', { _csrf: csrf })).statusCode).toBe(303);
    expect((await db('access_links').where({ id: more.id }).first()).revoked_at).not.toBeNull();
  });

  it('GET /admin and /view/offices/:jurisdiction are the admins\' alone', async () => {
    const admin = await visitor('admin', 'admin');
    const page = await get(admin, '/admin');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('亭湖区人民政府办公室');
    const office = await get(admin, '/view/offices/tinghu');
    expect(office.statusCode).toBe(200);
    expect(office.body).not.toContain('/approve');
    expect((await get(admin, '/view/offices/nowhere')).statusCode).toBe(404);
    expect((await get(admin, `/view/items/${ids['R-BD-1']}`)).statusCode).toBe(200);
    expect((await get(await visitor('supervisor', 'tinghu'), '/admin')).statusCode).toBe(403);
    expect((await get(await visitor('supervisor', 'tinghu'), '/view/offices/tinghu')).statusCode).toBe(403);
  });

  it('POST /logout ends the session (with its CSRF token only)', async () => {
    const clerk = await visitor('department', 'tinghu.czj');
    const csrf = await tokenFrom(clerk, '/d');
    expect((await post(clerk, '/logout', {})).statusCode).toBe(403);
    expect((await post(clerk, '/logout', { _csrf: csrf })).statusCode).toBe(200);
    expect((await get(clerk, '/d')).statusCode).toBe(401);
  });

  it('limits link openings per address and requests per session (429 with a page)', async () => {
    const limited = await injectablePortal({ ...context, config: { ...context.config, portal: { ...context.config.portal, rateLimit: { perMinute: 3, linkOpensPerMinute: 2 } } } });
    try {
      const codes = [];
      for (let i = 0; i < 3; i++) codes.push((await limited.inject({ method: 'GET', url: `/a/${'B'.repeat(43)}` })).statusCode);
      expect(codes).toEqual([403, 403, 429]);
      const last = await limited.inject({ method: 'GET', url: `/a/${'B'.repeat(43)}` });
      expect(last.body).toContain('操作过于频繁');
      // A made-up session cookie does not buy a bucket of its own: it counts as its address.
      const forgedSessions = [];
      for (let i = 0; i < 4; i++) forgedSessions.push((await limited.inject({ method: 'GET', url: '/d', cookies: { dw_session: `${'C'.repeat(42)}${i}` } })).statusCode);
      expect(forgedSessions).toEqual([401, 401, 401, 429]);
      // A real one does.
      const { token } = await linkFor(context, 'department', 'tinghu.czj');
      const cookies = await openedSession(limited, token, '10.9.9.9');
      expect((await limited.inject({ method: 'GET', url: '/d', cookies })).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
