import { TempConfig } from './temp-config.js';

/** Heilongjiang with one department, its mail in English (locale: en), and its 12-hour tender-text rule. */
export function heilongjiangInEnglish(): TempConfig {
  return new TempConfig()
    .edit('rules/heilongjiang.yaml', '  parent: cn\n', '  parent: cn\n  locale: en\n')
    .write(
      'departments/hlj.yaml',
      [
        'jurisdiction: hlj',
        'supervisor: { name: 黑龙江省人民政府办公厅, emails: [zwgk@hlj.example.test] }',
        'departments:',
        '  - { code: hlj.ggzy, name: Provincial Public Resources Trading Centre, reminders: [gongkai@ggzy.hlj.example.test], leader: leader@ggzy.hlj.example.test }',
        '',
      ].join('\n'),
    );
}
