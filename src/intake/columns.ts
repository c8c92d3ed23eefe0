import { closestNames } from '../core/suggest.js';

/** One column of a ledger file, with its Chinese and English headers and what goes in it. */
export interface Column {
  readonly key: ColumnKey;
  readonly zh: string;
  readonly en: string;
  /** Other headers seen in departments' own sheets. */
  readonly aliases?: readonly string[];
  readonly required?: boolean;
  readonly explainZh: string;
  readonly explainEn: string;
}

const TIME_ZH = '时间，如 2026-09-30 或 2026-09-30 18:00（北京时间）';
const TIME_EN = 'a time, e.g. 2026-09-30 or 2026-09-30 18:00 (Asia/Shanghai)';

export const COLUMNS = [
  { key: 'reference', zh: '编号', en: 'reference', aliases: ['事项编号', '台账编号', 'ref'], required: true, explainZh: '事项编号，本辖区内唯一；再次导入时按编号更新', explainEn: 'the item\'s reference, unique in its jurisdiction; re-imports update by it' },
  { key: 'title', zh: '事项名称', en: 'title', aliases: ['名称', '信息名称'], required: true, explainZh: '需公开的信息名称', explainEn: 'what must be published' },
  { key: 'department', zh: '责任单位', en: 'department', aliases: ['公开主体', '责任部门'], required: true, explainZh: '部门名称或代码，如 区财政局 或 tinghu.czj', explainEn: 'department name or code, e.g. 区财政局 or tinghu.czj' },
  { key: 'domain', zh: '领域', en: 'domain', explainZh: '可不填；填写时须与类别所属领域一致', explainEn: 'optional; when given it must match the category\'s domain' },
  { key: 'category', zh: '类别', en: 'category', aliases: ['信息类别'], required: true, explainZh: '类别代码或名称，如 procurement.transaction', explainEn: 'category id or name, e.g. procurement.transaction' },
  { key: 'formed', zh: '形成日期', en: 'formed_at', aliases: ['形成或变更日期', '形成时间'], explainZh: `信息形成或变更的${TIME_ZH}`, explainEn: `when the information was formed or changed: ${TIME_EN}` },
  { key: 'decided', zh: '决定日期', en: 'decided_at', aliases: ['作出决定日期'], explainZh: `作出决定（许可、处罚、批准、受理等）的${TIME_ZH}`, explainEn: `when the decision was made: ${TIME_EN}` },
  { key: 'decisionType', zh: '决定类型', en: 'decision_type', aliases: ['决定种类'], explainZh: '事项本身是行政许可或行政处罚决定的，填 行政许可 或 行政处罚（无论何种类别，均自作出决定之日起7个工作日内公开）；其他留空', explainEn: 'when the item is itself a licensing or penalty decision: licensing or penalty (行政许可/行政处罚; 7 working days from the decision, in any category); blank otherwise' },
  { key: 'received', zh: '收到时间', en: 'received_at', explainZh: `收到文本或申请的${TIME_ZH}`, explainEn: `when the text or request was received: ${TIME_EN}` },
  { key: 'submitted', zh: '提交时间', en: 'submitted_at', explainZh: `以非电子方式提交文本的${TIME_ZH}`, explainEn: `when a text was submitted other than electronically: ${TIME_EN}` },
  { key: 'verified', zh: '核验确认时间', en: 'verified_at', explainZh: `核验确认的${TIME_ZH}`, explainEn: `when the text was verified: ${TIME_EN}` },
  { key: 'event', zh: '事件时间', en: 'event_at', aliases: ['开标时间', '拍卖日期'], explainZh: `将来事件（投标截止、拍卖、挂牌起始、申请登记）的${TIME_ZH}`, explainEn: `the future event (bid deadline, auction, listing start, registration): ${TIME_EN}` },
  { key: 'periodEnd', zh: '期间届满日期', en: 'period_end_at', aliases: ['公告期届满日期'], explainZh: `挂牌公告期等期间届满的${TIME_ZH}`, explainEn: `when the period (e.g. listing announcement) ends: ${TIME_EN}` },
  { key: 'supplementRequested', zh: '补正告知日期', en: 'supplement_requested_at', explainZh: `依申请公开：告知补正的${TIME_ZH}`, explainEn: `disclosure request: when a supplement was asked for: ${TIME_EN}` },
  { key: 'supplementDue', zh: '补正期限', en: 'supplement_due_at', explainZh: `依申请公开：补正告知书给出的补正期限（尚未收到补正时必填；逾期未补正视为放弃申请），${TIME_ZH}`, explainEn: `disclosure request: the end of the period the 补正 notice gave (needed while no supplement has come; none by then and the request is deemed abandoned): ${TIME_EN}` },
  { key: 'supplementReceived', zh: '收到补正日期', en: 'supplement_received_at', explainZh: `依申请公开：收到补正申请的${TIME_ZH}`, explainEn: `disclosure request: when the supplement was received: ${TIME_EN}` },
  { key: 'extensionApproved', zh: '延期批准日期', en: 'extension_approved_at', explainZh: `依申请公开：批准延期答复的${TIME_ZH}`, explainEn: `disclosure request: when an extension was approved: ${TIME_EN}` },
  { key: 'consultedParty', zh: '征求意见对象', en: 'consulted_party', explainZh: '依申请公开：征求意见的对象，第三方 或 其他机关（所需时间不计入答复期限）', explainEn: 'disclosure request: who was consulted, third_party or organ (第三方/其他机关; that time is not counted)' },
  { key: 'consultationFrom', zh: '征求意见日期', en: 'consultation_from', explainZh: `依申请公开：发出征求意见书的${TIME_ZH}`, explainEn: `disclosure request: when the consultation was sent: ${TIME_EN}` },
  { key: 'consultationTo', zh: '收到意见日期', en: 'consultation_to', explainZh: `依申请公开：收到意见的${TIME_ZH}（尚未答复的留空，按15个工作日估计）`, explainEn: `disclosure request: when the answer came: ${TIME_EN} (blank while none has: 15 working days are assumed)` },
  { key: 'extensionDays', zh: '延期天数', en: 'extension_days', explainZh: '依申请公开：批准延长的工作日数（1至20；不填按20个工作日）', explainEn: 'disclosure request: the approved extension in working days (1 to 20; blank means 20)' },
  { key: 'publishedAt', zh: '公开日期', en: 'published_at', aliases: ['公开时间'], explainZh: `已公开的填写公开${TIME_ZH}，并填公开网址`, explainEn: `once published: ${TIME_EN}, with the URL` },
  { key: 'publishedUrl', zh: '公开网址', en: 'published_url', aliases: ['公开链接'], explainZh: '公开页面的网址（http 或 https）', explainEn: 'the page where it was published (http or https)' },
  { key: 'replyReference', zh: '答复文号', en: 'reply_reference', aliases: ['报送文号', '文号'], explainZh: '依申请公开答复、年度报告报送等以文书送达的：文书的文号（与送达方式一起填写时可不填公开网址）', explainEn: 'a reply or report delivered as a document: its number (with the delivery, no web address is needed)' },
  { key: 'deliveryMethod', zh: '送达方式', en: 'delivery_method', aliases: ['报送方式', '答复方式'], explainZh: '文书的送达方式，如 邮寄、当面送达、电子邮件', explainEn: 'how the reply or report was delivered, e.g. post, in person, e-mail' },
  { key: 'exemptionBasis', zh: '不予公开依据', en: 'exemption_basis', explainZh: '不予公开的：国家秘密、法律行政法规禁止公开、三安全一稳定（第十四条），商业秘密、个人隐私（第十五条），内部事务信息、过程性信息、行政执法案卷信息（第十六条）', explainEn: 'when not published: state_secret, law_prohibited, security_stability (art. 14), trade_secret, privacy (art. 15), internal_affairs, process_info, enforcement_file (art. 16)' },
  { key: 'exemptionReason', zh: '不予公开理由', en: 'exemption_reason', explainZh: '不予公开的理由', explainEn: 'why it is not published' },
  { key: 'exemptionApprovedBy', zh: '保密审查批准人', en: 'exemption_approved_by', explainZh: '经保密审查批准不予公开的负责人', explainEn: 'who approved it after the confidentiality review' },
  { key: 'thirdPartyOpinion', zh: '第三方意见', en: 'third_party_opinion', explainZh: '涉及商业秘密、个人隐私的（第十五条）：第三方不同意公开、第三方逾期未提出意见（不予公开或部分公开时）；第三方同意公开、不公开会对公共利益造成重大影响（公开时）', explainEn: 'trade secrets and privacy (art. 15): refused or no_answer when withheld; consented or public_interest when published' },
  { key: 'withheldBasis', zh: '不公开部分依据', en: 'withheld_basis', aliases: ['部分公开依据'], explainZh: '部分公开的（第三十七条）：不予公开部分的依据，其余部分已公开（填公开日期和网址）', explainEn: 'a partial disclosure (art. 37): the ground for the withheld part; the rest is published (give the date and address)' },
  { key: 'withheldReason', zh: '不公开部分理由', en: 'withheld_reason', aliases: ['部分公开理由'], explainZh: '部分公开的：不予公开部分的理由', explainEn: 'a partial disclosure: why that part is withheld' },
  { key: 'notes', zh: '备注', en: 'notes', explainZh: '备注', explainEn: 'free notes' },
] as const satisfies ReadonlyArray<Omit<Column, 'key'> & { key: string }>;

export type ColumnKey = (typeof COLUMNS)[number]['key'];

/** The columns that hold a time: a number cell there is an Excel date serial. */
export const TIME_COLUMNS: ReadonlySet<ColumnKey> = new Set<ColumnKey>([
  'formed', 'decided', 'received', 'submitted', 'verified', 'event', 'periodEnd',
  'supplementRequested', 'supplementDue', 'supplementReceived', 'extensionApproved', 'consultationFrom', 'consultationTo', 'publishedAt',
]);

/** The header of the rejects file's reasons column: a fixed rejects file can be imported again as it is. */
export const REJECTS_HEADER = '错误原因 errors';

/** Headers that hold nothing to import: a running number, the reasons a partial import gave. */
const IGNORED_HEADERS = new Set(['序号', 'no', 'no.', '#', REJECTS_HEADER.toLowerCase(), '错误原因', 'errors']);

const BY_HEADER = new Map<string, Column>();
for (const column of COLUMNS as readonly Column[]) {
  for (const header of [column.zh, column.en, column.key, ...(column.aliases ?? [])]) BY_HEADER.set(header.toLowerCase(), column);
}

function normaliseHeader(header: string): string {
  return header.replace(/\s+/g, '').replace(/（.*）|\(.*\)/g, '').toLowerCase();
}

/** How the template heads a column (its Chinese header), for naming a column the file does not have. */
export function columnHeader(key: ColumnKey): string {
  return (COLUMNS as readonly Column[]).find((column) => column.key === key)?.zh ?? key;
}

export interface HeaderMapping {
  /** Cell index → column, for the cells that carry something to import. */
  readonly columns: ReadonlyMap<number, Column>;
  readonly problems: ReadonlyArray<{ column: string; message: string }>;
  /** The required columns the row lacks: a row that lacks none is a ledger's header. */
  readonly missing: readonly ColumnKey[];
}

/** Maps a header row, in Chinese or English (or mixed), to columns; reports unknown and missing headers. */
export function mapHeaders(cells: readonly string[]): HeaderMapping {
  const columns = new Map<number, Column>();
  const problems: Array<{ column: string; message: string }> = [];
  const seen = new Map<ColumnKey, string>();
  cells.forEach((cell, index) => {
    const header = cell.trim();
    if (header === '' || IGNORED_HEADERS.has(header.toLowerCase())) return;
    const column = BY_HEADER.get(normaliseHeader(header)) ?? BY_HEADER.get(header.toLowerCase());
    if (!column) {
      const known = (COLUMNS as readonly Column[]).flatMap((c) => [c.zh, c.en]);
      const hint = closestNames(header, known);
      problems.push({ column: header, message: `unknown column "${header}"${hint.length ? `; did you mean ${hint.join(', ')}?` : ''} (see \`ledger template\`)` });
      return;
    }
    const earlier = seen.get(column.key);
    if (earlier !== undefined) {
      problems.push({ column: header, message: `"${header}" is the same column as "${earlier}"` });
      return;
    }
    seen.set(column.key, header);
    columns.set(index, column);
  });
  const missing: ColumnKey[] = [];
  for (const column of COLUMNS as readonly Column[]) {
    if (!column.required || seen.has(column.key)) continue;
    missing.push(column.key);
    problems.push({ column: column.zh, message: `required column ${column.zh} (${column.en}) is missing` });
  }
  return { columns, problems, missing };
}

/** Whether a row repeats the header in the other language (the template's second header row). */
export function isHeaderEcho(cells: readonly string[], mapping: HeaderMapping): boolean {
  let matched = 0;
  for (const [index, column] of mapping.columns) {
    const cell = (cells[index] ?? '').trim();
    if (cell === '') continue;
    if (BY_HEADER.get(normaliseHeader(cell)) !== column) return false;
    matched++;
  }
  return matched > 0;
}
