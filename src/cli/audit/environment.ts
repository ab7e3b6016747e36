/**
 * The real world of `vigie audit`: the extension's core for identification, assessment and health, the system (or
 * chosen) DNS resolver, the HTTP fetcher when asked, the process's streams. Tests swap the network parts only.
 */
import process from 'node:process';
import { dataDates } from '../../core/catalog.ts';
import { classifyHealth } from '../../core/health.ts';
import { identifyHost, type IdentifyContext } from '../../core/identify.ts';
import { emptyPageSignals } from '../../core/page-signals.ts';
import { loadIdentifyContext, type CliIdentifyContext } from '../context.ts';
import { signalsFromInput } from '../html-signals.ts';
import type { AuditEnvironment } from '../audit.ts';
import type { AuditHealth } from './audit-row.ts';
import type { SiteAuditDeps } from './audit-site.ts';
import type { ReportMeta } from './markdown-report.ts';
import type { AuditOptions } from './options.ts';
import { httpPageFetcher, type PageFetcher } from './page-fetch.ts';
import { systemDnsClient, type DnsClient } from './resolver.ts';

/** Says who is asking, so site owners reading their logs know. */
export const AUDIT_USER_AGENT = 'Mozilla/5.0 (compatible; vigie-audit/0.1; one request per site)';

/** The per-site dependencies on the real core, with the given network parts. */
export function coreSiteDeps(ctx: IdentifyContext, network: { dns: DnsClient; fetcher: PageFetcher | null }): SiteAuditDeps {
  return {
    dns: network.dns,
    fetcher: network.fetcher,
    identify: (observation) => identifyHost(observation, ctx, new Date()),
    classifyHealth: (host, page) => auditHealth(host, page),
    now: () => new Date(),
  };
}

/** Health as the extension decides it: from the address alone (domain list, URL words), or from the page when read. */
export function auditHealth(host: string, page: { url: string; bytes: Uint8Array } | null): AuditHealth {
  const signals = page ? signalsFromInput(page.bytes, page.url).signals : emptyPageSignals(`https://${host}/`);
  const verdict = classifyHealth(signals);
  return { health: verdict.health, ...(verdict.category ? { category: verdict.category } : {}), reasons: verdict.reasons };
}

/** The data sets behind every verdict, with their dates and where they come from. */
export function catalogSources(): ReportMeta['data'] {
  const dates = dataDates();
  return [
    { name: 'Providers, jurisdictions and their networks', date: dates.providers, source: 'data/providers.json' },
    { name: 'SecNumCloud qualifications (ANSSI)', date: dates.secnumcloud, source: 'data/secnumcloud.json' },
    { name: 'HDS certifications', date: dates.hds, source: 'data/hds.json' },
  ];
}

/** The environment of a real run, in this process. */
export function processEnvironment(interrupt: AbortSignal): AuditEnvironment {
  // `vigie audit ... | head` closes stdout early; that is the reader's choice, not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  let loaded: CliIdentifyContext | undefined;
  return {
    async siteDeps(options: AuditOptions): Promise<SiteAuditDeps> {
      loaded = await loadIdentifyContext(options.asnTable !== undefined ? { tablePath: options.asnTable } : {});
      const dns = systemDnsClient({ servers: options.dnsServers, timeoutMs: options.timeoutMs });
      return coreSiteDeps(loaded, { dns, fetcher: options.headers ? httpPageFetcher({ userAgent: AUDIT_USER_AGENT }) : null });
    },
    async dataSources(): Promise<ReportMeta['data']> {
      // --from renders without auditing: the default table then only gives its date.
      loaded ??= await loadIdentifyContext().catch(() => undefined);
      if (!loaded) return catalogSources();
      return [...tableSource(loaded), ...catalogSources()];
    },
    stdout: process.stdout,
    stderr: process.stderr,
    interrupt,
    clock: Date.now,
  };
}

/** The routing table's date and source. */
export function tableSource(ctx: Pick<CliIdentifyContext, 'table'>): ReportMeta['data'] {
  const { dataDate, source, licence } = ctx.table.meta;
  return [{ name: 'Routing table (IP address to AS)', date: dataDate, source: licence ? `${source}; ${licence}` : source }];
}
