import type { Command } from 'commander';
import type { LoadedConfig } from '../config/load-config.js';
import { humanTime } from '../core/deadline-basis.js';
import { portalUrl } from '../delivery/mail-links.js';
import { issueLink, revokeLinks, type LinkAudience } from '../portal/access-links.js';
import { loadLinkSigner } from '../portal/link-signer.js';
import { portalSettings, redisUrl } from '../runtime/settings.js';
import { actorOf } from './actor.js';
import { findDepartment, findSupervisor } from './find-audience.js';
import { withLedger } from './ledger-session.js';
import { UsageError } from './usage-error.js';

interface AudienceOptions {
  department?: string;
  supervisor?: string | boolean;
  admin?: boolean;
  config?: string;
  actor?: string;
}

/** The audience an admin named: exactly one of --department, --supervisor, --admin. */
function audienceOf(config: LoadedConfig, options: AudienceOptions): { audience: LinkAudience; code: string; name: string } {
  const given = [options.department !== undefined, options.supervisor !== undefined, options.admin === true].filter(Boolean).length;
  if (given !== 1) throw new UsageError('say for whom: --department <code-or-name>, --supervisor [jurisdiction] or --admin');
  if (options.department !== undefined) {
    const department = findDepartment(config, options.department);
    return { audience: 'department', code: department.code, name: department.name };
  }
  if (options.supervisor !== undefined) {
    const supervisor = findSupervisor(config, typeof options.supervisor === 'string' ? options.supervisor : undefined);
    return { audience: 'supervisor', code: supervisor.jurisdiction, name: supervisor.name };
  }
  return { audience: 'admin', code: 'admin', name: 'admin' };
}

function withAudience(command: Command): Command {
  return command
    .option('--department <code-or-name>', 'a department (责任单位)')
    .option('--supervisor [jurisdiction]', 'a supervising office (政府办); the jurisdiction may be left out when there is one office')
    .option('--admin', 'the admins')
    .option('--actor <name>', 'who does it (default: DW_ACTOR or the login name)')
    .option('--config <dir>', 'config directory');
}

/** `access link` issues a portal link by hand; `access revoke` ends one, or all of an audience's. */
export function registerAccessCommands(program: Command): void {
  const access = program.command('access').description('links into the portal (政务公开台账门户): issue one by hand, or revoke');

  withAudience(access.command('link').description('issue a link that opens the portal for a department, a supervising office or the admins'))
    .option('--days <n>', 'how long it opens the portal (default: links.days in config/portal.yaml, 14)')
    .action(async (options: AudienceOptions & { days?: string }) => {
      const printed = await withLedger(options.config, async ({ config, database, now }) => {
        const target = audienceOf(config, options);
        const days = options.days === undefined ? config.portal.linkDays : Number(options.days);
        if (!Number.isInteger(days) || days < 1 || days > 90) throw new UsageError(`--days must be a whole number of days from 1 to 90, not "${options.days}"`);
        const settings = portalSettings();
        const signer = loadLinkSigner(settings, { distributed: redisUrl() !== undefined });
        const link = await issueLink(database.db, signer, { audience: target.audience, audienceCode: target.code, purpose: 'cli', issuedBy: actorOf(options.actor) }, now, days);
        return `${portalUrl({ signer, publicUrl: settings.publicUrl }, link.id)}\n  for ${target.name} (${target.audience} ${target.code}), link #${link.id}, valid until ${humanTime(link.expiresAt)} (Beijing time)\n`;
      });
      process.stdout.write(printed);
    });

  withAudience(access.command('revoke [id]').description('end a link at once (by its number), or every link of an audience; their sessions end with them'))
    .action(async (id: string | undefined, options: AudienceOptions) => {
      const message = await withLedger(options.config, async ({ config, database, now }) => {
        const by = actorOf(options.actor);
        if (id !== undefined) {
          if (!/^\d+$/.test(id)) throw new UsageError(`"${id}" is not a link number (cli access revoke 12)`);
          const count = await revokeLinks(database.db, { id: Number(id) }, by, now);
          if (count === 0) throw new UsageError(`no link #${id} in force`);
          return `link #${id} revoked\n`;
        }
        const target = audienceOf(config, options);
        const count = await revokeLinks(database.db, { audience: target.audience, audienceCode: target.code }, by, now);
        return `${count} link${count === 1 ? '' : 's'} of ${target.name} (${target.audience} ${target.code}) revoked\n`;
      });
      process.stdout.write(message);
    });
}
