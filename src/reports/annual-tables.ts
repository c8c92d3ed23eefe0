import { formatShanghaiMillis } from '../core/shanghai-time.js';
import type { MailLocale } from '../delivery/digest-words.js';
import type { AnnualStatistics } from '../statistics/annual-statistics.js';
import type { CountedRow } from '../statistics/office-figures.js';
import { EXEMPTION_BASES, type ExemptionBasis } from '../ledger/item.js';
import type { RequestCount } from '../statistics/requests.js';
import { noExemptions } from '../statistics/timeliness.js';
import type { SheetCell, SheetTable } from './office-workbook.js';

/** The grounds as the annual report's form names them (政府信息公开工作年度报告 格式: 不予公开 1–7). */
const BASIS_HEADERS: Readonly<Record<'zh' | 'en', Readonly<Record<ExemptionBasis, string>>>> = {
  zh: {
    state_secret: '国家秘密',
    law_prohibited: '法律行政法规禁止',
    security_stability: '危及“三安全一稳定”',
    trade_secret: '商业秘密',
    privacy: '个人隐私',
    internal_affairs: '内部事务信息',
    process_info: '过程性信息',
    enforcement_file: '行政执法案卷',
  },
  en: {
    state_secret: 'state secret',
    law_prohibited: 'forbidden by law',
    security_stability: 'security or stability',
    trade_secret: 'trade secret',
    privacy: 'privacy',
    internal_affairs: 'internal affairs',
    process_info: 'process information',
    enforcement_file: 'enforcement file',
  },
};

const WORDS = {
  zh: {
    title: (year: number, office: string) => `${office}${year}年公共资源配置领域政府信息公开情况统计`,
    countedAt: (at: string) => `统计截至${at}（到期时间未到的事项不计入）`,
    sheets: { departments: '按责任单位', categories: '按信息类别', requests: '依申请公开' },
    titles: { departments: '一、主动公开时效（按责任单位）', categories: '二、主动公开时效（按责任单位和信息类别）', requests: '三、政府信息公开申请办理情况' },
    department: '责任单位',
    domain: '领域',
    category: '信息类别',
    counts: ['应公开', '已公开', '按时公开', '逾期公开', '逾期未公开', '逾期后不予公开', '逾期合计', '公开及时率', ...EXEMPTION_BASES.map((b) => `不予公开（${BASIS_HEADERS.zh[b]}）`), '撤销'],
    requests: ['本年新收申请', '予以公开', '部分公开', ...EXEMPTION_BASES.map((b) => `不予公开（${BASIS_HEADERS.zh[b]}）`), '撤回或终止', '逾期不补正（视为放弃）', '办理中（结转）', '逾期答复'],
    total: '合计',
  },
  en: {
    title: (year: number, office: string) => `${office}: disclosure on public resource allocation, ${year}`,
    countedAt: (at: string) => `Counted at ${at} (items not yet due are not counted)`,
    sheets: { departments: 'By department', categories: 'By category', requests: 'Requests' },
    titles: { departments: '1. Timeliness by department', categories: '2. Timeliness by department and category', requests: '3. Disclosure requests' },
    department: 'Department',
    domain: 'Domain',
    category: 'Category',
    counts: ['Due', 'Published', 'On time', 'Published late', 'Late, unpublished', 'Exempted after due', 'Late in all', 'On-time rate', ...EXEMPTION_BASES.map((b) => `Exempt (${BASIS_HEADERS.en[b]})`), 'Withdrawn'],
    requests: ['Received', 'Disclosed', 'Partly disclosed', ...EXEMPTION_BASES.map((b) => `Refused (${BASIS_HEADERS.en[b]})`), 'Withdrawn or ended', 'Abandoned (no supplement)', 'Pending', 'Answered late'],
    total: 'Total',
  },
} as const;

function countCells(row: CountedRow): SheetCell[] {
  return [row.due, row.onTime + row.publishedLate, row.onTime, row.publishedLate, row.openLate, row.exemptedLate, row.late, row.rate ?? '—', ...EXEMPTION_BASES.map((b) => row.exempt[b]), row.withdrawn];
}

/** No request at all: where the total starts. */
const NO_REQUESTS: RequestCount = { department: '', received: 0, disclosed: 0, partly: 0, refused: noExemptions(), withdrawn: 0, abandoned: 0, pending: 0, late: 0 };

/** A department's request counts in the sheet's column order. */
function requestCells(r: RequestCount): number[] {
  return [r.received, r.disclosed, r.partly, ...EXEMPTION_BASES.map((b) => r.refused[b]), r.withdrawn, r.abandoned, r.pending, r.late];
}

/** The year's statistics as the three tables of the workbook `cli report annual` writes. */
export function annualTables(stats: AnnualStatistics, locale: MailLocale): SheetTable[] {
  const w = WORDS[locale];
  const title = w.title(stats.year, stats.officeName);
  const subtitle = w.countedAt(formatShanghaiMillis(Date.parse(stats.countedAt)).slice(0, 16).replace('T', ' '));
  const requestTotal = stats.requests.reduce((sum, r) => sum.map((value, i) => value + requestCells(r)[i]!), requestCells(NO_REQUESTS));
  return [
    {
      sheet: w.sheets.departments,
      title,
      subtitle: `${w.titles.departments}　${subtitle}`,
      headers: [w.department, ...w.counts],
      rows: stats.byDepartment.map((row) => [row.departmentName, ...countCells(row)]),
      totalRow: [w.total, ...countCells(stats.total)],
    },
    {
      sheet: w.sheets.categories,
      title,
      subtitle: `${w.titles.categories}　${subtitle}`,
      headers: [w.department, w.domain, w.category, ...w.counts],
      rows: stats.byCategory.map((row) => [row.departmentName, row.domainName, row.categoryName, ...countCells(row)]),
    },
    {
      sheet: w.sheets.requests,
      title,
      subtitle: `${w.titles.requests}　${subtitle}`,
      headers: [w.department, ...w.requests],
      rows: stats.requests.map((r) => [r.departmentName, ...requestCells(r)]),
      totalRow: [w.total, ...requestTotal],
    },
  ];
}
