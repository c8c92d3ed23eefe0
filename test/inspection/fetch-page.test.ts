import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostAllowed, isForbiddenAddress } from '../../src/inspection/address-guard.js';
import { decodePage, FETCH_DEFAULTS, fetchPage, type FetchOutcome, type FetchPageOptions } from '../../src/inspection/fetch-page.js';
import { pageShowsItem } from '../../src/inspection/page-shows-item.js';

const item = { title: '关于2026年第三季度政务公开工作要点的通知', reference: '汀府办发〔2026〕12号' };
const html = (head: string, body: string) => `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;

const hits: string[] = [];
let lastHeaders: IncomingHttpHeaders = {};
let slowSocket: Promise<void> = Promise.resolve();
let bigBytesSent = -1;
let server: Server;
let base = '';
let port = 0;

/** Handlers by path; `/chain/N` redirects N more times before it ends in a page. */
function handle(path: string, res: import('node:http').ServerResponse, socket: Socket) {
  const chain = /^\/chain\/(\d+)$/.exec(path);
  if (chain) {
    const left = Number(chain[1]);
    if (left === 0) return res.end(html('', `<p>${item.title}</p>`));
    return res.writeHead(302, { location: `/chain/${left - 1}` }).end();
  }
  const redirect = (location: string) => res.writeHead(302, { location }).end();
  switch (path) {
    case '/title':
      return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html('', `<h1>${item.title}</h1>`));
    case '/gbk-header':
      return res.writeHead(200, { 'content-type': 'text/html; charset=GBK' }).end(iconv.encode(html('', `<h1>${item.title}</h1>`), 'gbk'));
    case '/gbk-meta': {
      const head = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">';
      return res.writeHead(200, { 'content-type': 'text/html' }).end(iconv.encode(html(head, `<h1>${item.title}</h1>`), 'gbk'));
    }
    case '/plain':
      return res.end(html('<meta charset="utf-8">', '<p>本栏目暂无信息</p>'));
    case '/missing':
      return res.writeHead(404).end('not here');
    case '/to-internal':
      return redirect('http://10.1.2.3/x');
    case '/to-localhost':
      return redirect(`http://localhost:${port}/target`);
    case '/to-file':
      return redirect('file:///etc/passwd');
    case '/to-ftp':
      return redirect(`ftp://127.0.0.1:${port}/target`);
    case '/slow': {
      slowSocket = once(socket, 'close').then(() => undefined);
      const timer = setTimeout(() => res.end('too late'), 10_000);
      return socket.once('close', () => clearTimeout(timer));
    }
    case '/dribble': {
      res.writeHead(200, { 'content-type': 'text/html' }).write('<p>the start');
      const timer = setInterval(() => res.write(' .'), 100); // a page that never ends
      return socket.once('close', () => clearInterval(timer));
    }
    case '/big': {
      let sent = 0;
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = () => {
        while (sent < 5_000_000 && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.once('close', () => (bigBytesSent = sent));
      res.writeHead(200, { 'content-type': 'text/html' });
      return pump();
    }
    default:
      return res.writeHead(200).end('target');
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    lastHeaders = req.headers;
    handle(req.url ?? '', res, req.socket);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
});

const options = (more: Partial<FetchPageOptions> = {}): FetchPageOptions => ({ ...FETCH_DEFAULTS, allowHosts: ['127.0.0.1'], ...more });
const fetchFrom = (path: string, more?: Partial<FetchPageOptions>) => fetchPage(`${base}${path}`, options(more));
const answered = (outcome: FetchOutcome) => {
  if (outcome.kind !== 'answered') throw new Error(`expected an answer, got ${JSON.stringify(outcome)}`);
  return outcome;
};

describe('fetchPage answers', () => {
  it('reads a UTF-8 page that shows the title, sending Accept, a User-Agent and no cookie', async () => {
    const page = answered(await fetchFrom('/title'));
    expect(page).toMatchObject({ status: 200, finalUrl: `${base}/title`, truncated: false });
    expect(pageShowsItem(page.text, item)).toBe(true);
    expect(lastHeaders.accept).toBe('text/html');
    expect(lastHeaders.cookie).toBeUndefined();
    expect(decodeURIComponent(lastHeaders['user-agent'] ?? '')).toBe('disclosure-watch publication check (政务公开网上巡查)');
  });

  it.each(['/gbk-header', '/gbk-meta'])('decodes a GBK page (%s)', async (path) => {
    const page = answered(await fetchFrom(path));
    expect(page.text).toContain(item.title);
    expect(pageShowsItem(page.text, item)).toBe(true);
  });

  it('reads a page without the title as answered but not showing it', async () => {
    const page = answered(await fetchFrom('/plain'));
    expect(page.text).toContain('本栏目暂无信息');
    expect(pageShowsItem(page.text, item)).toBe(false);
  });

  it('follows a chain of 3 redirects to the final page', async () => {
    const page = answered(await fetchFrom('/chain/3'));
    expect(page.finalUrl).toBe(`${base}/chain/0`);
    expect(pageShowsItem(page.text, item)).toBe(true);
  });

  it('stops reading at maxBytes and says the page was cut', async () => {
    const page = answered(await fetchFrom('/big', { maxBytes: 64 * 1024 }));
    expect(page.truncated).toBe(true);
    expect(page.text.length).toBe(64 * 1024);
    await expect.poll(() => bigBytesSent).toBeGreaterThan(0);
    expect(bigBytesSent).toBeLessThan(5_000_000); // the connection was dropped, not drained
  });

  it('lets an allow-listed name resolve inside the network (case-insensitive)', async () => {
    const page = answered(await fetchPage(`http://localhost:${port}/title`, options({ allowHosts: ['LOCALHOST'] })));
    expect(pageShowsItem(page.text, item)).toBe(true);
  });
});

describe('fetchPage: unreachable', () => {
  it('names the status of a 404', async () => {
    expect(await fetchFrom('/missing')).toEqual({ kind: 'unreachable', reason: 'the server answered 404 Not Found' });
  });

  it('gives up at the time limit and closes the connection', async () => {
    const started = Date.now();
    const outcome = await fetchFrom('/slow', { timeoutMs: 300 });
    // Well under the 10 s the page would take (generous: a loaded machine delays timers).
    expect(Date.now() - started).toBeLessThan(5000);
    expect(outcome).toEqual({ kind: 'unreachable', reason: 'no answer within 0.3 s' });
    await expect(Promise.race([slowSocket.then(() => 'closed'), new Promise((r) => setTimeout(r, 5000, 'open'))])).resolves.toBe('closed');
  });

  it('gives up on a body that never ends: the limit covers the body too', async () => {
    const started = Date.now();
    expect(await fetchFrom('/dribble', { timeoutMs: 400 })).toEqual({ kind: 'unreachable', reason: 'no answer within 0.4 s' });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('names a failed HTTPS handshake plainly (here: https to a plain-HTTP port)', async () => {
    const outcome = await fetchPage(`https://127.0.0.1:${port}/title`, options());
    expect(outcome.kind).toBe('unreachable');
    expect(outcome.kind === 'unreachable' && outcome.reason).toMatch(/^the secure connection \(HTTPS\) failed \(ERR_SSL_\w+\)$/);
  });

  it('reports a name that does not resolve', async () => {
    const outcome = await fetchPage('http://no-such-host.invalid/', options());
    expect(outcome.kind).toBe('unreachable');
    expect(outcome.kind === 'unreachable' && outcome.reason).toMatch(/no-such-host\.invalid could not be resolved/);
  });
});

describe('fetchPage refuses', () => {
  const refusedWith = async (outcome: Promise<FetchOutcome>, reason: RegExp) => {
    const result = await outcome;
    expect(result.kind).toBe('refused');
    expect(result.kind === 'refused' && result.reason).toMatch(reason);
  };

  it('a redirect to an internal IP literal', async () => {
    await refusedWith(fetchFrom('/to-internal'), /^redirected to http:\/\/10\.1\.2\.3\/x: the address 10\.1\.2\.3 points inside the network/);
  });

  it('a redirect to localhost, which resolves to loopback at connect time, without reaching it', async () => {
    const before = hits.filter((h) => h === '/target').length;
    await refusedWith(fetchFrom('/to-localhost'), /the address (127\.0\.0\.1|::1) of localhost points inside the network \(not on the jurisdiction's allow-list\)/);
    expect(hits.filter((h) => h === '/target').length).toBe(before);
  });

  it('a chain of 4 redirects', async () => {
    const before = hits.filter((h) => h === '/chain/0').length;
    await refusedWith(fetchFrom('/chain/4'), /more than 3 redirects/);
    expect(hits.filter((h) => h === '/chain/0').length).toBe(before);
  });

  it.each([
    ['/to-file', /only http and https .* not file:/],
    ['/to-ftp', /only http and https .* not ftp:/],
  ])('a redirect to another scheme (%s)', async (path, reason) => {
    await refusedWith(fetchFrom(path), reason);
  });

  it('an address with credentials, and one that is not a web address', async () => {
    await refusedWith(fetchPage(`http://user:pass@127.0.0.1:${port}/title`, options()), /user name or password/);
    await refusedWith(fetchPage('not a url', options()), /not a web address/);
  });

  it('loopback IP literals that are not allow-listed, before connecting', async () => {
    const trap = createServer((_req, res) => res.end('reached'));
    let connections = 0;
    trap.on('connection', () => (connections += 1));
    trap.listen(0, '127.0.0.2');
    await once(trap, 'listening');
    const trapPort = (trap.address() as AddressInfo).port;
    await refusedWith(fetchPage(`http://127.0.0.2:${trapPort}/`, options()), /^the address 127\.0\.0\.2 points inside the network/);
    await refusedWith(fetchPage(`http://[::1]:${port}/`, options()), /^the address ::1 points inside/);
    await refusedWith(fetchPage('http://[::ffff:127.0.0.1]/', options()), /^the address ::ffff:7f00:1 points inside/);
    expect(connections).toBe(0);
    trap.close();
  });
});

describe('after all fetches', () => {
  it('leaves no connection open at the server', async () => {
    const open = () => new Promise<number>((resolve, reject) => server.getConnections((err, n) => (err ? reject(err) : resolve(n))));
    await expect.poll(open, { timeout: 2000 }).toBe(0);
  });
});

describe('decodePage', () => {
  const gbk = iconv.encode(`<p>${item.title}</p>`, 'gbk');
  it('reads an unlabelled page that is not UTF-8 as GB18030, as a zh-CN browser would', () => {
    expect(decodePage(gbk, 'text/html')).toContain(item.title);
  });
  it('prefers Content-Type to the meta tag, and takes an unknown charset as UTF-8', () => {
    const utf8 = Buffer.from(`<meta charset="gbk"><p>${item.title}</p>`);
    expect(decodePage(utf8, 'text/html; charset="UTF-8"')).toContain(item.title);
    expect(decodePage(Buffer.from(`<p>${item.title}</p>`), 'text/html; charset=x-no-such-charset')).toContain(item.title);
  });
  it('drops a character cut in half by the size cap instead of misreading the page', () => {
    const cut = Buffer.from(`<p>${item.title}</p>`).subarray(0, 8); // 关 whole, 于 cut after 2 of its 3 bytes
    expect(decodePage(cut, undefined)).toBe('<p>关');
  });
});

describe('isForbiddenAddress', () => {
  it.each([
    ['8.8.8.8', false], ['114.114.114.114', false], ['2001:4860:4860::8888', false], ['240e:1::1', false], ['::ffff:8.8.8.8', false],
    ['127.0.0.1', true], ['10.0.0.1', true], ['172.16.5.4', true], ['192.168.1.1', true], ['169.254.169.254', true],
    ['100.64.1.1', true], ['0.0.0.0', true], ['255.255.255.255', true], ['224.0.0.1', true], ['198.51.100.7', true],
    ['::', true], ['::1', true], ['fe80::1', true], ['fe80::1%eth0', true], ['fd00::1', true], ['ff02::1', true],
    ['::ffff:192.168.1.1', true], ['::ffff:a00:1', true], ['64:ff9b::10.0.0.1', true], ['2001:db8::1', true], ['not an ip', true],
  ])('%s → %s', (ip, forbidden) => {
    expect(isForbiddenAddress(ip)).toBe(forbidden);
  });
});

describe('hostAllowed', () => {
  it('matches exact names case-insensitively, IPv6 without brackets, no wildcards', () => {
    expect(hostAllowed('WWW.Tinghu.gov.cn', ['www.tinghu.gov.cn'])).toBe(true);
    expect(hostAllowed('[::1]', ['::1'])).toBe(true);
    expect(hostAllowed('a.tinghu.gov.cn', ['tinghu.gov.cn', '*.tinghu.gov.cn'])).toBe(false);
    expect(hostAllowed('www.tinghu.gov.cn.evil.example', ['www.tinghu.gov.cn'])).toBe(false);
  });
});
