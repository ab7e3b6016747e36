/**
 * Resolving a site's host the way a browser may reach it: its addresses (IPv4 then IPv6: a browser with IPv6 tries
 * that first) and the CNAME chain that led there, which often names the CDN or platform in front. Transient DNS errors are retried with
 * exponential backoff; permanent ones (NXDOMAIN, no address) are reported at once.
 */
import { Resolver } from 'node:dns/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { untilAborted } from './cancellation.ts';
import { dnsFailure, isTransientDnsCode } from './site-error.ts';

/** The three queries an audit needs; node:dns's Resolver satisfies it, and tests inject stubs. */
export interface DnsClient {
  resolve4(host: string): Promise<string[]>;
  resolve6(host: string): Promise<string[]>;
  resolveCname(host: string): Promise<string[]>;
}

/** What DNS says about a host. */
export interface HostResolution {
  /** Addresses of the final name: its IPv4 addresses, then its IPv6 ones. Never empty. */
  addresses: string[];
  /** CNAME chain, first alias first. */
  cnames: string[];
}

export interface ResolveOptions {
  /** How many times a transient failure is retried (0: ask once). */
  retries: number;
  /** Delay before the first retry; doubled for each next one. */
  backoffMs: number;
  signal?: AbortSignal;
}

/** How long the IPv6 answer is awaited once the IPv4 one has come. */
const IPV6_GRACE_MS = 2_000;

/** A CNAME chain longer than this is a loop or a misconfiguration; browsers give up too. */
const MAX_CNAME_CHAIN = 10;

/** The system's DNS (or the given servers, `host` or `host:port`), with a per-query timeout. */
export function systemDnsClient(options: { servers?: string[]; timeoutMs: number }): DnsClient {
  // c-ares retries on its own `tries` times; retries here are ours, with backoff and abort.
  const resolver = new Resolver({ timeout: Math.max(1, options.timeoutMs), tries: 1 });
  if (options.servers && options.servers.length > 0) resolver.setServers(options.servers);
  return resolver;
}

/** Resolves a host name to its addresses and CNAME chain; throws a SiteFailure when it cannot. */
export async function resolveHost(host: string, client: DnsClient, options: ResolveOptions): Promise<HostResolution> {
  const ask = <T>(query: () => Promise<T>): Promise<T> => withRetry(query, options);
  const chain = followCnames(host, ask);
  chain.catch(() => undefined); // awaited below; do not let an early address failure leave it unhandled
  // Asked together: a visitor with IPv6 reaches the IPv6 address, so a verdict must weigh it too, not only the IPv4's.
  const v6 = ask(() => client.resolve6(host));
  v6.catch(() => undefined); // awaited below, or not needed when the IPv4 query fails
  let addresses: string[];
  try {
    addresses = await ask(() => client.resolve4(host));
  } catch (error) {
    if (isAbort(error, options.signal)) throw error;
    if (codeOf(error) !== 'ENODATA') throw dnsFailure(host, error);
    addresses = [];
  }
  // With an IPv4 address known, an IPv6 query that fails, or that a broken server leaves unanswered, leaves the IPv4
  // verdict (as before the IPv6 query was asked) instead of failing the site.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const grace = addresses.length === 0 ? null : new Promise<[]>((resolve) => (timer = setTimeout(() => resolve([]), IPV6_GRACE_MS)));
  try {
    addresses = [...addresses, ...(await (grace ? Promise.race([v6, grace]) : v6))];
  } catch (error6) {
    if (isAbort(error6, options.signal)) throw error6;
    if (addresses.length === 0) throw dnsFailure(host, error6);
  } finally {
    clearTimeout(timer);
  }
  if (addresses.length === 0) throw dnsFailure(host, Object.assign(new Error('no address'), { code: 'ENODATA' }));
  return { addresses, cnames: await chain };

  async function followCnames(start: string, query: <T>(q: () => Promise<T>) => Promise<T>): Promise<string[]> {
    const names: string[] = [];
    let name = start;
    while (names.length < MAX_CNAME_CHAIN) {
      let targets: string[];
      try {
        targets = await query(() => client.resolveCname(name));
      } catch (error) {
        // No CNAME (ENODATA) or a name that does not exist ends the chain; other failures do not hide the address.
        if (isAbort(error, options.signal)) throw error;
        break;
      }
      const next = targets[0]?.toLowerCase().replace(/\.$/, '');
      if (!next || next === name || names.includes(next)) break;
      names.push(next);
      name = next;
    }
    return names;
  }
}

async function withRetry<T>(query: () => Promise<T>, options: ResolveOptions): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await untilAborted(query(), options.signal);
    } catch (error) {
      if (isAbort(error, options.signal) || attempt >= options.retries || !isTransientDnsCode(codeOf(error))) throw error;
      // timers/promises rejects with an AbortError; callers expect the signal's own reason (timeout or Ctrl-C).
      await sleep(options.backoffMs * 2 ** attempt, undefined, { signal: options.signal }).catch((sleepError: unknown) => {
        throw options.signal?.aborted ? options.signal.reason : sleepError;
      });
    }
  }
}

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true && error === signal.reason;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
