import { lookup as dnsLookup } from 'node:dns';
import { STATUS_CODES } from 'node:http';
import type { LookupFunction } from 'node:net';
import iconv from 'iconv-lite';
import { Agent, request } from 'undici';
import { hostAllowed, insideNetwork, isForbiddenAddress, urlRefusal } from './address-guard.js';

/** How the publication check (网上巡查) fetches a registered web address. */
export interface FetchPageOptions {
  timeoutMs: number; // the whole fetch, redirects included (default 10000)
  maxBytes: number; // body cap (default 2 MiB): the rest of a longer page is never read
  maxRedirects: number; // default 3
  allowHosts: readonly string[]; // the jurisdiction's own intranet sites, which may resolve to internal addresses
  userAgent?: string;
}

export type FetchOutcome =
  | { kind: 'answered'; status: number; finalUrl: string; text: string; truncated: boolean }
  | { kind: 'unreachable'; reason: string }
  | { kind: 'refused'; reason: string };

export const FETCH_DEFAULTS = { timeoutMs: 10_000, maxBytes: 2 * 1024 * 1024, maxRedirects: 3 } as const;
export const DEFAULT_USER_AGENT = 'disclosure-watch publication check (政务公开网上巡查)';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Government pages mislabelled GB2312 use GBK characters; GB18030 is the superset browsers decode them with. */
const GB_LABELS = new Set(['gb2312', 'gbk', 'x-gbk', 'cp936', 'windows-936', 'csgb2312', 'gb_2312-80', 'chinese', 'gb18030']);

/** Raised inside the connection's own lookup, so it comes back out of undici as itself and reads as a refusal. */
class Refusal extends Error {}

/**
 * The lookup of every connection the Agent opens: the addresses vetted are the ones connected to, so a name
 * that answers a public address to a first query and 10.x to the next (DNS rebinding) gains nothing. Node asks
 * with `all: true` (it tries each address in turn), so every address must pass, not only the first.
 */
function vettedLookup(allowHosts: readonly string[]): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { family: options.family, hints: options.hints, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      const bad = hostAllowed(hostname, allowHosts) ? undefined : addresses.find((a) => isForbiddenAddress(a.address));
      if (bad) return callback(new Refusal(insideNetwork(bad.address, hostname)), '');
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND', hostname }), '');
      if (options.all) callback(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}

// (`URL.parse` would do, but it needs Node 22; Node 20 is still supported.)
const parseUrl = (text: string, base?: URL) => (URL.canParse(text, base) ? new URL(text, base) : null);

/** undici refuses header values outside ASCII: the Chinese part of the User-Agent goes percent-encoded. */
const headerSafe = (text: string) => text.replace(/[^\x20-\x7e]+/gu, (s) => encodeURIComponent(s));

type Body = AsyncIterable<Buffer> & { destroy(): unknown; on(event: 'error', listener: () => void): unknown };

/** Drops a body unread. undici's body emits 'error' when destroyed before its end: unheard, that would crash. */
function discard(body: Body): void {
  body.on('error', () => undefined);
  body.destroy();
}

/** The bytes of a body up to the cap; a longer body is cut there and its stream destroyed (the socket with it). */
async function readCapped(body: Body, maxBytes: number) {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    if (chunk.length > maxBytes - size) {
      chunks.push(chunk.subarray(0, maxBytes - size));
      discard(body);
      return { bytes: Buffer.concat(chunks), truncated: true };
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return { bytes: Buffer.concat(chunks), truncated: false };
}

const charsetIn = (text: string | undefined) => /charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(text ?? '')?.[1]?.toLowerCase();

/**
 * The page as text. Charset from Content-Type, else from a <meta> in the first 1024 bytes (where browsers look),
 * else UTF-8 — unless the bytes are not UTF-8 at all, when GB18030 is what a zh-CN browser would have shown.
 */
export function decodePage(bytes: Buffer, contentType: string | undefined): string {
  const meta = /<meta[^>]+charset[^>]*>/i.exec(bytes.subarray(0, 1024).toString('latin1'))?.[0];
  const label = charsetIn(contentType) ?? charsetIn(meta);
  if (label && GB_LABELS.has(label)) return iconv.decode(bytes, 'gb18030');
  if (label && label !== 'utf-8' && label !== 'utf8' && iconv.encodingExists(label)) return iconv.decode(bytes, label);
  try {
    // stream: true, so a multi-byte character cut by the size cap is dropped instead of making the page "invalid".
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
  } catch {
    return label ? new TextDecoder('utf-8').decode(bytes) : iconv.decode(bytes, 'gb18030');
  }
}

/** Why an answer's body is not worth reading: an error status, or compression though identity was asked for. */
function unusable(status: number, encoding: unknown): string | null {
  if (status >= 400) return `the server answered ${status} ${STATUS_CODES[status] ?? ''}`.trim();
  if (typeof encoding === 'string' && encoding !== 'identity') return `the server sent the page compressed (${encoding}), which was not asked for`;
  return null;
}

/** What a failed fetch tells a clerk: a refusal from the lookup, the time limit, or why no connection was made. */
function failure(err: unknown, signal: AbortSignal, timeoutMs: number): FetchOutcome {
  if (err instanceof Refusal) return { kind: 'refused', reason: err.message };
  if (signal.aborted) return { kind: 'unreachable', reason: `no answer within ${timeoutMs / 1000} s` };
  const { code, message, hostname } = err as { code?: string; message?: string; hostname?: string };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { kind: 'unreachable', reason: `the name ${hostname ?? ''} could not be resolved (${code})` };
  if (code === 'ECONNREFUSED') return { kind: 'unreachable', reason: 'the server refused the connection (ECONNREFUSED)' };
  // Expired and self-signed certificates are common on government sites; OpenSSL's own text means nothing to a clerk.
  if (code && /SSL|TLS|CERT|UNABLE_TO|SELF_SIGNED/.test(code)) return { kind: 'unreachable', reason: `the secure connection (HTTPS) failed (${code})` };
  return { kind: 'unreachable', reason: `no usable answer: ${(message ?? String(err)).split('\n')[0]}${code ? ` (${code})` : ''}` };
}

/**
 * Fetches a registered web address for the publication check. Redirects are followed by hand so that every hop
 * is vetted again (scheme, allow-list, address); one time limit covers all of it. Never rejects.
 */
export async function fetchPage(url: string, options: FetchPageOptions): Promise<FetchOutcome> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  // One Agent per fetch: its lookup carries this jurisdiction's allow-list, and destroying it leaves no socket.
  const agent = new Agent({ connect: { lookup: vettedLookup(options.allowHosts) } });
  const headers = { accept: 'text/html', 'accept-encoding': 'identity', 'user-agent': headerSafe(options.userAgent ?? DEFAULT_USER_AGENT) };
  try {
    let current = parseUrl(url);
    if (!current) return { kind: 'refused', reason: `not a web address: ${url}` };
    for (let hop = 0; ; hop += 1) {
      const refusal = urlRefusal(current, options.allowHosts);
      if (refusal) return { kind: 'refused', reason: hop === 0 ? refusal : `redirected to ${current.href}: ${refusal}` };
      const { statusCode: status, headers: answer, body } = await request(current, { dispatcher: agent, signal, headers });
      const location = answer.location;
      if (REDIRECTS.has(status) && typeof location === 'string') {
        await body.dump({ limit: 64 * 1024, signal });
        if (hop >= options.maxRedirects) return { kind: 'refused', reason: `more than ${options.maxRedirects} redirects` };
        const next = parseUrl(location, current);
        if (!next) return { kind: 'refused', reason: `a redirect to an address that cannot be read: ${location}` };
        current = next;
        continue;
      }
      const problem = unusable(status, answer['content-encoding']);
      if (problem) {
        discard(body);
        return { kind: 'unreachable', reason: problem };
      }
      const { bytes, truncated } = await readCapped(body, options.maxBytes);
      const contentType = answer['content-type'];
      const text = decodePage(bytes, typeof contentType === 'string' ? contentType : undefined);
      return { kind: 'answered', status, finalUrl: current.href, text, truncated };
    }
  } catch (err) {
    return failure(err, signal, options.timeoutMs);
  } finally {
    await agent.destroy().catch(() => undefined);
  }
}
