import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { jsonLines, PROJECT_ROOT, runCli } from '../helpers/run-cli.js';

const NOW = { DW_NOW: '2026-11-21T09:00:00+08:00' };

describe('due: the contract other tools depend on', () => {
  it('npm run -s cli -- due --rule general.active --at 2026-09-30T18:00:00+08:00 prints one JSON line', () => {
    const result = spawnSync('npm', ['run', '-s', 'cli', '--', 'due', '--rule', 'general.active', '--at', '2026-09-30T18:00:00+08:00'], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: { ...process.env, ...NOW },
    });
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      rule: 'general.active',
      at: '2026-09-30T18:00:00+08:00',
      dueDate: '2026-11-03',
      dueAt: '2026-11-03T23:59:59.999+08:00',
      provisional: false,
      basis: expect.stringContaining('国庆节 2026-10-01..2026-10-07 skipped'),
    });
  });

  it('resolves the rule from --jurisdiction and --category', () => {
    const result = runCli(['due', '--jurisdiction', 'hlj', '--category', 'procurement.transaction', '--at', '2026-09-30T18:00:00+08:00'], { env: NOW });
    expect(result.status).toBe(0);
    // 5 working days after 09-30: 10-08, 10-09, 10-10 (make-up Saturday), 10-12, 10-13.
    expect(jsonLines(result.stdout)[0]).toMatchObject({ rule: 'hlj.procurement.process', dueDate: '2026-10-13', decidedBy: 'hlj' });
  });

  it('takes the other events a disclosure request needs', () => {
    const result = runCli(
      ['due', '--rule', 'request.reply', '--at', '2026-11-02T10:00:00+08:00', '--event', 'extensionApproved=2026-11-20T10:00:00+08:00'],
      { env: NOW },
    );
    expect(result.status).toBe(0);
    // 40 working days after 2026-11-02 (Mon): 2026-12-28 (Mon), still before the late-December days 2027's notice may move.
    expect(jsonLines(result.stdout)[0]).toMatchObject({ dueDate: '2026-12-28', provisional: true, missingYears: [2027] });
  });
});

describe('due --batch', () => {
  it('answers every line in order; bad lines get {"error"} and the run goes on; exit 0', () => {
    const input = [
      '{"rule": "general.active", "at": "2026-09-30T18:00:00+08:00"}',
      '{"rule": "general.activ", "at": "2026-09-30T18:00:00+08:00"}',
      'not json',
      '',
      '{"jurisdiction": "tianjin", "category": "procurement.transaction", "at": "2026-09-30T09:00:00+08:00"}',
      '{"rule": "general.active", "at": "2026-09-30"}',
      '{"rule": "general.licensing", "at": "2026-02-30T10:00:00+08:00"}',
      '{"rule": "general.licensing"}',
      '{"rule": "general.active", "at": "2026-12-15T09:00:00+08:00"}',
    ].join('\n');
    const result = runCli(['due', '--batch'], { input, env: NOW });
    expect(result.status).toBe(0);
    const lines = jsonLines(result.stdout);
    expect(lines).toHaveLength(9);
    expect(lines[0]).toMatchObject({ dueDate: '2026-11-03' });
    expect(lines[1]).toEqual({ error: 'unknown rule "general.activ"; did you mean general.active?' });
    expect(lines[2]).toEqual({ error: 'not a JSON object: not json' });
    expect(lines[3]).toEqual({ error: 'empty line' });
    expect(lines[4]).toMatchObject({ rule: 'general.active', dueDate: '2026-11-03', decidedBy: 'cn' });
    expect(lines[5]).toEqual({ error: '"at" "2026-09-30" has no UTC offset; write it like 2026-09-30T18:00:00+08:00 (Asia/Shanghai)' });
    expect(lines[6]).toMatchObject({ error: expect.stringContaining('does not exist') });
    expect(lines[7]).toMatchObject({ error: expect.stringContaining('"at" is required') });
    // 2027-01-01 is 元旦 by law although no 2027 notice is loaded (see calendar-boundaries.test.ts).
    expect(lines[8]).toMatchObject({ dueDate: '2027-01-13', provisional: true, missingYears: [2027] });
  });
});

describe('due: bad arguments exit 2 with one clear line', () => {
  it.each([
    { args: ['--rule', 'general.activ', '--at', '2026-09-30T18:00:00+08:00'], message: 'error: unknown rule "general.activ"; did you mean general.active?' },
    { args: ['--rule', 'hlj.procurement', '--at', '2026-09-30T18:00:00+08:00'], message: 'error: unknown rule "hlj.procurement"; did you mean hlj.procurement.process, hlj.procurement.supervision?' },
    { args: ['--rule', 'general.active', '--at', '2026-09-30T18:00:00'], message: 'error: --at "2026-09-30T18:00:00" has no UTC offset; write it like 2026-09-30T18:00:00+08:00 (Asia/Shanghai)' },
    { args: ['--rule', 'general.active', '--at', '2026-09-30'], message: 'error: --at "2026-09-30" has no UTC offset; write it like 2026-09-30T18:00:00+08:00 (Asia/Shanghai)' },
    { args: ['--rule', 'general.active', '--at', '2026-02-30T18:00:00+08:00'], message: expect.stringMatching(/^error: --at "2026-02-30T18:00:00\+08:00" does not exist/) },
    { args: ['--rule', 'general.active'], message: 'error: --at is required: the time of the event that starts the clock' },
    { args: ['--jurisdiction', 'tianjin', '--category', 'construction.works', '--at', '2026-09-30T18:00:00+08:00'], message: expect.stringMatching(/^error: category "construction.works" has no rule in tianjin \(/) },
  ])('$args', ({ args, message }) => {
    const result = runCli(['due', ...args], { env: NOW });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    const errorLines = result.stderr.trim().split('\n').filter((line) => !line.startsWith('warning:'));
    expect(errorLines).toEqual([message]);
  });

  it.each([
    { args: ['due', '--rul', 'general.active'], env: NOW, message: "error: unknown option '--rul'; did you mean --rule?" },
    { args: ['due', '--batch', '--rule', 'general.active'], env: NOW, message: 'error: --batch takes every query from stdin: give no --rule, --jurisdiction, --category, --decision, --at, --event, --consultation or --extension-days with it' },
    { args: ['due', '--rule', 'general.active', '--at', '2026-09-30T18:00:00+08:00', '--event', 'formed=2026-09-01T00:00:00+08:00'], env: NOW, message: 'error: "formed" is the event that starts general.active\'s clock: give its time as "at", not as another event' },
    { args: ['due', '--rule', 'general.active', '--at', '2026-09-30T18:00:00+08:00'], env: { DW_NOW: '2026-11-21' }, message: 'error: DW_NOW "2026-11-21" has no UTC offset; write it like 2026-09-30T18:00:00+08:00 (Asia/Shanghai)' },
  ])('$args with $env: one line, exit 2', ({ args, env, message }) => {
    const result = runCli(args, { env });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n').filter((line) => !line.startsWith('warning:'))).toEqual([message]);
  });

  it('an event the rule does not use is reported in warnings, not silently dropped', () => {
    const result = runCli(['due', '--rule', 'general.active', '--at', '2026-09-30T18:00:00+08:00', '--event', 'verified=2026-10-09T10:00:00+08:00'], { env: NOW });
    expect(result.status).toBe(0);
    expect(jsonLines(result.stdout)[0]).toMatchObject({ dueDate: '2026-11-03', warnings: ['"verified" is not used by general.active and was ignored'] });
  });
});

describe('results never depend on the machine\'s TZ', () => {
  it('gives byte-identical answers under TZ=UTC, Asia/Shanghai and America/New_York', () => {
    const input = [
      '{"rule": "general.active", "at": "2026-09-30T18:00:00+08:00"}',
      '{"rule": "general.active", "at": "2026-09-30T23:30:00-04:00"}',
      '{"rule": "hlj.bidding.electronic", "at": "2026-03-08T01:30:00-05:00"}',
      '{"rule": "hlj.mining.project", "at": "2026-11-02T09:00:00Z"}',
      '{"jurisdiction": "tinghu", "category": "report.annual", "at": "2026-03-01T00:00:00+08:00"}',
      '{"rule": "general.penalty", "at": "2019-12-31T16:30:00Z"}',
    ].join('\n');
    const outputs = ['UTC', 'Asia/Shanghai', 'America/New_York'].map((TZ) => runCli(['due', '--batch'], { input, env: { ...NOW, TZ } }).stdout);
    expect(outputs[0]).toContain('"dueDate"');
    expect(outputs[1]).toBe(outputs[0]);
    expect(outputs[2]).toBe(outputs[0]);
    // 2026-09-30T23:30-04:00 is 10-01 11:30 in Shanghai: the count starts from 10-01 (a holiday).
    expect(jsonLines(outputs[0] as string)[1]).toMatchObject({ eventAt: '2026-10-01T11:30:00+08:00', dueDate: '2026-11-03' });
  });
});
