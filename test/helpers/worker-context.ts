import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import type { MailTransport } from '../../src/delivery/transport.js';
import type { OutgoingMail } from '../../src/delivery/outgoing-mail.js';
import { fixedClock } from '../../src/runtime/clock.js';
import type { WorkerContext } from '../../src/runtime/job-handlers.js';
import { createLogger } from '../../src/runtime/logger.js';
import { loadTestConfig } from './config.js';

export const MAIL = { from: '政务公开时限监测 <dw@example.test>', messageIdDomain: 'example.test' };

/** A transport that keeps what it is given, and can be told how to answer. */
export interface RecordingTransport extends MailTransport {
  readonly sent: OutgoingMail[];
}

export function recordingTransport(answer: (mail: OutgoingMail) => Promise<string> = async () => '250 OK'): RecordingTransport {
  const sent: OutgoingMail[] = [];
  return {
    kind: 'smtp',
    target: 'test',
    sent,
    async send(mail) {
      const response = await answer(mail);
      sent.push(mail);
      return response;
    },
    async close() {},
  };
}

/** The worker's context over a test database, at a fixed moment, with silent logs. */
export function workerContext(db: Knex, now: DateTime, transport: MailTransport = recordingTransport()): WorkerContext {
  return { db, config: loadTestConfig(), clock: fixedClock(now), transport, mail: MAIL, logger: createLogger({ level: 'silent' }) };
}
