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
import type { PageSignals } from '../../core/types.ts';
import { prewarmPageReader, readPageBounded } from '../page-reader.ts';
import type { AuditHealth } from './audit-row.ts';
import type { PageHealth, SiteAuditDeps } from './audit-site.ts';
import type { ReportMeta } from './markdown-report.ts';
import type { AuditOptions } from './options.ts';
import { httpPageFetcher, type PageFetcher } from './page-fetch.ts';
import type { ProgressStream } from './progress.ts';
import { systemDnsClient, type DnsClient } from '../resolver.ts';

/** Everything a run needs from outside, so tests can inject an offline resolver, local fetcher and captured streams. */
export interface AuditEnvironment {
  /** Builds the per-site dependencies for these options (loads the routing table, picks resolver and fetcher). */
  siteDeps(options: AuditOptions): Promise<SiteAuditDeps>;
  /** Data sets behind the verdicts, for the Markdown report. */
  dataSources(): Promise<ReportMeta['data']>;
  stdout: { write(text: string): unknown; columns?: number };
  stderr: ProgressStream;
  /** Aborts on Ctrl-C. */
  interrupt: AbortSignal;
  clock: () => number;
}

/** Says who is asking, so site owners reading their logs know. */
export const AUDIT_USER_AGENT = 'Mozilla/5.0 (compatible; vigie-audit/0.1; one request per site)';

/** The per-site dependencies on the real core, with the given network parts. */
export function coreSiteDeps(ctx: IdentifyContext, network: { dns: DnsClient; fetcher: PageFetcher | null }): SiteAuditDeps {
  return {
    dns: network.dns,
    fetcher: network.fetcher,
    identify: (observation) => identifyHost(observation, ctx, new Date()),
    classifyHealth: (url) => healthOf(emptyPageSignals(url), []),
    classifyPage: async (page, signal): Promise<PageHealth> => {
      const reading = await readPageBounded(page.bytes, page.url, { signal, cut: page.cut, deadlineMs: page.deadlineMs });
      const contentRead = reading.parse !== 'stopped' && reading.ignored !== true;
      return { health: healthOf(reading.signals, reading.notes), parse: reading.parse, parsedBytes: reading.parsedBytes, contentRead };
    },
    now: () => new Date(),
  };
}

/** Health as the extension decides it, plus notes on how the page was read. */
function healthOf(signals: PageSignals, notes: string[]): AuditHealth {
  const verdict = classifyHealth(signals);
  return { health: verdict.health, ...(verdict.category ? { category: verdict.category } : {}), reasons: [...verdict.reasons, ...notes] };
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
  let loaded: CliIdentifyContext | undefined;
  return {
    async siteDeps(options: AuditOptions): Promise<SiteAuditDeps> {
      loaded = await loadIdentifyContext(options.asnTable !== undefined ? { tablePath: options.asnTable } : {});
      const dns = systemDnsClient({ servers: options.dnsServers, timeoutMs: options.timeoutMs });
      if (options.page) prewarmPageReader();
      return coreSiteDeps(loaded, { dns, fetcher: options.headers ? httpPageFetcher({ userAgent: AUDIT_USER_AGENT, allowPrivate: options.allowPrivate }) : null });
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
