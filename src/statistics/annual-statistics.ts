import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import type { LoadedConfig } from '../config/load-config.js';
import type { Supervisor } from '../core/organisation.js';
import { formatShanghai } from '../core/shanghai-time.js';
import { categoryName, domainName, localeOf } from '../delivery/mail-names.js';
import { yearPeriod } from './period.js';
import { countRequests, type RequestCount } from './requests.js';
import { byChinese, counted, departmentFigures, officeDepartments, officeScope, type CountedRow, type DepartmentRow } from './office-figures.js';
import { countTimeliness } from './timeliness.js';

export interface CategoryRow extends CountedRow {
  readonly departmentCode: string;
  readonly departmentName: string;
  readonly domain: string;
  readonly domainName: string;
  readonly category: string;
  readonly categoryName: string;
}

export interface RequestRow extends RequestCount {
  readonly departmentName: string;
}

/**
 * The year's statistics of one supervising office's departments, shaped for the annual report's tables on public
 * resource allocation (政府信息公开工作年度报告): per department and category the items due, published, on time, late
 * and exempt by basis; per department the requests received and how they were answered. JSON as it stands.
 */
export interface AnnualStatistics {
  readonly year: number;
  readonly jurisdiction: string;
  readonly officeName: string;
  /** When the figures were taken (ISO, +08:00): items due after it are not counted yet. */
  readonly countedAt: string;
  readonly byCategory: readonly CategoryRow[];
  /** Every department of the office, those with nothing due included. */
  readonly byDepartment: readonly DepartmentRow[];
  readonly total: CountedRow;
  readonly requests: readonly RequestRow[];
}

export async function gatherAnnualStatistics(db: Knex, config: LoadedConfig, supervisor: Supervisor, year: number, now: DateTime): Promise<AnnualStatistics> {
  const locale = localeOf(config, supervisor.jurisdiction);
  const departments = officeDepartments(config, supervisor);
  const codes = departments.map((d) => d.code);
  const names = new Map(departments.map((d) => [d.code, d.name]));
  const period = yearPeriod(year);

  const rows = await countTimeliness(db, { departments: codes, period, now, by: ['department', 'category'] });
  const byCategory = rows
    .map((row): CategoryRow => {
      const category = row.category as string;
      const domain = config.ruleBook.categories.get(category)?.domain ?? '';
      return {
        departmentCode: row.department as string,
        departmentName: names.get(row.department as string) ?? (row.department as string),
        domain,
        domainName: domainName(config, domain, locale),
        category,
        categoryName: categoryName(config, category, locale),
        ...counted(row),
      };
    })
    .sort((a, b) => byChinese(a.departmentName, b.departmentName) || byChinese(a.domain, b.domain) || byChinese(a.category, b.category));

  const { byDepartment, total } = await departmentFigures(db, officeScope(config, supervisor), period, now);

  const ruleIds = [...config.ruleBook.rules.values()].filter((rule) => rule.kind === 'requestReply').map((rule) => rule.id);
  const requests = (await countRequests(db, { departments: codes, ruleIds, period, now }))
    .map((r): RequestRow => ({ ...r, departmentName: names.get(r.department) ?? r.department }))
    .sort((a, b) => byChinese(a.departmentName, b.departmentName));

  return {
    year,
    jurisdiction: supervisor.jurisdiction,
    officeName: supervisor.name,
    countedAt: formatShanghai(now),
    byCategory,
    byDepartment,
    total,
    requests,
  };
}
