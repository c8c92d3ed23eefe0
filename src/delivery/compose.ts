import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import type { LoadedConfig } from '../config/load-config.js';
import type { Recipient, Stage } from '../core/ladder.js';
import type { Department, Supervisor } from '../core/organisation.js';
import { formatShanghai, formatShanghaiMillis, SHANGHAI, shanghaiDate } from '../core/shanghai-time.js';
import { describeTimeLeft, timeLeft } from '../core/time-left.js';
import { recordset } from '../ledger/recordset.js';
import type { DigestEntry } from './digest-entry.js';
import { renderDepartmentDigest, renderSupervisorDigest, type RenderedMail } from './render-digest.js';

/** Who a message is for: a department (its reminder addresses, its leader copied) or a supervising office. */
export type Audience = 'department' | 'supervisor';

export interface ComposeResult {
  /** Messages made now, by key (e.g. "department:tinghu.czj:2026-11-23"). */
  readonly composed: string[];
  /** Steps whose item left the ladder (published, exempt, withdrawn) before their mail was made: not sent. */
  readonly cancelled: number;
  /** Steps held for the next digest: their audience has had today's already. */
  readonly waiting: number;
  /** Steps no configured department or office can receive, with why. */
  readonly unaddressed: Array<{ notificationId: number; reason: string }>;
}

export interface ComposeOptions {
  /** The domain of the Message-IDs (that of the sender's address). */
  readonly messageIdDomain: string;
}

interface PendingRow {
  id: number;
  item_id: number;
  jurisdiction: string;
  department_code: string;
  step: string;
  stage: Stage;
  due_date: string;
  due_at: Date;
  recipients: Recipient[];
  reference: string;
  title: string;
  category: string;
  rule_id: string;
  item_status: string;
  composed_for: Audience[];
}

/** The steps for one audience, with whom they go to. */
type Group =
  | { readonly audience: 'department'; readonly code: string; readonly to: Department; readonly entries: DigestEntry[] }
  | { readonly audience: 'supervisor'; readonly code: string; readonly to: Supervisor; readonly entries: DigestEntry[] };

/**
 * Gathers the recorded steps into mail: one digest per department and one per supervising office, each at most
 * once a day (its key). A step whose audience has had today's digest waits for the next one. All in one
 * transaction with the steps locked, so two composers never put a step in two messages; each message is rendered
 * now and stored, so that a resend is the same mail.
 */
export async function composeMessages(db: Knex, config: LoadedConfig, now: DateTime, options: ComposeOptions): Promise<ComposeResult> {
  return db.transaction(async (trx) => {
    const rows = (await trx.raw(
      `select n.id, n.item_id, n.jurisdiction, n.department_code, n.step, n.stage, n.due_date, n.due_at, n.recipients,
              i.reference, i.title, i.category, i.rule_id, i.status as item_status,
              array(select mn.audience from message_notifications mn where mn.notification_id = n.id) as composed_for
       from notifications n join ledger_items i on i.id = n.item_id
       where n.status = 'pending' order by n.id for update of n skip locked`,
    )).rows as PendingRow[];
    const cancelled = rows.filter((row) => row.item_status !== 'open').map((row) => Number(row.id));
    if (cancelled.length > 0) await trx('notifications').whereIn('id', cancelled).update({ status: 'cancelled' });

    const { groups, unaddressed } = groupByAudience(rows.filter((row) => row.item_status === 'open'), config, now);
    const date = shanghaiDate(now);
    const composed: string[] = [];
    let waiting = 0;
    const links: Array<{ message_id: number; notification_id: number; audience: Audience }> = [];
    for (const group of groups) {
      const key = `${group.audience}:${group.code}:${date}`;
      const message = messageFor(group, date);
      const [inserted] = await trx('messages')
        .insert({
          key,
          audience: group.audience,
          audience_code: group.code,
          to_addresses: message.to,
          cc_addresses: message.cc,
          subject: message.mail.subject,
          text_body: message.mail.text,
          html_body: message.mail.html,
          attachment_name: `${group.audience === 'department' ? '政务公开提醒' : '政务公开督办'}-${group.code}-${date}.csv`,
          attachment_csv: message.mail.csv,
          message_id: `<dw.${group.audience}.${group.code}.${date.replaceAll('-', '')}@${options.messageIdDomain}>`,
          composed_at: formatShanghai(now),
        })
        .onConflict('key')
        .ignore()
        .returning('id');
      if (!inserted) {
        waiting += group.entries.length;
        continue;
      }
      composed.push(key);
      for (const entry of group.entries) links.push({ message_id: Number(inserted.id), notification_id: entry.notificationId, audience: group.audience });
    }
    if (links.length > 0) {
      await trx.raw(
        `insert into message_notifications (message_id, notification_id, audience)
         select message_id, notification_id, audience from ${recordset(trx, [['message_id', 'bigint'], ['notification_id', 'bigint'], ['audience', 'text']])}`,
        [JSON.stringify(links)],
      );
      // A step is in delivery once every audience it has is in a message.
      const linked = new Map<number, Set<Audience>>();
      for (const link of links) linked.set(link.notification_id, (linked.get(link.notification_id) ?? new Set()).add(link.audience));
      const complete = rows
        .filter((row) => linked.has(Number(row.id)))
        .filter((row) => audiencesOf(row.recipients).every((a) => row.composed_for.includes(a) || linked.get(Number(row.id))?.has(a)))
        .map((row) => Number(row.id));
      if (complete.length > 0) await trx('notifications').whereIn('id', complete).update({ status: 'sending' });
    }
    return { composed, cancelled: cancelled.length, waiting, unaddressed };
  });
}

/** The audiences a step must reach: its department (leader copied) and/or the supervising office. */
export function audiencesOf(recipients: readonly Recipient[]): Audience[] {
  const audiences: Audience[] = [];
  if (recipients.includes('department') || recipients.includes('leader')) audiences.push('department');
  if (recipients.includes('supervisor')) audiences.push('supervisor');
  return audiences;
}

function groupByAudience(rows: readonly PendingRow[], config: LoadedConfig, now: DateTime): { groups: Group[]; unaddressed: ComposeResult['unaddressed'] } {
  const departments = new Map(config.organisation.departments.map((d) => [d.code, d]));
  const supervisors = new Map(config.organisation.supervisors.map((s) => [s.jurisdiction, s]));
  const groups = new Map<string, Group>();
  const unaddressed: ComposeResult['unaddressed'] = [];
  for (const row of rows) {
    const department = departments.get(row.department_code);
    if (!department) {
      unaddressed.push({ notificationId: Number(row.id), reason: `department ${row.department_code} is not in config/departments` });
      continue;
    }
    const entry = toEntry(row, department, config, now);
    for (const audience of audiencesOf(row.recipients)) {
      if (row.composed_for.includes(audience)) continue;
      const supervisor = supervisors.get(department.jurisdiction);
      if (audience === 'supervisor' && !supervisor) {
        unaddressed.push({ notificationId: entry.notificationId, reason: `jurisdiction ${department.jurisdiction} has no supervisor in config/departments` });
        continue;
      }
      const code = audience === 'department' ? department.code : department.jurisdiction;
      const groupKey = `${audience}:${code}`;
      let group = groups.get(groupKey);
      if (!group) {
        group = audience === 'department' ? { audience, code, to: department, entries: [] } : { audience, code, to: supervisor as Supervisor, entries: [] };
        groups.set(groupKey, group);
      }
      group.entries.push(entry);
    }
  }
  return { groups: [...groups.values()], unaddressed };
}

function toEntry(row: PendingRow, department: Department, config: LoadedConfig, now: DateTime): DigestEntry {
  const dueAt = formatShanghaiMillis(row.due_at.getTime());
  const left = timeLeft(DateTime.fromJSDate(row.due_at, { zone: SHANGHAI }), row.due_date, now, config.ruleBook.calendarFor(row.jurisdiction));
  return {
    notificationId: Number(row.id),
    itemId: Number(row.item_id),
    reference: row.reference,
    title: row.title,
    departmentCode: department.code,
    departmentName: department.name,
    category: config.ruleBook.categories.get(row.category)?.name ?? row.category,
    ruleId: row.rule_id,
    step: row.step,
    stage: row.stage,
    dueDate: row.due_date,
    dueAt,
    state: left.state,
    timeLeft: describeTimeLeft(left, 'zh'),
    recipients: row.recipients,
  };
}

interface MessageDraft {
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly mail: RenderedMail;
}

function messageFor(group: Group, date: string): MessageDraft {
  if (group.audience === 'supervisor') return { to: group.to.emails, cc: [], mail: renderSupervisorDigest(group.to.name, date, group.entries) };
  const department = group.to;
  // The leader is copied once a step asks for it (overdue and later).
  const copyLeader = department.leaderEmail !== undefined && group.entries.some((e) => e.recipients.includes('leader'));
  return {
    to: department.reminderEmails,
    cc: copyLeader ? [department.leaderEmail as string] : [],
    mail: renderDepartmentDigest(department.name, date, group.entries),
  };
}
