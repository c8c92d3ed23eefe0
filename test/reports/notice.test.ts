import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemList } from '../../src/config/problems.js';
import { readReportsConfig } from '../../src/config/reports-config.js';
import type { Database } from '../../src/ledger/database.js';
import { composeNotice, noticeText } from '../../src/reports/compose-notice.js';
import { gatherNoticeFacts } from '../../src/statistics/notice-facts.js';
import { parsePeriod } from '../../src/statistics/period.js';
import { loadTestConfig } from '../helpers/config.js';
import { openTestDatabase, TEST_DATABASE_URL } from '../helpers/databases.js';
import { insertFacts, syncShippedDepartments } from '../helpers/ledger-fixtures.js';
import { runCli } from '../helpers/run-cli.js';
import { TempConfig } from '../helpers/temp-config.js';
import { STATISTICS_ITEMS, STATISTICS_NOW } from '../helpers/timeliness-items.js';

const config = loadTestConfig();
const tinghu = config.organisation.supervisors.find((s) => s.jurisdiction === 'tinghu')!;
const Q4 = parsePeriod('2026-Q4');

/** The items and their due dates: test/helpers/timeliness-items.ts (counted at 2026-12-01 12:00). */
describe('the 通报 draft', () => {
  let database: Database;
  const scratch = mkdtempSync(join(tmpdir(), 'dw-notice-'));
  const env = () => ({ DATABASE_URL: TEST_DATABASE_URL, DW_DATABASE_SCHEMA: database.schema, REDIS_URL: '', DW_NOW: STATISTICS_NOW.toISO()! });

  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    await syncShippedDepartments(database.db);
    await insertFacts(database.db, ...STATISTICS_ITEMS);
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('criticises the departments whose items reached the notice step (10 working days late), and nobody for one published 1 day late', async () => {
    const facts = await gatherNoticeFacts(database.db, config, tinghu, Q4, STATISTICS_NOW, 3);
    expect(facts.noticeDays).toBe(10);
    // C due 11-17 and R3 due 11-09 are still open on 12-01: 10 and 16 working days late. H (due 06-30) is not Q4's.
    // B (due 11-03, published 11-04) was 1 working day late: not criticised.
    expect(facts.criticised.map((d) => [d.departmentName, d.items.map((i) => `${i.reference} ${i.late}`)])).toEqual([
      ['区财政局', ['C 逾期10个工作日']],
      ['区政务办', ['R3 逾期16个工作日']],
    ]);
    expect(facts.total).toMatchObject({ due: 5, onTime: 2, publishedLate: 1, openLate: 2, rate: '40.0%' });
    expect(facts.praised).toEqual([]);
    expect(facts.rules.map((r) => [r.basis.split('；')[0], r.items])).toEqual([['主动公开信息（20个工作日）', 3], ['政府信息公开申请答复', 2]]);
  });

  it('praises the departments with every item on time and at least the least number due', async () => {
    const facts = await gatherNoticeFacts(database.db, config, tinghu, parsePeriod('2026-09'), STATISTICS_NOW, 1);
    expect(facts.praised.map((d) => d.departmentName)).toEqual(['区财政局']);
    const text = noticeText(composeNotice(facts, config.notice!));
    expect(text).toContain('区财政局本期到期应公开事项均按时公开，予以通报表扬。');
    expect(text).toContain('本期没有逾期达到10个工作日的事项。');
    expect(text).toContain('亭湖区人民政府办公室对2026年9月（2026年9月1日至2026年9月30日）');
  });

  it('writes a .docx that a docx reader opens, with the period\'s figures', async () => {
    const out = join(scratch, '通报.docx');
    const run = runCli(['report', 'notice', '--period', '2026-Q4', '--jurisdiction', 'tinghu', '--out', out], { env: env() });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('关于2026年第四季度公共资源配置领域政府信息公开工作情况的通报');
    const { value: html, messages } = await mammoth.convertToHtml({ buffer: readFileSync(out) });
    expect(messages).toEqual([]);
    expect(html).toContain('<p>关于2026年第四季度公共资源配置领域政府信息公开工作情况的通报</p>');
    expect(html).toContain('本期到期应公开事项5项，按时公开2项，逾期公开1项，逾期未公开2项，公开及时率为40.0%。另有经审核不予公开事项2项、撤销事项1项');
    expect(html).toContain('<tr><td><p>区财政局</p></td><td><p>3</p></td><td><p>1</p></td><td><p>1</p></td><td><p>1</p></td><td><p>33.3%</p></td></tr>');
    expect(html).toContain('<tr><td><p>合计</p></td><td><p>5</p></td><td><p>2</p></td><td><p>1</p></td><td><p>2</p></td><td><p>40.0%</p></td></tr>');
    expect(html).toContain('C 区财政局2026年办公设备采购公告（应于2026年11月17日前公开，尚未公开，已逾期10个工作日）');
    // Departments with nothing due in the period are not in the table.
    expect(html).not.toContain('<td><p>区农委</p></td>');
    expect(html).toContain('<p>亭湖区人民政府办公室</p><p>2026年12月1日</p>');
  }, 60_000);

  it('refuses a period that is not one, and a draft without its wording', () => {
    const bad = runCli(['report', 'notice', '--period', '2026-Q5'], { env: env() });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('period "2026-Q5" is not a year (2026), a quarter (2026-Q4) or a month (2026-11)');
    const temp = new TempConfig().remove('reports.yaml');
    try {
      const missing = runCli(['report', 'notice', '--period', '2026-Q4', '--jurisdiction', 'tinghu', '--config', temp.dir], { env: env() });
      expect(missing.status).toBe(2);
      expect(missing.stderr).toContain('reports.yaml is missing');
    } finally {
      temp.cleanup();
    }
  }, 60_000);
});

describe('the 通报 wording (config/reports.yaml)', () => {
  it('is refused at start-up with an unknown placeholder, the field named', () => {
    const temp = new TempConfig().edit('reports.yaml', '公开及时率为{rate}', '公开及时率为{rat}');
    try {
      const problems = new ProblemList();
      readReportsConfig(temp.dir, problems);
      expect(problems.items.map((p) => `${p.path}: ${p.message}`)).toEqual([expect.stringMatching(/^notice\.overall: unknown placeholder \{rat\}; known: \{office\} /)]);
    } finally {
      temp.cleanup();
    }
  });
});
