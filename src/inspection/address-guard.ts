import { BlockList, isIP } from 'node:net';

/**
 * Addresses the publication check (网上巡查) must not reach on behalf of a web address a department typed in:
 * the worker sits inside the government network (政务内网), so a registered "page" pointing at 10.x or at the
 * cloud metadata service (169.254.169.254) would turn the check into a probe of the network it runs in.
 */
const IPV4_RANGES: ReadonlyArray<readonly [string, number]> = [
  ['0.0.0.0', 8], // "this network" (本网络), incl. 0.0.0.0
  ['10.0.0.0', 8], // private (私有地址, RFC 1918)
  ['100.64.0.0', 10], // carrier-grade NAT (运营商级NAT, RFC 6598)
  ['127.0.0.0', 8], // loopback (环回)
  ['169.254.0.0', 16], // link-local (链路本地), incl. cloud metadata
  ['172.16.0.0', 12], // private (RFC 1918)
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation TEST-NET-1
  ['192.88.99.0', 24], // 6to4 relay anycast (deprecated)
  ['192.168.0.0', 16], // private (RFC 1918)
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation TEST-NET-2
  ['203.0.113.0', 24], // documentation TEST-NET-3
  ['224.0.0.0', 4], // multicast (组播)
  ['240.0.0.0', 4], // reserved, incl. broadcast 255.255.255.255 (广播)
];

const IPV6_RANGES: ReadonlyArray<readonly [string, number]> = [
  ['::', 96], // unspecified ::, loopback ::1 and the deprecated IPv4-compatible ::a.b.c.d
  ['64:ff9b:1::', 48], // local-use NAT64 (RFC 8215)
  ['100::', 64], // discard-only
  ['2001::', 23], // IETF protocol assignments, incl. Teredo 2001::/32 and benchmarking
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: wraps an IPv4 address we would have to vet again
  ['3fff::', 20], // documentation (RFC 9637)
  ['fc00::', 7], // unique-local (唯一本地, fd00::/8 in practice)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];

const blocked = new BlockList();
for (const [net, prefix] of IPV4_RANGES) blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of IPV6_RANGES) blocked.addSubnet(net, prefix, 'ipv6');

/** The eight 16-bit groups of an IPv6 address (a trailing dotted IPv4 part becomes the last two). */
function ipv6Groups(ip: string): number[] {
  let text = ip;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const [a, b, c, d] = dotted[1].split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const part = (s: string) => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const left = part(head);
  const right = tail === undefined ? [] : part(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/**
 * The IPv4 address carried inside an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) address, which
 * reaches that IPv4 host: it must be judged as that host. Null for any other IPv6 address.
 */
function embeddedIpv4(ip: string): string | null {
  const g = ipv6Groups(ip);
  const mapped = g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff;
  const nat64 = g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0);
  if (!mapped && !nat64) return null;
  const [hi = 0, lo = 0] = g.slice(6);
  return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');
}

/**
 * True when `ip` points inside the network or at no real host (loopback, private, link-local, CGNAT, multicast,
 * documentation, reserved…). Anything that is not a readable IP address counts as forbidden: fail closed.
 */
export function isForbiddenAddress(ip: string): boolean {
  const bare = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, ''); // brackets of a URL host, zone id of fe80::1%eth0
  const family = isIP(bare);
  if (family === 4) return blocked.check(bare, 'ipv4');
  if (family !== 6) return true;
  const inner = embeddedIpv4(bare);
  if (inner !== null) return blocked.check(inner, 'ipv4');
  return blocked.check(bare, 'ipv6');
}

/** A host name as it is compared: lower case, without a trailing dot, an IPv6 literal without its brackets. */
function hostKey(hostname: string): string {
  return hostname.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
}

/**
 * Hosts on the jurisdiction's allow-list (its own intranet portal, e.g. www.tinghu.gov.cn on 10.x) may resolve
 * to forbidden addresses; no other host may. Exact names only, no wildcards: each intranet site is named.
 */
export function hostAllowed(hostname: string, allowHosts: readonly string[]): boolean {
  const key = hostKey(hostname);
  return allowHosts.some((allowed) => hostKey(allowed) === key);
}

/** What a clerk reads when a registered address leads inside the network. */
export function insideNetwork(address: string, host: string): string {
  const named = host === address ? '' : ` of ${host}`;
  return `the address ${address}${named} points inside the network (not on the jurisdiction's allow-list)`;
}

/**
 * Why a web address must not be fetched at all (scheme, credentials, an internal IP literal), or null. An IP
 * literal is connected to without any DNS lookup, so this is the only place its address is vetted.
 */
export function urlRefusal(url: URL, allowHosts: readonly string[]): string | null {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `only http and https addresses are checked, not ${url.protocol}`;
  if (url.username || url.password) return 'the address carries a user name or password';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && isForbiddenAddress(host) && !hostAllowed(host, allowHosts)) return insideNetwork(host, host);
  return null;
}
