import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import type { LoadedConfig } from '../config/load-config.js';
import { portalUrl, type MailLinks } from '../delivery/mail-links.js';
import { issueLink, revokeLinks, type LinkAudience } from './access-links.js';

export interface PrintedLink {
  readonly who: string;
  readonly url: string;
}

const PURPOSE = 'start-up';

/**
 * The links `npm start` prints on a demo ledger (the admins', the demo office's and each demo department's), so that
 * a newcomer can open the portal at once. Each start replaces the ones printed by the last.
 */
export async function issueStartUpLinks(db: Knex, links: MailLinks, config: LoadedConfig, jurisdiction: string, now: DateTime): Promise<PrintedLink[]> {
  const audiences: Array<{ audience: LinkAudience; code: string; who: string }> = [
    { audience: 'admin', code: 'admin', who: 'admin' },
    ...config.organisation.supervisors.filter((s) => s.jurisdiction === jurisdiction).map((s) => ({ audience: 'supervisor' as const, code: s.jurisdiction, who: s.name })),
    ...config.organisation.departments.filter((d) => d.jurisdiction === jurisdiction).map((d) => ({ audience: 'department' as const, code: d.code, who: d.name })),
  ];
  return db.transaction(async (trx) => {
    const printed: PrintedLink[] = [];
    for (const { audience, code, who } of audiences) {
      await revokeLinks(trx, { audience, audienceCode: code, purpose: PURPOSE }, 'worker start-up', now);
      const link = await issueLink(trx, links.signer, { audience, audienceCode: code, purpose: PURPOSE, issuedBy: 'worker' }, now, links.days);
      printed.push({ who, url: portalUrl(links, link.id) });
    }
    return printed;
  });
}
