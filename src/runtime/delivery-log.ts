import type { DeliveryEvent } from '../delivery/delivery-events.js';
import type { Logger } from './logger.js';

/**
 * One JSON line per delivery event, written when it happens: a replica killed in the middle of a round has logged
 * every mail it sent up to then.
 */
export function logDeliveryEvent(log: Logger, transport: string, event: DeliveryEvent): void {
  switch (event.kind) {
    case 'sent':
      return log.info({ messageKey: event.key, transport, response: event.response, ms: event.ms }, 'message sent');
    case 'retrying':
      return log.warn({ messageKey: event.key, error: event.error, nextAttemptAt: event.nextAttemptAt }, 'message not sent: will try again');
    case 'failed':
      return log.error({ messageKey: event.key, error: event.error }, 'message failed for good');
    case 'slow':
      return log.warn({ messageKey: event.key, seconds: event.seconds }, `the relay has not answered within ${event.seconds} s: the send is given up at its timeout and tried again`);
    case 'claim-lost':
      return log.warn(
        { messageKey: event.key, outcome: event.outcome },
        event.outcome === 'sent'
          ? 'message sent after its claim passed to another sender (its lease ran out): that sender may send it again'
          : "result dropped: the claim passed to another sender, whose result stands",
      );
    case 'taken-over':
      return log.warn({ messageKey: event.key, from: event.from }, 'message taken over from a sender whose lease ran out');
    case 'record-retry':
      return log.warn({ messageKey: event.key, tries: event.tries, error: event.error }, 'result not recorded yet (database unavailable): trying again');
    case 'record-gave-up':
      return log.error({ messageKey: event.key, outcome: event.outcome, error: event.error }, 'gave up recording the result: the message is sent again once its lease runs out');
    case 'released':
      return log.info({ messages: event.count }, 'stopping: claimed messages not yet sent went back to pending');
    case 'lease-not-renewed':
      return log.warn({ error: event.error }, 'lease not renewed (database unavailable): tried again shortly');
  }
}
