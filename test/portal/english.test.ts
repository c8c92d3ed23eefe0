import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type LoadedConfig } from '../../src/config/load-config.js';
import { syncDepartments } from '../../src/ledger/department-store.js';
import { draftItem } from '../../src/ledger/draft-item.js';
import { insertItems } from '../../src/ledger/item-store.js';
import { heilongjiangInEnglish } from '../helpers/english-config.js';
import { facts, useLedgerDatabase } from '../helpers/ledger-fixtures.js';
import { injectablePortal, linkFor, movableClock, openedSession, portalContext } from '../helpers/portal.js';

describe('the portal where the jurisdiction\'s locale is en (Heilongjiang)', () => {
  const temp = heilongjiangInEnglish();
  const database = useLedgerDatabase('postgres');
  let config: LoadedConfig;
  beforeAll(async () => {
    config = loadConfig(temp.dir, { today: '2026-11-21' });
    await syncDepartments(database.db, config.organisation.departments, '2026-11-21T09:00:00+08:00');
  });
  afterAll(() => temp.cleanup());

  it('speaks English with the mail\'s words, on the list and on the item\'s page', async () => {
    const [item] = await insertItems(database.db, [draftItem(facts({ reference: 'HLJ-P1', jurisdiction: 'hlj', departmentCode: 'hlj.ggzy', category: 'procurement.transaction' }), config.ruleBook)], { actor: 'test', at: '2026-10-20T09:00:00+08:00' });
    const context = portalContext(database.db, movableClock(DateTime.fromISO('2026-11-06T09:00:00+08:00', { setZone: true })), { config });
    const app = await injectablePortal(context);
    try {
      const { token } = await linkFor(context, 'department', 'hlj.ggzy');
      const cookies = await openedSession(app, token);
      const page = (await app.inject({ method: 'GET', url: '/d', cookies })).body;
      expect(page).toContain('<html lang="en">');
      expect(page).toContain('Provincial Public Resources Trading Centre: items to publish');
      expect(page).toContain('Due (Beijing time)');
      expect(page).toContain('working days late');
      const itemPage = (await app.inject({ method: 'GET', url: `/d/items/${item?.id}`, cookies })).body;
      expect(itemPage).toContain('Record the publication');
      expect(itemPage).toContain('Ask for an exemption');
    } finally {
      await app.close();
    }
  });

  it("shows the office's dashboard in English too, its figures and chart labels", async () => {
    const context = portalContext(database.db, movableClock(DateTime.fromISO('2026-11-06T09:00:00+08:00', { setZone: true })), { config });
    const app = await injectablePortal(context);
    try {
      const { token } = await linkFor(context, 'supervisor', 'hlj');
      const cookies = await openedSession(app, token);
      const page = (await app.inject({ method: 'GET', url: '/o/dashboard?period=2026-Q4', cookies })).body;
      expect(page).toContain('<html lang="en">');
      expect(page).toContain('黑龙江省人民政府办公厅: disclosure dashboard');
      expect(page).toContain('<h2>On-time rate by department, 2026 Q4</h2>');
      expect(page).toContain('>2026-11</a></td>');
      expect(page).toContain('<span class="label">Late</span>');
      // HLJ-P1 (the test above) was due 11-03 and is still open on 11-06: one late, unpublished item of one due.
      expect(page).toMatch(/<tr><td><a href="[^"]+">Provincial Public Resources Trading Centre<\/a><\/td><td><a href="[^"]+">1<\/a><\/td><td><a href="[^"]+">0<\/a><\/td><td><a href="[^"]+">0<\/a><\/td><td><a href="[^"]+">1<\/a><\/td><td><a href="[^"]+">0<\/a><\/td><td>0.0%<\/td>/);
    } finally {
      await app.close();
    }
  });
});
