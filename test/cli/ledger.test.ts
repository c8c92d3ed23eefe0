import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

/** The ledger commands as an admin runs them, on the embedded default (PGlite in a data directory of its own). */
const dir = mkdtempSync(join(tmpdir(), 'dw-ledger-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { DW_DATA_DIR: join(dir, 'data'), DW_NOW: '2026-11-21T09:00:00+08:00', DW_ACTOR: '王五', DATABASE_URL: '' };
const cli = (...args: string[]) => runCli(args, { env });

describe('ledger commands', () => {
  it('import, list, publish, show, and the checks on each step', () => {
    const file = join(dir, 'ledger.csv');
    writeFileSync(
      file,
      '\uFEFF编号,事项名称,责任单位,类别,形成日期,决定日期\n' +
        'TH-1,区财政局办公设备采购公告,区财政局,procurement.transaction,2026-09-30 18:00,\n' +
        'TH-2,行政许可决定,区政务办,licensing,,2026-11-18\n',
    );
    const imported = cli('ledger', 'import', file, '--json');
    expect(imported.stderr.split('\n').filter((l) => l && !l.startsWith('warning:'))).toEqual([]);
    expect(imported.status).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ inserted: 2, updated: 0, unchanged: 0, rejected: [] });

    const list = cli('ledger', 'list');
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/TH-1\s+区财政局办公设备采购公告\s+区财政局\s+procurement\.transaction\s+2026-11-03 24:00\s+open\s+13 working days late/);
    expect(list.stdout).toMatch(/TH-2\s+行政许可决定\s+区政务办\s+licensing\s+2026-11-27 24:00\s+open\s+5 working days left/);
    expect(JSON.parse(cli('ledger', 'list', '--overdue', '--format', 'json').stdout).map((i: { reference: string }) => i.reference)).toEqual(['TH-1']);
    expect(JSON.parse(cli('ledger', 'list', '--due-within', '5', '--format', 'json').stdout).map((i: { reference: string }) => i.reference)).toEqual(['TH-2']);

    const badUrl = cli('ledger', 'publish', 'TH-1', '--url', 'www.tinghu.gov.cn/a.html');
    expect(badUrl.status).toBe(2);
    expect(badUrl.stderr).toContain('error: "www.tinghu.gov.cn/a.html" is not an http(s) web address');
    expect(cli('ledger', 'publish', 'TH-1', '--url', 'https://www.tinghu.gov.cn/a.html', '--at', '2026-11-20 10:00').status).toBe(0);
    expect(cli('ledger', 'exempt', 'TH-2', '--reason', '涉及个人隐私', '--basis', 'privacy').stderr).toContain("required option '--approved-by <name>' not specified");
    const exempt = cli('ledger', 'exempt', 'TH-2', '--reason', '涉及个人隐私', '--basis', 'privacy', '--approved-by', '李四');
    expect(exempt.status).toBe(0);
    expect(cli('ledger', 'exempt', 'TH-9', '--reason', 'x', '--basis', 'privacy', '--approved-by', '李四').stderr).toContain('error: no ledger item "TH-9"');

    const show = cli('ledger', 'show', 'TH-1', '--json');
    expect(show.status).toBe(0);
    const shown = JSON.parse(show.stdout);
    expect(shown.item).toMatchObject({ status: 'published', publishedAt: '2026-11-20T10:00:00+08:00', dueDate: '2026-11-03' });
    expect(shown.deadline.basis).toContain('国庆节 2026-10-01..2026-10-07 skipped');
    expect(shown.history.map((h: { action: string; actor: string }) => `${h.action} ${h.actor}`)).toEqual(['create 王五', 'publish 王五']);
    // Recorded on 11-21 (DW_NOW's clock runs on from 09:00), before its due moment (11-27): it excuses the item.
    expect(cli('ledger', 'show', 'TH-2').stdout).toMatch(/exempt: 个人隐私 \(第十五条\) — 涉及个人隐私 \(approved by 李四; recorded 2026-11-21 09:0\d\)$/m);
  }, 120_000); // eleven commands, each a process opening the embedded ledger: slow on a loaded 2-core machine

  it("the engine's warnings are kept with the item: show, list and the digests print them", () => {
    // A ledger of its own: the other tests count this file's late items.
    const own = { ...env, DW_DATA_DIR: join(dir, 'warnings-data') };
    const file = join(dir, 'request.csv');
    // A request received 10-12, due 11-09; its extension approved 11-20, too late to move the deadline.
    writeFileSync(file, '\uFEFF编号,事项名称,责任单位,类别,收到时间,延期批准日期\nTH-3,政府信息公开申请答复,区政务办,request.reply,2026-10-12 10:00,2026-11-20 10:00\n');
    expect(runCli(['ledger', 'import', file], { env: own }).status).toBe(0);
    const show = runCli(['ledger', 'show', 'TH-3'], { env: own });
    expect(show.status).toBe(0);
    expect(show.stdout).toMatch(/^ {2}warnings +extension approved on 2026-11-20, after the reply was due \(2026-11-09\): it does not move the deadline, and the reply stays late/m);
    // Kept with the item: the overdue list, its CSV, and the reminder and escalation digests carry them.
    const overdue = runCli(['ledger', 'list', '--overdue'], { env: own });
    expect(overdue.stdout).toContain('TH-3');
    expect(overdue.stdout).toMatch(/^warnings:\n! TH-3: extension approved on 2026-11-20, after the reply was due \(2026-11-09\).*\(延期答复于2026-11-20批准，晚于答复期限（2026-11-09）/m);
    const csv = runCli(['ledger', 'list', '--status', 'all', '--format', 'csv'], { env: own });
    expect(csv.stdout).toContain('延期答复于2026-11-20批准，晚于答复期限（2026-11-09）：不延长期限，该答复仍属逾期（条例第三十三条）');
    const reminder = runCli(['digest', '--preview', '--department', '区政务办'], { env: own });
    expect(reminder.stdout).toContain('提示：延期答复于2026-11-20批准，晚于答复期限（2026-11-09）');
    const escalation = runCli(['digest', '--preview', '--supervisor', 'tinghu'], { env: own });
    expect(escalation.stdout).toContain('提示：延期答复于2026-11-20批准，晚于答复期限（2026-11-09）');
    // The reply went out by post: recorded by its number and delivery, no address (答复文号, 送达方式).
    const half = runCli(['ledger', 'publish', 'TH-3', '--reply-reference', '亭政公开〔2026〕第15号'], { env: own });
    expect(half.status).toBe(2);
    const replied = runCli(['ledger', 'publish', 'TH-3', '--reply-reference', '亭政公开〔2026〕第15号', '--delivery', '邮寄', '--at', '2026-11-20 16:00'], { env: own });
    expect(replied.stdout).toBe('tinghu TH-3: published 2026-11-20T16:00:00+08:00 亭政公开〔2026〕第15号 邮寄\n');

    // Bid-winning candidates publicised 11-18 until 11-20: shorter than the 3 days of 招标投标法实施条例第五十四条.
    const candidates = join(dir, 'candidates.csv');
    writeFileSync(candidates, '\uFEFF编号,事项名称,责任单位,类别,收到时间,期间届满日期,公开日期,公开网址\nTH-4,某道路工程中标候选人公示,区公共资源交易中心,bidding.candidates,2026-11-17 10:00,2026-11-20,2026-11-18 09:00,https://www.tinghu.gov.cn/ggzy/4.html\n');
    expect(runCli(['ledger', 'import', candidates], { env: own }).status).toBe(0);
    expect(runCli(['ledger', 'show', 'TH-4'], { env: own }).stdout).toContain('公示期2026-11-18至2026-11-20，短于法定最短3日（中华人民共和国招标投标法实施条例 第五十四条），应至少公示至2026-11-21');
    // A later file that says nothing of the publication leaves it, and what it was warned of, as recorded.
    writeFileSync(candidates, '\uFEFF编号,事项名称,责任单位,类别,收到时间,期间届满日期\nTH-4,某道路工程中标候选人公示（更正）,区公共资源交易中心,bidding.candidates,2026-11-17 10:00,2026-11-20\n');
    expect(runCli(['ledger', 'import', candidates], { env: own }).status).toBe(0);
    expect(runCli(['ledger', 'show', 'TH-4'], { env: own }).stdout).toContain('应至少公示至2026-11-21');
    const office = runCli(['digest', '--preview', '--supervisor', 'tinghu'], { env: own });
    expect(office.stdout).toMatch(/九、公示期短于法定期限的事项[\s\S]*TH-4 \| 某道路工程中标候选人公示（更正） \| 2026-11-18 09:00 \| 公示期2026-11-18至2026-11-20，短于法定最短3日/);
  }, 120_000); // thirteen commands, each a process opening the embedded ledger: 23 s in a passing run, slow on a loaded 2-core machine

  it('template writes the guide, never over an existing file unasked; an unknown --jurisdiction is an error, not an empty list', async () => {
    const out = join(dir, 'template.xlsx');
    const written = cli('ledger', 'template', '--out', out, '--jurisdiction', 'tinghu');
    expect(written.status).toBe(0);
    expect(written.stderr).toBe(''); // the missing-2027 warning is config check's and the worker's, not every command's
    const again = cli('ledger', 'template', '--out', out);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain(`${out} exists: choose another file, or --force to overwrite it`);
    expect(cli('ledger', 'template', '--out', out, '--force').status).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const guide = Array.from(workbook.getWorksheet('说明 guide')!.getSheetValues(), (row) => (Array.isArray(row) ? row.slice(1).join(' | ') : ''));
    expect(guide).toContain('国土分局 | baodi.gtfj');
    expect(guide.find((line) => line.includes('| procurement.transaction |'))).toMatch(/\| 形成日期$/);
    expect(guide.find((line) => line.startsWith('日期写法'))).toContain('2026年11月5日 14时30分');

    const unknown = cli('ledger', 'list', '--jurisdiction', 'tinghuu');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('--jurisdiction tinghuu: no such jurisdiction; did you mean tinghu?');
  }, 120_000);

  it('a file with a bad row writes nothing and exits 1, listing row, column and reason', () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, '编号,事项名称,责任单位,类别,形成日期\nTH-5,标题,区财政局,procurement.transaction,2026-10-09\nTH-6,标题,区财政厅,procurement.transaction,2026-10-09\n');
    const result = cli('ledger', 'import', file);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('0 inserted, 0 updated, 0 unchanged, 1 row rejected — nothing written');
    expect(result.stdout).toMatch(/3\s+责任单位\s+unknown department "区财政厅"; did you mean 区财政局\?/);
    expect(cli('ledger', 'list', '--format', 'json').stdout).not.toContain('TH-5');
  }, 120_000);

  it('scan records each new ladder step once; --dry-run writes nothing', () => {
    const file = join(dir, 'scan.csv');
    writeFileSync(file, '编号,事项名称,责任单位,类别,形成日期\nTH-7,区交运局采购公告,区交运局,procurement.transaction,2026-09-30\n');
    expect(cli('ledger', 'import', file).status).toBe(0);
    const steps = (stdout: string) => JSON.parse(stdout).recorded.map((n: { reference: string; step: string }) => `${n.reference} ${n.step}`);
    // TH-7 is due 11-03: on 11-21 it is past its notice step (T+10, 11-17). TH-1 was published and TH-2 exempted:
    // they are off the ladder.
    expect(steps(cli('scan', '--dry-run', '--json').stdout)).toEqual(['TH-7 notice+10']);
    expect(steps(cli('scan', '--json').stdout)).toEqual(['TH-7 notice+10']);
    expect(steps(cli('scan', '--json').stdout)).toEqual([]);
  }, 120_000);

  it('digest --preview renders what would be sent now, and leaves the ledger as it was', () => {
    // TH-7 skipped its earlier late steps (the ledger was loaded late): its department hears with the notice step.
    const department = cli('digest', '--preview', '--department', '区交运局');
    expect(department.stdout).toContain('would be sent: 【政务公开提醒】区交运局：1项已逾期（2026-11-21）\nto: gongkai@jyj.tinghu.example.test\ncc: leader@jyj.tinghu.example.test\n');
    expect(department.stdout).toContain('[列入通报候选] TH-7 区交运局采购公告');
    const none = cli('digest', '--preview', '--department', 'tinghu.slj');
    expect(none.status).toBe(0);
    expect(none.stderr).toContain('nothing would be sent to tinghu.slj now');
    const html = join(dir, 'preview.html');
    for (let run = 0; run < 2; run++) {
      const preview = cli('digest', '--preview', '--supervisor', 'tinghu', '--out', html);
      expect(preview.status).toBe(0);
      // The same both times: the first preview composed nothing for good.
      expect(preview.stdout).toContain('would be sent: 【政务公开督办周报】亭湖区人民政府办公室：1项已逾期，1项列入通报候选（2026-11-21）');
      expect(readFileSync(html, 'utf8')).toMatch(/<td>列入通报候选<\/td><td>区交运局<\/td><td>TH-7<\/td>/);
      rmSync(html);
    }
    const ambiguous = cli('digest', '--preview', '--supervisor');
    expect(ambiguous.status).toBe(2);
    expect(ambiguous.stderr).toContain('there are 2 supervising offices: say which, --supervisor baodi | tinghu');
    expect(cli('digest', '--preview', '--department', '区财政厅').stderr).toContain('no department "区财政厅"; did you mean 区财政局');
    expect(existsSync(html)).toBe(false);
  }, 120_000);
});
