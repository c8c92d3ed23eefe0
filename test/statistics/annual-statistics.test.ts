import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { noExemptions } from '../../src/statistics/timeliness.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/ledger/database.js';
import { gatherAnnualStatistics, type AnnualStatistics } from '../../src/statistics/annual-statistics.js';
import { loadTestConfig } from '../helpers/config.js';
import { openTestDatabase, TEST_DATABASE_URL } from '../helpers/databases.js';
import { insertFacts, syncShippedDepartments } from '../helpers/ledger-fixtures.js';
import { runCli } from '../helpers/run-cli.js';
import { STATISTICS_ITEMS, STATISTICS_NOW } from '../helpers/timeliness-items.js';

const config = loadTestConfig();
const tinghu = config.organisation.supervisors.find((s) => s.jurisdiction === 'tinghu')!;

/** The items and their due dates: test/helpers/timeliness-items.ts (counted at 2026-12-01 12:00). */
describe('the year\'s statistics (年度统计) for the annual report', () => {
  let database: Database;
  let stats: AnnualStatistics;
  const scratch = mkdtempSync(join(tmpdir(), 'dw-annual-'));
  const env = () => ({ DATABASE_URL: TEST_DATABASE_URL, DW_DATABASE_SCHEMA: database.schema, REDIS_URL: '', DW_NOW: STATISTICS_NOW.toISO()! });

  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    await syncShippedDepartments(database.db);
    await insertFacts(database.db, ...STATISTICS_ITEMS);
    stats = await gatherAnnualStatistics(database.db, config, tinghu, 2026, STATISTICS_NOW);
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('counts per department and category: due, published, on time, late, exempt by basis, withdrawn', () => {
    const czj = stats.byCategory.find((r) => r.departmentCode === 'tinghu.czj');
    expect(czj).toMatchObject({ categoryName: '政府采购交易过程信息（采购公告、采购文件、采购预算等）', domainName: '政府采购', due: 4, onTime: 2, publishedLate: 1, openLate: 1, late: 2, rate: '50.0%', exempt: { privacy: 1 } });
    const department = (code: string) => stats.byDepartment.find((r) => r.departmentCode === code);
    expect(department('tinghu.zjj')).toMatchObject({ due: 1, onTime: 0, late: 1, withdrawn: 1, rate: '0.0%' });
    // Requests are duties too: R1 on time, R3 late; R2 refused (不予公开).
    expect(department('tinghu.zwb')).toMatchObject({ due: 2, onTime: 1, late: 1, exempt: { trade_secret: 1 } });
    expect(department('tinghu.nw')).toMatchObject({ due: 0, rate: null });
    expect(stats.byDepartment).toHaveLength(config.organisation.departments.filter((d) => d.jurisdiction === 'tinghu').length);
    expect(stats.total).toMatchObject({ due: 7, onTime: 3, publishedLate: 1, openLate: 3, late: 4, withdrawn: 1, rate: '42.8%' });
  });

  it('counts requests by receipt, by outcome', () => {
    expect(stats.requests).toEqual([
      { department: 'tinghu.zwb', departmentName: '区政务办', received: 3, disclosed: 1, partly: 0, refused: { ...noExemptions(), trade_secret: 1 }, withdrawn: 0, abandoned: 0, pending: 1, late: 1 },
    ]);
  });

  it('prints the same figures through the CLI, as JSON and as a workbook styled for printing', async () => {
    const out = join(scratch, '2026年统计.xlsx');
    const run = runCli(['report', 'annual', '--year', '2026', '--jurisdiction', 'tinghu', '--json', '--out', out], { env: env() });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    // DW_NOW starts the CLI's clock, which then runs on: its countedAt is a few milliseconds later than ours.
    const { countedAt, ...printed } = JSON.parse(run.stdout) as { countedAt: string };
    const { countedAt: ours, ...expected } = JSON.parse(JSON.stringify(stats)) as { countedAt: string };
    expect(printed).toEqual(expected);
    expect(Date.parse(countedAt) - Date.parse(ours)).toBeGreaterThanOrEqual(0);
    expect(Date.parse(countedAt) - Date.parse(ours)).toBeLessThan(60_000);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['按责任单位', '按信息类别', '依申请公开']);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getCell('A1').value).toBe('亭湖区人民政府办公室2026年公共资源配置领域政府信息公开情况统计');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(sheet.getRow(3).values).toEqual([
      undefined, '责任单位', '应公开', '已公开', '按时公开', '逾期公开', '逾期未公开', '逾期后不予公开', '逾期合计', '公开及时率',
      '不予公开（国家秘密）', '不予公开（法律行政法规禁止）', '不予公开（危及“三安全一稳定”）', '不予公开（商业秘密）', '不予公开（个人隐私）',
      '不予公开（内部事务信息）', '不予公开（过程性信息）', '不予公开（行政执法案卷）', '撤销',
    ]);
    const total = sheet.lastRow!.values as unknown[];
    expect(total.slice(1, 10)).toEqual(['合计', 7, 4, 3, 1, 3, 0, 4, '42.8%']);
    expect(sheet.lastRow!.font?.bold).toBe(true);
    // received, disclosed, partly, refused on each of the eight grounds, withdrawn, abandoned, pending, late
    expect(workbook.worksheets[2]!.getRow(4).values).toEqual([undefined, '区政务办', 3, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1]);

    const again = runCli(['report', 'annual', '--year', '2026', '--jurisdiction', 'tinghu', '--out', out], { env: env() });
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('exists');
  }, 60_000);

  it('refuses a year that is not one, and an office that does not exist', () => {
    expect(runCli(['report', 'annual', '--year', '26'], { env: env() }).stderr).toContain('--year 26: give a year, e.g. --year 2026');
    const unknown = runCli(['report', 'annual', '--year', '2026', '--jurisdiction', 'tinhu'], { env: env() });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('no supervising office for jurisdiction "tinhu"');
  }, 60_000);
});
