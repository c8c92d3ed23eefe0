import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import type { LoadedConfig } from '../config/load-config.js';
import { InputError } from '../core/errors.js';
import type { Supervisor } from '../core/organisation.js';
import { gatherNoticeFacts } from '../statistics/notice-facts.js';
import type { Period } from '../statistics/period.js';
import { composeNotice, type NoticeBlock } from './compose-notice.js';

/** The 通报 draft of a period for an office, as the CLI and the dashboard's button make it. */
export async function draftNotice(db: Knex, config: LoadedConfig, supervisor: Supervisor, period: Period, now: DateTime): Promise<NoticeBlock[]> {
  const wording = config.notice;
  if (!wording) throw new InputError(`no 通报 wording: ${config.dir}/reports.yaml is missing (the shipped config/reports.yaml is the template to start from)`);
  return composeNotice(await gatherNoticeFacts(db, config, supervisor, period, now, wording.praiseMinItems), wording);
}
