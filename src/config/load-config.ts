import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { IsoDate } from '../core/civil-date.js';
import { missingNoticeYears } from '../core/missing-notices.js';
import { RuleBook } from '../core/rule-book.js';
import { checkLocalCalendars, checkOfficialCalendars } from './check-calendars.js';
import { checkCategories } from './check-categories.js';
import { checkDepartments, type Organisation } from './check-departments.js';
import { checkLadders } from './check-ladders.js';
import { checkSchedules } from './check-schedules.js';
import type { Schedule } from '../core/schedule.js';
import { deadlineFingerprint, deadlineFingerprintParts, type DeadlineFingerprintParts } from './fingerprint.js';
import type { Ladder } from '../core/ladder.js';
import { checkRules } from './check-rules.js';
import { readPortalConfig, type PortalConfig } from './portal-config.js';
import { readReportsConfig, type NoticeWording } from './reports-config.js';
import { ConfigError, ProblemList } from './problems.js';
import { displayPath, readYamlFile, yamlFilesIn, type ParsedFile } from './read-yaml-files.js';
import { calendarYearSchema, categoriesFileSchema, departmentsFileSchema, laddersFileSchema, localCalendarSchema, mailFileSchema, rulesFileSchema, schedulesFileSchema } from './schemas.js';

export interface LoadedConfig {
  readonly dir: string;
  readonly ruleBook: RuleBook;
  readonly organisation: Organisation;
  /** The escalation ladder of each jurisdiction, inheritance resolved. */
  readonly ladders: ReadonlyMap<string, Ladder>;
  /** Changes whenever anything a due date depends on changes (see fingerprint.ts). */
  readonly fingerprint: string;
  /** The same, in parts (what every item depends on, and each calendar year): a recompute reads only what may move. */
  readonly fingerprintParts: DeadlineFingerprintParts;
  /** When the worker runs its jobs. */
  readonly schedules: readonly Schedule[];
  /** Who hears of mail the relay refused for good, and how fast mail may go out (config/mail.yaml). */
  readonly mail: MailConfig;
  /** Access links, sessions, rate limits and the publication check (config/portal.yaml, optional). */
  readonly portal: PortalConfig;
  /** The 通报 draft's wording (config/reports.yaml); undefined when the file is absent, and no draft can be made. */
  readonly notice: NoticeWording | undefined;
  /** Things an admin should act on that do not stop the program, e.g. next year's holiday notice not loaded. */
  readonly warnings: readonly string[];
}

export interface MailConfig {
  /** Told of every message the relay refuses for good (5xx, unknown address). Empty: nobody beyond the log. */
  readonly adminEmails: readonly string[];
  /** At most this many messages a minute, for relays that throttle; unset: as fast as the pool sends. */
  readonly ratePerMinute?: number | undefined;
}

export interface LoadOptions {
  /** Today in Asia/Shanghai, from the caller's clock: decides which missing notice years to warn about. */
  readonly today: IsoDate;
}

function parsed<T>(files: Array<ParsedFile<T> | undefined>): Array<ParsedFile<T>> {
  return files.filter((f): f is ParsedFile<T> => f !== undefined);
}

/** The years of calendar files that failed to load, judged by their names (2026.yaml). */
function yearsNamedBy(paths: readonly string[]): Set<number> {
  return new Set(paths.map((path) => /(\d{4})\.ya?ml$/.exec(path)?.[1]).filter((y) => y !== undefined).map(Number));
}

/**
 * Reads and checks everything under the config directory. Every problem in every file is collected before
 * failing, so that an admin fixes them in one go; nothing half-loaded is ever returned. Where a file fails to
 * parse, the checks that could only guess about its content (references into it, days of its year) are skipped
 * rather than reported as a cascade of false problems.
 */
export function loadConfig(dir: string, options: LoadOptions): LoadedConfig {
  const problems = new ProblemList();

  const calendarsDir = join(dir, 'calendars');
  const calendarPaths = yamlFilesIn(calendarsDir);
  if (calendarPaths.length === 0) {
    problems.add(displayPath(calendarsDir), '', 'no official calendar files (e.g. 2026.yaml): working days cannot be counted');
  }
  const calendarReads = calendarPaths.map((path) => ({ path, file: readYamlFile(path, calendarYearSchema, problems) }));
  const officialYears = checkOfficialCalendars(parsed(calendarReads.map((r) => r.file)), problems);
  const failedCalendarYears = yearsNamedBy(calendarReads.filter((r) => r.file === undefined).map((r) => r.path));

  const categoriesFile = readYamlFile(join(dir, 'categories.yaml'), categoriesFileSchema, problems);
  const { categories, domains } = categoriesFile ? checkCategories(categoriesFile, problems) : { categories: [], domains: [] };

  const rulesDir = join(dir, 'rules');
  const rulePaths = yamlFilesIn(rulesDir);
  if (rulePaths.length === 0) problems.add(displayPath(rulesDir), '', 'no rule files: nothing can be due');
  const ruleFiles = rulePaths.map((path) => readYamlFile(path, rulesFileSchema, problems));
  const rulesComplete = ruleFiles.every((f) => f !== undefined);
  const checked = checkRules(parsed(ruleFiles), categories, displayPath(rulesDir), { rulesComplete, categoriesKnown: categoriesFile !== undefined }, problems);

  const localFiles = parsed(yamlFilesIn(join(calendarsDir, 'local')).map((path) => readYamlFile(path, localCalendarSchema, problems)));
  const jurisdictionIds = rulesComplete ? new Set(checked.jurisdictions.map((j) => j.id)) : undefined;
  const localAdjustments = checkLocalCalendars(localFiles, officialYears, jurisdictionIds, failedCalendarYears, problems);

  const departmentFiles = parsed(yamlFilesIn(join(dir, 'departments')).map((path) => readYamlFile(path, departmentsFileSchema, problems)));
  const organisation = checkDepartments(departmentFiles, jurisdictionIds, problems);

  const laddersFile = readYamlFile(join(dir, 'ladders.yaml'), laddersFileSchema, problems);
  const ladders = laddersFile ? checkLadders(laddersFile, rulesComplete ? checked.lineages : undefined, problems) : new Map<string, Ladder>();

  const schedulesFile = readYamlFile(join(dir, 'schedules.yaml'), schedulesFileSchema, problems);
  const schedules = schedulesFile ? checkSchedules(schedulesFile, problems) : [];

  // Optional: without it, failures are only logged and reported in the supervisor's digest, and mail is not throttled.
  const mailPath = join(dir, 'mail.yaml');
  const mailFile = existsSync(mailPath) ? readYamlFile(mailPath, mailFileSchema, problems) : undefined;
  const mail: MailConfig = { adminEmails: mailFile?.value.admin?.emails ?? [], ratePerMinute: mailFile?.value.ratePerMinute };

  const portal = readPortalConfig(dir, jurisdictionIds, problems);
  const notice = readReportsConfig(dir, problems);

  if (!problems.empty) throw new ConfigError(problems.items);

  const ruleBook = new RuleBook({ ...checked, categories, domains, officialYears, localAdjustments });
  const warnings = missingNoticeYears(officialYears.map((y) => y.year), options.today).map(
    (year) =>
      `no holiday schedule loaded for ${year} (国务院办公厅关于${year}年部分节假日安排的通知): deadlines that reach into it are provisional, counted Mon–Fri minus the statutory holidays (法定节假日) with no make-up workdays (调休); add ${displayPath(join(calendarsDir, `${year}.yaml`))} once the notice is published`,
  );
  const fingerprint = deadlineFingerprint(ruleBook, localAdjustments);
  const fingerprintParts = deadlineFingerprintParts(ruleBook, localAdjustments);
  return { dir, ruleBook, organisation, ladders, schedules, mail, portal, notice, warnings, fingerprint, fingerprintParts };
}
