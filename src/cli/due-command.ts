import type { Command } from 'commander';
import { answerDueQuery } from '../core/due-query.js';
import type { Consultation } from '../core/request-reply.js';
import type { RuleBook } from '../core/rule-book.js';
import { parseInstant } from '../core/shanghai-time.js';
import { parseConsultationOption, parseEventOption, parseExtensionDays } from './due-query-input.js';
import { loadRuleBookForCli } from './load-rule-book-for-cli.js';
import { UsageError } from './usage-error.js';

interface DueOptions {
  rule?: string;
  jurisdiction?: string;
  category?: string;
  decision?: string;
  at?: string;
  event?: Record<string, string>;
  consultation?: Consultation[];
  extensionDays?: number;
  batch?: boolean;
  config?: string;
}

export function registerDueCommand(program: Command): void {
  program
    .command('due')
    .description('compute a deadline (due date) from a rule and its start event; prints one JSON line')
    .option('--rule <id>', 'rule id, e.g. general.active')
    .option('--jurisdiction <id>', 'jurisdiction id, e.g. hlj (with --category, or to use its calendar with --rule)')
    .option('--category <id>', 'category id, e.g. procurement.transaction (the jurisdiction decides the rule)')
    .option('--decision <type>', 'the item is itself a licensing or penalty decision (决定类型): licensing|penalty|行政许可|行政处罚')
    .option('--at <time>', 'time of the start event, ISO 8601 with offset, e.g. 2026-09-30T18:00:00+08:00')
    .option('--event <name=time>', 'another event time the rule needs (repeatable), e.g. supplementReceived=…', parseEventOption)
    .option('--consultation <[organ:]from..to>', 'a consultation whose time is not counted (request.reply; repeatable; organ: another organ, 条例第三十四条)', parseConsultationOption)
    .option('--extension-days <n>', 'the approved extension\'s length in working days (request.reply; at most 20, the default)', parseExtensionDays)
    .option('--batch', 'read JSON lines {"rule"|"jurisdiction"+"category", "at", "events"?} on stdin; one JSON line out per line in')
    .option('--config <dir>', 'config directory (default: DW_CONFIG_DIR or ./config)')
    .action(async (options: DueOptions) => {
      if (options.batch && (options.rule || options.jurisdiction || options.category || options.decision || options.at || options.event || options.consultation || options.extensionDays)) {
        throw new UsageError('--batch takes every query from stdin: give no --rule, --jurisdiction, --category, --decision, --at, --event, --consultation or --extension-days with it');
      }
      const ruleBook = await loadRuleBookForCli(options.config);
      if (options.batch) await (await import('./due-batch.js')).runBatch(ruleBook);
      else runSingle(ruleBook, options);
    });
}

function runSingle(book: RuleBook, options: DueOptions): void {
  if (options.at === undefined) throw new UsageError('--at is required: the time of the event that starts the clock');
  // On the command line the start time must carry its offset (the contract); ledger files may give a date alone.
  parseInstant(options.at, '--at');
  const answer = answerDueQuery(book, {
    rule: options.rule,
    jurisdiction: options.jurisdiction,
    category: options.category,
    decision: options.decision,
    at: options.at,
    events: { ...options.event, consultations: options.consultation, extensionDays: options.extensionDays },
  });
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
