import type { Knex } from 'knex';
import * as ledger from './20261121_001_ledger.js';
import * as monitor from './20261122_002_monitor.js';
import * as monitorState from './20261122_003_monitor_state.js';
import * as messages from './20261122_004_messages.js';
import * as messageAttachments from './20261122_005_message_attachments.js';
import * as adminMail from './20261122_006_admin_mail.js';
import * as portal from './20261201_007_portal.js';
import * as messageHistory from './20261201_008_message_history.js';
import * as statusNeedsHistory from './20261202_009_status_needs_history.js';
import * as importStaging from './20261202_010_import_staging.js';
import * as statusCheckWhenChanged from './20261202_011_status_check_when_changed.js';
import * as messageClaims from './20261203_012_message_claims.js';
import * as inlineImages from './20261203_013_inline_images.js';
import * as dayFigures from './20261203_014_day_figures.js';
import * as decisionType from './20261204_015_decision_type.js';
import * as extensionDays from './20261204_016_extension_days.js';
import * as supplementPeriod from './20261205_017_supplement_period.js';
import * as itemWarnings from './20261205_018_item_warnings.js';
import * as deliveredAnswers from './20261205_019_delivered_answers.js';
import * as exemptionBases from './20261205_020_exemption_bases.js';

/** Every migration, in order. Listed here rather than globbed so that the same list runs from source and from dist. */
export const MIGRATIONS: ReadonlyArray<readonly [name: string, migration: Knex.Migration]> = [
  ['20261121_001_ledger', ledger],
  ['20261122_002_monitor', monitor],
  ['20261122_003_monitor_state', monitorState],
  ['20261122_004_messages', messages],
  ['20261122_005_message_attachments', messageAttachments],
  ['20261122_006_admin_mail', adminMail],
  ['20261201_007_portal', portal],
  ['20261201_008_message_history', messageHistory],
  ['20261202_009_status_needs_history', statusNeedsHistory],
  ['20261202_010_import_staging', importStaging],
  ['20261202_011_status_check_when_changed', statusCheckWhenChanged],
  ['20261203_012_message_claims', messageClaims],
  ['20261203_013_inline_images', inlineImages],
  ['20261203_014_day_figures', dayFigures],
  ['20261204_015_decision_type', decisionType],
  ['20261204_016_extension_days', extensionDays],
  ['20261205_017_supplement_period', supplementPeriod],
  ['20261205_018_item_warnings', itemWarnings],
  ['20261205_019_delivered_answers', deliveredAnswers],
  ['20261205_020_exemption_bases', exemptionBases],
];
