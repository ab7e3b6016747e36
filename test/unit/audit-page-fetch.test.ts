import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpPageFetcher, type PageRequest } from '../../src/cli/audit/page-fetch.ts';
import { SiteFailure } from '../../src/cli/site-error.ts';

// Real HTTP servers on 127.0.0.1; the fetcher is pinned to that address, so the host names below are never resolved.
const seen: { method: string; host: string; path: string; ua: string }[] = [];
let server: Server;
let port = 0;
const BIG_PAGE = `<html><head><title>Centre hospitalier</title></head><body>${'soins '.repeat(50_000)}</body></html>`;

function route(req: IncomingMessage, res: ServerResponse): void {
  seen.push({ method: req.method ?? '', host: req.headers.host ?? '', path: req.url ?? '', ua: req.headers['user-agent'] ?? '' });
  switch (req.url) {
    case '/':
      res.writeHead(200, { server: 'cloudflare', 'cf-ray': '8a1b2c3d4e5f-CDG', 'set-cookie': ['__cf_bm=secret-value; Path=/', 'sid=abc'], 'content-type': 'text/html' });
      res.end(req.method === 'HEAD' ? undefined : '<html><title>Accueil</title></html>');
      return;
    case '/no-head':
      if (req.method === 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      res.writeHead(200, { 'x-served-by': 'cache-par-lfpg1960021-PAR', 'content-type': 'text/html; charset=iso-8859-1' });
      res.end(Buffer.from('<title>H\xf4pital</title>', 'latin1'));
      return;
    case '/gzip':
      // Compressed although the request asked for identity.
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(gzipSync('<title>Centre hospitalier</title>'));
      return;
    case '/gzip-bomb':
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(64 << 20, 0x20)));
      return;
    case '/repeated':
      // A cache in front adding its own Server header: node:http keeps only the first copy of `server`.
      res.writeHead(200, [['Server', 'nginx'], ['Server', 'AmazonS3'], ['Location', '/a'], ['Location', '/b'], ['__proto__', 'x'], ['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2']]);
      res.end();
      return;
    case '/moved':
      res.writeHead(301, { location: '/fr/' }).end();
      return;
    case '/fr/':
      res.writeHead(200, { 'x-azure-ref': '0abc' }).end('<title>Bienvenue</title>');
      return;
    case '/elsewhere':
      res.writeHead(302, { location: 'https://other.example.test/' }).end();
      return;
    case '/big':
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(BIG_PAGE);
      return;
    case '/slow':
      return; // never answers
    case '/reset':
      req.socket.destroy();
      return;
    default:
      res.writeHead(404).end();
  }
}

beforeAll(async () => {
  server = createServer(route);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

// Loopback is where these test servers live; the refusal of non-public addresses has its own test below.
const fetcher = httpPageFetcher({ userAgent: 'vigie-audit-test', allowPrivate: true });
const at = (path: string, extra: Partial<PageRequest> = {}): PageRequest => ({
  url: `http://www.chu-exemple.test:${port}${path}`,
  ip: '127.0.0.1',
  wantBody: false,
  maxBytes: 64 * 1024,
  ...extra,
});

describe('audit header fetch (real HTTP on loopback)', () => {
  it('sends one HEAD with the site host name and returns lower-cased headers, cookie names only', async () => {
    seen.length = 0;
    const page = await fetcher.fetch(at('/'));
    expect(page).toMatchObject({ status: 200, method: 'HEAD' });
    expect(page.headers['server']).toBe('cloudflare');
    expect(page.headers['cf-ray']).toBe('8a1b2c3d4e5f-CDG');
    expect(page.headers['set-cookie']).toBe('__cf_bm, sid');
    expect(JSON.stringify(page)).not.toContain('secret-value');
    expect(page.body).toBeUndefined();
    expect(seen).toEqual([{ method: 'HEAD', host: `www.chu-exemple.test:${port}`, path: '/', ua: 'vigie-audit-test' }]);
  });

  it('keeps every copy of a repeated header, joined as Firefox joins them (node:http drops all but the first server)', async () => {
    const page = await fetcher.fetch(at('/repeated'));
    expect(page.headers['server']).toBe('nginx, AmazonS3');
    expect(page.headers['set-cookie']).toBe('a, b');
    expect(page.headers['location']).toBe('/a');
    expect(Object.hasOwn(page.headers, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(page.headers)).toBe(Object.prototype);
  });

  it('decompresses a body compressed although identity was asked, within the size cap of what it decodes to', async () => {
    const page = await fetcher.fetch(at('/gzip', { wantBody: true }));
    expect(Buffer.from(page.body!).toString()).toBe('<title>Centre hospitalier</title>');
    expect(page.truncated).toBeUndefined();
    const bomb = await fetcher.fetch(at('/gzip-bomb', { wantBody: true }));
    expect(bomb.body!.length).toBe(64 * 1024);
    expect(bomb.truncated).toBe(true);
  });

  it('falls back to GET when HEAD is refused', async () => {
    seen.length = 0;
    const page = await fetcher.fetch(at('/no-head'));
    expect(page).toMatchObject({ status: 200, method: 'GET' });
    expect(page.headers['x-served-by']).toMatch(/^cache-par/);
    expect(seen.map((s) => s.method)).toEqual(['HEAD', 'GET']);
  });

  it('follows a redirect on the same host but not one to another host', async () => {
    const moved = await fetcher.fetch(at('/moved'));
    expect(moved.status).toBe(200);
    expect(moved.url).toBe(`http://www.chu-exemple.test:${port}/fr/`);
    expect(moved.headers['x-azure-ref']).toBe('0abc');
    const away = await fetcher.fetch(at('/elsewhere'));
    expect(away.status).toBe(302);
    expect(away.headers['location']).toBe('https://other.example.test/');
  });

  it('reads the page with --page as sent, and cuts it at the size cap', async () => {
    const latin = await fetcher.fetch(at('/no-head', { wantBody: true }));
    expect(Buffer.from(latin.body ?? []).toString('latin1')).toBe('<title>H\xf4pital</title>');
    const big = await fetcher.fetch(at('/big', { wantBody: true, maxBytes: 10_000 }));
    expect(big.method).toBe('GET');
    expect(big.body).toHaveLength(10_000);
    expect(Buffer.from(big.body ?? []).toString('utf8').startsWith('<html><head><title>Centre hospitalier</title>')).toBe(true);
    expect(big.truncated).toBe(true);
  });

  it('reports a closed port as refused', async () => {
    const closed = createTcpServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await fetcher.fetch({ ...at('/'), url: `http://www.chu-exemple.test:${closedPort}/` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SiteFailure);
    expect((error as SiteFailure).errorClass).toBe('refused');
  });

  it('reports a dropped connection as an http-error', async () => {
    const error = await fetcher.fetch(at('/reset')).catch((e: unknown) => e);
    expect((error as SiteFailure).errorClass).toBe('http-error');
    expect((error as SiteFailure).message).toMatch(/ECONNRESET|socket hang up/);
  });

  it('abandons a slow server when the deadline aborts', async () => {
    // The server never answers /slow; the abort comes once the request has reached it, so only the abort can end it.
    const controller = new AbortController();
    const pending = fetcher.fetch(at('/slow', { signal: controller.signal })).catch((e: unknown) => e);
    while (!seen.some((s) => s.path === '/slow')) await new Promise((resolve) => setImmediate(resolve));
    controller.abort(new Error('deadline'));
    expect(((await pending) as Error).message).toBe('deadline');
  });

  it('refuses a non-public address before connecting unless private addresses are allowed, and says why', async () => {
    seen.length = 0;
    const guarded = httpPageFetcher({ userAgent: 'vigie-audit-test' });
    const cases: [string, RegExp][] = [
      ['127.0.0.1', /loopback/],
      ['10.1.2.3', /private address/],
      ['169.254.169.254', /cloud metadata/],
      ['100.64.0.1', /CGNAT/],
      ['fd12:3456::1', /private address/],
      ['fe80::1', /link-local/],
      ['::1', /loopback/],
      ['0.0.0.0', /unspecified/],
    ];
    for (const [ip, why] of cases) {
      const error = await guarded.fetch({ ...at('/'), ip }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SiteFailure);
      expect((error as SiteFailure).errorClass).toBe('private-address');
      expect((error as SiteFailure).message).toMatch(why);
      expect((error as SiteFailure).message).toMatch(/--allow-private/);
    }
    expect(seen).toEqual([]);
  });
});
