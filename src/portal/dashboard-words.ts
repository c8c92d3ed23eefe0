import type { MailLocale } from '../delivery/digest-words.js';
import type { ItemStatus } from '../ledger/item.js';

/** What a figure on the dashboard is: the period's (statistics/timeliness.ts) or now's. */
export const DASHBOARD_FIGURES = ['due', 'onTime', 'publishedLate', 'openLate', 'exemptedLate', 'late', 'exempt', 'withdrawn', 'open', 'dueThisWeek', 'overdue', 'escalated', 'notice'] as const;
export type DashboardFigure = (typeof DASHBOARD_FIGURES)[number];
/** The figures of the state now rather than of a period. */
export const NOW_FIGURES: ReadonlySet<DashboardFigure> = new Set(['open', 'dueThisWeek', 'overdue', 'escalated', 'notice']);

export interface DashboardWords {
  /** The language periods are named in (2026年第四季度 or 2026 Q4). */
  readonly locale: MailLocale;
  readonly heading: (office: string) => string;
  readonly link: string;
  readonly period: string;
  readonly department: string;
  readonly domain: string;
  readonly all: string;
  readonly show: string;
  readonly countsHeading: string;
  readonly figures: Readonly<Record<DashboardFigure, string>>;
  readonly ratesHeading: (period: string) => string;
  readonly rateHeaders: readonly string[];
  readonly total: string;
  readonly trendHeading: string;
  readonly trendHeaders: readonly string[];
  readonly domainsHeading: (period: string) => string;
  readonly domainHeaders: readonly string[];
  readonly agingHeading: string;
  readonly agingHeaders: readonly string[];
  readonly checksHeading: string;
  readonly checkHeaders: readonly string[];
  readonly checkOutcomes: Readonly<Record<'missing' | 'unreachable' | 'refused', string>>;
  readonly none: string;
  readonly exportXlsx: string;
  readonly draftNotice: string;
  readonly annual: (year: string) => string;
  readonly itemsHeading: (figure: string, scope: string, count: number) => string;
  readonly itemHeaders: readonly string[];
  readonly statuses: Readonly<Record<ItemStatus, string>>;
  readonly moreItems: (hidden: number) => string;
  readonly back: string;
}

const ZH: DashboardWords = {
  locale: 'zh',
  heading: (office) => `${office}：公开工作看板`,
  link: '公开工作看板（图表、通报草稿、年度统计）',
  period: '统计期间',
  department: '责任单位',
  domain: '领域',
  all: '全部',
  show: '查看',
  countsHeading: '当前情况',
  figures: {
    due: '到期应公开',
    onTime: '按时公开',
    publishedLate: '逾期公开',
    openLate: '逾期未公开',
    exemptedLate: '逾期后不予公开',
    late: '逾期',
    exempt: '不予公开',
    withdrawn: '撤销',
    open: '未公开事项',
    dueThisWeek: '本周到期',
    overdue: '已逾期',
    escalated: '已督办',
    notice: '通报候选',
  },
  ratesHeading: (period) => `${period}各单位公开及时率`,
  rateHeaders: ['责任单位', '到期应公开', '按时公开', '逾期公开', '逾期未公开', '逾期后不予公开', '公开及时率', '不予公开', '撤销'],
  total: '合计',
  trendHeading: '近12个月公开及时率',
  trendHeaders: ['月份', '到期应公开', '按时公开', '逾期', '公开及时率'],
  domainsHeading: (period) => `${period}各领域公开情况`,
  domainHeaders: ['领域', '到期应公开', '按时公开', '逾期公开', '逾期未公开', '公开及时率'],
  agingHeading: '逾期未公开事项的逾期时长（截至目前）',
  agingHeaders: ['5个工作日以内', '6至10个工作日', '11至20个工作日', '20个工作日以上', '合计'],
  checksHeading: '网上巡查发现的问题',
  checkHeaders: ['责任单位', '编号', '事项名称', '公开地址', '巡查结果', '巡查时间'],
  checkOutcomes: { missing: '页面未见该信息', unreachable: '无法访问', refused: '指向内部网络' },
  none: '无。',
  exportXlsx: '导出Excel',
  draftNotice: '生成本期通报草稿（Word）',
  annual: (year) => `导出${year}年度统计（Excel）`,
  itemsHeading: (figure, scope, count) => `${scope ? `${scope}：` : ''}${figure}${count}项`,
  itemHeaders: ['编号', '事项名称', '责任单位', '领域', '公开期限', '状态', '公开时间'],
  statuses: { open: '未公开', published: '已公开', exempt: '不予公开', withdrawn: '撤销', awaiting_supplement: '待补正', abandoned: '视为放弃申请' },
  moreItems: (hidden) => `另有${hidden}项未列出：导出Excel可查看全部。`,
  back: '返回看板',
};

const EN: DashboardWords = {
  locale: 'en',
  heading: (office) => `${office}: disclosure dashboard`,
  link: 'Dashboard (charts, notice draft, annual statistics)',
  period: 'Period',
  department: 'Department',
  domain: 'Domain',
  all: 'All',
  show: 'Show',
  countsHeading: 'Now',
  figures: {
    due: 'Due',
    onTime: 'On time',
    publishedLate: 'Published late',
    openLate: 'Late, unpublished',
    exemptedLate: 'Exempted after due',
    late: 'Late',
    exempt: 'Exempt',
    withdrawn: 'Withdrawn',
    open: 'Open items',
    dueThisWeek: 'Due this week',
    overdue: 'Late',
    escalated: 'Escalated',
    notice: 'Notice candidates',
  },
  ratesHeading: (period) => `On-time rate by department, ${period}`,
  rateHeaders: ['Department', 'Due', 'On time', 'Published late', 'Late, unpublished', 'Exempted after due', 'On-time rate', 'Exempt', 'Withdrawn'],
  total: 'Total',
  trendHeading: 'On-time rate, last 12 months',
  trendHeaders: ['Month', 'Due', 'On time', 'Late', 'On-time rate'],
  domainsHeading: (period) => `By domain, ${period}`,
  domainHeaders: ['Domain', 'Due', 'On time', 'Published late', 'Late, unpublished', 'On-time rate'],
  agingHeading: 'Late unpublished items by working days late (now)',
  agingHeaders: ['Up to 5', '6 to 10', '11 to 20', 'Over 20', 'Total'],
  checksHeading: 'Publication checks that failed',
  checkHeaders: ['Department', 'Reference', 'Title', 'Address', 'Found', 'Checked'],
  checkOutcomes: { missing: 'item not on the page', unreachable: 'unreachable', refused: 'points inside the network' },
  none: 'None.',
  exportXlsx: 'Export to Excel',
  draftNotice: 'Draft the notice for this period (Word)',
  annual: (year) => `Export the ${year} statistics (Excel)`,
  itemsHeading: (figure, scope, count) => `${scope ? `${scope}: ` : ''}${figure}, ${count}`,
  itemHeaders: ['Reference', 'Title', 'Department', 'Domain', 'Due', 'Status', 'Published'],
  statuses: { open: 'open', published: 'published', exempt: 'exempt', withdrawn: 'withdrawn', awaiting_supplement: 'awaiting supplement', abandoned: 'abandoned' },
  moreItems: (hidden) => `${hidden} more not listed: export to Excel for all of them.`,
  back: 'Back to the dashboard',
};

export const DASHBOARD_WORDS: Readonly<Record<MailLocale, DashboardWords>> = { zh: ZH, en: EN };
