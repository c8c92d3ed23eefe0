import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { humanTime } from '../core/deadline-basis.js';
import { excelCsv } from '../csv/excel-csv.js';
import { InputError } from '../core/errors.js';
import type { Department } from '../core/organisation.js';
import type { RuleBook } from '../core/rule-book.js';
import { formatShanghai } from '../core/shanghai-time.js';
import { describeTimeLeft, timeLeft, type TimeLeft } from '../core/time-left.js';
import { ITEM_STATUSES, type ItemStatus, type LedgerItem } from '../ledger/item.js';
import { listItems } from '../ledger/item-store.js';
import { hasNoReplyDeadline } from '../ledger/request-state.js';
import { checkJurisdiction } from './jurisdiction-option.js';
import { withLedger } from './ledger-session.js';
import { textTable } from './text-table.js';
import { UsageError } from './usage-error.js';

interface ListOptions {
  status: string;
  department?: string;
  domain?: string;
  jurisdiction?: string;
  overdue?: boolean;
  dueWithin?: string;
  format: string;
  config?: string;
}

export function registerListCommand(ledger: Command): void {
  ledger
    .command('list')
    .description('ledger items by due time, with the working days left or late')
    .option('--status <status>', `${ITEM_STATUSES.join(', ')} or all`, 'open')
    .option('--department <name|code>', 'one department')
    .option('--domain <id|name>', 'one domain, e.g. procurement or 政府采购')
    .option('--jurisdiction <id>', 'one jurisdiction')
    .option('--overdue', 'only open items past their deadline')
    .option('--due-within <n>', 'only open items due within N working days (today included)')
    .option('--format <format>', 'table, json or csv', 'table')
    .option('--config <dir>', 'config directory')
    .action(async (options: ListOptions) => {
      if (!['table', 'json', 'csv'].includes(options.format)) throw new UsageError(`--format ${options.format}: table, json or csv`);
      if (options.status !== 'all' && !(ITEM_STATUSES as readonly string[]).includes(options.status)) {
        throw new UsageError(`--status ${options.status}: one of ${ITEM_STATUSES.join(', ')}, all`);
      }
      const within = options.dueWithin === undefined ? undefined : Number(options.dueWithin);
      if (within !== undefined && (!Number.isInteger(within) || within < 0)) throw new UsageError(`--due-within ${options.dueWithin}: a whole number of working days`);
      const onlyOpen = options.overdue || within !== undefined;
      const output = await withLedger(options.config, async ({ config, database, now }) => {
        const book = config.ruleBook;
        const departments = config.organisation.departments;
        checkJurisdiction(options.jurisdiction, config);
        const items = await listItems(database.db, {
          status: onlyOpen ? 'open' : options.status === 'all' ? undefined : (options.status as ItemStatus),
          jurisdiction: options.jurisdiction,
          departmentCode: options.department ? findDepartment(options.department, departments, options.jurisdiction).code : undefined,
          domain: options.domain ? findDomain(options.domain, book) : undefined,
          dueBy: options.overdue ? formatShanghai(now) : undefined,
        });
        const rows = items
          .map((item) => ({ item, left: item.status === 'open' ? timeLeft(DateTime.fromISO(item.dueAt, { setZone: true }), item.dueDate, now, book.calendarFor(item.jurisdiction)) : undefined }))
          .filter(({ left }) => !options.overdue || left?.state === 'overdue')
          .filter(({ left }) => within === undefined || (left !== undefined && left.state !== 'overdue' && (left.state === 'due-today' || left.workingDays <= within)));
        return render(rows, options.format, departments);
      });
      process.stdout.write(output);
    });
}

function findDepartment(value: string, departments: readonly Department[], jurisdiction: string | undefined): Department {
  const found = departments.filter((d) => (d.code === value || d.name === value) && (!jurisdiction || d.jurisdiction === jurisdiction));
  if (found.length === 1) return found[0] as Department;
  if (found.length > 1) throw new InputError(`"${value}" names departments in ${found.map((d) => d.jurisdiction).join(', ')}: use a code (${found.map((d) => d.code).join(', ')})`);
  throw new InputError(`unknown department "${value}"`);
}

function findDomain(value: string, book: RuleBook): string {
  const domain = [...book.domains.values()].find((d) => d.id === value || d.name === value);
  if (!domain) throw new InputError(`unknown domain "${value}"; one of ${[...book.domains.keys()].join(', ')}`);
  return domain.id;
}

/** While a request waits for its supplement there is no reply deadline: the stored moment is the 补正 period's end. */
function dueCell(item: LedgerItem): string {
  if (hasNoReplyDeadline(item.status)) return `none yet (补正 until ${humanTime(item.dueAt)})`;
  return `${humanTime(item.dueAt)}${item.provisional ? ' (provisional)' : ''}`;
}

function render(rows: Array<{ item: LedgerItem; left: TimeLeft | undefined }>, format: string, departments: readonly Department[]): string {
  const name = (code: string) => departments.find((d) => d.code === code)?.name ?? code;
  if (format === 'json') {
    return `${JSON.stringify(rows.map(({ item, left }) => ({ ...item, departmentName: name(item.departmentCode), timeLeft: left })))}\n`;
  }
  const header = ['reference', 'title', 'department', 'category', 'due', 'status', 'left / late', ...(format === 'csv' ? ['warnings'] : [])];
  const cells = rows.map(({ item, left }) => [
    item.reference,
    item.title,
    name(item.departmentCode),
    item.category,
    dueCell(item),
    item.status,
    left ? describeTimeLeft(left, 'en') : '',
    ...(format === 'csv' ? [(item.warnings ?? []).map((w) => `${w.en} / ${w.zh}`).join('; ')] : []),
  ]);
  // With a byte-order mark, as every CSV of the project: Chinese Excel reads it as UTF-8 then.
  if (format === 'csv') return `\uFEFF${excelCsv(header, cells)}`;
  if (rows.length === 0) return 'no items\n';
  // The engine's warnings never change a date, but an item's reader must see them: under the table, by reference.
  const warned = rows.flatMap(({ item }) => (item.warnings ?? []).map((w) => `! ${item.reference}: ${w.en} (${w.zh})\n`));
  return textTable(header, cells) + (warned.length ? `warnings:\n${warned.join('')}` : '');
}
