import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveHost, systemDnsClient, type DnsClient } from '../../src/cli/resolver.ts';
import { SiteFailure } from '../../src/cli/site-error.ts';
import { startTestDnsServer, type TestDnsServer } from '../fixtures/audit/dns-server.ts';

// The real node:dns resolver, pointed at a DNS server on 127.0.0.1: nothing leaves the machine.
let server: TestDnsServer;
let dns: DnsClient;
const fast = { retries: 2, backoffMs: 5 };

beforeAll(async () => {
  server = await startTestDnsServer({
    'www.hopital.test': { cname: 'hopital.cdn.test' },
    'hopital.cdn.test': { cname: 'edge.cdn.test' },
    'edge.cdn.test': { a: ['151.101.1.1', '151.101.65.1'] },
    'v6only.test': { aaaa: ['2001:41d0:301::21'] },
    'mail-only.test': {},
    'flaky.test': { servfailTimes: 2, a: ['51.91.1.1'] },
    'broken.test': { servfailTimes: 99, a: ['51.91.1.1'] },
    'refusing.test': { refused: true },
    'slow.test': { delayMs: 600_000, a: ['51.91.1.1'] },
    'loop-a.test': { cname: 'loop-b.test' },
    'loop-b.test': { cname: 'loop-a.test' },
  });
  dns = systemDnsClient({ servers: [server.address], timeoutMs: 2000 });
});
afterAll(() => server.close());

async function failureOf(promise: Promise<unknown>): Promise<SiteFailure> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(SiteFailure);
  return error as SiteFailure;
}

describe('audit resolver (node:dns against a loopback DNS server)', () => {
  it('follows the CNAME chain and returns the final addresses', async () => {
    expect(await resolveHost('www.hopital.test', dns, fast)).toEqual({
      addresses: ['151.101.1.1', '151.101.65.1'],
      cnames: ['hopital.cdn.test', 'edge.cdn.test'],
    });
  });

  it('falls back to IPv6 when the name has no IPv4 address', async () => {
    expect(await resolveHost('v6only.test', dns, fast)).toEqual({ addresses: ['2001:41d0:301::21'], cnames: [] });
  });

  it('reports NXDOMAIN and a name without address as different classes', async () => {
    expect((await failureOf(resolveHost('missing.test', dns, fast))).errorClass).toBe('nxdomain');
    expect((await failureOf(resolveHost('mail-only.test', dns, fast))).errorClass).toBe('no-address');
  });

  it('retries SERVFAIL with backoff and succeeds when the server recovers', async () => {
    const before = server.queries.filter((q) => q === 'flaky.test A').length;
    expect((await resolveHost('flaky.test', dns, fast)).addresses).toEqual(['51.91.1.1']);
    expect(server.queries.filter((q) => q === 'flaky.test A').length - before).toBe(3);
  });

  it('gives up after the retries with a dns-failure, and does not retry a refusal', async () => {
    const failure = await failureOf(resolveHost('broken.test', dns, fast));
    expect(failure.errorClass).toBe('dns-failure');
    expect(failure.message).toMatch(/ESERVFAIL/);
    expect(server.queries.filter((q) => q === 'broken.test A')).toHaveLength(3);
    expect((await failureOf(resolveHost('refusing.test', dns, fast))).errorClass).toBe('refused');
    expect(server.queries.filter((q) => q === 'refusing.test A')).toHaveLength(1);
  });

  it('reports a CNAME loop as a name without address', async () => {
    expect((await failureOf(resolveHost('loop-a.test', dns, fast))).errorClass).toBe('no-address');
  });

  it('abandons a slow answer as soon as the signal aborts', async () => {
    // The server sits on the query; the abort comes once the query has reached it, so only the abort can end the wait
    // (an answer would resolve, a resolver timeout would be a dns failure, not the signal's reason).
    const controller = new AbortController();
    const asked = server.queries.length;
    const pending = resolveHost('slow.test', dns, { ...fast, signal: controller.signal }).catch((e: unknown) => e);
    while (!server.queries.slice(asked).includes('slow.test A')) await new Promise((resolve) => setImmediate(resolve));
    controller.abort(new Error('deadline'));
    expect(((await pending) as Error).message).toBe('deadline');
  });

  it("aborts a retry backoff with the signal's own reason", async () => {
    const controller = new AbortController();
    let calls = 0;
    const client: DnsClient = {
      resolve4: async () => {
        calls++;
        queueMicrotask(() => controller.abort(new Error('interrupted')));
        throw Object.assign(new Error('try again'), { code: 'EAI_AGAIN' });
      },
      resolve6: async () => [],
      resolveCname: async () => [],
    };
    const error = await resolveHost('ameli.fr', client, { retries: 5, backoffMs: 600_000, signal: controller.signal }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('interrupted');
    expect(calls).toBe(1);
  });
});

describe('audit resolver (injected client)', () => {
  it('gives the IPv6 addresses after the IPv4 ones, not only when there is no IPv4', async () => {
    const client: DnsClient = {
      resolve4: async () => ['51.91.1.1'],
      resolve6: async () => ['2606:4700::6810:1'],
      resolveCname: async () => Promise.reject(Object.assign(new Error('no data'), { code: 'ENODATA' })),
    };
    expect(await resolveHost('dual.test', client, fast)).toEqual({ addresses: ['51.91.1.1', '2606:4700::6810:1'], cnames: [] });
    // A failed IPv6 query leaves the IPv4 answer; with no IPv4, its failure is the host's.
    client.resolve6 = async () => Promise.reject(Object.assign(new Error('server failure'), { code: 'ESERVFAIL' }));
    expect(await resolveHost('dual.test', client, fast)).toEqual({ addresses: ['51.91.1.1'], cnames: [] });
    client.resolve4 = async () => Promise.reject(Object.assign(new Error('no data'), { code: 'ENODATA' }));
    expect((await failureOf(resolveHost('dual.test', client, fast))).errorClass).toBe('dns-failure');
  });

  it('does not wait past a short grace for an IPv6 answer a broken server never gives, once IPv4 has answered', async () => {
    const client: DnsClient = {
      resolve4: async () => ['51.91.1.1'],
      resolve6: () => new Promise(() => undefined),
      resolveCname: async () => Promise.reject(Object.assign(new Error('no data'), { code: 'ENODATA' })),
    };
    expect(await resolveHost('dual.test', client, fast)).toEqual({ addresses: ['51.91.1.1'], cnames: [] });
  }, 10_000);

  it('walks a looping CNAME chain once and stops', async () => {
    const next: Record<string, string> = { 'a.test': 'b.test', 'b.test': 'c.test', 'c.test': 'a.test' };
    const client: DnsClient = {
      resolve4: async () => ['51.91.1.1'],
      resolve6: async () => [],
      resolveCname: async (name) => [next[name] ?? ''],
    };
    expect(await resolveHost('a.test', client, fast)).toEqual({ addresses: ['51.91.1.1'], cnames: ['b.test', 'c.test', 'a.test'] });
  });

  it('retries getaddrinfo-style EAI_AGAIN and keeps the answer', async () => {
    let calls = 0;
    const client: DnsClient = {
      resolve4: async () => {
        calls++;
        if (calls < 3) throw Object.assign(new Error('try again'), { code: 'EAI_AGAIN' });
        return ['92.222.1.1'];
      },
      resolve6: async () => [],
      resolveCname: async () => Promise.reject(Object.assign(new Error('no data'), { code: 'ENODATA' })),
    };
    expect(await resolveHost('ameli.fr', client, fast)).toEqual({ addresses: ['92.222.1.1'], cnames: [] });
    expect(calls).toBe(3);
    calls = -10;
    const failure = await failureOf(resolveHost('ameli.fr', client, { retries: 1, backoffMs: 1 }));
    expect(failure.errorClass).toBe('dns-failure');
    expect(failure.message).toMatch(/EAI_AGAIN/);
  });

  it('classifies an ETIMEOUT that outlives the retries as a timeout', async () => {
    const client: DnsClient = {
      resolve4: async () => Promise.reject(Object.assign(new Error('timeout'), { code: 'ETIMEOUT' })),
      resolve6: async () => [],
      resolveCname: async () => [],
    };
    expect((await failureOf(resolveHost('ameli.fr', client, fast))).errorClass).toBe('timeout');
  });
});
