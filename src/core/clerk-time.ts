/**
 * Times as clerks type them in a 台账, rewritten to the one shape the parser reads (`2026-11-05` or
 * `2026-11-05 14:30[:ss]`). Pure text work: whether the date exists is the parser's question.
 *
 * Accepted: full-width digits and punctuation (２０２６－１１－０５, 14：30, as a Chinese input method types them);
 * `2026年11月5日` with an optional `14时30分` / `14点30分` / `14:30`; `2026/11/5`, `2026.11.5`, `2026-11-5`
 * (one-digit months and days, as Excel's CSV writes them); `20261105`; a one-digit hour (`9:05`).
 */
export function normaliseClerkTime(text: string): string {
  if (ALREADY_PLAIN.test(text)) return text;
  const ascii = toHalfWidth(text).trim();
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(ascii);
  if (compact) return `${compact[1]}-${compact[2]}-${compact[3]}`;
  const match = DATE_WITH_TIME.exec(ascii);
  if (!match) return ascii;
  const [, year, month, day, rest] = match as unknown as [string, string, string, string, string];
  const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const time = rest.trim();
  if (time === '') return date;
  const clock = COLON_CLOCK.exec(time) ?? CHINESE_CLOCK.exec(time);
  if (!clock) return `${date}${rest}`;
  const [, hour, minute, second] = clock as unknown as [string, string, string | undefined, string | undefined];
  return `${date} ${hour.padStart(2, '0')}:${(minute ?? '0').padStart(2, '0')}${second === undefined ? '' : `:${second.padStart(2, '0')}`}`;
}

/** The shape the template asks for, by far the most common: nothing to rewrite. */
const ALREADY_PLAIN = /^\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?$/;

/** A date in any of the accepted spellings, then whatever follows (the time, or an offset the parser reads). */
const DATE_WITH_TIME = /^(\d{4})(?:年|[-/.])(\d{1,2})(?:月|[-/.])(\d{1,2})日?(.*)$/;

/** `14:30`, `9:05:30`. */
const COLON_CLOCK = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;
/** `14时30分`, `14点30分05秒`, `14时` (a whole hour). */
const CHINESE_CLOCK = /^(\d{1,2})[时点](?:(\d{1,2})分(?:(\d{1,2})秒)?)?$/;

/** Full-width ASCII (U+FF01–FF5E) and the ideographic space to their half-width forms. */
function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}
