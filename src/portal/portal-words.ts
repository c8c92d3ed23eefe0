import type { HistoryAction } from '../ledger/history-store.js';
import type { ExemptionBasis, ItemStatus } from '../ledger/item.js';
import type { MailLocale } from '../delivery/digest-words.js';
import type { CheckOutcome } from '../inspection/check-store.js';

/**
 * What the portal's pages say that the mail does not (the stages, headers, rule names and time left come from the
 * mail's words, so a clerk reads the same thing in both).
 */
export interface PortalWords {
  readonly portal: string;
  readonly signedInAs: (who: string) => string;
  readonly logout: string;
  readonly refusal: {
    readonly linkTitle: string;
    readonly unknown: string;
    readonly expired: string;
    readonly revoked: string;
    readonly newLink: string;
    readonly noSession: string;
    readonly forbidden: string;
    readonly notFound: string;
    readonly badForm: string;
    readonly tooMany: string;
    readonly failed: string;
  };
  readonly department: {
    readonly heading: (name: string) => string;
    readonly none: string;
    readonly headers: readonly string[];
    readonly open: string;
    readonly pendingExemption: string;
    readonly checksHeading: string;
    readonly checksHeaders: readonly string[];
    readonly actions: { readonly upload: string; readonly csv: string; readonly template: string };
    readonly readOnly: string;
  };
  readonly item: {
    readonly facts: Readonly<Record<'reference' | 'title' | 'category' | 'basis' | 'due' | 'left' | 'status' | 'published' | 'check', string>>;
    readonly statuses: Readonly<Record<ItemStatus, string>>;
    readonly publishHeading: string;
    readonly publishHint: string;
    readonly url: string;
    readonly at: string;
    readonly publish: string;
    readonly onTime: string;
    readonly late: (late: string) => string;
    readonly exemptHeading: string;
    readonly exemptHint: string;
    readonly bases: Readonly<Record<ExemptionBasis, string>>;
    readonly basis: string;
    readonly reason: string;
    readonly reviewer: string;
    readonly requestExemption: string;
    readonly requested: string;
    readonly history: string;
    readonly historyHeaders: readonly string[];
    readonly actions: Readonly<Record<HistoryAction, string>>;
    readonly checks: Readonly<Record<CheckOutcome | 'waiting', string>>;
    readonly back: string;
  };
  readonly upload: {
    readonly heading: string;
    readonly hint: string;
    readonly file: string;
    readonly allOrNothing: string;
    readonly partial: string;
    readonly submit: string;
    readonly result: (inserted: number, updated: number, unchanged: number) => string;
    readonly nothingWritten: string;
    readonly problemsHeading: string;
    readonly problemHeaders: readonly string[];
  };
  readonly office: {
    readonly heading: (name: string) => string;
    readonly requestsHeading: string;
    readonly requestHeaders: readonly string[];
    readonly noRequests: string;
    readonly approve: string;
    readonly refuse: string;
    readonly refuseReason: string;
    readonly approved: string;
    readonly refused: string;
    readonly departmentsHeading: string;
    readonly linksHeading: string;
    readonly linkHeaders: readonly string[];
    readonly revoke: string;
    readonly revokeAll: string;
    readonly noLinks: string;
  };
  readonly admin: {
    readonly heading: string;
    readonly offices: string;
    readonly failedMail: string;
    readonly failedHeaders: readonly string[];
    readonly noFailedMail: string;
    readonly resend: string;
    readonly resent: (key: string, to: string) => string;
    readonly reload: string;
    readonly reloaded: (changes: readonly string[]) => string;
    readonly reloadRefused: (problems: readonly string[]) => string;
  };
}

const ZH: PortalWords = {
  portal: '政务公开台账门户',
  signedInAs: (who) => `当前身份：${who}`,
  logout: '退出',
  refusal: {
    linkTitle: '链接无法使用',
    unknown: '该链接无效：可能复制不完整，或并非本系统发出。',
    expired: '该链接已过期。',
    revoked: '该链接已被收回（管理员或政府办已停用）。',
    newLink: '请使用最近一封提醒或督办邮件中的链接；如仍无法打开，请联系政务公开管理员重新发放链接。',
    noSession: '请从提醒邮件中的链接进入（登录已过期或尚未登录）。',
    forbidden: '您无权查看或办理该页面的内容。',
    notFound: '未找到该事项，或该事项不属于本单位。',
    badForm: '表单已失效（缺少或无效的校验码），未作任何修改。请返回页面刷新后重新提交。',
    tooMany: '操作过于频繁，请稍后再试。',
    failed: '系统暂时无法处理该请求，未作任何修改。请稍后再试，或联系管理员。',
  },
  department: {
    heading: (name) => `${name}：待公开事项`,
    none: '目前没有待公开的事项。',
    headers: ['状态', '编号', '事项名称', '信息类别', '规则及依据', '公开期限（北京时间）', '剩余/逾期', '办理'],
    open: '办理',
    pendingExemption: '（不予公开申请待审批）',
    checksHeading: '网上巡查发现的问题',
    checksHeaders: ['编号', '事项名称', '公开网址', '巡查结果', '巡查时间'],
    actions: { upload: '上传台账', csv: '导出清单（CSV）', template: '下载台账模板' },
    readOnly: '（只读）',
  },
  item: {
    facts: { reference: '编号', title: '事项名称', category: '信息类别', basis: '规则及依据', due: '公开期限（北京时间）', left: '剩余/逾期', status: '状态', published: '公开', check: '网上巡查' },
    statuses: { open: '待公开', published: '已公开', exempt: '不予公开', withdrawn: '已撤销' },
    publishHeading: '登记公开',
    publishHint: '公开后填写公开网址和公开时间（默认为现在）。登记后系统将访问该网址，核验页面是否显示本事项。',
    url: '公开网址（http 或 https）',
    at: '公开时间（北京时间）',
    publish: '登记公开',
    onTime: '已登记公开：按时公开。',
    late: (late) => `已登记公开：逾期公开（${late}）。`,
    exemptHeading: '申请不予公开',
    exemptHint: '依法不予公开的，须经保密审查，由政府办审批；审批前本事项仍按期限提醒。',
    bases: { state_secret: '涉及国家秘密（涉密）', trade_secret: '涉及商业秘密', privacy: '涉及个人隐私' },
    basis: '不予公开依据',
    reason: '理由',
    reviewer: '保密审查人',
    requestExemption: '提交申请',
    requested: '已提交不予公开申请，等待政府办审批。',
    history: '办理记录（全程留痕）',
    historyHeaders: ['时间', '操作人', '操作', '变更', '说明'],
    actions: {
      create: '新建',
      update: '更新',
      publish: '登记公开',
      exempt: '不予公开',
      withdraw: '撤销',
      reopen: '重新打开',
      recompute: '重新计算期限',
      'request-exemption': '申请不予公开',
      'refuse-exemption': '不予公开申请未获批准',
    },
    checks: {
      waiting: '待巡查',
      shown: '页面可访问，显示该信息',
      missing: '页面未见该信息',
      unreachable: '公开链接无法访问',
      refused: '公开链接指向内部网络，无法核验',
    },
    back: '返回事项清单',
  },
  upload: {
    heading: '上传台账',
    hint: '上传 .xlsx 或 .csv 台账（格式同台账模板）。只能上传本单位的事项；编号相同的行将更新原事项。',
    file: '台账文件',
    allOrNothing: '有任何错误则全部不导入（默认）',
    partial: '导入正确的行，列出错误的行',
    submit: '上传',
    result: (inserted, updated, unchanged) => `已导入：新增${inserted}项，更新${updated}项，未变${unchanged}项。`,
    nothingWritten: '台账有错误，未导入任何行。请改正以下问题后重新上传。',
    problemsHeading: '错误清单',
    problemHeaders: ['行', '列', '问题'],
  },
  office: {
    heading: (name) => `${name}：政务公开督办`,
    requestsHeading: '待审批的不予公开申请',
    requestHeaders: ['责任单位', '编号', '事项名称', '依据', '理由', '保密审查人', '申请时间', '审批'],
    noRequests: '目前没有待审批的申请。',
    approve: '批准',
    refuse: '不予批准',
    refuseReason: '不予批准的理由',
    approved: '已批准：该事项不予公开，不再提醒。',
    refused: '已不予批准：该事项继续按期限提醒。',
    departmentsHeading: '各责任单位事项（只读）',
    linksHeading: '已发放的访问链接',
    linkHeaders: ['编号', '对象', '用途', '发放时间', '有效期至', ''],
    revoke: '收回',
    revokeAll: '收回该单位全部链接',
    noLinks: '没有有效的链接。',
  },
  admin: {
    heading: '管理员',
    offices: '各地政府办及其责任单位（只读）',
    failedMail: '被拒收的邮件（请先在 config 中改正地址，再重新发送）',
    failedHeaders: ['邮件', '主题', '收件人', '邮件服务器的答复', ''],
    noFailedMail: '没有被拒收的邮件。',
    resend: '重新发送',
    resent: (key, to) => `${key} 将由下一次发送重新发出，收件人：${to}`,
    reload: '重新加载配置（config/）',
    reloaded: (changes) => (changes.length === 0 ? '配置已重新加载：没有变化。' : `配置已重新加载：${changes.join('；')}`),
    reloadRefused: (problems) => `配置有误，未加载，仍按原配置运行：${problems.join('；')}`,
  },
};

const EN: PortalWords = {
  portal: 'Disclosure ledger portal',
  signedInAs: (who) => `Signed in as ${who}`,
  logout: 'Sign out',
  refusal: {
    linkTitle: 'This link cannot be used',
    unknown: 'This link is not valid: it may be incomplete, or not one this system sent.',
    expired: 'This link has expired.',
    revoked: 'This link was revoked.',
    newLink: 'Use the link in your latest reminder or escalation mail; if that fails, ask the disclosure admin for a new one.',
    noSession: 'Please open the portal from the link in your reminder mail (your session has ended or never began).',
    forbidden: 'You may not see or act on this page.',
    notFound: 'No such item, or it is not your department\'s.',
    badForm: 'This form has expired (its check code is missing or wrong); nothing was changed. Reload the page and send it again.',
    tooMany: 'Too many requests: try again in a minute.',
    failed: 'The request could not be handled; nothing was changed. Try again later, or tell the admin.',
  },
  department: {
    heading: (name) => `${name}: items to publish`,
    none: 'Nothing is waiting to be published.',
    headers: ['Status', 'Reference', 'Item', 'Category', 'Rule and legal basis', 'Due (Beijing time)', 'Time left', 'To do'],
    open: 'Open',
    pendingExemption: ' (exemption requested)',
    checksHeading: 'Publication check findings',
    checksHeaders: ['Reference', 'Item', 'Address', 'Finding', 'Checked'],
    actions: { upload: 'Upload a ledger', csv: 'Download as CSV', template: 'Ledger template' },
    readOnly: ' (read only)',
  },
  item: {
    facts: { reference: 'Reference', title: 'Item', category: 'Category', basis: 'Rule and legal basis', due: 'Due (Beijing time)', left: 'Time left', status: 'Status', published: 'Published', check: 'Publication check' },
    statuses: { open: 'Open', published: 'Published', exempt: 'Exempt', withdrawn: 'Withdrawn' },
    publishHeading: 'Record the publication',
    publishHint: 'Give the address and time of publication (default: now). The page is then fetched to check that it shows the item.',
    url: 'Address (http or https)',
    at: 'Published at (Beijing time)',
    publish: 'Record',
    onTime: 'Recorded: published on time.',
    late: (late) => `Recorded: published late (${late}).`,
    exemptHeading: 'Ask for an exemption',
    exemptHint: 'An item lawfully not published needs a confidentiality review and the office\'s approval; until then its reminders go on.',
    bases: { state_secret: 'State secret', trade_secret: 'Trade secret', privacy: 'Personal privacy' },
    basis: 'Basis',
    reason: 'Reason',
    reviewer: 'Confidentiality review by',
    requestExemption: 'Send the request',
    requested: 'Exemption requested: waiting for the office\'s decision.',
    history: 'History',
    historyHeaders: ['Time', 'By', 'Action', 'Changes', 'Note'],
    actions: {
      create: 'created',
      update: 'updated',
      publish: 'published',
      exempt: 'exempt',
      withdraw: 'withdrawn',
      reopen: 'reopened',
      recompute: 'due date recomputed',
      'request-exemption': 'exemption requested',
      'refuse-exemption': 'exemption refused',
    },
    checks: {
      waiting: 'waiting for its check',
      shown: 'the page answers and shows the item',
      missing: 'the page does not show the item',
      unreachable: 'the address does not answer',
      refused: 'the address points inside the network and cannot be checked',
    },
    back: 'Back to the list',
  },
  upload: {
    heading: 'Upload a ledger',
    hint: 'An .xlsx or .csv ledger in the template\'s format, with your department\'s items only; a known reference updates its item.',
    file: 'Ledger file',
    allOrNothing: 'Import nothing if any row is wrong (default)',
    partial: 'Import the good rows and list the bad ones',
    submit: 'Upload',
    result: (inserted, updated, unchanged) => `Imported: ${inserted} new, ${updated} updated, ${unchanged} unchanged.`,
    nothingWritten: 'The ledger has errors: nothing was imported. Fix the problems below and upload it again.',
    problemsHeading: 'Problems',
    problemHeaders: ['Row', 'Column', 'Problem'],
  },
  office: {
    heading: (name) => `${name}: disclosure supervision`,
    requestsHeading: 'Exemption requests waiting for a decision',
    requestHeaders: ['Department', 'Reference', 'Item', 'Basis', 'Reason', 'Reviewed by', 'Asked', 'Decision'],
    noRequests: 'No request is waiting.',
    approve: 'Approve',
    refuse: 'Refuse',
    refuseReason: 'Why it is refused',
    approved: 'Approved: the item is exempt and no longer reminded.',
    refused: 'Refused: the item stays on its reminders.',
    departmentsHeading: 'Departments (read only)',
    linksHeading: 'Links issued',
    linkHeaders: ['Id', 'For', 'Purpose', 'Issued', 'Valid until', ''],
    revoke: 'Revoke',
    revokeAll: 'Revoke all of this department\'s links',
    noLinks: 'No link is in force.',
  },
  admin: {
    heading: 'Admin',
    offices: 'Offices and their departments (read only)',
    failedMail: 'Mail the relay refused (correct the address in config first, then send it again)',
    failedHeaders: ['Mail', 'Subject', 'To', 'The relay\'s answer', ''],
    noFailedMail: 'No mail was refused.',
    resend: 'Send again',
    resent: (key, to) => `${key} goes out again with the next delivery, to ${to}`,
    reload: 'Reload config/',
    reloaded: (changes) => (changes.length === 0 ? 'Config reloaded: nothing changed.' : `Config reloaded: ${changes.join('; ')}`),
    reloadRefused: (problems) => `Config refused, the config in force runs on: ${problems.join('; ')}`,
  },
};

export const PORTAL_WORDS: Readonly<Record<MailLocale, PortalWords>> = { zh: ZH, en: EN };
