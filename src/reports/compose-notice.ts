import { exemptTotal } from '../statistics/timeliness.js';
import { fillTemplate, type NoticePlaceholder, type NoticeWording } from '../config/reports-config.js';
import type { IsoDate } from '../core/civil-date.js';
import type { NoticeFacts } from '../statistics/notice-facts.js';
import { periodTitle } from '../statistics/period.js';

/** The parts of a 通报 draft in reading order; notice-docx.ts lays them out as an official document, the CLI as text. */
export type NoticeBlock =
  | { readonly kind: 'title' | 'documentNumber' | 'addressee' | 'heading' | 'paragraph' | 'item' | 'signature' | 'date'; readonly text: string }
  | { readonly kind: 'table'; readonly headers: readonly string[]; readonly rows: ReadonlyArray<readonly string[]> };

const TABLE_HEADERS = ['单位', '到期应公开', '按时公开', '逾期公开', '逾期未公开', '公开及时率'];
const CHECK_OUTCOMES = { missing: '页面未显示该信息', unreachable: '页面无法访问', refused: '地址不予访问' } as const;
const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 2026年12月3日 */
export function chineseDate(date: IsoDate): string {
  return `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

/** （一）…（十）, then (11) onwards. */
function ordinal(index: number): string {
  return index < NUMERALS.length ? `（${NUMERALS[index]}）` : `（${index + 1}）`;
}

/**
 * The draft: the office's wording (config/reports.yaml) around the ledger's figures. Pure. Departments with nothing
 * due are left out of the table (they had no duty to be timely in); the rules counted, the praised and criticised
 * departments and the failed checks follow the figures.
 */
export function composeNotice(facts: NoticeFacts, wording: NoticeWording): NoticeBlock[] {
  const { total } = facts;
  const values: Partial<Record<NoticePlaceholder, string | number>> = {
    office: facts.officeName,
    jurisdiction: facts.jurisdictionName,
    period: periodTitle(facts.period),
    start: chineseDate(facts.period.start),
    end: chineseDate(facts.countedThrough),
    date: chineseDate(facts.today),
    due: total.due,
    onTime: total.onTime,
    publishedLate: total.publishedLate,
    openLate: total.openLate,
    late: total.late,
    rate: total.rate ?? '—',
    exempt: exemptTotal(total),
    withdrawn: total.withdrawn,
    departments: facts.praised.map((d) => d.departmentName).join('、'),
    minItems: facts.minItems,
    noticeDays: facts.noticeDays,
  };
  const fill = (text: string) => fillTemplate(text, values);
  const blocks: NoticeBlock[] = [{ kind: 'title', text: fill(wording.title) }];
  if (wording.documentNumber) blocks.push({ kind: 'documentNumber', text: fill(wording.documentNumber) });
  blocks.push({ kind: 'addressee', text: fill(wording.addressee) }, { kind: 'paragraph', text: fill(wording.opening) });

  blocks.push({ kind: 'heading', text: fill(wording.headings.overall) }, { kind: 'paragraph', text: fill(wording.overall) });
  if (facts.rules.length > 0) {
    blocks.push({ kind: 'paragraph', text: fill(wording.rulesIntro) });
    facts.rules.forEach((rule, i) => blocks.push({ kind: 'item', text: `${i + 1}. ${rule.basis}（${rule.items}项）` }));
  }

  const withDuties = facts.byDepartment.filter((d) => d.due > 0);
  blocks.push(
    { kind: 'heading', text: fill(wording.headings.departments) },
    {
      kind: 'table',
      headers: TABLE_HEADERS,
      rows: [
        ...withDuties.map((d) => [d.departmentName, String(d.due), String(d.onTime), String(d.publishedLate), String(d.openLate), d.rate ?? '—']),
        ['合计', String(total.due), String(total.onTime), String(total.publishedLate), String(total.openLate), total.rate ?? '—'],
      ],
    },
  );

  blocks.push({ kind: 'heading', text: fill(wording.headings.praised) }, { kind: 'paragraph', text: fill(facts.praised.length ? wording.praised : wording.praisedNone) });

  blocks.push({ kind: 'heading', text: fill(wording.headings.criticised) }, { kind: 'paragraph', text: fill(facts.criticised.length ? wording.criticised : wording.criticisedNone) });
  facts.criticised.forEach((department, i) => {
    blocks.push({ kind: 'paragraph', text: `${ordinal(i)}${department.departmentName}：${department.items.length}项。` });
    for (const item of department.items) {
      const state = item.publishedDate ? `${chineseDate(item.publishedDate)}公开，${item.late}` : `尚未公开，已${item.late}`;
      blocks.push({ kind: 'item', text: `${item.reference} ${item.title}（应于${chineseDate(item.dueDate)}前公开，${state}）` });
    }
  });

  blocks.push({ kind: 'heading', text: fill(wording.headings.checks) }, { kind: 'paragraph', text: fill(facts.failedChecks.length ? wording.checks : wording.checksNone) });
  for (const check of facts.failedChecks) blocks.push({ kind: 'item', text: `${check.departmentName}：${check.reference} ${check.title}，${check.url}（${CHECK_OUTCOMES[check.outcome]}）` });

  blocks.push({ kind: 'heading', text: fill(wording.headings.requirements) });
  wording.requirements.forEach((requirement, i) => blocks.push({ kind: 'paragraph', text: `${ordinal(i)}${fill(requirement)}` }));

  blocks.push({ kind: 'signature', text: fill(wording.signature) }, { kind: 'date', text: chineseDate(facts.today) });
  return blocks;
}

/** The draft as plain text (what `cli report notice` prints without --out). */
export function noticeText(blocks: readonly NoticeBlock[]): string {
  return blocks
    .map((block) => {
      if (block.kind === 'table') return [block.headers, ...block.rows].map((row) => row.join('\t')).join('\n');
      if (block.kind === 'paragraph') return `　　${block.text}`;
      if (block.kind === 'item') return `　　　　${block.text}`;
      return block.text;
    })
    .join('\n');
}
