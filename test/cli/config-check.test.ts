import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { TempConfig } from '../helpers/temp-config.js';

let config: TempConfig | undefined;
afterEach(() => config?.cleanup());

describe('config check', () => {
  it('prints a summary of the shipped config and warns about the missing 2027 notice', () => {
    const result = runCli(['config', 'check', '--json'], { env: { DW_NOW: '2026-11-21T09:00:00+08:00' } });
    expect(result.status).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.calendarYears).toEqual([2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    expect(summary.jurisdictions.map((j: { id: string }) => j.id).sort()).toEqual(['baodi', 'cn', 'hlj', 'jiangsu', 'tianjin', 'tinghu', 'yancheng']);
    expect(result.stderr).toMatch(/^warning: no holiday schedule loaded for 2027/);
  });

  it('exits 1 listing every problem as file: field: message', () => {
    config = new TempConfig()
      .edit('calendars/2025.yaml', 'makeupWorkdays: [2025-01-26, 2025-02-08]', 'makeupWorkdays: [2025-01-27, 2025-02-08]')
      .edit('rules/heilongjiang.yaml', 'days: 5\n    event: formed', 'days: five\n    event: formed');
    const result = runCli(['config', 'check', '--config', config.dir]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('invalid configuration (2 problems):');
    expect(result.stderr).toContain('calendars/2025.yaml: holidays.1.makeupWorkdays.0: 2025-01-27 is a Monday');
    expect(result.stderr).toContain('rules/heilongjiang.yaml: rules.7 (hlj.procurement.process).days: Invalid input: expected number, received string (line 73)');
  });

  it('with --json, prints the problems as JSON on stdout and exits 1', () => {
    config = new TempConfig().edit('rules/heilongjiang.yaml', 'days: 5\n    event: formed', 'days: five\n    event: formed');
    const result = runCli(['config', 'check', '--json', '--config', config.dir]);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      ok: false,
      problems: [{ file: `${config.dir}/rules/heilongjiang.yaml`, path: 'rules.7 (hlj.procurement.process).days', message: 'Invalid input: expected number, received string', line: 73 }],
    });
  });
});

describe('files that would take the checker down', () => {
  it('a YAML alias bomb is a problem of its file, also in --json', () => {
    config = new TempConfig().write('portal.yaml', ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefg'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]`)].join('\n') + '\n');
    const result = runCli(['config', 'check', '--json', '--config', config.dir]);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      ok: false,
      problems: [{ file: `${config.dir}/portal.yaml`, path: '', message: 'cannot be read: Excessive alias count indicates a resource exhaustion attack (aliases, *name, expand too far)' }],
    });
    expect(result.stderr).not.toContain('internal error');
  });
});
