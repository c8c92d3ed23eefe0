import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import type { LoadedConfig } from '../config/load-config.js';
import { SHANGHAI, shanghaiDate } from '../core/shanghai-time.js';
import type { ComposeOptions, ComposeResult } from './compose.js';
import { digestCharts } from './digest-charts.js';
import { gatherEscalationFacts } from './escalation-facts.js';
import { buildEscalationReport, worthSending } from './escalation-report.js';
import { dropMailLink, issueMailLink } from './mail-links.js';
import { wordsFor } from './mail-names.js';
import { insertMessage, linkSteps, messageIdFor, type MessageLink } from './message-store.js';
import { lockPendingSteps } from './pending-steps.js';
import { renderEscalationDigest } from './render-escalation.js';

/**
 * The supervising offices' escalation digests (督办), one per office and day at most: what is late, what became
 * late or was published late since the last digest, the candidates for a circulated notice (通报), on-time rates,
 * and mail that failed. The first digest of a week (Monday, or the first working day after a Monday holiday) is
 * the weekly summary (周报), sent even when nothing is late; a daily digest with nothing to report is not sent.
 * The escalation steps the scan recorded for the office go with it.
 */
export async function composeEscalation(db: Knex, config: LoadedConfig, now: DateTime, options: ComposeOptions): Promise<ComposeResult> {
  return db.transaction(async (trx) => {
    const { steps, cancelled } = await lockPendingSteps(trx, 'supervisor');
    const jurisdictionOf = new Map(config.organisation.departments.map((d) => [d.code, d.jurisdiction]));
    const unaddressed: ComposeResult['unaddressed'] = [];
    const stepsOf = new Map<string, number[]>();
    for (const step of steps) {
      const jurisdiction = jurisdictionOf.get(step.department_code);
      if (jurisdiction === undefined) {
        unaddressed.push({ notificationId: step.id, reason: `department ${step.department_code} is not in config/departments` });
        continue;
      }
      const ids = stepsOf.get(jurisdiction) ?? [];
      ids.push(step.id);
      stepsOf.set(jurisdiction, ids);
    }
    const date = shanghaiDate(now);
    const composed: string[] = [];
    const links: MessageLink[] = [];
    let waiting = 0;
    for (const supervisor of config.organisation.supervisors) {
      const pending = stepsOf.get(supervisor.jurisdiction) ?? [];
      stepsOf.delete(supervisor.jurisdiction);
      const key = `supervisor:${supervisor.jurisdiction}:${date}`;
      const { since, weekly, exists } = await lastDigest(trx, supervisor.jurisdiction, key, now);
      if (exists) {
        waiting += pending.length;
        continue;
      }
      const report = buildEscalationReport(await gatherEscalationFacts(trx, config, supervisor, now, since, weekly));
      if (!worthSending(report) && pending.length === 0) continue;
      const link = await issueMailLink(trx, options.links, 'supervisor', supervisor.jurisdiction, key, now);
      const id = await insertMessage(
        trx,
        {
          key,
          audience: 'supervisor',
          audienceCode: supervisor.jurisdiction,
          to: supervisor.emails,
          cc: [],
          mail: renderEscalationDigest({
            officeCode: supervisor.jurisdiction,
            officeName: supervisor.name,
            date,
            report,
            words: wordsFor(config, supervisor.jurisdiction),
            portalLink: link.placeholder,
            images: await digestCharts(trx, config, supervisor, report, now),
          }),
          messageId: messageIdFor(['supervisor', supervisor.jurisdiction, date.replaceAll('-', '')], options.messageIdDomain),
        },
        now,
      );
      if (id === undefined) {
        await dropMailLink(trx, link.id);
        continue;
      }
      composed.push(key);
      for (const notificationId of pending) links.push({ message_id: id, notification_id: notificationId, audience: 'supervisor' });
    }
    for (const [jurisdiction, ids] of stepsOf) {
      for (const id of ids) unaddressed.push({ notificationId: id, reason: `jurisdiction ${jurisdiction} has no supervisor in config/departments` });
    }
    await linkSteps(trx, links);
    return { composed, cancelled, waiting, unaddressed };
  });
}

/**
 * Since when "new" counts: the office's last digest (a day ago if it never had one), or a week for the weekly
 * summary. The weekly summary is the first digest of the week (Monday 00:00, Beijing time, on).
 */
async function lastDigest(trx: Knex.Transaction, jurisdiction: string, key: string, now: DateTime): Promise<{ since: DateTime; weekly: boolean; exists: boolean }> {
  const weekStart = now.setZone(SHANGHAI).startOf('week');
  const [row] = (
    await trx.raw(
      `select max(composed_at) as last, count(*) filter (where composed_at >= ?) as this_week, count(*) filter (where key = ?) as today
       from messages where audience = 'supervisor' and audience_code = ?`,
      [weekStart.toISO(), key, jurisdiction],
    )
  ).rows as Array<{ last: Date | null; this_week: string; today: string }>;
  const weekly = Number(row?.this_week ?? 0) === 0;
  const last = row?.last ? DateTime.fromJSDate(row.last, { zone: SHANGHAI }) : undefined;
  return { since: weekly ? now.minus({ days: 7 }) : (last ?? now.minus({ days: 1 })), weekly, exists: Number(row?.today ?? 0) > 0 };
}
