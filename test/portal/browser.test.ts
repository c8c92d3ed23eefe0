import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import type { AddressObject, ParsedMail } from 'mailparser';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeMessages } from '../../src/delivery/compose.js';
import { composeEscalation } from '../../src/delivery/compose-escalation.js';
import { deliverPending } from '../../src/delivery/deliver.js';
import { smtpTransport, type MailTransport } from '../../src/delivery/transport.js';
import { draftItem } from '../../src/ledger/draft-item.js';
import type { ItemFacts } from '../../src/ledger/item.js';
import { insertItems } from '../../src/ledger/item-store.js';
import { scan } from '../../src/monitor/scan.js';
import { revokeLinks } from '../../src/portal/access-links.js';
import type { RunningPortal } from '../../src/portal/start-portal.js';
import type { PortalContext } from '../../src/portal/portal-context.js';
import { launchChromium } from '../helpers/browser.js';
import { arrive, deliveredTo, mainText, newPerson, portalLinkIn, tokenOf } from '../helpers/browser-visit.js';
import { loadTestConfig } from '../helpers/config.js';
import { facts, useLedgerDatabase } from '../helpers/ledger-fixtures.js';
import { linkFor, listeningPortal, movableClock } from '../helpers/portal.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { MAIL, TEST_SIGNER } from '../helpers/worker-context.js';

const config = loadTestConfig();
const at = (iso: string) => DateTime.fromISO(iso, { setZone: true });
// Formed 2026-09-30, due 2026-11-03 24:00 (general.active): on Friday 2026-11-06 (T+3) every item is escalated,
// its department's digest and the office's. Monday 2026-11-09 is the next working day (the office's weekly summary).
const FRIDAY = at('2026-11-06T09:00:00+08:00');
const MONDAY = at('2026-11-09T09:00:00+08:00');
const CZJ_MAIL = 'gongkai@czj.tinghu.example.test';
const OFFICE_MAIL = 'zwgk@tinghu.example.test';
const TIMEOUT = 60_000;

/** 区财政局's items (one per scenario, and one that stays open), and one of 区住建局's. */
const ITEMS: ItemFacts[] = [
  facts({ reference: 'TH-1', title: '区财政局2026年办公设备采购公告' }),
  facts({ reference: 'TH-2', title: '区财政局涉企采购合同公告' }),
  facts({ reference: 'TH-3', title: '区财政局物业服务采购结果公告' }),
  facts({ reference: 'TH-4', title: '区财政局印刷服务采购公告' }),
  facts({ reference: 'TH-5', title: '区财政局车辆维修采购公告' }),
  facts({ reference: 'TH-6', title: '区财政局绿化养护采购公告' }),
  facts({ reference: 'ZJ-1', title: '区住建局公租房分配结果', departmentCode: 'tinghu.zjj', category: 'housing.allocation' }),
];

describe('the portal in a real browser (Chromium), reached from the links in delivered mail', () => {
  const database = useLedgerDatabase('postgres');
  const clock = movableClock(FRIDAY);
  const ids = new Map<string, number>();
  let browser: Browser | undefined;
  let portal: RunningPortal & { context: PortalContext };
  let sink: SmtpSink;
  let transport: MailTransport;

  const db = (): Knex => database.db;
  const id = (reference: string) => ids.get(reference) as number;
  const mailOptions = () => ({ ...MAIL, links: { signer: TEST_SIGNER, publicUrl: portal.context.publicUrl, days: 14 } });
  const url = (path: string) => `${portal.context.publicUrl}${path}`;

  /** The worker's day: scan, the departments' digests, the offices' digests, delivery through the SMTP sink. */
  async function workerDay(now: DateTime): Promise<void> {
    await scan(db(), { ruleBook: config.ruleBook, ladders: config.ladders }, now);
    await composeMessages(db(), config, now, mailOptions());
    await composeEscalation(db(), config, now, mailOptions());
    const result = await deliverPending(db(), transport, now, mailOptions());
    expect(result.failed).toEqual([]);
    expect(result.retrying).toEqual([]);
  }

  beforeAll(async () => {
    browser = await launchChromium();
    sink = await startSmtpSink();
    transport = smtpTransport(sink.url);
    portal = await listeningPortal(db(), clock);
    const items = await insertItems(db(), ITEMS.map((f) => draftItem(f, config.ruleBook)), { actor: 'test', at: '2026-10-20T09:00:00+08:00' });
    for (const item of items) ids.set(item.reference, item.id);
    await workerDay(FRIDAY);
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await transport?.close();
    await sink?.close();
    await portal?.close();
  });

  describe('scenarios', () => {
    it('a clerk registers a publication from the 办理 link of the delivered mail; it leaves the list and the office hears it was late', async () => {
      const mail = deliveredTo(sink, CZJ_MAIL, '2026-11-06');
      const link = itemLinkIn(mail, 'TH-1');
      expect(link).toBe(`${portal.context.publicUrl}/a/${tokenOf(link)}?item=${id('TH-1')}`);
      const linkId = await linkIdOf(db(), link);

      const person = await newPerson(browser);
      try {
        const page = await arrive(person, link);
        // The address bar holds the item, no longer the token.
        expect(new URL(page.url()).pathname).toBe(`/d/items/${id('TH-1')}`);
        expect(page.url()).not.toContain(tokenOf(link));
        expect(await page.locator('h1').innerText()).toBe('TH-1 区财政局2026年办公设备采购公告');
        expect(await page.locator('header').innerText()).toContain('当前身份：区财政局');
        const before = await mainText(page);
        expect(before).toContain('待公开（逾期3个工作日）');
        expect(before).toContain('2026-11-03 24:00');

        await page.getByLabel('公开网址').fill('https://www.tinghu.gov.cn/art/2026/11/6/art_1234_5678.html');
        await page.getByRole('button', { name: '登记公开', exact: true }).click();
        await page.waitForURL((u) => u.searchParams.get('done') === 'published');
        const after = await mainText(page);
        expect(after).toContain('已登记公开：逾期公开（逾期3个工作日）。');
        expect(after).toContain('已公开');
        expect(after).toContain('https://www.tinghu.gov.cn/art/2026/11/6/art_1234_5678.html');
        // The publish form is gone; the history says who did it, through which link.
        expect(await page.getByRole('button', { name: '登记公开', exact: true }).count()).toBe(0);
        expect(after).toContain(`区财政局（门户 department:tinghu.czj，链接#${linkId}）`);

        const row = await db()('ledger_items').where({ id: id('TH-1') }).first();
        expect(row).toMatchObject({ status: 'published', published_url: 'https://www.tinghu.gov.cn/art/2026/11/6/art_1234_5678.html', next_check_at: null });
        expect(row.published_at.toISOString()).toBe('2026-11-06T01:00:00.000Z');
        const history = await db()('item_history').where({ item_id: id('TH-1'), action: 'publish' });
        expect(history).toHaveLength(1);
        expect(history[0].actor).toContain('区财政局');
        expect(history[0].actor).toContain('department:tinghu.czj');
        expect(history[0].actor).toContain(`链接#${linkId}`);

        // Back on the department's page: the item is no longer there, the others are.
        await page.getByRole('link', { name: '返回事项清单' }).click();
        await page.waitForURL((u) => u.pathname === '/d');
        const list = await page.locator('table').innerText();
        expect(list).not.toContain('TH-1');
        for (const reference of ['TH-2', 'TH-3', 'TH-4', 'TH-5', 'TH-6']) expect(list).toContain(reference);
        expect(list).not.toContain('ZJ-1');
      } finally {
        await person.close();
      }

      // Friday's office digest was made before; Monday's (the weekly summary) lists it as published late.
      expect(sectionOf(deliveredTo(sink, OFFICE_MAIL, '2026-11-06'), '四、逾期公开事项')).toEqual(['无']);
      clock.set(MONDAY);
      await workerDay(MONDAY);
      const monday = deliveredTo(sink, OFFICE_MAIL, '2026-11-09');
      expect(monday.subject).toContain('周报');
      expect(sectionOf(monday, '四、逾期公开事项')).toEqual(['区财政局 | TH-1 | 区财政局2026年办公设备采购公告 | 2026-11-03 24:00 | 2026-11-06 09:00 | 逾期3个工作日']);
      expect(sectionOf(monday, '七、逾期事项清单').join('\n')).not.toContain('TH-1');
    }, TIMEOUT);

    it('a clerk asks not to publish two items; the office approves one and refuses the other, which stays on its ladder', async () => {
      const mail = deliveredTo(sink, CZJ_MAIL, '2026-11-06');
      const clerk = await newPerson(browser);
      const office = await newPerson(browser);
      try {
        const ask = async (reference: string, basis: string, reason: string, reviewer: string) => {
          const page = await arrive(clerk, itemLinkIn(mail, reference));
          expect(new URL(page.url()).pathname).toBe(`/d/items/${id(reference)}`);
          await page.getByLabel('不予公开依据').selectOption(basis);
          await page.getByLabel('理由').fill(reason);
          await page.getByLabel('保密审查人').fill(reviewer);
          await page.getByRole('button', { name: '提交申请' }).click();
          await page.waitForURL((u) => u.searchParams.get('done') === 'requested');
          const text = await mainText(page);
          expect(text).toContain('已提交不予公开申请，等待政府办审批。');
          // Until the office decides, the item is still open and can still be published.
          expect(text).toContain('待公开');
          expect(await page.getByRole('button', { name: '提交申请' }).count()).toBe(0);
          return page;
        };
        await ask('TH-2', 'trade_secret', '合同含供应商报价等商业秘密', '张保密');
        const page = await ask('TH-3', 'privacy', '结果公告含个人信息', '李审查');
        await page.goto(url('/d'));
        const list = await page.locator('table').innerText();
        expect(list).toContain('区财政局涉企采购合同公告（不予公开申请待审批）');
        expect(list).toContain('区财政局物业服务采购结果公告（不予公开申请待审批）');

        // The office, from the link in Monday's digest.
        const officePage = await arrive(office, portalLinkIn(deliveredTo(sink, OFFICE_MAIL, '2026-11-09')));
        expect(new URL(officePage.url()).pathname).toBe('/o');
        expect(await officePage.locator('h1').innerText()).toBe('亭湖区人民政府办公室：政务公开督办');
        const requestRow = (reference: string) => officePage.locator('section', { has: officePage.locator('h2', { hasText: '待审批的不予公开申请' }) }).locator('tr', { hasText: reference });
        expect(await requestRow('TH-2').innerText()).toContain('张保密');
        expect(await requestRow('TH-3').innerText()).toContain('李审查');

        await requestRow('TH-2').getByRole('button', { name: '批准', exact: true }).click();
        await officePage.waitForURL((u) => u.searchParams.get('done') === 'approved');
        expect(await mainText(officePage)).toContain('已批准：该事项不予公开，不再提醒。');
        await requestRow('TH-3').getByLabel('不予批准的理由').fill('不属于个人隐私，应当公开');
        await requestRow('TH-3').getByRole('button', { name: '不予批准', exact: true }).click();
        await officePage.waitForURL((u) => u.searchParams.get('done') === 'refused');
        expect(await mainText(officePage)).toContain('已不予批准：该事项继续按期限提醒。');
        expect(await mainText(officePage)).toContain('目前没有待审批的申请。');

        const approved = await db()('ledger_items').where({ id: id('TH-2') }).first();
        expect(approved).toMatchObject({ status: 'exempt', exemption_basis: 'trade_secret', exemption_reason: '合同含供应商报价等商业秘密', next_check_at: null });
        expect(approved.exemption_approved_by).toContain('亭湖区人民政府办公室');
        expect(approved.exemption_approved_by).toContain('张保密');
        const refused = await db()('ledger_items').where({ id: id('TH-3') }).first();
        expect(refused).toMatchObject({ status: 'open', exemption_basis: null });
        expect(refused.next_check_at).not.toBeNull();

        // The clerk sees the refusal, and its reason, in the item's history; the request can be made again.
        await page.goto(url(`/d/items/${id('TH-3')}`));
        const refusedText = await mainText(page);
        expect(refusedText).toContain('不予公开申请未获批准');
        expect(refusedText).toContain('不属于个人隐私，应当公开');
        expect(await page.getByRole('button', { name: '提交申请' }).count()).toBe(1);
        await page.goto(url(`/d/items/${id('TH-2')}`));
        expect(await mainText(page)).toContain('不予公开');
        expect(await page.getByRole('button', { name: '登记公开', exact: true }).count()).toBe(0);
      } finally {
        await clerk.close();
        await office.close();
      }

      // The scan still takes the refused item at its next step (列入通报候选, T+10 = 11-17); the exempt one has left.
      const next = await scan(db(), { ruleBook: config.ruleBook, ladders: config.ladders }, at('2026-11-17T09:00:00+08:00'), { dryRun: true });
      const references = next.recorded.map((n) => n.reference);
      expect(references).toContain('TH-3');
      expect(next.recorded.find((n) => n.reference === 'TH-3')).toMatchObject({ stage: 'notice' });
      expect(references).not.toContain('TH-2');
      expect(references).not.toContain('TH-1');
    }, TIMEOUT);

    it('an upload with a bad row writes nothing and names the row; a partial upload refuses another department\'s row by name', async () => {
      const person = await newPerson(browser);
      try {
        const page = await arrive(person, portalLinkIn(deliveredTo(sink, CZJ_MAIL, '2026-11-06')));
        expect(new URL(page.url()).pathname).toBe('/d');
        await page.getByRole('link', { name: '上传台账' }).click();
        await page.waitForURL((u) => u.pathname === '/d/upload');

        const upload = async (name: string, rows: string[][], partial: boolean) => {
          const csv = [['编号', '事项名称', '责任单位', '类别', '形成日期'], ...rows].map((r) => r.join(',')).join('\r\n');
          await page.getByLabel('台账文件').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(`\ufeff${csv}\r\n`, 'utf8') });
          if (partial) await page.getByLabel('导入正确的行').check();
          await page.getByRole('button', { name: '上传', exact: true }).click();
          await page.waitForLoadState('domcontentloaded');
          await page.locator('.notice').waitFor();
          return page;
        };
        const problems = async () =>
          page.locator('section', { has: page.locator('h2', { hasText: '错误清单' }) }).locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')));

        const before = await count(db(), 'ledger_items');
        await upload('台账-第一次.csv', [
          ['U-1', '区财政局办公家具采购公告', '区财政局', 'procurement.transaction', '2026-11-02'],
          ['U-2', '区财政局会议服务采购公告', '区财政局', 'procurement.transaction', '2026-02-30'],
        ], false);
        expect(await mainText(page)).toContain('台账有错误，未导入任何行。');
        const bad = await problems();
        expect(bad).toHaveLength(1);
        expect(bad[0]?.[0]).toBe('3');
        expect(bad[0]?.[1]).toBe('形成日期');
        expect(bad[0]?.[2]).toContain('2026-02-30');
        expect(await count(db(), 'ledger_items')).toBe(before);
        expect(await count(db(), 'ledger_items', { reference: 'U-1' }) + (await count(db(), 'ledger_items', { reference: 'U-2' }))).toBe(0);

        await upload('台账-第二次.csv', [
          ['U-3', '区财政局保洁服务采购公告', '区财政局', 'procurement.transaction', '2026-11-02'],
          ['U-4', '区住建局保障房分配公示', '区住建局', 'housing.allocation', '2026-11-02'],
        ], true);
        expect(await mainText(page)).toContain('已导入：新增1项，更新0项，未变0项。');
        const refused = await problems();
        expect(refused).toHaveLength(1);
        expect(refused[0]?.[0]).toBe('3');
        expect(refused[0]?.[2]).toContain('区住建局');
        expect(await count(db(), 'ledger_items')).toBe(before + 1);
        expect(await db()('ledger_items').where({ reference: 'U-3' }).first()).toMatchObject({ department_code: 'tinghu.czj', status: 'open' });
        expect(await db()('ledger_items').where({ reference: 'U-4' }).first()).toBeUndefined();
        const created = await db()('item_history').where({ item_id: (await db()('ledger_items').where({ reference: 'U-3' }).first()).id, action: 'create' }).first();
        expect(created.actor).toContain('department:tinghu.czj');
      } finally {
        await person.close();
      }
    }, TIMEOUT);

    it('refuses an expired, a revoked and a forged link, a form without its CSRF token and another department\'s item, writing nothing', async () => {
      const sessions = await count(db(), 'portal_sessions');
      const person = await newPerson(browser);
      try {
        const page = await person.newPage();
        const expiring = await linkFor(portal.context, 'department', 'tinghu.czj', 1);
        clock.set(MONDAY.plus({ days: 2 }));
        try {
          const response = await page.goto(expiring.url);
          expect(response?.status()).toBe(403);
          expect(await mainText(page)).toContain('该链接已过期。');
        } finally {
          clock.set(MONDAY);
        }

        const revoked = await linkFor(portal.context, 'department', 'tinghu.czj');
        expect(await revokeLinks(db(), { id: revoked.id }, 'test', clock.now())).toBe(1);
        expect((await page.goto(revoked.url))?.status()).toBe(403);
        expect(await mainText(page)).toContain('该链接已被收回');

        const forged = randomBytes(32).toString('base64url');
        expect(forged).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect((await page.goto(url(`/a/${forged}`)))?.status()).toBe(403);
        expect(await mainText(page)).toContain('该链接无效');
        for (const text of ['链接无法使用', '请使用最近一封提醒或督办邮件中的链接']) expect(await page.locator('body').innerText()).toContain(text);

        expect(await count(db(), 'portal_sessions')).toBe(sessions);
        expect((await person.cookies()).map((c) => c.name)).not.toContain('dw_session');
        // Without a session, the department's page says how to get in.
        expect((await page.goto(url('/d')))?.status()).toBe(401);
        expect(await mainText(page)).toContain('请从提醒邮件中的链接进入');
      } finally {
        await person.close();
      }

      const clerk = await newPerson(browser);
      try {
        const page = await arrive(clerk, itemLinkIn(deliveredTo(sink, CZJ_MAIL, '2026-11-06'), 'TH-4'));
        expect(await count(db(), 'portal_sessions')).toBe(sessions + 1);
        const history = await count(db(), 'item_history', { item_id: id('TH-4') });

        // The publish form without its CSRF token.
        await page.getByLabel('公开网址').fill('https://www.tinghu.gov.cn/art/2026/11/9/art_1_4.html');
        await page.evaluate(() => document.querySelector('form[action$="/publish"] input[name="_csrf"]')?.remove());
        const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: '登记公开', exact: true }).click()]);
        expect(refused.status()).toBe(403);
        await page.waitForLoadState('domcontentloaded');
        expect(await mainText(page)).toContain('表单已失效');
        expect(await db()('ledger_items').where({ id: id('TH-4') }).first()).toMatchObject({ status: 'open', published_url: null });
        expect(await count(db(), 'item_history', { item_id: id('TH-4') })).toBe(history);

        // Another department's item reads as no item at all.
        const other = id('ZJ-1');
        const otherHistory = await count(db(), 'item_history', { item_id: other });
        expect((await page.goto(url(`/d/items/${other}`)))?.status()).toBe(404);
        expect(await mainText(page)).toContain('未找到该事项');
        expect(await mainText(page)).not.toContain('区住建局公租房分配结果');

        // And a publication posted to it, with a good CSRF token, is refused the same way.
        await page.goto(url(`/d/items/${id('TH-4')}`));
        await page.evaluate((target) => document.querySelector('form[action$="/publish"]')?.setAttribute('action', `/d/items/${target}/publish`), other);
        await page.getByLabel('公开网址').fill('https://www.tinghu.gov.cn/art/2026/11/9/art_zj_1.html');
        const [notFound] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: '登记公开', exact: true }).click()]);
        expect(notFound.status()).toBe(404);
        await page.waitForLoadState('domcontentloaded');
        expect(await mainText(page)).toContain('未找到该事项');
        expect(await db()('ledger_items').where({ id: other }).first()).toMatchObject({ status: 'open', published_url: null });
        expect(await count(db(), 'item_history', { item_id: other })).toBe(otherHistory);
        expect(await db()('ledger_items').where({ id: id('TH-4') }).first()).toMatchObject({ status: 'open', published_url: null });
      } finally {
        await clerk.close();
      }
    }, TIMEOUT);

    it('works at a phone\'s width (375×812) without horizontal scrolling, and without JavaScript', async () => {
      // A phone (its width, touch, a viewport that follows the page's meta viewport) with JavaScript off: the portal
      // has no script, and its forms must work without one. (The test's own measuring runs through the driver.)
      const phone = await newPerson(browser, { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, javaScriptEnabled: false });
      try {
        const page = await arrive(phone, portalLinkIn(deliveredTo(sink, CZJ_MAIL, '2026-11-06')));
        expect(new URL(page.url()).pathname).toBe('/d');
        expect(await page.locator('script').count()).toBe(0);
        expect(await overflow(page)).toEqual({ viewport: 375, document: 375, body: 375 });
        // Every item is there, in its row (the table fits or scrolls in its own container, never the page).
        for (const reference of ['TH-4', 'TH-5', 'TH-6']) expect(await page.locator('tr', { hasText: reference }).count()).toBe(1);
        for (const path of [`/d/items/${id('TH-6')}`, '/d/upload']) {
          await page.goto(url(path));
          expect(await overflow(page), path).toEqual({ viewport: 375, document: 375, body: 375 });
        }

        await page.goto(url('/d'));
        await page.locator('tr', { hasText: 'TH-5' }).getByRole('link', { name: '登记公开/申请不予公开' }).click();
        await page.waitForURL((u) => u.pathname === `/d/items/${id('TH-5')}`);
        await page.getByLabel('公开网址').fill('https://www.tinghu.gov.cn/art/2026/11/9/art_1_5.html');
        await page.getByRole('button', { name: '登记公开', exact: true }).click();
        await page.waitForURL((u) => u.searchParams.get('done') === 'published');
        expect(await mainText(page)).toContain('已登记公开：逾期公开');
        expect(await db()('ledger_items').where({ id: id('TH-5') }).first()).toMatchObject({ status: 'published', published_url: 'https://www.tinghu.gov.cn/art/2026/11/9/art_1_5.html' });
        await page.goto(url('/d'));
        expect(await page.locator('table').innerText()).not.toContain('TH-5');
      } finally {
        await phone.close();
      }
    }, TIMEOUT);

    // A publication address is longer than a phone is wide: it wraps instead of widening the page. (Its
    // preconditions are the first test's: TH-1 published at a long address.)
    it('a published item\'s page, with its long address, fits a phone\'s width', async () => {
      const person = await newPerson(browser, { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
      try {
        const page = await arrive(person, portalLinkIn(deliveredTo(sink, CZJ_MAIL, '2026-11-06')));
        await page.goto(url(`/d/items/${id('TH-1')}`));
        expect(await mainText(page)).toContain('https://www.tinghu.gov.cn/art/2026/11/6/art_1234_5678.html');
        expect(await overflow(page)).toEqual({ viewport: 375, document: 375, body: 375 });
      } finally {
        await person.close();
      }
    }, TIMEOUT);

    // The portal runs on the test's clock (November 2026), the browser on its own: the session cookie's lifetime is
    // relative (Max-Age), so a browser whose clock is not the portal's (a clerk's PC, DW_NOW in a demo) keeps it.
    it('keeps the session in a browser whose clock is not the portal\'s (the cookie\'s lifetime is relative)', async () => {
      const person = await newPerson(browser);
      try {
        const page = await arrive(person, portalLinkIn(deliveredTo(sink, CZJ_MAIL, '2026-11-06')));
        expect(new URL(page.url()).pathname).toBe('/d');
        expect(await page.locator('h1').innerText()).toBe('区财政局：待公开事项');
      } finally {
        await person.close();
      }
    }, TIMEOUT);
  });
});

/** How wide the page lays out (the window, the document, the body): wider than the window means it scrolls sideways. */
function overflow(page: Page): Promise<{ viewport: number; document: number; body: number }> {
  return page.evaluate(() => ({ viewport: window.innerWidth, document: document.documentElement.scrollWidth, body: document.body.scrollWidth }));
}

/** The 办理 link under an item's line in a digest's text. */
function itemLinkIn(mail: ParsedMail, reference: string): string {
  const lines = (mail.text ?? '').split('\n');
  const at = lines.findIndex((line) => line.startsWith('[') && line.includes(`] ${reference} `));
  const link = /^ {4}登记公开\/申请不予公开 (http:\/\/\S+\/a\/[A-Za-z0-9_-]{43}\?item=\d+)$/.exec(lines[at + 1] ?? '')?.[1];
  if (at < 0 || !link) throw new Error(`no 办理 link for ${reference} in "${mail.subject}"`);
  // The HTML part carries the same link.
  expect(mail.html || '').toContain(`href="${link}"`);
  return link;
}

async function linkIdOf(db: Knex, link: string): Promise<number> {
  const row = await db('access_links').where({ token_hash: TEST_SIGNER.hash(tokenOf(link)) }).first('id');
  if (!row) throw new Error(`no link in the ledger for ${link}`);
  return Number(row.id);
}

/** An escalation digest's section, as the rows of its text part (after its header row, up to the blank line). */
function sectionOf(mail: ParsedMail, title: string): string[] {
  const lines = (mail.text ?? '').split('\n');
  const start = lines.indexOf(title);
  if (start < 0) throw new Error(`no section ${title} in "${mail.subject}"`);
  const end = lines.indexOf('', start);
  const section = lines.slice(start + 1, end < 0 ? undefined : end);
  return section.length > 1 ? section.slice(1) : section;
}

async function count(db: Knex, table: string, where: Record<string, unknown> = {}): Promise<number> {
  const [row] = await db(table).where(where).count({ n: '*' });
  return Number(row?.n);
}
