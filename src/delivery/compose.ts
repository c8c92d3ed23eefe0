import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import type { LoadedConfig } from '../config/load-config.js';
import type { Department } from '../core/organisation.js';
import { shanghaiDate } from '../core/shanghai-time.js';
import type { DigestEntry } from './digest-entry.js';
import { dropMailLink, issueMailLink, type MailLinks } from './mail-links.js';
import { wordsFor } from './mail-names.js';
import { insertMessage, linkSteps, messageIdFor, type MessageLink } from './message-store.js';
import { digestEntry, lockPendingSteps } from './pending-steps.js';
import { renderDepartmentDigest, renderUrgentMail } from './render-department.js';

export interface ComposeResult {
  /** Messages made now, by key (e.g. "department:tinghu.czj:2026-11-23"). */
  readonly composed: string[];
  /** Steps whose item left the ladder (published, exempt, withdrawn) before their mail was made: not sent. */
  readonly cancelled: number;
  /** Steps held for the next digest: their department has had today's already. */
  readonly waiting: number;
  /** Steps no configured department can receive, with why. */
  readonly unaddressed: Array<{ notificationId: number; reason: string }>;
}

export interface ComposeOptions {
  /** The domain of the Message-IDs (that of the sender's address). */
  readonly messageIdDomain: string;
  /** Each message's link into the portal. */
  readonly links: MailLinks;
}

/** Which department steps a composer takes: the daily digest's, or the hour rules' (12 小时内) that cannot wait. */
type Scope = 'daily' | 'urgent';

/**
 * The departments' reminder digests (提醒): one per department and day (its key) with every step recorded for it
 * since its last one. Steps of rules counted in hours are left to `composeUrgentMail`. A step whose department has
 * had today's digest waits for tomorrow's. One transaction, composers taking turns (see lockPendingSteps), so two
 * composers never put a step in two messages; each message is rendered now and stored, so a resend is the same mail.
 */
export function composeMessages(db: Knex, config: LoadedConfig, now: DateTime, options: ComposeOptions): Promise<ComposeResult> {
  return composeForDepartments(db, config, now, options, 'daily');
}

/** A mail of its own, at once, for each step of an hour-counted rule: a daily digest would come too late. */
export function composeUrgentMail(db: Knex, config: LoadedConfig, now: DateTime, options: ComposeOptions): Promise<ComposeResult> {
  return composeForDepartments(db, config, now, options, 'urgent');
}

function composeForDepartments(db: Knex, config: LoadedConfig, now: DateTime, options: ComposeOptions, scope: Scope): Promise<ComposeResult> {
  return db.transaction(async (trx) => {
    const { steps, cancelled } = await lockPendingSteps(trx, 'department');
    const departments = new Map(config.organisation.departments.map((d) => [d.code, d]));
    const unaddressed: ComposeResult['unaddressed'] = [];
    const groups = new Map<string, { department: Department; entries: DigestEntry[] }>();
    for (const step of steps) {
      const department = departments.get(step.department_code);
      if (!department) {
        unaddressed.push({ notificationId: step.id, reason: `department ${step.department_code} is not in config/departments` });
        continue;
      }
      const entry = digestEntry(step, department, config, now);
      if ((scope === 'urgent') !== entry.countsHours) continue;
      // Urgent mail: one per step; the digest: one per department.
      const groupKey = scope === 'urgent' ? String(step.id) : department.code;
      const group = groups.get(groupKey) ?? { department, entries: [] };
      group.entries.push(entry);
      groups.set(groupKey, group);
    }

    const date = shanghaiDate(now);
    const composed: string[] = [];
    const links: MessageLink[] = [];
    let waiting = 0;
    for (const { department, entries } of groups.values()) {
      const words = wordsFor(config, department.jurisdiction);
      const first = entries[0] as DigestEntry;
      const key = scope === 'urgent' ? `urgent:${department.code}:${first.notificationId}` : `department:${department.code}:${date}`;
      const link = await issueMailLink(trx, options.links, 'department', department.code, key, now);
      const input = { departmentCode: department.code, departmentName: department.name, date, entries, words, portalLink: link.placeholder };
      const id = await insertMessage(
        trx,
        {
          key,
          audience: 'department',
          audienceCode: department.code,
          to: department.reminderEmails,
          // The leader is copied once a step asks for it (overdue and later).
          cc: department.leaderEmail !== undefined && entries.some((e) => e.recipients.includes('leader')) ? [department.leaderEmail] : [],
          mail: scope === 'urgent' ? renderUrgentMail({ ...input, entries: [first] }) : renderDepartmentDigest(input),
          messageId: messageIdFor(scope === 'urgent' ? ['urgent', department.code, String(first.notificationId)] : ['department', department.code, date.replaceAll('-', '')], options.messageIdDomain),
        },
        now,
      );
      if (id === undefined) {
        await dropMailLink(trx, link.id);
        waiting += entries.length;
        continue;
      }
      composed.push(key);
      for (const entry of entries) links.push({ message_id: id, notification_id: entry.notificationId, audience: 'department' });
    }
    await linkSteps(trx, links);
    return { composed, cancelled, waiting, unaddressed };
  });
}
