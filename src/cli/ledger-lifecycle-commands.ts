import type { Command } from 'commander';
import type { HistoryAction } from '../ledger/history-store.js';
import { EXEMPTION_BASES, EXEMPTION_BASIS_LABELS, THIRD_PARTY_OPINIONS, THIRD_PARTY_OPINION_LABELS, type ItemDraft, type LedgerItem } from '../ledger/item.js';
import { applyToItem } from '../ledger/item-actions.js';
import { exempt, publish, reopen, withdraw } from '../ledger/lifecycle.js';
import { formatShanghai } from '../core/shanghai-time.js';
import { actorOf } from './actor.js';
import { withLedger, type LedgerSession } from './ledger-session.js';

interface Common {
  jurisdiction?: string;
  actor?: string;
  note?: string;
  config?: string;
}

function withCommon(command: Command): Command {
  return command
    .option('--jurisdiction <id>', 'the item\'s jurisdiction, when its reference is used in several')
    .option('--actor <name>', 'who does it, for the history (default: DW_ACTOR or the login name)')
    .option('--note <text>', 'a note for the history')
    .option('--config <dir>', 'config directory');
}

/** Runs one lifecycle step on the item REF and prints the item's new state. */
async function run(reference: string, options: Common, action: HistoryAction, step: (item: LedgerItem, session: LedgerSession) => ItemDraft): Promise<void> {
  const item = await withLedger(options.config, (session) =>
    applyToItem(session.database.db, { reference, jurisdiction: options.jurisdiction }, action, (found) => step(found, session), {
      actor: actorOf(options.actor),
      at: formatShanghai(session.now),
      note: options.note,
    }),
  );
  const answer = [item.publishedUrl, item.replyReference, item.deliveryMethod].filter(Boolean).join(' ');
  process.stdout.write(`${item.jurisdiction} ${item.reference}: ${item.status}${item.status === 'published' ? ` ${item.publishedAt} ${answer}` : ''}\n`);
}

interface PublishOptions {
  url?: string;
  replyReference?: string;
  delivery?: string;
  at?: string;
  withheldBasis?: string;
  withheldReason?: string;
  thirdParty?: string;
}

const BASIS_CHOICES = EXEMPTION_BASES.map((b) => `${b} (${EXEMPTION_BASIS_LABELS[b]})`).join(', ');
const THIRD_PARTY_HELP = `trade secrets and privacy (第十五条): ${THIRD_PARTY_OPINIONS.map((o) => `${o} (${THIRD_PARTY_OPINION_LABELS[o]})`).join(', ')}`;

export function registerLifecycleCommands(ledger: Command): void {
  withCommon(
    ledger
      .command('publish <ref>')
      .description('record that the item was published (上网公开): its URL and when; a reply or report (答复, 报送) may instead give its document number and how it was delivered'),
  )
    .option('--url <url>', 'where it was published (http or https)')
    .option('--reply-reference <number>', 'a reply\'s or report\'s document number (答复文号), with --delivery')
    .option('--delivery <how>', 'how the reply or report was delivered (送达方式, e.g. 邮寄 or 当面送达)')
    .option('--at <time>', 'when it was published or delivered (default: now); without an offset, Beijing time')
    .option('--withheld-basis <basis>', `a partial disclosure (部分公开, 第三十七条): the ground for the part withheld, with --withheld-reason; ${BASIS_CHOICES}`)
    .option('--withheld-reason <text>', 'why that part is withheld')
    .option('--third-party <answer>', THIRD_PARTY_HELP)
    .action((reference: string, options: Common & PublishOptions) =>
      run(reference, options, 'publish', (item, { config, now }) =>
        publish(
          item,
          config.ruleBook.rule(item.ruleId),
          { url: options.url, reference: options.replyReference, delivery: options.delivery, at: options.at, withheldBasis: options.withheldBasis, withheldReason: options.withheldReason, thirdParty: options.thirdParty },
          now,
          { delivered: config.ruleBook.categories.get(item.category)?.delivered === true, calendar: config.ruleBook.calendarFor(item.jurisdiction) },
        ),
      ),
    );

  withCommon(ledger.command('exempt <ref>').description('record that the item is lawfully not published (不予公开), after the confidentiality review'))
    .requiredOption('--reason <text>', 'why it is not published')
    .requiredOption('--basis <basis>', `the ground (条例第十四条至第十六条): ${BASIS_CHOICES}`)
    .requiredOption('--approved-by <name>', 'who approved it after the confidentiality review (保密审查)')
    .option('--third-party <answer>', THIRD_PARTY_HELP)
    .action((reference: string, options: Common & { reason: string; basis: string; approvedBy: string; thirdParty?: string }) =>
      run(reference, options, 'exempt', (item, { config }) =>
        exempt(item, { reason: options.reason, basis: options.basis, approvedBy: options.approvedBy, thirdParty: options.thirdParty }, config.ruleBook.rules.get(item.ruleId)?.kind === 'requestReply'),
      ),
    );

  withCommon(ledger.command('withdraw <ref>').description('take an item off the ledger\'s duties (e.g. entered twice); it stays in the history'))
    .requiredOption('--reason <text>', 'why')
    .action((reference: string, options: Common & { reason: string }) => run(reference, options, 'withdraw', (item) => withdraw(item, { reason: options.reason })));

  withCommon(ledger.command('reopen <ref>').description('put a published, exempt or withdrawn item back among the open ones')).action((reference: string, options: Common) =>
    run(reference, options, 'reopen', (item) => reopen(item)),
  );
}
