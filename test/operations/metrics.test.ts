import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { draftItem } from '../../src/ledger/draft-item.js';
import { insertItems } from '../../src/ledger/item-store.js';
import { runJob } from '../../src/runtime/job-handlers.js';
import { loadTestConfig } from '../helpers/config.js';
import { facts, useLedgerDatabase } from '../helpers/ledger-fixtures.js';
import { injectablePortal, movableClock, portalContext } from '../helpers/portal.js';
import { recordingTransport, workerContext } from '../helpers/worker-context.js';

// Formed 2026-09-30: due 2026-11-03; on 11-06 each item is escalated, so a scan records a step and mail goes out.
const DAY = DateTime.fromISO('2026-11-06T09:00:00+08:00', { setZone: true });

/** One sample's value from Prometheus' text format, or undefined when it is not there. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

describe('metrics (/metrics, prom-client)', () => {
  const database = useLedgerDatabase('postgres');

  it('move after a scan and a delivery', async () => {
    const { db } = database;
    const config = loadTestConfig();
    await insertItems(db, [draftItem(facts({ reference: 'M-1' }), config.ruleBook), draftItem(facts({ reference: 'M-2', departmentCode: 'tinghu.zjj', category: 'housing.allocation' }), config.ruleBook)], { actor: 'test', at: '2026-10-20T09:00:00+08:00' });
    const app = await injectablePortal(portalContext(db, movableClock(DAY)));
    try {
      const scrape = async () => (await app.inject({ method: 'GET', url: '/metrics' })).body;
      const before = await scrape();
      expect(before).toContain('# TYPE dw_jobs_total counter');
      expect(sample(before, 'dw_open_items', 'jurisdiction="tinghu",stage="none"')).toBe(2);
      expect(sample(before, 'dw_messages', 'status="sent"')).toBeUndefined();

      const context = workerContext(db, DAY, recordingTransport());
      await runJob('scan', context);
      await runJob('digest', context);
      const waiting = await scrape();
      expect(sample(waiting, 'dw_jobs_total', 'job="scan",outcome="done"')).toBe(1);
      expect(sample(waiting, 'dw_scan_duration_seconds_count')).toBe(1);
      expect(sample(waiting, 'dw_open_items', 'jurisdiction="tinghu",stage="escalated"')).toBe(2);
      expect(sample(waiting, 'dw_messages', 'status="pending"')).toBe(2);
      expect(sample(waiting, 'dw_oldest_pending_message_age_seconds')).toBeGreaterThan(0);
      expect(sample(waiting, 'dw_job_last_success_timestamp_seconds', 'job="scan"')).toBe(DAY.toSeconds());

      // Delivery also composes the office's escalation digest, whose tick (09:00) passed with no run today.
      await runJob('deliver', context);
      const after = await scrape();
      expect(sample(after, 'dw_jobs_total', 'job="deliver",outcome="done"')).toBe(1);
      expect(sample(after, 'dw_jobs_total', 'job="escalation",outcome="done"')).toBe(1);
      expect(sample(after, 'dw_messages', 'status="sent"')).toBe(3);
      expect(sample(after, 'dw_oldest_pending_message_age_seconds')).toBe(0);
      expect(sample(after, 'dw_smtp_send_duration_seconds_count')).toBe(3);
    } finally {
      await app.close();
    }
  });
});
