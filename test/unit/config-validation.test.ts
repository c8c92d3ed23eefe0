import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { ConfigError, formatProblem } from '../../src/config/problems.js';
import { TempConfig } from '../helpers/temp-config.js';

let config: TempConfig;
afterEach(() => config?.cleanup());

/** Loads the broken copy and returns every problem as `file: path: message`, with the temp dir shortened. */
function problemsOf(temp: TempConfig): string[] {
  try {
    loadConfig(temp.dir, { today: '2026-11-21' });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((p) => formatProblem(p).replaceAll(`${temp.dir}/`, ''));
  }
  throw new Error('expected the config to be rejected');
}

describe('calendar files', () => {
  it.each([
    {
      what: 'a date both off and a make-up workday',
      edit: ['calendars/2026.yaml', 'makeupWorkdays: [2026-01-04]', 'makeupWorkdays: [2026-01-03]'],
      want: 'calendars/2026.yaml: holidays.0.makeupWorkdays.0: 2026-01-03 is listed twice (also at holidays.0.off.2); a day is either off or a make-up workday, once',
    },
    {
      what: 'a make-up workday that is not a weekend',
      edit: ['calendars/2026.yaml', 'makeupWorkdays: [2026-01-04]', 'makeupWorkdays: [2026-01-05]'],
      want: 'calendars/2026.yaml: holidays.0.makeupWorkdays.0: 2026-01-05 is a Monday: a make-up workday (调休上班) must be a Saturday or Sunday',
    },
    {
      what: 'a date outside the file\'s year',
      edit: ['calendars/2026.yaml', 'off: [2026-01-01, 2026-01-02, 2026-01-03]', 'off: [2026-01-01, 2026-01-02, 2027-01-03]'],
      want: 'calendars/2026.yaml: holidays.0.off.2: 2027-01-03 is outside 2026 (a 2026 notice may only reach back to 2025-12-25)',
    },
    {
      what: 'a date too far back into the previous year',
      edit: ['calendars/2026.yaml', 'off: [2026-01-01, 2026-01-02, 2026-01-03]', 'off: [2025-12-24, 2026-01-02, 2026-01-03]'],
      want: 'calendars/2026.yaml: holidays.0.off.0: 2025-12-24 is outside 2026 (a 2026 notice may only reach back to 2025-12-25)',
    },
    {
      what: 'a date that does not exist',
      edit: ['calendars/2026.yaml', 'off: [2026-01-01, 2026-01-02, 2026-01-03]', 'off: [2026-01-01, 2026-02-30, 2026-01-03]'],
      want: 'calendars/2026.yaml: holidays.0.off.1: must be an existing date written YYYY-MM-DD',
    },
    {
      what: 'a year that does not match the file name',
      edit: ['calendars/2026.yaml', 'year: 2026', 'year: 2025'],
      want: 'calendars/2026.yaml: year: is 2025 but the file is named 2026.yaml',
    },
    {
      what: 'a misspelt key',
      edit: ['calendars/2026.yaml', 'makeupWorkdays: [2026-01-04]', 'makeupWorkday: [2026-01-04]'],
      want: 'calendars/2026.yaml: holidays.0: unknown key "makeupWorkday"',
    },
  ])('rejects $what, naming file, field and date', ({ edit, want }) => {
    config = new TempConfig();
    const [file, from, to] = edit as [string, string, string];
    config.edit(file, from, to);
    expect(problemsOf(config)).toContain(want);
  });

  it('rejects a date listed in two years\' files, naming both', () => {
    config = new TempConfig().edit('calendars/2026.yaml', 'off: [2026-01-01, 2026-01-02, 2026-01-03]', 'off: [2025-12-31, 2026-01-02, 2026-01-03]');
    // 2025-12-31 is an ordinary Wednesday in the 2025 file's year: only a duplicate when both files list it.
    config.edit('calendars/2025.yaml', 'off: [2025-01-01]', 'off: [2025-01-01, 2025-12-31]');
    expect(problemsOf(config)).toContain(
      'calendars/2026.yaml: holidays.0.off.0: 2025-12-31 is listed twice (also at calendars/2025.yaml: holidays.0.off.1); a day is either off or a make-up workday, once',
    );
  });

  it('reports a YAML syntax error with its line and column', () => {
    config = new TempConfig().edit('calendars/2026.yaml', 'off: [2026-01-01, 2026-01-02, 2026-01-03]', 'off: [2026-01-01, 2026-01-02');
    expect(problemsOf(config).some((p) => /^calendars\/2026\.yaml: line \d+ column \d+: YAML syntax: /.test(p))).toBe(true);
  });
});

describe('rule files', () => {
  it('lists every problem of every file at once', () => {
    config = new TempConfig()
      .edit('rules/heilongjiang.yaml', '  parent: cn', '  parent: cnn')
      .edit('rules/heilongjiang.yaml', 'procurement.transaction: hlj.procurement.process', 'procurement.transaction: hlj.procurement.proces')
      .edit('rules/jiangsu-yancheng-tinghu.yaml', 'medical.procurement: general.active', 'medical.procurment: general.active')
      .edit('rules/tianjin.yaml', '  parent: cn', '  parent: cn\n  cutoff: "25:00"')
      .edit('calendars/2024.yaml', 'makeupWorkdays: [2024-02-04, 2024-02-18]', 'makeupWorkdays: [2024-02-05, 2024-02-18]');
    const problems = problemsOf(config);
    expect(problems).toEqual(
      expect.arrayContaining([
        'calendars/2024.yaml: holidays.1.makeupWorkdays.0: 2024-02-05 is a Monday: a make-up workday (调休上班) must be a Saturday or Sunday',
        'rules/tianjin.yaml: jurisdiction.cutoff: must be a time HH:MM between 00:00 and 24:00',
      ]),
    );
    // The tianjin schema error keeps cross-file references from being checked (no cascade); fix it and the
    // reference problems of the other files show, each naming file, field and the closest names.
    config.edit('rules/tianjin.yaml', '  cutoff: "25:00"', '  cutoff: "17:30"');
    expect(problemsOf(config)).toEqual(
      expect.arrayContaining([
        'calendars/2024.yaml: holidays.1.makeupWorkdays.0: 2024-02-05 is a Monday: a make-up workday (调休上班) must be a Saturday or Sunday',
        'rules/heilongjiang.yaml: jurisdiction.parent: unknown jurisdiction "cnn"; did you mean cn?',
        'rules/heilongjiang.yaml: categories.procurement.transaction: unknown rule "hlj.procurement.proces"; did you mean hlj.procurement.process?',
        'rules/jiangsu-yancheng-tinghu.yaml: categories.medical.procurment: unknown category "medical.procurment"; did you mean medical.procurement? (categories are listed in categories.yaml)',
      ]),
    );
  });

  it.each([
    {
      what: 'a rule defined twice',
      file: 'rules/tianjin.yaml',
      append: '\nrules:\n  - id: general.active\n    name: x\n    kind: workingDaysAfter\n    days: 20\n    event: formed\n    legalBasis: { document: d, section: s }\n',
      want: 'rules/tianjin.yaml: rules.0.id: rule "general.active" is already defined in',
    },
    {
      what: 'a rule with a misspelt field',
      file: 'rules/tianjin.yaml',
      append: '\nrules:\n  - id: tj.x\n    name: x\n    kind: workingDaysAfter\n    dayz: 20\n    event: formed\n    legalBasis: { document: d, section: s }\n',
      want: 'rules/tianjin.yaml: rules.0: unknown key "dayz"',
    },
    {
      what: 'an unknown event',
      file: 'rules/tianjin.yaml',
      append: '\nrules:\n  - id: tj.x\n    name: x\n    kind: workingDaysAfter\n    days: 20\n    event: signed\n    legalBasis: { document: d, section: s }\n',
      want: 'rules/tianjin.yaml: rules.0.event: Invalid option',
    },
  ])('rejects $what', ({ file, append, want }) => {
    config = new TempConfig();
    config.write(file, config.read(file) + append);
    expect(problemsOf(config).some((p) => p.startsWith(want))).toBe(true);
  });

  it('rejects a cycle of parents', () => {
    config = new TempConfig().edit('rules/jiangsu.yaml', '  parent: cn', '  parent: tinghu');
    const problems = problemsOf(config);
    expect(problems.some((p) => p.includes('form a cycle'))).toBe(true);
  });
});

describe('local adjustments', () => {
  it('rejects a closure on a day that is already off, and an unknown jurisdiction', () => {
    config = new TempConfig()
      .write('calendars/local/tinghu.yaml', 'jurisdiction: tinghu\nclosures:\n  - { date: 2026-10-03, reason: x }\n')
      .write('calendars/local/nowhere.yaml', 'jurisdiction: nowhere\nworkdays:\n  - { date: 2026-10-05, reason: y }\n');
    expect(problemsOf(config)).toEqual(
      expect.arrayContaining([
        'calendars/local/tinghu.yaml: closures.0.date: 2026-10-03 is already not a working day nationally; a local closure must fall on a working day',
        expect.stringMatching(/^calendars\/local\/nowhere\.yaml: jurisdiction: unknown jurisdiction "nowhere"/),
      ]),
    );
  });

  it('moves deadlines of the jurisdiction and its sub-areas only', () => {
    config = new TempConfig().write(
      'calendars/local/tianjin.yaml',
      'jurisdiction: tianjin\nclosures:\n  - { date: 2026-11-02, reason: 测试停止办公 }\n',
    );
    const { ruleBook } = loadConfig(config.dir, { today: '2026-11-21' });
    // 20 working days after 2026-09-30: 2026-11-03 nationally; one more day where 2026-11-02 is closed.
    expect(ruleBook.calendarFor('cn').addWorkingDays('2026-09-30', 20)).toBe('2026-11-03');
    expect(ruleBook.calendarFor('tianjin').addWorkingDays('2026-09-30', 20)).toBe('2026-11-04');
    expect(ruleBook.calendarFor('baodi').addWorkingDays('2026-09-30', 20)).toBe('2026-11-04');
    expect(ruleBook.calendarFor('hlj').addWorkingDays('2026-09-30', 20)).toBe('2026-11-03');
    expect(ruleBook.calendarFor('baodi').dayInfo('2026-11-02')).toMatchObject({ working: false, kind: 'local-closure', label: '测试停止办公' });
  });
});

describe('jurisdiction settings', () => {
  it('a cut-off time (截止时间) is inherited by sub-areas', () => {
    config = new TempConfig().edit('rules/tianjin.yaml', '  parent: cn', '  parent: cn\n  cutoff: "17:30"');
    const { ruleBook } = loadConfig(config.dir, { today: '2026-11-21' });
    expect(ruleBook.jurisdiction('baodi').cutoff).toEqual({ hour: 17, minute: 30 });
    expect(ruleBook.jurisdiction('hlj').cutoff).toEqual({ hour: 24, minute: 0 });
  });
});

describe('missing notice years', () => {
  it.each([
    { today: '2026-11-21', removed: [], want: [2027] },
    { today: '2026-10-31', removed: [], want: [] },
    { today: '2026-06-01', removed: ['2024'], want: [2024] },
    { today: '2027-03-01', removed: [], want: [2027] },
  ])('on $today with $removed removed, warns about $want', ({ today, removed, want }) => {
    config = new TempConfig();
    for (const year of removed) config.remove(`calendars/${year}.yaml`);
    const { warnings } = loadConfig(config.dir, { today });
    expect(warnings.map((w) => Number(/loaded for (\d{4})/.exec(w)?.[1]))).toEqual(want);
  });
});
