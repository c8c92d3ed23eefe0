import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import type { MailTransport } from '../../src/delivery/transport.js';
import type { OutgoingMail } from '../../src/delivery/outgoing-mail.js';
import { fetchPage } from '../../src/inspection/fetch-page.js';
import { linkSigner } from '../../src/portal/link-signer.js';
import { fixedClock } from '../../src/runtime/clock.js';
import type { WorkerContext } from '../../src/runtime/job-handlers.js';
import { createLogger } from '../../src/runtime/logger.js';
import { loadTestConfig } from './config.js';

/** Links minted with a fixed key, so a test can open the link a mail carries. */
export const TEST_SIGNER = linkSigner('test-link-secret-0123456789abcdef0123456789');
export const TEST_PUBLIC_URL = 'http://portal.example.test';
export const MAIL = { from: '政务公开时限监测 <dw@example.test>', messageIdDomain: 'example.test', links: { signer: TEST_SIGNER, publicUrl: TEST_PUBLIC_URL, days: 14 } };

/** A transport that keeps what it is given, and can be told how to answer. */
export interface RecordingTransport extends MailTransport {
  readonly sent: OutgoingMail[];
}

export function recordingTransport(answer: (mail: OutgoingMail) => Promise<string> = async () => '250 OK'): RecordingTransport {
  const sent: OutgoingMail[] = [];
  return {
    kind: 'smtp',
    target: 'test',
    sendTimeoutMs: 20_000,
    sent,
    async send(mail) {
      const response = await answer(mail);
      sent.push(mail);
      return response;
    },
    async verify() {},
    async close() {},
  };
}

/** The worker's context over a test database, at a fixed moment, with silent logs. */
export function workerContext(db: Knex, now: DateTime, transport: MailTransport = recordingTransport()): WorkerContext {
  return { db, config: loadTestConfig(), clock: fixedClock(now), transport, mail: MAIL, logger: createLogger({ level: 'silent' }), fetchPage };
}
