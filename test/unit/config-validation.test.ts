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
      want: 'calendars/2026.yaml: holidays.0.off.1: must be an existing date written YYYY-MM-DD (line 16)',
    },
    {
      what: 'a year that does not match the file name',
      edit: ['calendars/2026.yaml', 'year: 2026', 'year: 2025'],
      want: 'calendars/2026.yaml: year: is 2025 but the file is named 2026.yaml',
    },
    {
      what: 'a misspelt key',
      edit: ['calendars/2026.yaml', 'makeupWorkdays: [2026-01-04]', 'makeupWorkday: [2026-01-04]'],
      want: 'calendars/2026.yaml: holidays.0: unknown key "makeupWorkday"; did you mean "makeupWorkdays"? (line 17)',
    },
  ])('rejects $what, naming file, field and date', ({ edit, want }) => {
    config = new TempConfig();
    const [file, from, to] = edit as [string, string, string];
    config.edit(file, from, to);
    expect(problemsOf(config)).toContain(want);
  });

  it.each([
    { what: 'a year file without holidays', text: 'year: 2027\nnotice: TBD\nholidays: []\n', want: 'calendars/2027.yaml: holidays: a notice year needs its holidays; a file without them would count the year as weekends-only (line 3)' },
    {
      what: 'a year file missing festivals',
      text: 'year: 2027\nnotice: TBD\nholidays:\n  - { name: 元旦, off: [2027-01-01] }\n  - { name: 春节, off: [2027-02-06, 2027-02-07] }\n',
      want: 'calendars/2027.yaml: holidays: 清明、劳动、端午、中秋、国庆 missing: a State Council notice names all seven festivals (元旦、春节、清明、劳动、端午、中秋、国庆)',
    },
  ])('rejects $what', ({ text, want }) => {
    config = new TempConfig().write('calendars/2027.yaml', text);
    expect(problemsOf(config)).toContain(want);
  });

  it('rejects days off that are not consecutive', () => {
    config = new TempConfig().edit('calendars/2026.yaml', 'off: [2026-01-01, 2026-01-02, 2026-01-03]', 'off: [2026-01-01, 2026-01-02, 2026-11-03]');
    expect(problemsOf(config)).toContain('calendars/2026.yaml: holidays.0.off: the days off of 元旦 must be consecutive, but 2026-01-02 and 2026-11-03 are not next to each other (is one mistyped?)');
  });

  it('reports a date outside the supported years instead of crashing', () => {
    config = new TempConfig().edit('calendars/2026.yaml', 'off: [2026-01-01, 2026-01-02, 2026-01-03]', 'off: [1926-01-01, 2026-01-02, 2026-01-03]');
    expect(problemsOf(config)).toContain('calendars/2026.yaml: holidays.0.off.0: 1926-01-01 is outside 2026 (a 2026 notice may only reach back to 2025-12-25)');
  });

  it('does not guess about local adjustments in a year whose file failed', () => {
    config = new TempConfig()
      .edit('calendars/2026.yaml', 'makeupWorkdays: [2026-01-04]', 'makeupWorkday: [2026-01-04]')
      // A valid closure on the make-up Saturday 2026-02-14 (a working day per the 2026 notice).
      .write('calendars/local/tinghu.yaml', 'jurisdiction: tinghu\nclosures:\n  - { date: 2026-02-14, reason: 测试 }\n');
    expect(problemsOf(config)).toEqual(['calendars/2026.yaml: holidays.0: unknown key "makeupWorkday"; did you mean "makeupWorkdays"? (line 17)']);
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
  it('lists every problem of every file at once, without a cascade from a file that failed', () => {
    config = new TempConfig()
      .edit('rules/heilongjiang.yaml', '  parent: cn', '  parent: cnn')
      .edit('rules/heilongjiang.yaml', 'procurement.transaction: hlj.procurement.process', 'procurement.transaction: hlj.procurement.proces')
      .edit('rules/jiangsu-yancheng-tinghu.yaml', 'medical.procurement: general.active', 'medical.procurment: general.active')
      .edit('rules/tianjin.yaml', '  parent: cn', '  parent: cn\n  cutoff: "25:00"')
      .edit('calendars/2024.yaml', 'makeupWorkdays: [2024-02-04, 2024-02-18]', 'makeupWorkdays: [2024-02-05, 2024-02-18]');
    // tianjin.yaml fails its schema: an unknown rule or parent might have been defined there, so those wait; the
    // rest is reported.
    expect(problemsOf(config).sort()).toEqual([
      'calendars/2024.yaml: holidays.1.makeupWorkdays.0: 2024-02-05 is a Monday: a make-up workday (调休上班) must be a Saturday or Sunday',
      'rules/jiangsu-yancheng-tinghu.yaml: categories.medical.procurment: unknown category "medical.procurment"; did you mean medical.procurement? (categories are listed in categories.yaml)',
      'rules/tianjin.yaml: jurisdiction.cutoff: must be a time HH:MM from 12:00 to 24:00 (when deadline days end) (line 9)',
    ]);
    config.edit('rules/tianjin.yaml', '  cutoff: "25:00"', '  cutoff: "17:30"');
    expect(problemsOf(config).sort()).toEqual([
      'calendars/2024.yaml: holidays.1.makeupWorkdays.0: 2024-02-05 is a Monday: a make-up workday (调休上班) must be a Saturday or Sunday',
      'rules/heilongjiang.yaml: categories.procurement.transaction: unknown rule "hlj.procurement.proces"; did you mean hlj.procurement.process?',
      'rules/heilongjiang.yaml: jurisdiction.parent: unknown jurisdiction "cnn"; did you mean cn?',
      'rules/jiangsu-yancheng-tinghu.yaml: categories.medical.procurment: unknown category "medical.procurment"; did you mean medical.procurement? (categories are listed in categories.yaml)',
    ]);
  });

  it('reports a cycle once, on its members only', () => {
    config = new TempConfig().edit('rules/national.yaml', '  name: 全国', '  name: 全国\n  parent: tinghu');
    expect(problemsOf(config).sort()).toEqual([
      'rules/jiangsu-yancheng-tinghu.yaml: jurisdiction.parent: the parents form a cycle: cn → tinghu → yancheng → jiangsu → cn',
      'rules/jiangsu-yancheng.yaml: jurisdiction.parent: the parents form a cycle: cn → tinghu → yancheng → jiangsu → cn',
      'rules/jiangsu.yaml: jurisdiction.parent: the parents form a cycle: cn → tinghu → yancheng → jiangsu → cn',
      'rules/national.yaml: jurisdiction.parent: the parents form a cycle: cn → tinghu → yancheng → jiangsu → cn',
      'rules: no jurisdiction is the national root: exactly one rules file must have no "parent"',
    ]);
  });

  it('refuses a mapping to a rule of an unrelated jurisdiction', () => {
    config = new TempConfig().edit('rules/tianjin-baodi.yaml', 'construction.works: baodi.construction.active', 'construction.works: hlj.mining.deal');
    expect(problemsOf(config)).toEqual([
      'rules/tianjin-baodi.yaml: categories.construction.works: rule "hlj.mining.deal" belongs to jurisdiction hlj, which is not baodi or one of its parents (baodi → tianjin → cn)',
    ]);
  });

  it.each([
    { what: 'a cut-off before noon', edit: ['  cutoff: "24:00"', '  cutoff: "00:00"'], want: 'rules/national.yaml: jurisdiction.cutoff: must be a time HH:MM from 12:00 to 24:00 (when deadline days end) (line 25)' },
    { what: 'a forward rule counting from a future event', edit: ['    days: 20\n    event: formed', '    days: 20\n    event: event'], want: 'rules/national.yaml: rules.0 (general.active).event: must be one of formed, decided, received, submitted, verified (a rule counting forward starts from something that happened) (line 33)' },
    { what: 'a missing field', edit: ['  - id: general.active\n    name: 主动公开信息（20个工作日）\n', '  - id: general.active\n'], want: 'rules/national.yaml: rules.0 (general.active).name: is required (line 29)' },
  ])('rejects $what in national.yaml', ({ edit, want }) => {
    config = new TempConfig().edit('rules/national.yaml', edit[0] as string, edit[1] as string);
    expect(problemsOf(config)).toEqual([want]);
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
      want: 'rules/tianjin.yaml: rules.0 (tj.x): unknown key "dayz"; did you mean "days"? (line 14)',
    },
    {
      what: 'an unknown event',
      file: 'rules/tianjin.yaml',
      append: '\nrules:\n  - id: tj.x\n    name: x\n    kind: workingDaysAfter\n    days: 20\n    event: signed\n    legalBasis: { document: d, section: s }\n',
      want: 'rules/tianjin.yaml: rules.0 (tj.x).event: must be one of formed, decided, received, submitted, verified',
    },
    {
      what: 'an alias that is still a rule',
      file: 'rules/tianjin.yaml',
      append: '\naliases:\n  general.active: general.licensing\n',
      want: 'rules/tianjin.yaml: aliases.general.active: "general.active" is a rule\'s id: an alias names an id that no rule has any more',
    },
    {
      what: 'an alias to an unknown rule',
      file: 'rules/tianjin.yaml',
      append: '\naliases:\n  tj.old: general.activ\n',
      want: 'rules/tianjin.yaml: aliases.tj.old: unknown rule "general.activ"; did you mean',
    },
  ])('rejects $what', ({ file, append, want }) => {
    config = new TempConfig();
    config.write(file, config.read(file) + append);
    expect(problemsOf(config).some((p) => p.startsWith(want))).toBe(true);
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

describe('departments', () => {
  it('rejects an address with a header smuggled into it', () => {
    config = new TempConfig().edit(
      'departments/tinghu.yaml',
      'reminders: [gongkai@czj.tinghu.example.test]',
      'reminders: ["gongkai@czj.tinghu.example.test\\r\\nBcc: all@example.test"]',
    );
    // Named, so the admin knows whose address to fix.
    expect(problemsOf(config)).toEqual([
      'departments/tinghu.yaml: departments.2.reminders.0: 区财政局 (tinghu.czj): "gongkai@czj.tinghu.example.test\\r\\nBcc: all@example.test" must be a plain e-mail address like gongkai@czj.example.gov.cn',
    ]);
  });

  it('stops on a department nobody can be reminded at, naming it, and on a bad leader address', () => {
    config = new TempConfig()
      .edit('departments/tinghu.yaml', 'reminders: [gongkai@zjj.tinghu.example.test]', 'reminders: []')
      .edit('departments/tinghu.yaml', 'leader: leader@fgw.tinghu.example.test', 'leader: "区发改委 <leader@fgw.tinghu.example.test>"');
    expect(problemsOf(config)).toEqual([
      'departments/tinghu.yaml: departments.0.reminders: 区住建局 (tinghu.zjj) has no reminder address: a department needs at least one',
      'departments/tinghu.yaml: departments.5.leader: 区发改委 (tinghu.fgw): "区发改委 <leader@fgw.tinghu.example.test>" must be a plain e-mail address like gongkai@czj.example.gov.cn',
    ]);
  });

  it('names the department and the line of a misspelt key, with the key that was meant', () => {
    config = new TempConfig().edit('departments/tinghu.yaml', 'reminders: [gongkai@gtfj', 'reminder: [gongkai@gtfj');
    expect(problemsOf(config)).toEqual([
      'departments/tinghu.yaml: departments.1 (tinghu.gtfj).reminders: is required (line 15)',
      'departments/tinghu.yaml: departments.1 (tinghu.gtfj): unknown key "reminder"; did you mean "reminders"? (line 15)',
    ]);
  });

  it('checks mail.yaml: admin addresses and the rate limit', () => {
    config = new TempConfig().write('mail.yaml', 'admin:\n  emails: ["root@localhost\\nBcc: x@example.test"]\nratePerMinute: 0\n');
    expect(problemsOf(config)).toEqual([
      'mail.yaml: admin.emails.0: must be a plain e-mail address like gongkai@czj.example.gov.cn (line 2)',
      'mail.yaml: ratePerMinute: Too small: expected number to be >0 (line 3)',
    ]);
  });

  it('checks portal.yaml: link days, rate limits and the publication check\'s allow-list', () => {
    config = new TempConfig().write(
      'portal.yaml',
      'links:\n  days: 0\nsessionHours: 12\nrateLimit:\n  perMinute: -1\npublicationCheck:\n  timeoutSeconds: 10\n  allowPrivateHosts:\n    tinghuu: [intranet.tinghu.gov.cn]\n    tinghu: ["http://x/"]\nportal: yes\n',
    );
    expect(problemsOf(config).sort()).toEqual([
      'portal.yaml: links.days: Too small: expected number to be >=1 (line 2)',
      'portal.yaml: publicationCheck.allowPrivateHosts.tinghu.0: must be a host name like www.tinghu.gov.cn or an IP address (line 10)',
      'portal.yaml: rateLimit.perMinute: Too small: expected number to be >0 (line 5)',
      'portal.yaml: unknown key "portal" (line 11)',
    ]);
    config.cleanup();
    config = new TempConfig().write('portal.yaml', 'publicationCheck:\n  allowPrivateHosts:\n    tinghuu: [intranet.tinghu.gov.cn]\n');
    expect(problemsOf(config)).toEqual(['portal.yaml: publicationCheck.allowPrivateHosts.tinghuu: unknown jurisdiction "tinghuu"']);
  });

  it('rejects a code used twice and an unknown jurisdiction', () => {
    config = new TempConfig()
      .edit('departments/tinghu.yaml', '{ code: tinghu.scj,', '{ code: tinghu.zjj,')
      .edit('departments/baodi.yaml', 'jurisdiction: baodi', 'jurisdiction: baodii');
    expect(problemsOf(config).sort()).toEqual([
      'departments/baodi.yaml: jurisdiction: unknown jurisdiction "baodii"; did you mean baodi?',
      'departments/tinghu.yaml: departments.12.code: code "tinghu.zjj" is already used in departments/tinghu.yaml',
    ]);
  });
});

describe('escalation ladders', () => {
  it('a jurisdiction\'s own list replaces the default for it and its sub-areas only', () => {
    config = new TempConfig().edit(
      'ladders.yaml',
      'jurisdictions: {}',
      'jurisdictions:\n  tianjin:\n    workingDays:\n      - { stage: due, at: 0, notify: [department] }\n      - { stage: notice, at: 5, notify: [supervisor] }\n',
    );
    const { ladders } = loadConfig(config.dir, { today: '2026-11-21' });
    expect(ladders.get('baodi')?.workingDays.map((s) => `${s.stage}${s.at}`)).toEqual(['due0', 'notice5']);
    expect(ladders.get('hlj')?.workingDays).toHaveLength(6);
    expect(ladders.get('baodi')?.hours).toEqual(ladders.get('cn')?.hours);
  });

  it('rejects steps out of order, an unknown stage and an unknown jurisdiction', () => {
    config = new TempConfig()
      .edit('ladders.yaml', '    - { stage: upcoming, at: -1, notify: [department] }', '    - { stage: upcoming, at: -4, notify: [department] }')
      .edit('ladders.yaml', '    - { stage: notice, at: 10, notify: [supervisor] }', '    - { stage: bulletin, at: 10, notify: [supervisor] }')
      .edit('ladders.yaml', 'jurisdictions: {}', 'jurisdictions:\n  tianjn:\n    hours:\n      - { stage: due, at: 0, notify: [department] }\n');
    expect(problemsOf(config)).toEqual(['ladders.yaml: default.workingDays.5.stage: Invalid option: expected one of "upcoming"|"due"|"overdue"|"escalated"|"notice" (line 17)']);
    config.edit('ladders.yaml', 'stage: bulletin', 'stage: notice');
    expect(problemsOf(config).sort()).toEqual([
      'ladders.yaml: default.workingDays.1.at: upcoming-4 must come after upcoming-3: list the steps in time order, one per moment',
      'ladders.yaml: jurisdictions.tianjn: unknown jurisdiction "tianjn"; did you mean tianjin?',
    ]);
  });
});

describe('schedules', () => {
  it('rejects a cron expression node-cron does not understand, an id used twice and a window that closes before it opens', () => {
    config = new TempConfig().write(
      'schedules.yaml',
      'schedules:\n  - { id: scan, job: scan, cron: "61 * * * *" }\n  - { id: scan, job: scan, cron: "0 9 * * *", window: { from: "17:30", to: "08:30" } }\n',
    );
    expect(problemsOf(config)).toEqual([
      'schedules.yaml: schedules.0.cron: "61 * * * *" is not a cron expression node-cron understands: 61 is a invalid expression for minute',
      'schedules.yaml: schedules.1.id: "scan" is used twice',
      'schedules.yaml: schedules.1.window: the window must open before it closes, on the same day',
    ]);
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
