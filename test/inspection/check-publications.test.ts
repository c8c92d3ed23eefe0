import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeEscalation } from '../../src/delivery/compose-escalation.js';
import { fetchPage } from '../../src/inspection/fetch-page.js';
import { checkPublications, requestRecheck } from '../../src/inspection/check-publications.js';
import { applyToItem } from '../../src/ledger/item-actions.js';
import { publish } from '../../src/ledger/lifecycle.js';
import type { LoadedConfig } from '../../src/config/load-config.js';
import { loadTestConfig } from '../helpers/config.js';
import { facts, insertFacts, useLedgerDatabase } from '../helpers/ledger-fixtures.js';
import { injectablePortal, linkFor, movableClock, openedSession, portalContext } from '../helpers/portal.js';
import { MAIL } from '../helpers/worker-context.js';

const NOW = DateTime.fromISO('2026-11-06T09:00:00+08:00', { setZone: true });

/** A department's portal on loopback: pages that show the item, pages that do not, a 404, a redirect inward, a slow one. */
function startSite(): Promise<{ server: Server; base: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(request.url ?? '');
    const page = (body: string) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<html><body>${body}</body></html>`);
    if (request.url === '/shown') return page('<h1>区财政局2026年办公设备\n采购公告</h1>');
    if (request.url === '/by-reference') return page('<p>文号：C-REF</p>');
    if (request.url === '/other') return page('<h1>另一则公告</h1>');
    if (request.url === '/inward') return response.writeHead(302, { location: 'http://10.20.30.40/admin' }).end();
    if (request.url === '/slow') return void setTimeout(() => page('区财政局2026年办公设备采购公告'), 15_000);
    response.writeHead(404).end('not found');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits })));
}

describe('the publication check (网上巡查) against a local site', () => {
  const database = useLedgerDatabase('postgres');
  let site: Awaited<ReturnType<typeof startSite>>;
  // The test site is on loopback: allow-listed for tinghu as its own portal host, with a short time limit.
  const shipped = loadTestConfig();
  const config: LoadedConfig = { ...shipped, portal: { ...shipped.portal, publicationCheck: { timeoutMs: 2000, maxBytes: 65536, allowPrivateHosts: new Map([['tinghu', ['127.0.0.1']]]) } } };

  beforeAll(async () => {
    site = await startSite();
  });
  afterAll(async () => {
    site.server.closeAllConnections();
    await new Promise<void>((resolve) => site.server.close(() => resolve()));
  });

  it('records what each page shows, marks the problems on the department\'s page and in the office\'s next digest', async () => {
    const { db } = database;
    const pages = { A: '/shown', B: '/by-reference', C: '/other', D: '/missing', E: '/inward', F: '/slow' } as const;
    const items = await insertFacts(db, ...Object.keys(pages).map((key) => facts({ reference: key === 'B' ? 'C-REF' : `C-${key}`, title: key === 'B' ? '别的标题' : '区财政局2026年办公设备采购公告' })));
    for (const [index, path] of Object.values(pages).entries()) {
      const item = items[index];
      await applyToItem(db, { reference: item?.reference as string, jurisdiction: 'tinghu' }, 'publish', (found) => publish(found, config.ruleBook.rule(found.ruleId), { url: `https://www.tinghu.gov.cn${path}`, at: '2026-11-05T10:00' }, NOW), { actor: 'test', at: '2026-11-05T10:00:00+08:00' });
    }
    // Registered addresses need a host name; the test site has only an IP address on loopback.
    await db('ledger_items').update({ published_url: db.raw("replace(published_url, 'https://www.tinghu.gov.cn', ?)", [site.base]) });
    const started = performance.now();
    const result = await checkPublications(db, config, NOW, fetchPage);
    // The slow page is given up at its limit, not waited for (it would answer after 15 s).
    expect(performance.now() - started).toBeLessThan(8000);
    expect(result).toMatchObject({ checked: 6, shown: 2 });
    const outcomes = Object.fromEntries((await db('publication_checks').join('ledger_items', 'ledger_items.id', 'publication_checks.item_id').select('reference', 'outcome', 'detail', 'http_status')).map((r) => [r.reference, r]));
    expect(outcomes['C-A']).toMatchObject({ outcome: 'shown', http_status: 200 });
    expect(outcomes['C-REF']).toMatchObject({ outcome: 'shown' });
    expect(outcomes['C-C']).toMatchObject({ outcome: 'missing', http_status: 200 });
    expect(outcomes['C-D']).toMatchObject({ outcome: 'unreachable' });
    expect(outcomes['C-D'].detail).toContain('404');
    expect(outcomes['C-E']).toMatchObject({ outcome: 'refused' });
    expect(outcomes['C-E'].detail).toContain('10.20.30.40');
    expect(outcomes['C-F']).toMatchObject({ outcome: 'unreachable' });
    expect(outcomes['C-F'].detail).toContain('no answer within 2 s');
    expect(site.hits).not.toContain('/admin');

    // Checked once: nothing to do on the next run, until a re-check is asked for.
    expect((await checkPublications(db, config, NOW.plus({ minutes: 5 }), fetchPage)).checked).toBe(0);
    await requestRecheck(db, NOW.plus({ days: 2 }));
    expect((await checkPublications(db, config, NOW.plus({ days: 2, minutes: 5 }), fetchPage)).checked).toBe(6);

    // The department's page marks them; the office's digest lists them (八、网上巡查发现的问题).
    const context = portalContext(db, movableClock(NOW.plus({ days: 3 })));
    const app = await injectablePortal(context);
    try {
      const { token } = await linkFor(context, 'department', 'tinghu.czj');
      const cookies = await openedSession(app, token);
      const page = (await app.inject({ method: 'GET', url: '/d', cookies })).body;
      expect(page).toContain('网上巡查发现的问题');
      expect(page).toContain('页面未见该信息');
      expect(page).toContain('公开链接无法访问');
      expect(page).toContain('公开链接指向内部网络，无法核验');
      expect(page).not.toContain('/shown<');
    } finally {
      await app.close();
    }
    const digestDay = DateTime.fromISO('2026-11-09T09:00:00+08:00', { setZone: true });
    expect((await composeEscalation(db, config, digestDay, MAIL)).composed).toEqual(['supervisor:tinghu:2026-11-09']);
    const digest = await db('messages').where({ key: 'supervisor:tinghu:2026-11-09' }).first();
    const section = digest.text_body.split('八、网上巡查发现的问题\n')[1].split('\n\n')[0];
    expect(section.split('\n')).toHaveLength(5); // its header row, then the four problems
    expect(section).toContain(`C-C | 区财政局2026年办公设备采购公告 | ${site.base}/other | 页面未见该信息`);
    expect(section).toContain('C-D');
    expect(section).toContain('C-E');
    expect(section).toContain('C-F');
  });
});
