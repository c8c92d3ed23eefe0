import { CONSULTED_PARTIES, REQUEST_REPLY_TIMES, type Consultation } from '../core/request-reply.js';
import { EVENT_NAMES } from '../core/rule-types.js';
import { UsageError } from './usage-error.js';

/** Event names `--event name=time` and a batch line's `events` accept besides the rule's own start event. */
export const EXTRA_EVENT_NAMES = [...EVENT_NAMES, ...REQUEST_REPLY_TIMES] as const;

/** `--event supplementReceived=2026-10-09T10:00:00+08:00` */
export function parseEventOption(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const match = /^([A-Za-z]+)=(.+)$/.exec(value);
  if (!match) throw new UsageError(`--event "${value}": write it as name=time, e.g. supplementReceived=2026-10-09T10:00:00+08:00`);
  const [, name, time] = match as unknown as [string, string, string];
  if (!(EXTRA_EVENT_NAMES as readonly string[]).includes(name)) {
    throw new UsageError(`--event "${name}": unknown event; one of ${EXTRA_EVENT_NAMES.join(', ')}`);
  }
  return { ...previous, [name]: time };
}

/**
 * `--consultation FROM..TO`, or `FROM..` while the consulted party has not answered yet; `organ:FROM..TO` when
 * another organ was consulted (条例第三十四条), `third_party:` (the default) for a third party (第三十二条).
 */
export function parseConsultationOption(value: string, previous: Consultation[] = []): Consultation[] {
  const party = CONSULTED_PARTIES.find((p) => value.startsWith(`${p}:`));
  const span = party ? value.slice(party.length + 1) : value;
  const separator = span.indexOf('..');
  if (separator <= 0) throw new UsageError(`--consultation "${value}": write it as [third_party:|organ:]FROM..TO, or FROM.. while no answer has come`);
  const from = span.slice(0, separator);
  const to = span.slice(separator + 2);
  return [...previous, { from, ...(to === '' ? {} : { to }), ...(party ? { party } : {}) }];
}

/** `--extension-days 10`: a whole number of working days. */
export function parseExtensionDays(value: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`--extension-days "${value}": a whole number of working days, e.g. 10`);
  return Number(value);
}
