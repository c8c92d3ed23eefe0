import { join } from 'node:path';
import { parse } from 'yaml';
import { checkOfficialCalendars } from '../config/check-calendars.js';
import { ProblemList } from '../config/problems.js';
import { displayPath, readYamlFile, yamlFilesIn, type ParsedFile } from '../config/read-yaml-files.js';
import { calendarYearSchema, type CalendarYearFile } from '../config/schemas.js';

/**
 * The checks `config check` makes of calendar files, run on a new year's file beside those already in the
 * directory (the one it would replace left out): its schema, its festivals, consecutive days off, make-up workdays
 * on weekends, and no date claimed by two years. Returns the problems; none means the file may be written.
 */
export function checkNewYear(calendarsDir: string, year: number, yamlText: string): ProblemList {
  const problems = new ProblemList();
  const target = join(calendarsDir, `${year}.yaml`);
  const others = yamlFilesIn(calendarsDir)
    .filter((path) => path !== target)
    .map((path) => readYamlFile(path, calendarYearSchema, problems))
    .filter((file): file is ParsedFile<CalendarYearFile> => file !== undefined);
  const parsed = calendarYearSchema.safeParse(parse(yamlText));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.add(displayPath(target), issue.path.join('.'), issue.message);
    return problems;
  }
  checkOfficialCalendars([...others, { file: displayPath(target), stem: String(year), value: parsed.data }], problems);
  return problems;
}
