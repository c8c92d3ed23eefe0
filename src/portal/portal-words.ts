import type { HistoryAction } from '../ledger/history-store.js';
import type { ExemptionBasis, ItemStatus, ThirdPartyOpinion } from '../ledger/item.js';
import type { MailLocale } from '../delivery/digest-words.js';
import type { CheckOutcome } from '../inspection/check-store.js';
import { EN } from './portal-words-en.js';
import { ZH } from './portal-words-zh.js';

/**
 * What the portal's pages say that the mail does not (the stages, headers, rule names and time left come from the
 * mail's words, so a clerk reads the same thing in both).
 */
export interface PortalWords {
  readonly portal: string;
  readonly signedInAs: (who: string) => string;
  readonly logout: string;
  readonly refusal: {
    readonly linkTitle: string;
    readonly unknown: string;
    readonly expired: string;
    readonly revoked: string;
    readonly newLink: string;
    readonly noSession: string;
    readonly forbidden: string;
    readonly notFound: string;
    readonly badForm: string;
    readonly tooMany: string;
    readonly failed: string;
  };
  readonly department: {
    readonly heading: (name: string) => string;
    readonly none: string;
    readonly open: string;
    readonly pendingExemption: string;
    readonly checksHeading: string;
    readonly checksHeaders: readonly string[];
    readonly actions: { readonly upload: string; readonly csv: string; readonly template: string };
    readonly readOnly: string;
  };
  readonly item: {
    readonly facts: Readonly<Record<'reference' | 'title' | 'category' | 'basis' | 'due' | 'status' | 'published' | 'check', string>>;
    readonly statuses: Readonly<Record<ItemStatus, string>>;
    readonly publishHeading: string;
    readonly publishHint: string;
    readonly url: string;
    /** The address when a reply or report may be recorded by its document instead. */
    readonly urlOptional: string;
    readonly deliveredHint: string;
    readonly replyReference: string;
    readonly delivery: string;
    readonly at: string;
    readonly publish: string;
    readonly onTime: string;
    readonly late: (late: string) => string;
    readonly exemptHeading: string;
    readonly exemptHint: string;
    readonly thirdParty: string;
    readonly thirdPartyOpinions: Readonly<Record<ThirdPartyOpinion, string>>;
    readonly bases: Readonly<Record<ExemptionBasis, string>>;
    readonly basis: string;
    readonly reason: string;
    readonly reviewer: string;
    readonly requestExemption: string;
    readonly requested: string;
    readonly history: string;
    readonly historyHeaders: readonly string[];
    readonly actions: Readonly<Record<HistoryAction, string>>;
    readonly checks: Readonly<Record<CheckOutcome | 'waiting', string>>;
    readonly back: string;
  };
  readonly upload: {
    readonly heading: string;
    readonly hint: string;
    readonly file: string;
    readonly allOrNothing: string;
    readonly partial: string;
    readonly submit: string;
    readonly result: (inserted: number, updated: number, unchanged: number) => string;
    readonly nothingWritten: string;
    readonly problemsHeading: string;
    /** What the clerk should know although nothing was wrong (title rows skipped, sheets not read, numbers read as dates). */
    readonly noticesHeading: string;
    readonly sheetRead: (sheet: string) => string;
    readonly problemHeaders: readonly string[];
    /** Beyond the problems listed: how many more, by column (a file of half a million bad rows is not listed row by row). */
    readonly moreProblems: (total: number, byColumn: string) => string;
    readonly rowsRejected: (rows: number) => string;
  };
  readonly office: {
    readonly heading: (name: string) => string;
    readonly requestsHeading: string;
    readonly requestHeaders: readonly string[];
    readonly noRequests: string;
    readonly approve: string;
    readonly refuse: string;
    readonly refuseReason: string;
    readonly approved: string;
    readonly refused: string;
    readonly departmentsHeading: string;
    readonly linksHeading: string;
    readonly linkHeaders: readonly string[];
    readonly revoke: string;
    readonly revokeAll: string;
    readonly noLinks: string;
  };
  readonly admin: {
    readonly heading: string;
    readonly offices: string;
    readonly failedMail: string;
    readonly failedHeaders: readonly string[];
    readonly noFailedMail: string;
    readonly resend: string;
    readonly resent: (key: string, to: string) => string;
    readonly reload: string;
    readonly reloaded: (changes: readonly string[]) => string;
    readonly reloadRefused: (problems: readonly string[]) => string;
  };
}

export const PORTAL_WORDS: Readonly<Record<MailLocale, PortalWords>> = { zh: ZH, en: EN };
