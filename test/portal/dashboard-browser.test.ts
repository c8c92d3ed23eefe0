import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import mammoth from 'mammoth';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoIfEmpty } from '../../src/demo/load-demo.js';
import { composeEscalation } from '../../src/delivery/compose-escalation.js';
import { deliverPending } from '../../src/delivery/deliver.js';
import { smtpTransport, type MailTransport } from '../../src/delivery/transport.js';
import { scan } from '../../src/monitor/scan.js';
import type { PortalContext } from '../../src/portal/portal-context.js';
import type { RunningPortal } from '../../src/portal/start-portal.js';
import { launchChromium } from '../helpers/browser.js';
import { arrive, deliveredTo, mainText, newPerson, portalLinkIn } from '../helpers/browser-visit.js';
import { loadTestConfig } from '../helpers/config.js';
import { useLedgerDatabase } from '../helpers/ledger-fixtures.js';
import { listeningPortal, movableClock } from '../helpers/portal.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { MAIL, TEST_SIGNER } from '../helpers/worker-context.js';

const config = loadTestConfig();
/** Tuesday 2026-12-01, a working day: the demo ledger is placed around it. */
const NOW = DateTime.fromISO('2026-12-01T09:00:00+08:00', { setZone: true });
const OFFICE_MAIL = 'zwgk@tinghu.example.test';
const TIMEOUT = 90_000;
const TINGHU = config.organisation.departments.filter((d) => d.jurisdiction === 'tinghu');

/** The quarter's figures per department, counted here straight from the ledger's rows by the definition. */
async function quarterFromLedger(db: Knex): Promise<Map<string, { due: number; onTime: number; publishedLate: number; openLate: number }>> {
  const rows = (await db('ledger_items')
    .whereIn('department_code', TINGHU.map((d) => d.code))
    .where('due_date', '>=', '2026-10-01')
    .where('due_date', '<', '2027-01-01')
    .where('due_at', '<', NOW.toISO()!)
    .select('department_code', 'status', 'published_at', 'due_at')) as Array<{ department_code: string; status: string; published_at: Date | null; due_at: Date }>;
  const counts = new Map(TINGHU.map((d) => [d.name, { due: 0, onTime: 0, publishedLate: 0, openLate: 0 }]));
  for (const row of rows) {
    const count = counts.get(TINGHU.find((d) => d.code === row.department_code)!.name)!;
    if (row.status === 'open') count.openLate++;
    else if (row.status === 'published' && row.published_at! <= row.due_at) count.onTime++;
    else if (row.status === 'published') count.publishedLate++;
    else continue;
    count.due++;
  }
  return counts;
}

describe("the office's dashboard in a real browser (Chromium), reached from its delivered digest, on the demo ledger", () => {
  const database = useLedgerDatabase('postgres');
  const clock = movableClock(NOW);
  const scratch = mkdtempSync(join(tmpdir(), 'dw-dashboard-'));
  let browser: Browser | undefined;
  let portal: RunningPortal & { context: PortalContext };
  let sink: SmtpSink;
  let transport: MailTransport;

  beforeAll(async () => {
    browser = await launchChromium();
    sink = await startSmtpSink();
    transport = smtpTransport(sink.url);
    portal = await listeningPortal(database.db, clock);
    const mail = { ...MAIL, links: { signer: TEST_SIGNER, publicUrl: portal.context.publicUrl, days: 14 } };
    expect(await loadDemoIfEmpty(database.db, config, NOW)).toMatchObject({ jurisdiction: 'tinghu' });
    await scan(database.db, { ruleBook: config.ruleBook, ladders: config.ladders }, NOW);
    await composeEscalation(database.db, config, NOW, mail);
    expect((await deliverPending(database.db, transport, NOW, mail)).failed).toEqual([]);
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await transport?.close();
    await sink?.close();
    await portal?.close();
  });

  it('opens from the digest, shows the quarter by department as the ledger counts it, and drafts the 通报 with the same figures', async () => {
    const person = await newPerson(browser, { viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    try {
      const page = await arrive(person, portalLinkIn(deliveredTo(sink, OFFICE_MAIL, '2026-12-01')));
      expect(new URL(page.url()).pathname).toBe('/o');
      await page.getByRole('link', { name: '公开工作看板（图表、通报草稿、年度统计）' }).click();
      await page.waitForURL((u) => u.pathname === '/o/dashboard');
      await page.locator('select[name="period"]').selectOption('2026-Q4');
      await page.getByRole('button', { name: '查看' }).click();
      await page.waitForURL((u) => u.searchParams.get('period') === '2026-Q4');
      expect(await page.locator('h1').innerText()).toBe('亭湖区人民政府办公室：公开工作看板');

      // The counts now, against the ledger.
      const open = Number((await database.db('ledger_items').whereIn('department_code', TINGHU.map((d) => d.code)).where({ status: 'open' }).count({ n: '*' }))[0]!.n);
      const late = Number((await database.db('ledger_items').whereIn('department_code', TINGHU.map((d) => d.code)).where({ status: 'open' }).where('due_at', '<', NOW.toISO()!).count({ n: '*' }))[0]!.n);
      expect(await page.locator('.tile-open .count').innerText()).toBe(String(open));
      expect(await page.locator('.tile-overdue .count').innerText()).toBe(String(late));

      // The quarter's table, row by row, against the ledger.
      const expected = await quarterFromLedger(database.db);
      const rows = await page.locator('#departments tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
      const shown = new Map(rows.map((cells) => [cells[0], cells.slice(1, 5).map(Number)]));
      for (const [name, count] of expected) expect(shown.get(name), name).toEqual([count.due, count.onTime, count.publishedLate, count.openLate]);
      const total = [...expected.values()].reduce((sum, c) => ({ due: sum.due + c.due, onTime: sum.onTime + c.onTime, publishedLate: sum.publishedLate + c.publishedLate, openLate: sum.openLate + c.openLate }));
      expect(shown.get('合计')).toEqual([total.due, total.onTime, total.publishedLate, total.openLate]);
      expect(total.due).toBeGreaterThan(40);
      expect(await page.locator('figure.chart svg').count()).toBe(2);
      await page.screenshot({ path: join(scratch, 'dashboard.png'), fullPage: true });

      // A figure leads to its items: the quarter's late and unpublished ones.
      await page.locator('#departments tbody tr', { hasText: '合计' }).locator('td').nth(4).getByRole('link').click();
      await page.waitForURL((u) => u.pathname === '/o/dashboard/items');
      expect(await page.locator('h1').innerText()).toBe(`2026年第四季度：逾期未公开${total.openLate}项`);
      expect(await page.locator('main tbody tr').count()).toBe(total.openLate);
      await page.getByRole('link', { name: '返回看板' }).click();

      // The 通报 draft, downloaded as the office would, holds the same figures.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '生成本期通报草稿（Word）' }).click()]);
      const saved = join(scratch, download.suggestedFilename());
      await download.saveAs(saved);
      expect(download.suggestedFilename()).toBe('notice-2026-Q4.docx');
      const { value } = await mammoth.extractRawText({ buffer: readFileSync(saved) });
      expect(value).toContain(`本期到期应公开事项${total.due}项，按时公开${total.onTime}项，逾期公开${total.publishedLate}项，逾期未公开${total.openLate}项`);
      expect(await mainText(page)).toContain('当前情况');
    } finally {
      await person.close();
    }
  }, TIMEOUT);
});
