import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../src/ledger/database.js';
import { recordJobRun } from '../../src/operations/job-runs.js';
import { runJob } from '../../src/runtime/job-handlers.js';
import { BACKENDS } from '../helpers/databases.js';
import { facts, insertFacts, useLedgerDatabase } from '../helpers/ledger-fixtures.js';
import { recordingTransport, workerContext } from '../helpers/worker-context.js';

const at = (iso: string) => DateTime.fromISO(iso, { setZone: true });

describe.each(BACKENDS)('a digest whose tick was lost, on %s', (backend: Backend) => {
  const database = useLedgerDatabase(backend);
  it('is composed and sent by the next deliver tick inside the window, once', async () => {
    const { db } = database;
    // Due 2026-11-03 (general.active): overdue on Monday 11-23. The 08:30 digest and 09:00 escalation ticks were
    // lost (the database was away, retries used up); the last digest ran on Friday.
    await insertFacts(db, facts({ reference: 'L-1' }));
    await recordJobRun(db, 'digest', at('2026-11-20T08:30:05+08:00'));
    await recordJobRun(db, 'escalation', at('2026-11-20T09:00:05+08:00'));
    const transport = recordingTransport();
    const first = await runJob('deliver', workerContext(db, at('2026-11-23T10:41:00+08:00'), transport));
    expect(first.sent).toBe(2);
    expect(transport.sent.map((m) => m.key).sort()).toEqual(['department:tinghu.czj:2026-11-23', 'supervisor:tinghu:2026-11-23']);
    // The next tick finds both run today: nothing again.
    const second = await runJob('deliver', workerContext(db, at('2026-11-23T10:42:00+08:00'), transport));
    expect(second.sent).toBe(0);
    expect(transport.sent).toHaveLength(2);
  });

  it('waits for the window when the database comes back after it has closed', async () => {
    const { db } = database;
    await insertFacts(db, facts({ reference: 'L-2', departmentCode: 'tinghu.zjj', category: 'housing.allocation' }));
    const transport = recordingTransport();
    expect((await runJob('deliver', workerContext(db, at('2026-11-24T18:00:00+08:00'), transport))).sent).toBe(0);
    expect(await db('messages').where('key', 'like', '%2026-11-24').count({ n: '*' })).toEqual([{ n: 0 }]);
  });
});
