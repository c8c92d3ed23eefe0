import { excelCsv } from '../csv/excel-csv.js';
import type { DigestWords } from './digest-words.js';
import { cliCommand } from '../text/shell-quote.js';
import { escapeHtml, htmlPage, htmlTable, paragraphs } from './html.js';
import type { RenderedMail } from './render-department.js';

/** A message the relay refused for good. */
export interface RefusedMessage {
  readonly key: string;
  readonly subject: string;
  readonly to: readonly string[];
  readonly error: string;
}

const HEADERS = ['邮件 (key)', '主题 (subject)', '收件人 (to)', '错误 (error)'];

/** What the admins read when a reminder or digest cannot be delivered: which, to whom, and the relay's answer. */
export function renderAdminReport(refused: RefusedMessage, date: string, words: DigestWords): RenderedMail {
  const subject = words.admin.subject(1, date);
  const row = [refused.key, refused.subject, refused.to.join(', '), refused.error];
  // Copied into a shell by the admin: the key is quoted, whatever a department code in config holds.
  const resend = cliCommand('mail', 'resend', refused.key);
  return {
    subject,
    text: [words.admin.intro, '', ...HEADERS.map((h, i) => `${h}: ${row[i]}`), '', `${words.admin.resend}: ${resend}`, '', words.footer].join('\n'),
    html: htmlPage(words.htmlLang, subject, `${paragraphs([words.admin.intro])}${htmlTable(HEADERS, [row])}${paragraphs([`${words.admin.resend}:`])}<pre>${escapeHtml(resend)}</pre>`, words.footer),
    attachmentName: `disclosure-watch-failed-${date}.csv`,
    csv: excelCsv(HEADERS, [row]),
  };
}
