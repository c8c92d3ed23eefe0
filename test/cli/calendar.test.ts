import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../helpers/run-cli.js';
import { TempConfig } from '../helpers/temp-config.js';

const NOTICES = 'test/fixtures/notices';

/** An admin loading a year's notice into a config directory of its own (the shipped one's copy, 2019 removed). */
describe('calendar from-notice', () => {
  const config = new TempConfig().remove('calendars/2019.yaml');
  afterAll(() => config.cleanup());
  const cli = (...args: string[]) => runCli(['calendar', 'from-notice', ...args, '--config', config.dir]);

  it('writes the year\'s calendar from the notice and the one that amended it; config check takes it; an existing file stays unless --force', () => {
    // Days off: 元旦 3 + 春节 7 + 清明 1 + 劳动节 4 (as amended) + 端午 1 + 中秋 1 + 国庆 7 = 24.
    const written = cli(`${NOTICES}/2019.txt`, `${NOTICES}/2019-amendment.txt`);
    expect(written.stderr).toBe('');
    expect(written.status).toBe(0);
    expect(written.stdout).toMatch(/^wrote .*calendars\/2019\.yaml: 2019, 国办发明电〔2018〕15号 of 2018-12-04; 7 holidays, 24 days off, 7 make-up workdays\n$/);
    const file = parse(config.read('calendars/2019.yaml'));
    const labour = file.holidays.find((h: { name: string }) => h.name === '劳动节');
    expect(labour).toMatchObject({ off: ['2019-05-01', '2019-05-02', '2019-05-03', '2019-05-04'], makeupWorkdays: ['2019-04-28', '2019-05-05'] });
    expect(file.amendedBy).toBe('国办发明电〔2019〕3号 (2019-03-22)');
    expect(runCli(['config', 'check', '--config', config.dir]).status).toBe(0);

    const again = cli(`${NOTICES}/2019.txt`);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('2019.yaml exists: choose another file, or --force to overwrite it');
    expect(cli(`${NOTICES}/2019.txt`, `${NOTICES}/2019-amendment.txt`, '--force').status).toBe(0);
  }, 60_000);

  it('reads standard input (-) and prints with --print, checked but not written', () => {
    const printed = runCli(['calendar', 'from-notice', '-', '--print', '--config', config.dir], { input: readFileSync(`${NOTICES}/2026.txt`, 'utf8') });
    expect(printed.status).toBe(0);
    expect(printed.stdout).toContain('    off: [2026-10-01, 2026-10-02, 2026-10-03, 2026-10-04, 2026-10-05, 2026-10-06, 2026-10-07]  # Thu..Wed\n    makeupWorkdays: [2026-09-20, 2026-10-10]  # Sun, Sat');
  }, 30_000);

  it('refuses a text it cannot read whole, naming each line, and writes nothing', () => {
    const text = readFileSync(`${NOTICES}/2019.txt`, 'utf8').replace('2月2日（星期六）、2月3日（星期日）上班', '2月2日（星期日）、2月3日（星期日）上班');
    const refused = runCli(['calendar', 'from-notice', '-', '--config', config.dir, '--out', join(config.dir, 'calendars/x.yaml')], { input: text });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('-: the notice could not be read, nothing was written:\n  line 7: 二、春节：2月4日至10日放假调休，共7天。2月2日（星期日）、2月3日（星期日）上班。\n    2019-02-02 is not a 星期日: it is a 周六');
    expect(existsSync(join(config.dir, 'calendars/x.yaml'))).toBe(false);
  }, 30_000);

  it('runs the calendar checks config check runs: a make-up workday on a weekday stops it, with nothing written', () => {
    // No weekday in brackets to contradict it: the reading passes, the calendar check does not.
    const text = readFileSync(`${NOTICES}/2026.txt`, 'utf8').replace('5月9日（周六）上班', '5月8日上班');
    const refused = runCli(['calendar', 'from-notice', '-', '--config', config.dir, '--out', join(config.dir, 'x.yaml')], { input: text });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('2026-05-08 is a Friday: a make-up workday (调休上班) must be a Saturday or Sunday');
    expect(existsSync(join(config.dir, 'x.yaml'))).toBe(false);
  }, 30_000);
});
