import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortalContext } from '../../src/portal/portal-context.js';
import { insertFacts, useLedgerDatabase } from '../helpers/ledger-fixtures.js';
import { browserLike, injectablePortal, movableClock, portalContext, type Visitor } from '../helpers/portal.js';
import { STATISTICS_ITEMS, STATISTICS_NOW } from '../helpers/timeliness-items.js';

/** The items and their due dates: test/helpers/timeliness-items.ts (counted at 2026-12-01 12:00). */
describe("the office's dashboard (fastify inject, PostgreSQL)", () => {
  const database = useLedgerDatabase('postgres');
  const clock = movableClock(STATISTICS_NOW);
  let context: PortalContext;
  let app: FastifyInstance;
  let office: Visitor;
  let admin: Visitor;
  const { get, visitor } = browserLike(() => app, () => context);
  const cells = (body: string, label: string) => new RegExp(`<tr><td>(?:<a href="[^"]*">)?${label}(?:</a>)?</td>((?:<td>.*?</td>)+)</tr>`).exec(body)?.[1]?.match(/<td>(?:<a href="[^"]*">)?([^<]*)/g)?.map((c) => c.replace(/^<td>(?:<a href="[^"]*">)?/, ''));

  beforeAll(async () => {
    context = portalContext(database.db, clock);
    app = await injectablePortal(context);
    await insertFacts(database.db, ...STATISTICS_ITEMS);
    office = await visitor('supervisor', 'tinghu');
    admin = await visitor('admin', 'admin');
  });
  afterAll(async () => app?.close());

  it('shows the counts now and the period\'s figures by department, as the ledger has them', async () => {
    const page = await get(office, '/o/dashboard?period=2026-Q4');
    expect(page.statusCode).toBe(200);
    // Open now: C, E, H, R3; due this week (to Sunday 12-06), not yet late: E; late: C, H, R3.
    expect(page.body).toMatch(/<span class="count">4<\/span> <span class="label">未公开事项<\/span>/);
    expect(page.body).toMatch(/<span class="count">1<\/span> <span class="label">本周到期<\/span>/);
    expect(page.body).toMatch(/<span class="count">3<\/span> <span class="label">已逾期<\/span>/);
    // 区财政局 in Q4: A on time, B published late, C late and open (D exempt; E and F not Q4's).
    // due, on time, published late, late unpublished, exempted after due, rate, exempt, withdrawn
    expect(cells(page.body, '区财政局')).toEqual(['3', '1', '1', '1', '0', '33.3%', '1', '0']);
    expect(cells(page.body, '合计')).toEqual(['5', '2', '1', '2', '0', '40.0%', '2', '1']);
    expect(page.body).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('links each figure to its items, and filters by department and domain', async () => {
    const list = await get(office, '/o/dashboard/items?figure=openLate&period=2026-Q4&department=tinghu.czj');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('区财政局 · 2026年第四季度：逾期未公开1项');
    expect(list.body).toMatch(/<a href="\/view\/items\/\d+">C<\/a>/);
    const late = await get(office, '/o/dashboard/items?figure=overdue');
    expect([...late.body.matchAll(/<a href="\/view\/items\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]).sort()).toEqual(['C', 'H', 'R3']);
    const procurement = await get(office, '/o/dashboard?period=2026-Q4&domain=procurement');
    expect(cells(procurement.body, '合计')).toEqual(['3', '1', '1', '1', '0', '33.3%', '1', '1']);
  });

  it('exports a table as a workbook styled for printing, and drafts the 通报 with the same figures', async () => {
    const xlsx = await get(office, '/o/dashboard/export.xlsx?table=departments&period=2026-Q4');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain('attachment; filename="departments-2026-Q4.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getCell('A1').value).toBe('2026年第四季度各单位公开及时率');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect((sheet.lastRow!.values as unknown[]).slice(1)).toEqual(['合计', 5, 2, 1, 2, 0, '40.0%', 2, 1]);

    const items = await get(office, '/o/dashboard/export.xlsx?table=items&figure=overdue');
    const itemBook = new ExcelJS.Workbook();
    await itemBook.xlsx.load(items.rawPayload as unknown as ArrayBuffer);
    expect(itemBook.worksheets[0]!.rowCount).toBe(3 + 3);

    const docx = await get(office, '/o/dashboard/notice.docx?period=2026-Q4');
    expect(docx.statusCode).toBe(200);
    const { value } = await mammoth.extractRawText({ buffer: docx.rawPayload });
    expect(value).toContain('本期到期应公开事项5项，按时公开2项，逾期公开1项，逾期未公开2项，公开及时率为40.0%');

    const annual = await get(office, '/o/dashboard/annual.xlsx?year=2026');
    expect(annual.statusCode).toBe(200);
    expect(annual.headers['content-type']).toContain('spreadsheetml');
  });

  it('refuses what is not the office\'s to see, and queries that are not one', async () => {
    expect((await get(undefined, '/o/dashboard')).statusCode).toBe(401);
    const department = await visitor('department', 'tinghu.czj');
    expect((await get(department, '/o/dashboard')).statusCode).toBe(403);
    expect((await get(department, '/o/dashboard/export.xlsx?table=departments')).statusCode).toBe(403);
    expect((await get(department, '/o/dashboard/notice.docx?period=2026-Q4')).statusCode).toBe(403);
    // Another office's department is "not found"; a domain, period or figure that does not exist is a bad request.
    expect((await get(office, '/o/dashboard?department=baodi.gtfj')).statusCode).toBe(404);
    expect((await get(office, '/o/dashboard/items?figure=due&department=baodi.gtfj')).statusCode).toBe(404);
    expect((await get(office, '/o/dashboard?domain=nonsense')).statusCode).toBe(400);
    expect((await get(office, '/o/dashboard?period=2026-Q5')).statusCode).toBe(400);
    expect((await get(office, '/o/dashboard/items?figure=everything')).statusCode).toBe(400);
    expect((await get(office, '/o/dashboard/items')).statusCode).toBe(400);
    expect((await get(office, '/o/dashboard/export.xlsx?table=items')).statusCode).toBe(400);
    // The admins' read-only view of any office; the office cannot use it.
    expect((await get(admin, '/view/offices/tinghu/dashboard?period=2026-Q4')).statusCode).toBe(200);
    expect((await get(admin, '/view/offices/nowhere/dashboard')).statusCode).toBe(404);
    expect((await get(office, '/view/offices/tinghu/dashboard')).statusCode).toBe(403);
    // A session past its hours is over.
    clock.set(STATISTICS_NOW.plus({ days: 20 }));
    try {
      expect((await get(office, '/o/dashboard')).statusCode).toBe(401);
    } finally {
      clock.set(STATISTICS_NOW);
    }
  });
});
