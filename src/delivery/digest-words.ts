import type { Stage } from '../core/ladder.js';

/** The language of what departments and the supervisor read: the jurisdiction's `locale` (Chinese by default). */
export type MailLocale = 'zh' | 'en';

/** Everything a mail says in words, per language; the renderers only arrange these. */
export interface DigestWords {
  readonly htmlLang: string;
  readonly stages: Readonly<Record<Stage, string>>;
  readonly count: (n: number, what: string) => string;
  readonly join: string;
  /** Under a table cut short in the mail: how many rows it left out, and where they all are. */
  readonly moreRows: (hidden: number, where: 'csv' | 'portal') => string;
  readonly department: {
    readonly subject: (department: string, summary: string, date: string) => string;
    readonly greeting: (department: string) => string;
    readonly intro: string;
    readonly todo: string;
    /** The text of each item's link into the portal (办理). */
    readonly itemTodo: string;
    /** The line with the department's own link into the portal. */
    readonly portal: (url: string) => string;
    readonly headers: readonly string[];
    readonly attachmentName: (code: string, date: string) => string;
  };
  readonly urgent: {
    readonly subject: (department: string, label: string, reference: string, due: string) => string;
    readonly intro: string;
  };
  readonly escalation: {
    readonly subject: (office: string, summary: string, date: string, weekly: boolean) => string;
    readonly intro: (weekly: boolean, since: string) => string;
    readonly nothingLate: string;
    /** The line with the office's own link into the portal. */
    readonly portal: (url: string) => string;
    readonly sections: Readonly<Record<'byDepartment' | 'aging' | 'newlyLate' | 'publishedLate' | 'rates' | 'notice' | 'overdue' | 'checks' | 'publicity' | 'health', string>>;
    readonly headers: Readonly<Record<'byDepartment' | 'aging' | 'rates' | 'items' | 'publishedLate' | 'checks' | 'publicity' | 'health', readonly string[]>>;
    /** What the publication check (网上巡查) found wrong with a registered address. */
    readonly checkOutcomes: Readonly<Record<'missing' | 'unreachable' | 'refused', string>>;
    readonly none: string;
    readonly noRate: string;
    readonly healthy: string;
    readonly failedMail: (audience: string, error: string) => string;
    readonly attachmentName: (code: string, date: string) => string;
  };
  readonly admin: {
    readonly subject: (count: number, date: string) => string;
    readonly intro: string;
    /** Before the command that sends the mail again once the address is corrected. */
    readonly resend: string;
  };
  readonly footer: string;
}

const ZH: DigestWords = {
  htmlLang: 'zh-CN',
  stages: { upcoming: '即将到期', due: '今日到期', overdue: '已逾期', escalated: '逾期督办', notice: '列入通报候选' },
  count: (n, what) => `${n}项${what}`,
  join: '，',
  moreRows: (hidden, where) => `……另有${hidden}行未在邮件中列出，${where === 'csv' ? '完整清单见附件 CSV' : '请在门户中查看'}。`,
  department: {
    subject: (department, summary, date) => `【政务公开提醒】${department}：${summary}（${date}）`,
    greeting: (department) => `${department}：`,
    intro: '以下公共资源配置领域政府信息的公开时限需要您关注（时间均为北京时间，期限按工作日计算，已扣除法定节假日并计入调休上班日）。逾期事项列在最前。',
    todo: '请在期限内于政府门户网站等平台公开，并通过上方链接在台账门户登记公开时间和网址（系统将上网核验）。确属不予公开的，请经保密审查后在门户中提出申请，由政府办审批。',
    itemTodo: '登记公开/申请不予公开',
    portal: (url) => `在线办理（登记公开、申请不予公开、上传台账）：${url}`,
    headers: ['状态', '编号', '事项名称', '信息类别', '规则及依据', '公开期限（北京时间）', '剩余/逾期', '办理'],
    attachmentName: (code, date) => `政务公开提醒-${code}-${date}.csv`,
  },
  urgent: {
    subject: (department, label, reference, due) => `【政务公开紧急提醒】${department}：${reference} ${label}，期限 ${due}`,
    intro: '以下事项按小时计算公开时限，日报来不及，现单独提醒（北京时间）。',
  },
  escalation: {
    subject: (office, summary, date, weekly) => `【政务公开督办${weekly ? '周报' : ''}】${office}：${summary}（${date}）`,
    intro: (weekly, since) =>
      weekly
        ? `本周报汇总截至目前的逾期情况、${since}以来新增逾期和逾期公开的事项，以及各单位本月和本年公开及时率（时间均为北京时间，期限按工作日计算）。`
        : `以下为截至目前的逾期情况，以及${since}（上次督办报告）以来新增逾期和逾期公开的事项（时间均为北京时间，期限按工作日计算）。`,
    nothingLate: '目前没有逾期未公开的事项',
    portal: (url) => `在线查看逾期情况、审批不予公开申请：${url}`,
    sections: {
      byDepartment: '一、逾期未公开事项（按责任单位和领域）',
      aging: '二、逾期时长',
      newlyLate: '三、新增逾期事项',
      publishedLate: '四、逾期公开事项',
      rates: '五、公开及时率',
      notice: '六、建议通报事项（通报候选）',
      overdue: '七、逾期事项清单',
      checks: '八、网上巡查发现的问题',
      publicity: '九、公示期短于法定期限的事项',
      health: '十、系统运行情况',
    },
    headers: {
      byDepartment: ['责任单位', '领域', '逾期项数', '其中督办', '其中通报候选'],
      aging: ['责任单位', '1–5个工作日', '6–10个工作日', '11–20个工作日', '20个工作日以上', '合计'],
      rates: ['责任单位', '本月到期', '本月按时', '本月及时率', '本年到期', '本年按时', '本年及时率'],
      items: ['阶段', '责任单位', '编号', '事项名称', '领域', '信息类别', '规则', '公开期限（北京时间）', '逾期'],
      publishedLate: ['责任单位', '编号', '事项名称', '公开期限（北京时间）', '公开时间', '逾期'],
      checks: ['责任单位', '编号', '事项名称', '公开网址', '巡查结果', '巡查时间'],
      publicity: ['责任单位', '编号', '事项名称', '公开时间', '说明'],
      health: ['邮件', '状态'],
    },
    checkOutcomes: { missing: '页面未见该信息', unreachable: '公开链接无法访问', refused: '公开链接指向内部网络，无法核验' },
    none: '无',
    noRate: '—',
    healthy: '邮件发送正常，无发送失败的提醒。',
    failedMail: (audience, error) => `${audience}：发送失败（${error}），请管理员核实地址后处理`,
    attachmentName: (code, date) => `政务公开督办-${code}-${date}.csv`,
  },
  admin: {
    subject: (count, date) => `【disclosure-watch 管理员】${count}封提醒邮件发送失败（${date}）`,
    intro: '以下提醒邮件被邮件服务器拒收，不会自动重试。请核实 config/departments 中的地址，改正后重新发送。',
    resend: '改正地址后重新发送（复制到命令行）',
  },
  footer: '（本邮件由 disclosure-watch 政务公开时限监测自动发送；完整清单见附件 CSV，可用 Excel 打开）',
};

const EN: DigestWords = {
  htmlLang: 'en',
  stages: { upcoming: 'Due soon', due: 'Due today', overdue: 'Late', escalated: 'Escalated', notice: 'Notice candidate' },
  count: (n, what) => `${n} ${what.toLowerCase()}`,
  join: ', ',
  moreRows: (hidden, where) => `… and ${hidden} more row${hidden === 1 ? '' : 's'}, not listed in this mail: ${where === 'csv' ? 'the attached CSV has them all' : 'see the portal'}.`,
  department: {
    subject: (department, summary, date) => `[Disclosure reminder] ${department}: ${summary} (${date})`,
    greeting: (department) => `${department}:`,
    intro: 'The disclosure deadlines below need your attention (Beijing time; limits count working days, official holidays off and make-up workdays on). Late items come first.',
    todo: 'Publish each item on the government portal within its limit, then record the date and URL through the link above (the page is checked online). For an item lawfully not published, ask for an exemption there after the confidentiality review; the office decides.',
    itemTodo: 'Record publication / ask for exemption',
    portal: (url) => `Answer online (record a publication, ask for an exemption, upload the ledger): ${url}`,
    headers: ['Status', 'Reference', 'Item', 'Category', 'Rule and legal basis', 'Due (Beijing time)', 'Time left', 'To do'],
    attachmentName: (code, date) => `disclosure-reminder-${code}-${date}.csv`,
  },
  urgent: {
    subject: (department, label, reference, due) => `[Urgent disclosure reminder] ${department}: ${reference} (${label.toLowerCase()}), deadline ${due}`,
    intro: 'This item is counted in hours: a daily digest would be too late, so it comes on its own (Beijing time).',
  },
  escalation: {
    subject: (office, summary, date, weekly) => `[Disclosure ${weekly ? 'weekly summary' : 'escalation'}] ${office}: ${summary} (${date})`,
    intro: (weekly, since) =>
      weekly
        ? `This weekly summary lists what is late now, what became late or was published late since ${since}, and each department's on-time rate for the month and the year (Beijing time; limits count working days).`
        : `What is late now, and what became late or was published late since ${since} (the last escalation digest) (Beijing time; limits count working days).`,
    nothingLate: 'Nothing is late',
    portal: (url) => `See what is late and decide exemption requests online: ${url}`,
    sections: {
      byDepartment: '1. Late items by department and domain',
      aging: '2. How late',
      newlyLate: '3. Newly late',
      publishedLate: '4. Published late',
      rates: '5. On-time rate',
      notice: '6. Candidates for a circulated notice (通报)',
      overdue: '7. Late items',
      checks: '8. Publication check findings',
      publicity: '9. Publicity periods shorter than the law allows',
      health: '10. Delivery health',
    },
    headers: {
      byDepartment: ['Department', 'Domain', 'Late', 'Escalated', 'Notice candidates'],
      aging: ['Department', '1–5 working days', '6–10 working days', '11–20 working days', 'over 20 working days', 'Total'],
      rates: ['Department', 'Due this month', 'On time', 'Rate', 'Due this year', 'On time', 'Rate'],
      items: ['Stage', 'Department', 'Reference', 'Item', 'Domain', 'Category', 'Rule', 'Due (Beijing time)', 'Late by'],
      publishedLate: ['Department', 'Reference', 'Item', 'Due', 'Published', 'Late by'],
      checks: ['Department', 'Reference', 'Item', 'Address', 'Finding', 'Checked'],
      publicity: ['Department', 'Reference', 'Item', 'Published', 'Finding'],
      health: ['Mail', 'Status'],
    },
    checkOutcomes: { missing: 'the page does not show the item', unreachable: 'the address does not answer', refused: 'the address points inside the network and cannot be checked' },
    none: 'None',
    noRate: '—',
    healthy: 'Mail delivery is healthy: no reminder failed.',
    failedMail: (audience, error) => `${audience}: not delivered (${error}); an admin should check the address`,
    attachmentName: (code, date) => `disclosure-escalation-${code}-${date}.csv`,
  },
  admin: {
    subject: (count, date) => `[disclosure-watch admin] ${count} reminder mail(s) failed (${date})`,
    intro: 'The relay refused the reminders below; they are not retried. Check the addresses in config/departments and send them again.',
    resend: 'Once the address is corrected, send it again (copy into a shell)',
  },
  footer: '(Sent by disclosure-watch, the disclosure deadline monitor. The full list is attached as CSV for Excel.)',
};

export const DIGEST_WORDS: Readonly<Record<MailLocale, DigestWords>> = { zh: ZH, en: EN };
