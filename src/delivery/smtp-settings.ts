import { InputError } from '../core/errors.js';
import { readSecretUrl } from '../runtime/redact-url.js';

/** The relay SMTP_URL names, read once, so that neither nodemailer nor a log ever sees the URL's text. */
export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  /** smtps: TLS from the start; smtp: STARTTLS when the relay offers it. */
  readonly secure: boolean;
  readonly auth?: { readonly user: string; readonly pass: string } | undefined;
  /** The relay as a person may read it: scheme, user, host and port; never the password. */
  readonly display: string;
}

const SHAPE = 'write it as smtp://host:587 or smtps://user:password@host:465';

/**
 * Reads SMTP_URL with the WHATWG parser. A URL it cannot read is reported without its text, since the text holds the
 * password; so is one with a path, a # part or options after ?, which is how a password with an unencoded / # or ?
 * in it comes out. Handing nodemailer the URL instead would print it whole, password included, through Node's
 * deprecation warning for URLs its legacy parser accepts and WHATWG does not (DEP0170).
 */
export function smtpSettings(url: string): SmtpSettings {
  const parsed = readSecretUrl('SMTP_URL', url, 'smtps://user:password@host:465');
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') throw new InputError(`SMTP_URL: the scheme is ${parsed.protocol.replace(/:$/, '')}; ${SHAPE}`);
  if (!parsed.hostname) throw new InputError(`SMTP_URL names no host; ${SHAPE}`);
  if ((parsed.pathname !== '' && parsed.pathname !== '/') || parsed.hash !== '' || parsed.search !== '') {
    throw new InputError(`SMTP_URL has a path, a # part or options after ? (not read; its text is not shown). If the password has / # or ? in it, percent-encode them (%2F %23 %3F); ${SHAPE}`);
  }
  const secure = parsed.protocol === 'smtps:';
  const port = parsed.port ? Number(parsed.port) : secure ? 465 : 587;
  const user = decode(parsed.username);
  const auth = user || parsed.password ? { user, pass: decode(parsed.password) } : undefined;
  const host = parsed.hostname;
  return { host, port, secure, auth, display: `${parsed.protocol}//${auth ? `${user}:***@` : ''}${parsed.host || host}${parsed.port ? '' : `:${port}`}` };
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new InputError('SMTP_URL: the user name or password has a % that is not percent-encoding (write % as %25)');
  }
}
