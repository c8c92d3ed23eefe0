import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { DECISION_TYPE_LABELS } from '../core/decision-type.js';
import { computeDeadline } from '../core/deadline.js';
import { humanTime } from '../core/deadline-basis.js';
import { describeTimeLeft, timeLeft } from '../core/time-left.js';
import { itemHistory, type HistoryEntry } from '../ledger/history-store.js';
import { requireItem } from '../ledger/item-actions.js';
import { EXEMPTION_BASIS_ARTICLES, EXEMPTION_BASIS_LABELS, THIRD_PARTY_OPINION_LABELS, type LedgerItem } from '../ledger/item.js';
import { hasNoReplyDeadline } from '../ledger/request-state.js';
import { withLedger } from './ledger-session.js';

export function registerShowCommand(ledger: Command): void {
  ledger
    .command('show <ref>')
    .description('the item, its rule with how its due date was reached, and its whole history')
    .option('--jurisdiction <id>', 'the item\'s jurisdiction, when its reference is used in several')
    .option('--json', 'print it as JSON')
    .option('--config <dir>', 'config directory')
    .action(async (reference: string, options: { jurisdiction?: string; json?: boolean; config?: string }) => {
      const output = await withLedger(options.config, async ({ config, database, now }) => {
        const book = config.ruleBook;
        const item = await requireItem(database.db, reference, options.jurisdiction);
        const history = await itemHistory(database.db, item.id);
        // Explained with the rule the item was computed under while it is still defined; otherwise with the one
        // the category maps to now.
        const rule = book.rules.get(item.ruleId) ?? book.resolveItem(item.jurisdiction, item.category, item.decisionType).rule;
        const jurisdiction = book.jurisdiction(item.jurisdiction);
        const calendar = book.calendarFor(item.jurisdiction);
        const deadline = computeDeadline(book.deadlineInput(item.jurisdiction, rule, item.events));
        const left = item.status === 'open' ? timeLeft(DateTime.fromISO(item.dueAt, { setZone: true }), item.dueDate, now, calendar) : undefined;
        if (options.json) return JSON.stringify({ item, rule: { id: rule.id, name: rule.name, legalBasis: rule.legalBasis }, deadline, timeLeft: left, history });
        const department = config.organisation.departments.find((d) => d.code === item.departmentCode);
        const lines: Array<[string, string]> = [
          ['jurisdiction', `${jurisdiction.id} ${jurisdiction.name}`],
          ['department', `${department?.name ?? '?'} (${item.departmentCode})`],
          ['category', `${item.category} ${book.categories.get(item.category)?.name ?? ''} (${item.domain})`],
          // What the item is; the rule line below says which limit that gave (the category's own when stricter).
          ...(item.decisionType ? [['decision', `${item.decisionType} ${DECISION_TYPE_LABELS[item.decisionType]}决定 (国办发〔2017〕97号 二(四))`] as [string, string]] : []),
          ['rule', `${rule.id} ${rule.name} — ${rule.legalBasis.document} ${rule.legalBasis.section}`],
          ['events', Object.entries(item.events).map(([k, v]) => `${k} ${typeof v === 'string' ? humanTime(v) : JSON.stringify(v)}`).join('; ')],
          ['due', dueText(item, left ? describeTimeLeft(left, 'en') : undefined)],
          ['basis', deadline.basis],
          ['basis (zh)', deadline.basisZh],
          ['status', statusText(item)],
        ];
        if (rule.version !== item.ruleVersion || deadline.dueAt !== item.dueAt) {
          lines.push(['note', `stored under rule version ${item.ruleVersion}; the rules and calendar in force now give ${humanTime(deadline.dueAt)} (rule version ${rule.version})`]);
        }
        // What the engine warned of does not change the date, and is kept with the item (ledger_items.warnings).
        const warnings = item.warnings ?? [];
        if (warnings.length > 0) lines.push(['warnings', warnings.map((w) => w.en).join('; ')], ['warnings (zh)', warnings.map((w) => w.zh).join('；')]);
        if (item.notes) lines.push(['notes', item.notes]);
        const width = Math.max(...lines.map(([k]) => k.length));
        return [
          `${item.reference}  ${item.title}`,
          ...lines.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
          'history',
          ...history.map(historyLine),
        ].join('\n');
      });
      process.stdout.write(`${output}\n`);
    });
}

function statusText(item: LedgerItem): string {
  const thirdParty = item.thirdPartyOpinion ? `; ${THIRD_PARTY_OPINION_LABELS[item.thirdPartyOpinion]}` : '';
  if (item.status === 'published') {
    const partly = item.withheldBasis ? `; partly (部分公开): withheld as ${EXEMPTION_BASIS_LABELS[item.withheldBasis]} (${EXEMPTION_BASIS_ARTICLES[item.withheldBasis]}) — ${item.withheldReason ?? ''}` : '';
    return `published ${humanTime(item.publishedAt ?? '')} ${[item.publishedUrl, item.replyReference, item.deliveryMethod].filter(Boolean).join(' ')}${partly}${thirdParty}`;
  }
  if (item.status === 'exempt') {
    const late = item.exemptedAt && Date.parse(item.exemptedAt) > Date.parse(item.dueAt) ? '; recorded after the due moment: counted late' : '';
    const basis = item.exemptionBasis ? `${EXEMPTION_BASIS_LABELS[item.exemptionBasis]} (${EXEMPTION_BASIS_ARTICLES[item.exemptionBasis]})` : '';
    return `exempt: ${basis} — ${item.exemptionReason ?? ''} (approved by ${item.exemptionApprovedBy ?? '?'}${thirdParty}; recorded ${humanTime(item.exemptedAt ?? '')}${late})`;
  }
  if (item.status === 'withdrawn') return `withdrawn: ${item.withdrawalReason ?? ''}`;
  if (item.status === 'awaiting_supplement') return `awaiting the requester's supplement (待补正), asked for ${humanTime(item.events.supplementRequested ?? '')}`;
  if (item.status === 'abandoned') return `deemed abandoned (视为放弃申请, 条例第三十条): no supplement by ${humanTime(item.dueAt)}`;
  return 'open';
}

/** A request waiting for its supplement has no reply deadline yet: its stored moment is the 补正 period's end. */
function dueText(item: LedgerItem, left: string | undefined): string {
  if (hasNoReplyDeadline(item.status)) return `no reply deadline yet (暂无答复期限); the 补正 period ends ${humanTime(item.dueAt)}`;
  return `${humanTime(item.dueAt)}${item.provisional ? ' (provisional)' : ''}${left ? ` — ${left}` : ''}`;
}

function historyLine(entry: HistoryEntry): string {
  const changes = Object.entries(entry.changes)
    .map(([field, [before, after]]) => `${field}: ${show(before)} → ${show(after)}`)
    .join('; ');
  return `  ${humanTime(entry.at)}  ${entry.actor}  ${entry.action}${entry.note ? ` (${entry.note})` : ''}  ${changes}`;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '–';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
