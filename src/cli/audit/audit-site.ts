/**
 * Auditing one site: resolve its host, optionally fetch its home page, identify and assess the host as the extension
 * does, classify health. Never throws for a site's own failure: the row carries the error class instead, and keeps
 * whatever was learnt before the failure (a verdict from the address when only the HTTP fetch failed).
 */
import { isIP } from 'node:net';
import type { HostObservation, HostVerdict } from '../../core/types.ts';
import { setRowError, type AuditHealth, type AuditRow } from './audit-row.ts';
import type { FetchedPage, PageFetcher } from './page-fetch.ts';
import { resolveHost, type DnsClient, type HostResolution } from './resolver.ts';
import { SiteFailure, type SiteError, type SiteErrorStage } from './site-error.ts';
import type { SiteEntry } from './site-list.ts';

export interface SiteAuditOptions {
  /** Budget for the whole site (DNS with retries, then HTTP). */
  timeoutMs: number;
  retries: number;
  backoffMs: number;
  /** Read the page body to classify health from its content (implies fetching). */
  page: boolean;
  maxPageBytes: number;
}

/** Everything the audit of one site depends on, injected so tests run offline. */
export interface SiteAuditDeps {
  dns: DnsClient;
  /** Null: never contact the sites (the default; `--headers` or `--page` set it). */
  fetcher: PageFetcher | null;
  identify: (observation: HostObservation) => HostVerdict;
  /** Health from the domain list, and from the page when one was read. */
  classifyHealth: (host: string, page: { url: string; bytes: Uint8Array } | null) => AuditHealth;
  now: () => Date;
}

/** Audits one site; `runSignal` aborting (Ctrl-C) rejects with its reason so the run can drop the site. */
export async function auditSite(entry: SiteEntry, deps: SiteAuditDeps, options: SiteAuditOptions, runSignal?: AbortSignal): Promise<AuditRow> {
  const row = emptyRow(entry, deps.now());
  if (entry.invalid !== undefined) {
    setRowError(row, { class: 'invalid-input', stage: 'input', message: `${entry.site}: ${entry.invalid}` });
    return row;
  }
  row.health = deps.classifyHealth(entry.host, null);
  // One controller per site, aborted by its deadline or by the run's; AbortSignal.any would keep a reference per
  // site on the long-lived run signal.
  const site = new AbortController();
  const timer = setTimeout(() => site.abort(new SiteTimeout()), options.timeoutMs);
  const onInterrupt = (): void => site.abort(runSignal?.reason);
  runSignal?.addEventListener('abort', onInterrupt, { once: true });
  const signal = site.signal;
  let stage: SiteErrorStage = 'dns';
  try {
    const resolution: HostResolution = isIP(entry.host)
      ? { addresses: [entry.host], cnames: [] }
      : await resolveHost(entry.host, deps.dns, { retries: options.retries, backoffMs: options.backoffMs, signal });
    const ip = resolution.addresses[0] ?? null;
    row.cnames = resolution.cnames;
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
    if (page?.body !== undefined) row.health = deps.classifyHealth(entry.host, { url: page.url, bytes: page.body });
  } catch (error) {
    setRowError(row, siteError(error, stage, entry, options, runSignal));
  } finally {
    clearTimeout(timer);
    runSignal?.removeEventListener('abort', onInterrupt);
  }
  return row;
}

/** The lookup fields of a verdict, as `vigie lookup --json` prints them. */
export function verdictFields(verdict: HostVerdict): Pick<AuditRow, 'ip' | 'asn' | 'asName' | 'provider' | 'role' | 'level' | 'confidence' | 'evidence'> {
  return {
    ip: verdict.ip,
    asn: verdict.asn,
    asName: verdict.asName,
    provider: verdict.provider ? { id: verdict.provider.id, name: verdict.provider.name, country: verdict.provider.country } : null,
    role: verdict.role,
    level: verdict.level,
    confidence: verdict.confidence,
    evidence: verdict.evidence.map((e) => e.text),
  };
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
    ip: null,
    asn: null,
    asName: null,
    provider: null,
    role: 'unknown',
    level: 'unknown',
    confidence: null,
    evidence: [],
    cnames: [],
    health: { health: false, reasons: [] },
    checkedAt: now.toISOString(),
  };
}
