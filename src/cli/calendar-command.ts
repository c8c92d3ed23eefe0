import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { calendarYaml } from '../calendar-notice/calendar-yaml.js';
import { checkNewYear } from '../calendar-notice/check-new-year.js';
import { applyAmendment, readYearNotice } from '../calendar-notice/read-notice.js';
import { resolveConfigDir } from '../config/config-dir.js';
import { ConfigError } from '../config/problems.js';
import { displayPath } from '../config/read-yaml-files.js';
import { writeNewFile } from '../files/safe-files.js';
import { UsageError } from './usage-error.js';

interface FromNoticeOptions {
  config?: string;
  out?: string;
  force?: boolean;
  print?: boolean;
}

export function registerCalendarCommands(program: Command): void {
  const calendar = program.command('calendar').description('the official holiday calendars (节假日安排) under config/calendars/');
  calendar
    .command('from-notice <file...>')
    .description(
      'read the State Council notice (国务院办公厅关于YYYY年部分节假日安排的通知) as published, and write config/calendars/YYYY.yaml; ' +
        'further files are later notices that changed it (调整 / 延长); - reads standard input',
    )
    .option('--config <dir>', 'config directory (default: DW_CONFIG_DIR or ./config)')
    .option('--out <file>', 'write there instead of <config>/calendars/YYYY.yaml')
    .option('--force', 'replace an existing file')
    .option('--print', 'print the file instead of writing it (still checked)')
    .action(async (files: string[], options: FromNoticeOptions) => {
      if (files.filter((f) => f === '-').length > 1) throw new UsageError('standard input (-) can be read once');
      const [first, ...amendments] = files.map((file) => ({ file, text: file === '-' ? readFileSync(0, 'utf8') : readText(file) }));
      let schedule = readYearNotice(first!.text, first!.file);
      for (const amendment of amendments) schedule = applyAmendment(schedule, amendment.text, amendment.file);
      const yaml = calendarYaml(schedule);
      const calendarsDir = join(resolveConfigDir(options.config), 'calendars');
      const problems = checkNewYear(calendarsDir, schedule.year, yaml);
      if (!problems.empty) throw new ConfigError(problems.items);
      if (options.print) {
        process.stdout.write(yaml);
        return;
      }
      const target = options.out ?? join(calendarsDir, `${schedule.year}.yaml`);
      await writeNewFile(target, yaml, { force: options.force });
      const off = schedule.holidays.reduce((n, h) => n + h.off.length, 0);
      const makeup = schedule.holidays.reduce((n, h) => n + h.makeupWorkdays.length, 0);
      process.stdout.write(
        `wrote ${displayPath(target)}: ${schedule.year}, ${schedule.notice}${schedule.published ? ` of ${schedule.published}` : ''}; ${schedule.holidays.length} holidays, ${off} days off, ${makeup} make-up workdays\n`,
      );
    });
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
