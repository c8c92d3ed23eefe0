import { stringify } from 'csv-stringify/sync';
import { humanTime } from '../core/deadline-basis.js';
import { entryLabel, type DigestEntry } from './digest-entry.js';

const HEADER = ['状态', '责任单位', '编号', '事项名称', '信息类别', '规则', '公开期限（北京时间）', '剩余/逾期'];

/**
 * The digest's full list as CSV for Excel: UTF-8 with a byte-order mark (so Chinese Excel reads it as UTF-8), CRLF
 * lines, and ledger text that could be read as a formula (=, +, -, @, or a leading tab or CR) neutralised.
 */
export function digestCsv(entries: readonly DigestEntry[]): string {
  const rows = entries.map((e) => [entryLabel(e), e.departmentName, e.reference, e.title, e.category, e.ruleId, humanTime(e.dueAt), e.timeLeft].map(neutraliseFormula));
  return stringify([HEADER, ...rows], { bom: true, record_delimiter: 'windows' });
}

/** A cell Excel would run as a formula (CSV injection) gets a leading apostrophe, which Excel shows as text. */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}
