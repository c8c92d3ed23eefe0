import { humanTime } from '../core/deadline-basis.js';
import { digestCsv } from './digest-csv.js';
import { byUrgency, entryLabel, latestPerItem, STAGE_LABELS_ZH, type DigestEntry } from './digest-entry.js';

/** A mail's words: the subject, both bodies, and the full list as CSV. */
export interface RenderedMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly csv: string;
}

/**
 * A department's reminder digest (提醒): every step recorded for it since its last digest, late items first, with
 * what to do. Pure: the entries carry their time left, worked out by the caller at one moment.
 */
export function renderDepartmentDigest(departmentName: string, date: string, entries: readonly DigestEntry[]): RenderedMail {
  const sorted = latestPerItem(entries).sort(byUrgency);
  const states = { overdue: 0, 'due-today': 0, upcoming: 0 };
  for (const entry of sorted) states[entry.state]++;
  const summary = [
    [states.overdue, STAGE_LABELS_ZH.overdue],
    [states['due-today'], STAGE_LABELS_ZH.due],
    [states.upcoming, STAGE_LABELS_ZH.upcoming],
  ]
    .filter(([n]) => (n as number) > 0)
    .map(([n, label]) => `${n}项${label}`)
    .join('，');
  const subject = `【政务公开提醒】${departmentName}：${summary}（${date}）`;
  const intro = `${departmentName}：\n以下公共资源配置领域政府信息的公开时限需要您关注（时间均为北京时间，期限按工作日计算，已扣除法定节假日并计入调休上班日）。`;
  const todo = '请在期限内于政府门户网站等平台公开，并在台账中登记公开时间和网址（cli ledger publish）。确属不予公开的，请按规定审批后登记。';
  return {
    subject,
    text: [intro, '', ...sorted.map(textLine), '', todo, '', FOOTER].join('\n'),
    html: page(subject, `<p>${escapeHtml(departmentName)}：</p><p>${escapeHtml(intro.split('\n')[1] ?? '')}</p>${table(sorted, false)}<p>${escapeHtml(todo)}</p>`),
    csv: digestCsv(sorted),
  };
}

/** The supervising office's digest (督办): escalated items and candidates for a circulated notice (通报), by department. */
export function renderSupervisorDigest(supervisorName: string, date: string, entries: readonly DigestEntry[]): RenderedMail {
  const sorted = latestPerItem(entries).sort((a, b) => a.departmentName.localeCompare(b.departmentName, 'zh') || byUrgency(a, b));
  const notices = sorted.filter((e) => e.stage === 'notice').length;
  const parts = [`${sorted.length}项逾期事项`, notices > 0 ? `${notices}项列入通报候选` : ''].filter(Boolean);
  const subject = `【政务公开督办】${supervisorName}：${parts.join('，')}（${date}）`;
  const intro = '以下事项已超过公开时限，按督办阶梯报送（时间均为北京时间，期限按工作日计算）。';
  return {
    subject,
    text: [`${supervisorName}：`, intro, '', ...sorted.map((e) => `${e.departmentName}  ${textLine(e)}`), '', FOOTER].join('\n'),
    html: page(subject, `<p>${escapeHtml(supervisorName)}：</p><p>${escapeHtml(intro)}</p>${table(sorted, true)}`),
    csv: digestCsv(sorted),
  };
}

const FOOTER = '（本邮件由 disclosure-watch 政务公开时限监测自动发送；完整清单见附件 CSV，可用 Excel 打开）';

function textLine(e: DigestEntry): string {
  return `[${entryLabel(e)}] ${e.reference} ${e.title} | ${e.category} | 规则 ${e.ruleId} | 期限 ${humanTime(e.dueAt)} | ${e.timeLeft}`;
}

function table(entries: readonly DigestEntry[], withDepartment: boolean): string {
  const head = ['状态', ...(withDepartment ? ['责任单位'] : []), '编号', '事项', '信息类别', '规则', '公开期限', '剩余/逾期'];
  const rows = entries.map((e) =>
    [entryLabel(e), ...(withDepartment ? [e.departmentName] : []), e.reference, e.title, e.category, e.ruleId, humanTime(e.dueAt), e.timeLeft]
      .map((cell) => `<td>${escapeHtml(cell)}</td>`)
      .join(''),
  );
  return `<table border="1" cellpadding="4" cellspacing="0"><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r}</tr>`).join('')}</tbody></table>`;
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}<p>${FOOTER}</p></body></html>`;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Ledger text (titles, references) goes into HTML as text, never as markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}
