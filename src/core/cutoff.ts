/**
 * The time of day a deadline day ends at (截止时间): 24:00 by default (Civil Code art. 203: the last day ends at
 * 24:00, or at close of business where there are business hours).
 */
export type Cutoff = { readonly hour: number; readonly minute: number };

export const END_OF_DAY: Cutoff = { hour: 24, minute: 0 };

/** A cut-off before noon would end deadline days before the working day is half over: surely a typo. */
const EARLIEST_CUTOFF_HOUR = 12;

/** "HH:MM" from 12:00 to 24:00; undefined otherwise. */
export function parseCutoff(text: string): Cutoff | undefined {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (!match) return undefined;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  if (hour === 24 && minute === 0) return END_OF_DAY;
  if (hour < EARLIEST_CUTOFF_HOUR || hour > 23 || minute > 59) return undefined;
  return { hour, minute };
}

export function formatCutoff(cutoff: Cutoff): string {
  return `${String(cutoff.hour).padStart(2, '0')}:${String(cutoff.minute).padStart(2, '0')}`;
}
