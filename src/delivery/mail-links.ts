import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import { issueLink, type LinkAudience } from '../portal/access-links.js';
import type { LinkSigner } from '../portal/link-signer.js';

/**
 * How mail links into the portal. A digest gets a link of its own when it is composed; the stored mail keeps a
 * placeholder for it (never the token), which delivery fills in with the token derived from the link's id. So a
 * resend is the same mail, and the ledger holds no token.
 */
export interface MailLinks {
  readonly signer: LinkSigner;
  /** PUBLIC_URL: the base of the links, as clerks' browsers reach the portal. */
  readonly publicUrl: string;
  /** How long a link in a mail opens the portal (config/portal.yaml links.days). */
  readonly days: number;
}

const PLACEHOLDER = /\{\{dw-link:(\d+)\}\}/g;

/** What a stored mail carries where its link goes. */
export function linkPlaceholder(linkId: number): string {
  return `{{dw-link:${linkId}}}`;
}

/**
 * Fills in the links of one mail's parts (text, HTML, attachment): each link's token is signed once for all of
 * them (an HMAC each, which was a few percent of delivery's time when every part signed its own).
 */
export function linkFiller(links: Pick<MailLinks, 'signer' | 'publicUrl'>): (text: string) => string {
  const urls = new Map<string, string>();
  const url = (id: string) => {
    let filled = urls.get(id);
    if (filled === undefined) urls.set(id, (filled = portalUrl(links, Number(id))));
    return filled;
  };
  return (text) => text.replace(PLACEHOLDER, (_, id: string) => url(id));
}

/** A preview's links open nothing (its mail was rolled back): they say so instead of looking real. */
export function previewLinks(text: string, publicUrl: string): string {
  return text.replace(PLACEHOLDER, `${publicUrl}/a/(preview: the mail sent carries a link of its own)`);
}

export function portalUrl(links: Pick<MailLinks, 'signer' | 'publicUrl'>, linkId: number): string {
  return `${links.publicUrl}/a/${links.signer.token(linkId)}`;
}

/** Issues the link a message carries (inside the composer's transaction), and returns its placeholder. */
export async function issueMailLink(trx: Knex.Transaction, links: MailLinks, audience: LinkAudience, audienceCode: string, messageKey: string, now: DateTime): Promise<{ id: number; placeholder: string }> {
  const link = await issueLink(trx, links.signer, { audience, audienceCode, purpose: `mail ${messageKey}`, issuedBy: 'worker' }, now, links.days);
  return { id: link.id, placeholder: linkPlaceholder(link.id) };
}

/** A message that was composed already (its key taken) does not keep the link issued for it. */
export async function dropMailLink(trx: Knex.Transaction, linkId: number): Promise<void> {
  await trx('access_links').where({ id: linkId }).delete();
}
