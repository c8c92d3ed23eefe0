/** Why a send failed, and whether trying again could help. */
export interface SendFailure {
  readonly permanent: boolean;
  readonly reason: string;
}

/**
 * A 5xx answer from the relay (mailbox unknown, message refused) or an address nodemailer refuses will fail the
 * same way every time; a 4xx answer, a lost connection or a timeout may not.
 */
export function classifyFailure(error: unknown): SendFailure {
  const e = error as { responseCode?: number; code?: string; response?: string; message?: string };
  const reason = e.response ?? e.message ?? String(error);
  if (typeof e.responseCode === 'number') return { permanent: e.responseCode >= 500, reason: `${reason}` };
  return { permanent: e.code === 'EENVELOPE' || e.code === 'EMESSAGE', reason: e.code ? `${e.code}: ${reason}` : reason };
}

/** Minutes before the next attempt after `attempts` tries: 1, 2, 4 … up to an hour. */
export function retryDelayMinutes(attempts: number): number {
  return Math.min(60, 2 ** Math.max(0, attempts - 1));
}
