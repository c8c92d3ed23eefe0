import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { composeEscalation } from '../../src/delivery/compose-escalation.js';
import { applyToItem } from '../../src/ledger/item-actions.js';
import { exempt, publish } from '../../src/ledger/lifecycle.js';
import { scan } from '../../src/monitor/scan.js';
import { loadTestConfig } from '../helpers/config.js';
import { facts, insertFacts, useLedgerDatabase } from '../helpers/ledger-fixtures.js';
import { MAIL } from '../helpers/worker-context.js';

const config = loadTestConfig();
const at = (iso: string) => DateTime.fromISO(iso, { setZone: true });
const MONDAY = at('2026-11-23T09:00:00+08:00');

/**
 * A known Tinghu ledger on Monday 2026-11-23, every row checkable against the 2026 calendar (20 working days,
 * general.active; 国庆 10-01…10-08 off, Saturday 10-10 a make-up workday):
 *   E-1 区财政局 政府采购 formed 09-30, due 11-03, open: 14 working days late (11-04…11-23), notice (T+10 = 11-17)
 *   E-2 区财政局 政府采购 formed 10-23, due 11-20, open: 1 working day late, overdue
 *   E-3 区住建局 住房保障 formed 10-09, due 11-05 (10-10 counts), open: 12 working days late, notice
 *   E-4 区财政局 formed 09-30, due 11-03, published 11-20 10:00: 13 working days late
 *   E-5 区财政局 formed 10-20, due 11-17, published 11-10: on time
 *   E-6 区财政局 formed 10-20, due 11-17, exempt (不予公开) on 11-16, before its due moment: neither on time nor late
 *   E-7 区财政局 formed 10-26, due 11-23: due today on Monday, late on Tuesday
 */
async function knownLedger(db: Knex): Promise<void> {
  await insertFacts(
    db,
    facts({ reference: 'E-1', events: { formed: '2026-09-30T10:00:00+08:00' } }),
    facts({ reference: 'E-2', events: { formed: '2026-10-23T10:00:00+08:00' } }),
    facts({ reference: 'E-3', departmentCode: 'tinghu.zjj', category: 'housing.allocation', title: '公租房分配结果', events: { formed: '2026-10-09T10:00:00+08:00' } }),
    facts({ reference: 'E-4', events: { formed: '2026-09-30T10:00:00+08:00' } }),
    facts({ reference: 'E-5', events: { formed: '2026-10-20T10:00:00+08:00' } }),
    facts({ reference: 'E-6', events: { formed: '2026-10-20T10:00:00+08:00' } }),
    facts({ reference: 'E-7', events: { formed: '2026-10-26T10:00:00+08:00' } }),
  );
  const rule = config.ruleBook.rule('general.active');
  const record = { actor: 'test', at: '2026-11-21T09:00:00+08:00' };
  await applyToItem(db, { reference: 'E-4' }, 'publish', (item) => publish(item, rule, { url: 'https://example.test/e4.html', at: '2026-11-20T10:00:00+08:00' }, MONDAY), record);
  await applyToItem(db, { reference: 'E-5' }, 'publish', (item) => publish(item, rule, { url: 'https://example.test/e5.html', at: '2026-11-10T10:00:00+08:00' }, MONDAY), record);
  await applyToItem(db, { reference: 'E-6' }, 'exempt', (item) => exempt(item, { reason: '涉及商业秘密', basis: 'trade_secret', approvedBy: '区财政局局长' }), { ...record, at: '2026-11-16T15:00:00+08:00' });
  // A reminder the relay refused for good on Friday.
  await db('messages').insert({
    key: 'department:tinghu.czj:2026-11-20',
    audience: 'department',
    audience_code: 'tinghu.czj',
    to_addresses: ['gongkai@czj.tinghu.example.test'],
    subject: '【政务公开提醒】区财政局',
    text_body: '',
    html_body: '',
    message_id: '<failed@example.test>',
    composed_at: '2026-11-20T08:30:00+08:00',
    status: 'failed',
    attempts: 1,
    attempted_at: '2026-11-20T08:31:00+08:00',
    last_error: '550 5.1.1 no such user',
  });
}

describe('the supervising office\'s escalation digest for a known ledger', () => {
  const database = useLedgerDatabase('postgres');
  let monday: { subject: string; text_body: string; html_body: string; attachment_csv: string };
  beforeAll(async () => {
    await knownLedger(database.db);
    await scan(database.db, { ruleBook: config.ruleBook, ladders: config.ladders }, MONDAY);
    expect((await composeEscalation(database.db, config, MONDAY, MAIL)).composed).toEqual(['supervisor:tinghu:2026-11-23']);
    monday = await database.db('messages').where({ key: 'supervisor:tinghu:2026-11-23' }).first();
  });

  /** A section's lines in the plain-text body: its header row, then its rows (or 无). */
  const sectionLines = (text: string, title: string) => {
    const start = text.indexOf(`\n${title}\n`);
    expect(start, `section ${title}`).toBeGreaterThan(-1);
    return text.slice(start + title.length + 2).split('\n\n')[0]?.split('\n') ?? [];
  };
  /** Its rows only: a table's first line is its header. */
  const section = (text: string, title: string) => {
    const lines = sectionLines(text, title);
    return lines.length > 1 ? lines.slice(1) : lines;
  };

  it('is the weekly summary on a Monday, addressed to the office', () => {
    expect(monday.subject).toBe('【政务公开督办周报】亭湖区人民政府办公室：3项已逾期，2项列入通报候选（2026-11-23）');
    expect(monday.text_body).toContain('2026-11-16 09:00以来新增逾期和逾期公开的事项');
  });

  it('counts late items by department and domain, and by how late', () => {
    expect(section(monday.text_body, '一、逾期未公开事项（按责任单位和领域）')).toEqual(['区财政局 | 政府采购 | 2 | 0 | 1', '区住建局 | 住房保障 | 1 | 0 | 1']);
    // E-1 14 and E-2 1 working days late; E-3 12.
    expect(section(monday.text_body, '二、逾期时长')).toEqual(['区财政局 | 1 | 0 | 1 | 0 | 2', '区住建局 | 0 | 0 | 1 | 0 | 1']);
    // The plain text carries each table's header, as the HTML does.
    expect(sectionLines(monday.text_body, '一、逾期未公开事项（按责任单位和领域）')[0]).toBe('责任单位 | 领域 | 逾期项数 | 其中督办 | 其中通报候选');
    expect(sectionLines(monday.text_body, '二、逾期时长')[0]).toBe('责任单位 | 1–5个工作日 | 6–10个工作日 | 11–20个工作日 | 20个工作日以上 | 合计');
  });

  it('lists what became late this week, what was published late, and the 通报 candidates', () => {
    expect(section(monday.text_body, '三、新增逾期事项')).toEqual([expect.stringMatching(/^已逾期 \| 区财政局 \| E-2 \| .* \| 2026-11-20 24:00 \| 逾期1个工作日$/)]);
    expect(section(monday.text_body, '四、逾期公开事项')).toEqual([expect.stringMatching(/^区财政局 \| E-4 \| .* \| 2026-11-03 24:00 \| 2026-11-20 10:00 \| 逾期13个工作日$/)]);
    const notice = section(monday.text_body, '六、建议通报事项（通报候选）');
    expect(notice).toHaveLength(2);
    // Departments in pinyin order (区财政局 cai before 区住建局 zhu).
    expect(notice[0]).toMatch(/^列入通报候选 \| 区财政局 \| E-1 \| .* \| 2026-11-03 24:00 \| 逾期14个工作日$/);
    expect(notice[1]).toMatch(/^列入通报候选 \| 区住建局 \| E-3 \| 公租房分配结果 \| 住房保障 \| .* \| 2026-11-05 24:00 \| 逾期12个工作日$/);
  });

  it('gives each department\'s on-time rate for the month and the year, exempt items left out', () => {
    const rates = section(monday.text_body, '五、公开及时率');
    // 区财政局: E-1, E-2, E-4 late, E-5 on time (E-6 exempt, E-7 not yet due). 区住建局: E-3 late.
    expect(rates).toContain('区财政局 | 4 | 1 | 25.0% | 4 | 1 | 25.0%');
    expect(rates).toContain('区住建局 | 1 | 0 | 0.0% | 1 | 0 | 0.0%');
    expect(rates).toContain('区发改委 | 0 | 0 | — | 0 | 0 | —');
  });

  it('reports mail that failed for good in its health section', () => {
    expect(section(monday.text_body, '十、系统运行情况')).toEqual(['department:tinghu.czj:2026-11-20 | gongkai@czj.tinghu.example.test：发送失败（550 5.1.1 no such user），请管理员核实地址后处理']);
  });

  it('escapes ledger text in HTML and attaches every late item as CSV', () => {
    expect(monday.html_body).toContain('<h3>五、公开及时率</h3>');
    expect(monday.attachment_csv.split('\r\n').filter(Boolean)).toHaveLength(4);
  });

  it('on Tuesday is a daily digest: new since Monday\'s, nothing twice', async () => {
    const tuesday = MONDAY.plus({ days: 1 });
    await scan(database.db, { ruleBook: config.ruleBook, ladders: config.ladders }, tuesday);
    expect((await composeEscalation(database.db, config, tuesday, MAIL)).composed).toEqual(['supervisor:tinghu:2026-11-24']);
    const digest = await database.db('messages').where({ key: 'supervisor:tinghu:2026-11-24' }).first();
    expect(digest.subject).toBe('【政务公开督办】亭湖区人民政府办公室：4项已逾期，2项列入通报候选（2026-11-24）');
    expect(section(digest.text_body, '三、新增逾期事项')).toEqual([expect.stringMatching(/^已逾期 \| 区财政局 \| E-7 \| .* \| 2026-11-23 24:00 \| 逾期1个工作日$/)]);
    // E-4 was reported on Monday; the failed reminder too.
    expect(section(digest.text_body, '四、逾期公开事项')).toEqual(['无']);
    expect(section(digest.text_body, '十、系统运行情况')).toEqual(['邮件发送正常，无发送失败的提醒。 | ']);
    expect((await composeEscalation(database.db, config, tuesday.plus({ hours: 3 }), MAIL)).composed).toEqual([]);
  });
});
