import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type LoadedConfig } from '../../src/config/load-config.js';
import { composeMessages, composeUrgentMail } from '../../src/delivery/compose.js';
import { composeEscalation } from '../../src/delivery/compose-escalation.js';
import { syncDepartments } from '../../src/ledger/department-store.js';
import { draftItem } from '../../src/ledger/draft-item.js';
import { insertItems } from '../../src/ledger/item-store.js';
import { scan } from '../../src/monitor/scan.js';
import { facts, useLedgerDatabase } from '../helpers/ledger-fixtures.js';
import { heilongjiangInEnglish } from '../helpers/english-config.js';
import { MAIL } from '../helpers/worker-context.js';

const at = (iso: string) => DateTime.fromISO(iso, { setZone: true });

describe('an hour rule (12 小时内) gets its own mail at once; a jurisdiction with locale en reads English', () => {
  const temp = heilongjiangInEnglish();
  let config: LoadedConfig;
  const database = useLedgerDatabase('postgres');
  // Received Monday 08:00: due 20:00 the same day (12 natural hours). Hours ladder: upcoming at 16:00, due at
  // 20:00, overdue (department, leader, supervisor) at 22:00.
  beforeAll(async () => {
    config = loadConfig(temp.dir, { today: '2026-11-21' });
    await syncDepartments(database.db, config.organisation.departments, '2026-11-21T09:00:00+08:00');
    const item = facts({ jurisdiction: 'hlj', reference: 'HLJ-1', departmentCode: 'hlj.ggzy', title: 'Tender notice <No. 7>', category: 'bidding.notice.electronic', events: { received: '2026-11-23T08:00:00+08:00' } });
    await insertItems(database.db, [draftItem(item, config.ruleBook)], { actor: 'test', at: '2026-11-23T08:05:00+08:00' });
  });
  afterAll(() => temp.cleanup());

  it('is left out of the daily digest and mailed on its own, in English, with its legal basis', async () => {
    const now = at('2026-11-23T16:30:00+08:00');
    await scan(database.db, { ruleBook: config.ruleBook, ladders: config.ladders }, now);
    expect(await composeMessages(database.db, config, now, MAIL)).toEqual({ composed: [], cancelled: 0, waiting: 0, unaddressed: [] });
    const { composed } = await composeUrgentMail(database.db, config, now, MAIL);
    expect(composed).toEqual([expect.stringMatching(/^urgent:hlj\.ggzy:\d+$/)]);
    const mail = await database.db('messages').where({ key: composed[0] }).first();
    expect(mail.subject).toBe('[Urgent disclosure reminder] Provincial Public Resources Trading Centre: HLJ-1 (due today), deadline 2026-11-23 20:00');
    expect(mail.to_addresses).toEqual(['gongkai@ggzy.hlj.example.test']);
    expect(mail.cc_addresses).toEqual([]);
    expect(mail.text_body).toContain('招标公告和公示信息（电子交互，12小时）; basis: 招标公告和公示信息发布管理办法（国家发展改革委令第10号） 第十三条');
    expect(mail.text_body).toContain('due today (3 h left)');
    expect(mail.text_body).toMatch(/Record publication \/ ask for exemption \{\{dw-link:\d+\}\}\?item=\d+/);
    expect(mail.html_body).toContain('<html lang="en">');
    expect(mail.html_body).toContain('Tender notice &lt;No. 7&gt;');
    expect(mail.attachment_name).toBe('disclosure-reminder-hlj.ggzy-2026-11-23.csv');
  });

  it('once late, the department (leader copied) hears at once; the office in its escalation digest', async () => {
    const late = at('2026-11-23T22:30:00+08:00');
    await scan(database.db, { ruleBook: config.ruleBook, ladders: config.ladders }, late);
    const { composed } = await composeUrgentMail(database.db, config, late, MAIL);
    expect(composed).toHaveLength(1);
    const mail = await database.db('messages').where({ key: composed[0] }).first();
    expect(mail.subject).toBe('[Urgent disclosure reminder] Provincial Public Resources Trading Centre: HLJ-1 (late), deadline 2026-11-23 20:00');
    expect(mail.cc_addresses).toEqual(['leader@ggzy.hlj.example.test']);
    // The step also goes to the office: it stays pending until the office's digest carries it.
    const step = () => database.db('notifications').where({ step: 'overdue+2' }).first();
    expect((await step()).status).toBe('pending');
    expect((await composeEscalation(database.db, config, late, MAIL)).composed).toContain('supervisor:hlj:2026-11-23');
    expect((await step()).status).toBe('sending');
    const digest = await database.db('messages').where({ key: 'supervisor:hlj:2026-11-23' }).first();
    expect(digest.subject).toBe('[Disclosure weekly summary] 黑龙江省人民政府办公厅: 1 late (2026-11-23)');
    expect(digest.text_body).toContain('1. Late items by department and domain');
    expect(digest.text_body).toContain('Provincial Public Resources Trading Centre | Construction bidding | 1 | 0 | 0');
  });
});
