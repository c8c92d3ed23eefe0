import type { Command } from 'commander';
import { humanTime } from '../core/deadline-basis.js';
import { failedMessages, messageCounts, resendMessage } from '../delivery/resend.js';
import { actorOf } from './actor.js';
import { cliCommand } from '../text/shell-quote.js';
import { withLedger } from './ledger-session.js';

/** `mail status` shows the outbox and what the relay refused; `mail resend KEY` sends a refused mail again after a fix. */
export function registerMailCommands(program: Command): void {
  const mail = program.command('mail').description('the mail the worker made: its status, and sending a refused one again after an address fix');

  mail
    .command('status')
    .description('messages by status, and each one the relay refused for good with its answer')
    .option('--failed', 'only the refused ones')
    .option('--json', 'as JSON')
    .option('--config <dir>', 'config directory')
    .action(async (options: { failed?: boolean; json?: boolean; config?: string }) => {
      const { counts, failed } = await withLedger(options.config, async ({ database }) => ({
        counts: await messageCounts(database.db),
        failed: await failedMessages(database.db),
      }));
      if (options.json) {
        process.stdout.write(`${JSON.stringify(options.failed ? { failed } : { counts, failed })}\n`);
        return;
      }
      const lines = options.failed ? [] : [`messages: ${Object.entries(counts).map(([status, n]) => `${n} ${status}`).join(', ') || 'none'}`];
      if (failed.length === 0) lines.push('no message was refused for good');
      for (const f of failed) {
        lines.push(`${f.key}  ${f.subject}`, `  to ${[...f.to, ...f.cc].join(', ')}; refused${f.attemptedAt ? ` ${humanTime(f.attemptedAt)}` : ''}: ${f.lastError}`, `  resend: ${cliCommand('mail', 'resend', f.key)}`);
      }
      if (failed.length > 0) lines.push('correct the address in config/departments (or mail.yaml), then run the resend line of each');
      process.stdout.write(`${lines.join('\n')}\n`);
    });

  mail
    .command('resend <key>')
    .description('send a refused message again, the same mail (Message-ID), to the addresses config gives now')
    .option('--actor <name>', 'who does it, for the message\'s history (default: DW_ACTOR or the login name)')
    .option('--config <dir>', 'config directory')
    .action(async (key: string, options: { actor?: string; config?: string }) => {
      const result = await withLedger(options.config, ({ config, database, now }) => resendMessage(database.db, config, key, actorOf(options.actor), now));
      process.stdout.write(`${key}: to be sent again by the next delivery, to ${[...result.to.to, ...result.to.cc].join(', ')} (was ${[...result.from.to, ...result.from.cc].join(', ')})\n`);
    });
}
