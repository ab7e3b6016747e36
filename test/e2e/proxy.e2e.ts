/**
 * Firefox behind a proxy (issue 13): Vigie makes no DNS query of its own. Firefox gives Vigie `dns.resolve`, which
 * Vigie uses to read a host's CNAME; behind a proxy the proxy resolves names, so Vigie must not ask (and it always asks
 * with the `offline` flag: Firefox's cache only). Observed for real: Firefox's own DNS table (about:networking) holds
 * every name anything in the browser resolved, and the background counts its reads of that cache (get-stats).
 * A small HTTP proxy in the test forwards to the demo server; the verdict says the address seen is the proxy's.
 * Chromium has no DNS API for extensions: nothing to test there.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, type Harness } from './harness.ts';

interface Proxy {
  port: number;
  /** The hosts of the requests it forwarded. */
  hosts: string[];
  close(): Promise<void>;
}

/**
 * A name only the proxy knows: Firefox's DNS table lists the names it resolved natively, not the demo names it maps
 * through `network.dns.localDomains`, so the page behind the proxy needs a name that a DNS query would reveal.
 */
const PROXY_ONLY_HOST = 'sante-par-proxy.test';
const PROXIED_SITE = 'inconnu-sante-demo.test';

/** A plain HTTP proxy that forwards every request to the demo server (the proxy-only name to one demo site). */
async function startProxy(demoPort: number): Promise<Proxy> {
  const hosts: string[] = [];
  const server: Server = createServer((req, res) => {
    const target = new URL(req.url ?? '/', 'http://invalid');
    hosts.push(target.hostname);
    const headers = { ...req.headers, host: `${target.hostname === PROXY_ONLY_HOST ? PROXIED_SITE : target.hostname}:${demoPort}` };
    const upstream = request({ host: '127.0.0.1', port: demoPort, path: target.pathname + target.search, method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hosts,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

describe('Firefox behind a proxy', () => {
  let h: Harness;
  let proxy: Proxy;
  beforeAll(async () => {
    h = await launch('firefox');
    proxy = await startProxy(h.server.port);
    // The read counter lives in the background: keep the event page up for this test (the harness lets it sleep at 2 s).
    await h.firefox!.setPrefs({ 'extensions.background.idle.timeout': 120_000, 'network.dns.disablePrefetch': true });
  });
  afterAll(async () => {
    await h?.close();
    await proxy?.close();
  });

  it('no DNS query of Vigie\'s own behind a proxy, and a verdict that says the address is the proxy\'s; without it, the CNAME is read', async () => {
    const host = PROXY_ONLY_HOST;
    const reads = async () => (await h.stats()).apiCalls.dnsCacheReads;
    await h.firefox!.setPrefs({ 'network.proxy.type': 1, 'network.proxy.http': '127.0.0.1', 'network.proxy.http_port': proxy.port, 'network.proxy.no_proxies_on': '' });
    await h.firefox!.clearDnsCache();
    const before = await h.stats();

    const proxied = await h.open(h.url(host, '/?through-proxy'));
    const report = await h.waitForReport(proxied.tabId, (r) => r.host === host && r.main !== null && r.health !== null, 'the report through the proxy');
    expect(proxy.hosts).toContain(host);
    // The address seen is the proxy's: no provider is named from it.
    expect(report.main).toMatchObject({ provider: null, level: 'unknown' });
    expect(report.main!.evidence.map((e) => e.kind)).toContain('proxy');
    // Firefox resolved nothing for the name (the proxy did), and neither did Vigie; nor did it even read the cache.
    expect(await h.firefox!.dnsCacheHosts()).not.toContain(host);
    const after = await h.stats();
    expect(after.startedAt).toBe(before.startedAt);
    expect(after.apiCalls.dnsCacheReads).toBe(before.apiCalls.dnsCacheReads);

    // The DNS table does show a query an extension makes for that name (it fails: no such name), so the check above
    // can fail.
    await h.ext(async (name: string) => {
      const dns = (globalThis as unknown as { browser: { dns: { resolve(host: string, flags: string[]): Promise<unknown> } } }).browser.dns;
      await dns.resolve(name, ['canonical_name']).catch(() => undefined);
    }, host);
    expect(await h.firefox!.dnsCacheHosts()).toContain(host);

    // Without the proxy, a demo page at its own address: Vigie reads Firefox's DNS cache for the host's CNAME.
    await h.firefox!.setPrefs({ 'network.proxy.type': 0 });
    const direct = await h.open(h.url(PROXIED_SITE, '/?direct'));
    const directReport = await h.waitForReport(direct.tabId, (r) => r.host === PROXIED_SITE && r.main?.ip === '127.0.0.1' && r.health !== null, 'the direct report');
    expect(directReport.main).toMatchObject({ ipScope: 'loopback', level: 'unknown' });
    expect(directReport.main!.evidence.map((e) => e.kind)).not.toContain('proxy');
    for (let i = 0; i < 50 && (await reads()) === after.apiCalls.dnsCacheReads; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await reads()).toBeGreaterThan(after.apiCalls.dnsCacheReads);
  });
});
