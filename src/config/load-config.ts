import { join } from 'node:path';
import type { IsoDate } from '../core/civil-date.js';
import { missingNoticeYears } from '../core/missing-notices.js';
import { RuleBook } from '../core/rule-book.js';
import { checkLocalCalendars, checkOfficialCalendars } from './check-calendars.js';
import { checkCategories, checkRules } from './check-rules.js';
import { ConfigError, ProblemList } from './problems.js';
import { displayPath, readYamlFile, yamlFilesIn, type ParsedFile } from './read-yaml-files.js';
import { calendarYearSchema, categoriesFileSchema, localCalendarSchema, rulesFileSchema } from './schemas.js';

export interface LoadedConfig {
  readonly dir: string;
  readonly ruleBook: RuleBook;
  /** Things an admin should act on that do not stop the program, e.g. next year's holiday notice not loaded. */
  readonly warnings: readonly string[];
}

export interface LoadOptions {
  /** Today in Asia/Shanghai, from the caller's clock: decides which missing notice years to warn about. */
  readonly today: IsoDate;
}

/**
 * Reads and checks everything under the config directory. Every problem in every file is collected before
 * failing, so that an admin fixes them in one go; nothing half-loaded is ever returned.
 */
export function loadConfig(dir: string, options: LoadOptions): LoadedConfig {
  const problems = new ProblemList();
  const parsedAll = <T>(files: Array<ParsedFile<T> | undefined>) => files.filter((f): f is ParsedFile<T> => f !== undefined);

  const calendarPaths = yamlFilesIn(join(dir, 'calendars'));
  if (calendarPaths.length === 0) {
    problems.add(displayPath(join(dir, 'calendars')), '', 'no official calendar files (e.g. 2026.yaml): working days cannot be counted');
  }
  const calendarFiles = parsedAll(calendarPaths.map((path) => readYamlFile(path, calendarYearSchema, problems)));
  const officialYears = checkOfficialCalendars(calendarFiles, problems);

  const categoriesPath = join(dir, 'categories.yaml');
  const categoriesFile = readYamlFile(categoriesPath, categoriesFileSchema, problems);
  const rulePaths = yamlFilesIn(join(dir, 'rules'));
  if (rulePaths.length === 0) problems.add(displayPath(join(dir, 'rules')), '', 'no rule files: nothing can be due');
  const ruleFiles = rulePaths.map((path) => readYamlFile(path, rulesFileSchema, problems));

  // Cross-file references are only checked once every file they span has parsed; otherwise a single typo
  // would also show up as a cascade of "unknown rule" problems.
  const referencesCheckable = categoriesFile !== undefined && ruleFiles.every((f) => f !== undefined);
  const checked = referencesCheckable
    ? checkRules(parsedAll(ruleFiles), checkCategories(categoriesFile, problems), problems)
    : undefined;

  const localFiles = parsedAll(yamlFilesIn(join(dir, 'calendars', 'local')).map((path) => readYamlFile(path, localCalendarSchema, problems)));
  const jurisdictionIds = checked ? new Set(checked.jurisdictions.map((j) => j.id)) : undefined;
  const localAdjustments = checkLocalCalendars(localFiles, officialYears, jurisdictionIds, problems);

  if (!problems.empty || !checked) throw new ConfigError(problems.items);

  const ruleBook = new RuleBook({ ...checked, officialYears, localAdjustments });
  const warnings = missingNoticeYears(
    officialYears.map((y) => y.year),
    options.today,
  ).map(
    (year) =>
      `no holiday schedule loaded for ${year} (国务院办公厅关于${year}年部分节假日安排的通知): deadlines that reach into it are provisional, counted Mon–Fri only; add ${displayPath(join(dir, 'calendars', `${year}.yaml`))} once the notice is published`,
  );
  return { dir, ruleBook, warnings };
}
