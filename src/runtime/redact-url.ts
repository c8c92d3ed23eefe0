import { InputError } from '../core/errors.js';

/** Query parameters that carry a secret: pg and ioredis both take `?password=`. */
const SECRET_PARAMS = /^(password|pass|passwd|pwd|secret|token|sslpassword|sslkey)$/i;

const UNREADABLE = '(a URL that cannot be read; its text is not shown, as it may hold a password)';

/**
 * A connection URL as logs, summaries and errors may show it: the password of its user part and every secret
 * query parameter replaced by ***; a URL that does not parse is not shown at all (its text may be all secret).
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return UNREADABLE;
  }
  if (parsed.password) parsed.password = '***';
  for (const name of [...parsed.searchParams.keys()]) if (SECRET_PARAMS.test(name)) parsed.searchParams.set(name, '***');
  return parsed.toString();
}

/** The secrets a URL carries, as they may appear in a driver's message: raw and percent-decoded. */
function secretsOf(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [url];
  }
  const secrets = [parsed.password, ...[...parsed.searchParams].filter(([name]) => SECRET_PARAMS.test(name)).map(([, value]) => value)];
  return secrets.filter((s) => s.length > 0).flatMap((s) => [s, safeDecode(s), encodeURIComponent(s)]);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A message (a driver's error) with the URL's secrets, and the URL itself, taken out. */
export function redactIn(message: string, url: string): string {
  let text = message.split(url).join(redactUrl(url));
  for (const secret of secretsOf(url).sort((a, b) => b.length - a.length)) text = text.split(secret).join('***');
  return text;
}

/**
 * A URL that carries a secret (SMTP_URL, DATABASE_URL, REDIS_URL), read with the WHATWG parser, or an error that does
 * not show it: its text may be all password. The drivers would otherwise hand a URL they read leniently to Node's
 * legacy parser, whose deprecation warning (DEP0170) prints it whole.
 */
export function readSecretUrl(variable: string, url: string, example: string): URL {
  try {
    return new URL(url);
  } catch {
    throw new InputError(
      `${variable} cannot be read as a URL (its text is not shown: it may hold a password). Is the port a number? Are / # ? @ : in the user name or password percent-encoded (%2F %23 %3F %40 %3A)? Write it like ${example}`,
    );
  }
}
