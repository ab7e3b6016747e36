/**
 * Auditing one site: resolve its host, refuse non-public addresses, optionally fetch its home page, identify and
 * assess the host as the extension does, classify health. Never throws for a site's own failure: the row carries the
 * error class instead, and keeps whatever was learnt before the failure (a verdict from the address when only the
 * HTTP fetch failed).
 */
import { isIP } from 'node:net';
import type { HostObservation, HostVerdict } from '../../core/types.ts';
import { leastReassuringAddress, noVerdictFields, verdictFields } from '../host-result.ts';
import type { PageParse } from '../page-reader.ts';
import { addressRefusal } from './address-guard.ts';
import { setRowError, type AuditHealth, type AuditRow } from './audit-row.ts';
import type { FetchedPage, PageFetcher } from './page-fetch.ts';
import { resolveHost, type DnsClient, type HostResolution } from '../resolver.ts';
import { SiteFailure, type SiteError, type SiteErrorStage } from '../site-error.ts';
import type { SiteEntry } from './site-list.ts';

export interface SiteAuditOptions {
  /** Budget for the whole site (DNS with retries, then HTTP, then page parsing). */
  timeoutMs: number;
  retries: number;
  backoffMs: number;
  /** Read the page body to classify health from its content (implies fetching). */
  page: boolean;
  maxPageBytes: number;
  /** Parse time allowed per page. */
  parseDeadlineMs: number;
  /** Contact non-public addresses too. */
  allowPrivate: boolean;
}

/** Health read from a page, and how much of it was parsed. */
export interface PageHealth {
  health: AuditHealth;
  parse: PageParse;
  parsedBytes: number;
  /** False when nothing of the page was read (empty, binary, undecodable, or its parse stopped): health is the URL's. */
  contentRead: boolean;
}

/** Everything the audit of one site depends on, injected so tests run offline. */
export interface SiteAuditDeps {
  dns: DnsClient;
  /** Null: never contact the sites (the default; `--headers` or `--page` set it). */
  fetcher: PageFetcher | null;
  identify: (observation: HostObservation) => HostVerdict;
  /** Health from the address alone: domain list, URL words. */
  classifyHealth: (url: string) => AuditHealth;
  /** Health from a fetched page, parsed within bounds; rejects only when `signal` aborts. */
  classifyPage: (page: { url: string; bytes: Uint8Array; cut: boolean; deadlineMs: number }, signal: AbortSignal) => Promise<PageHealth>;
  now: () => Date;
}

/** Audits one site; `runSignal` aborting (Ctrl-C) rejects with its reason so the run can drop the site. */
export async function auditSite(entry: SiteEntry, deps: SiteAuditDeps, options: SiteAuditOptions, runSignal?: AbortSignal): Promise<AuditRow> {
  const row = emptyRow(entry, deps.now());
  if (entry.invalid !== undefined) {
    setRowError(row, { class: 'invalid-input', stage: 'input', message: `${entry.site}: ${entry.invalid}` });
    return row;
  }
  // With --page the page decides: until one is read, an address with no health clue is not judged yet.
  // The address as written, path included: a multi-line company's health pages are listed by their path.
  const fromAddress = deps.classifyHealth(entry.url);
  row.health = { ...fromAddress, judged: fromAddress.health || !options.page };
  // One controller per site, aborted by its deadline or by the run's; AbortSignal.any would keep a reference per
  // site on the long-lived run signal.
  const site = new AbortController();
  const timer = setTimeout(() => site.abort(new SiteTimeout()), options.timeoutMs);
  const onInterrupt = (): void => site.abort(runSignal?.reason);
  runSignal?.addEventListener('abort', onInterrupt, { once: true });
  const signal = site.signal;
  let stage: SiteErrorStage = 'dns';
  try {
    const literal = isIP(entry.host) !== 0;
    const resolution: HostResolution = literal
      ? { addresses: [entry.host], cnames: [] }
      : await resolveHost(entry.host, deps.dns, { retries: options.retries, backoffMs: options.backoffMs, signal });
    const first = resolution.addresses[0] ?? null;
    row.cnames = resolution.cnames;
    const refusal = first === null ? null : addressRefusal(first, literal ? 'input' : 'dns', options.allowPrivate);
    if (refusal) throw refusal;
    // The verdict, and the headers read with it, are those of the address that reads least reassuring.
    const { ip } = leastReassuringAddress(resolution.addresses, (address) => deps.identify({ host: entry.host, ip: address, cnames: resolution.cnames }));
    let page: FetchedPage | null = null;
    if (deps.fetcher && ip) {
      stage = 'http';
      try {
        page = await deps.fetcher.fetch({ url: entry.url, ip, wantBody: options.page, maxBytes: options.maxPageBytes, signal });
        row.http = { status: page.status, method: page.method, url: page.url };
      } catch (error) {
        // The address is known: keep its verdict and report why the headers are missing.
        setRowError(row, siteError(error, stage, entry, options, runSignal));
      }
    }
    const verdict = deps.identify({ host: entry.host, ip, headers: page?.headers ?? {}, cnames: resolution.cnames });
    Object.assign(row, verdictFields(verdict));
    if (page?.body !== undefined) {
      const read = await deps.classifyPage({ url: page.url, bytes: page.body, cut: page.truncated === true, deadlineMs: options.parseDeadlineMs }, signal);
      // A page that gave nothing to read is no judgement: its "no" would be the address's, not the page's.
      row.health = { ...read.health, judged: read.health.health || read.contentRead };
      row.page = { parse: read.parse, parsedBytes: read.parsedBytes };
    }
  } catch (error) {
    setRowError(row, siteError(error, stage, entry, options, runSignal));
  } finally {
    clearTimeout(timer);
    runSignal?.removeEventListener('abort', onInterrupt);
  }
  return row;
}

class SiteTimeout extends Error {
  constructor() {
    super('site timeout');
  }
}

function siteError(error: unknown, stage: SiteErrorStage, entry: SiteEntry, options: SiteAuditOptions, runSignal?: AbortSignal): SiteError {
  if (runSignal?.aborted) throw runSignal.reason;
  if (error instanceof SiteTimeout) {
    const what = stage === 'dns' ? 'DNS resolution' : 'the home page request';
    return { class: 'timeout', stage, message: `${entry.host}: ${what} did not finish within ${options.timeoutMs} ms` };
  }
  if (error instanceof SiteFailure) return error.toSiteError();
  return { class: stage === 'dns' ? 'dns-failure' : 'http-error', stage, message: `${entry.host}: ${error instanceof Error ? error.message : String(error)}` };
}

function emptyRow(entry: SiteEntry, now: Date): AuditRow {
  return {
    site: entry.site,
    input: entry.site,
    host: entry.host,
    ...noVerdictFields(),
    cnames: [],
    health: { health: false, judged: false, reasons: [] },
    checkedAt: now.toISOString(),
  };
}
