import { randomBytes } from 'node:crypto';
import { writeNewFile } from '../files/safe-files.js';
import type { Command } from 'commander';
import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import type { LoadedConfig } from '../config/load-config.js';
import { shanghaiDate } from '../core/shanghai-time.js';
import { composeMessages, type ComposeOptions } from '../delivery/compose.js';
import { composeEscalation } from '../delivery/compose-escalation.js';
import { parseMailFrom } from '../delivery/mail-from.js';
import { previewLinks } from '../delivery/mail-links.js';
import { linkSigner } from '../portal/link-signer.js';
import { scan } from '../monitor/scan.js';
import { mailSettings, portalSettings } from '../runtime/settings.js';
import { findDepartment, findSupervisor } from './find-audience.js';
import { withLedger } from './ledger-session.js';
import { UsageError } from './usage-error.js';

interface DigestOptions {
  preview?: boolean;
  department?: string;
  supervisor?: string | boolean;
  out?: string;
  force?: boolean;
  config?: string;
}

interface StoredMessage {
  key: string;
  subject: string;
  text_body: string;
  html_body: string;
  to_addresses: string[];
  cc_addresses: string[];
  status: string;
}

export function registerDigestCommand(program: Command): void {
  program
    .command('digest')
    .description("show the digest a department or supervising office would be sent now (督办 / 提醒), exactly as it would go out")
    .requiredOption('--preview', 'render only: the ledger and the outbox are left as they were')
    .option('--department <code-or-name>', "a department's reminder digest (提醒)")
    .option('--supervisor [jurisdiction]', "a supervising office's escalation digest (督办); the jurisdiction may be left out when there is one office")
    .option('--out <file.html>', 'write the HTML mail there (without it: the subject and plain text on stdout)')
    .option('--force', 'overwrite --out if it exists')
    .option('--config <dir>', 'config directory')
    .action(async (options: DigestOptions) => {
      if ((options.department === undefined) === (options.supervisor === undefined)) throw new UsageError('say whose digest: --department <code-or-name> or --supervisor [jurisdiction]');
      const message = await withLedger(options.config, ({ config, database, now }) => previewMessage(database.db, config, options, now));
      if (!message) return;
      const head = `${message.status === 'pending' ? 'would be sent' : `already ${message.status} today`}: ${message.subject}\nto: ${message.to_addresses.join(', ')}${message.cc_addresses.length ? `\ncc: ${message.cc_addresses.join(', ')}` : ''}\n`;
      const { publicUrl } = portalSettings();
      if (options.out) {
        await writeNewFile(options.out, previewLinks(message.html_body, publicUrl), { force: options.force });
        process.stdout.write(`${head}written to ${options.out}\n`);
      } else {
        process.stdout.write(`${head}\n${previewLinks(message.text_body, publicUrl)}\n`);
      }
    });
}

/**
 * What the worker would do now, done in a transaction that is rolled back: a scan (steps whose time has come),
 * the day's composing, and the audience's message read back. The same code as the worker, so the preview is the
 * mail; nothing stays written.
 */
async function previewMessage(db: Knex, config: LoadedConfig, options: DigestOptions, now: DateTime): Promise<StoredMessage | undefined> {
  const key = `${keyPrefix(config, options)}:${shanghaiDate(now)}`;
  // The links the preview's mail would carry are rolled back with it: a throw-away key mints them.
  const links = { signer: linkSigner(randomBytes(32).toString('base64url')), publicUrl: portalSettings().publicUrl, days: config.portal.linkDays };
  const compose: ComposeOptions = { messageIdDomain: parseMailFrom(mailSettings().from).address.split('@')[1] as string, links };
  const trx = await db.transaction();
  try {
    await scan(trx, { ruleBook: config.ruleBook, ladders: config.ladders }, now);
    await (key.startsWith('department:') ? composeMessages(trx, config, now, compose) : composeEscalation(trx, config, now, compose));
    const message = (await trx('messages').where({ key }).first()) as StoredMessage | undefined;
    if (!message) process.stderr.write(`nothing would be sent to ${key.split(':')[1]} now: no reminder or escalation is due\n`);
    return message;
  } finally {
    await trx.rollback();
  }
}

/** department:<code> or supervisor:<jurisdiction>, from a code or name the admin typed. */
function keyPrefix(config: LoadedConfig, options: DigestOptions): string {
  if (options.department !== undefined) return `department:${findDepartment(config, options.department).code}`;
  return `supervisor:${findSupervisor(config, typeof options.supervisor === 'string' ? options.supervisor : undefined).jurisdiction}`;
}
