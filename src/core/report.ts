/**
 * The per-tab report: a pure, bounded accumulator of what one page contacted. The background owns one per tab and
 * feeds it one call per response, with the verdict it made (if any); nothing here touches a browser API or identifies.
 */
import type { HealthVerdict, HostEntry, HostVerdict, Level, LoadError, TabReport } from './types.ts';
import { getDomain } from 'tldts';
import { hostOf, pageKindOf, pageUrlOf } from './page-kind.ts';

/** Bound per tab, as IPvFoo does: a page contacting more hosts than this keeps counting them as dropped. */
export const MAX_HOSTS_PER_TAB = 256;

const MAX_TYPES_PER_HOST = 12;

/** Request facts that matter to the report (a subset of a webRequest response event). */
export interface RequestFacts {
  host: string;
  /** webRequest resource type: main_frame, sub_frame, script, xmlhttprequest, ping, beacon, ... */
  type: string;
  method: string;
}

const SENDING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** True when a request carried data out of the page: a body-carrying method, or a beacon/ping. */
export function sendsData(facts: Pick<RequestFacts, 'type' | 'method'>): boolean {
  return SENDING_METHODS.has(facts.method.toUpperCase()) || facts.type === 'ping' || facts.type === 'beacon' || facts.type === 'csp_report';
}

/** A fresh report for a page that starts loading (or is shown) in a tab. */
export function newTabReport(tabId: number, url: string, now: number): TabReport {
  const pageKind = pageKindOf(url);
  return {
    tabId,
    url: pageUrlOf(url),
    host: pageKind === 'web' ? hostOf(url) : '',
    pageKind,
    main: null,
    hosts: [],
    droppedHosts: 0,
    health: null,
    level: 'unknown',
    updatedAt: now,
  };
}

/** True when `host` belongs to the same registrable domain (Public Suffix List) as the page host. */
export function isFirstParty(pageHost: string, host: string): boolean {
  if (host === pageHost) return true;
  const site = getDomain(pageHost);
  return site !== null && site === getDomain(host);
}

/**
 * Records one response in a page's report. `verdict` is the host's verdict when the observer identified it for this
 * response (a host new to the page, or one whose verdict had no IP); null otherwise. `known` is the host's entry, if
 * the page already has one. Returns the entry, or null when the host is new and the bound (or a missing verdict)
 * keeps it out.
 */
export function recordRequest(report: TabReport, facts: RequestFacts, verdict: HostVerdict | null, now: number, known?: HostEntry): HostEntry | null {
  let entry = known;
  if (!entry) {
    if (report.hosts.length >= MAX_HOSTS_PER_TAB) {
      report.droppedHosts++;
      return null;
    }
    if (!verdict) return null;
    entry = { verdict, requests: 0, sentData: 0, types: [], firstParty: isFirstParty(report.host, facts.host) };
    report.hosts.push(entry);
  }
  entry.requests++;
  if (sendsData(facts)) entry.sentData++;
  if (!entry.types.includes(facts.type) && entry.types.length < MAX_TYPES_PER_HOST) entry.types.push(facts.type);
  if (facts.type === 'main_frame' && facts.host === report.host) report.main = entry.verdict;
  if (verdict) applyVerdict(report, entry, verdict);
  report.updatedAt = now;
  return entry;
}

/**
 * Gives a host of the page a new verdict (first identification, a response that finally brought an IP, the full
 * routing table, a CNAME): the one place where the page's own verdict and level follow a host's.
 */
export function applyVerdict(report: TabReport, entry: HostEntry, verdict: HostVerdict): void {
  const wasMain = report.main === entry.verdict || report.main?.host === entry.verdict.host;
  entry.verdict = verdict;
  if (wasMain) report.main = verdict;
  report.level = overallLevel(report);
}

/**
 * Says that a page did not load: its navigation failed and the tab shows the browser's error page. Only a web page
 * that no response reached can be such a page; for any other report this changes nothing and returns false.
 */
export function setLoadError(report: TabReport, error: LoadError, now: number): boolean {
  if (report.pageKind !== 'web' || report.main !== null) return false;
  report.loadError = { reason: error.reason, code: error.code };
  report.updatedAt = now;
  return true;
}

/** Attaches the health verdict from the content script (or a user override). */
export function setHealth(report: TabReport, health: HealthVerdict, now: number): void {
  report.health = health;
  report.updatedAt = now;
}

/** The page's level: the main document's host decides (a CDN in front is where the data goes first). */
export function overallLevel(report: TabReport): Level {
  return report.main?.level ?? 'unknown';
}

/** Third-party hosts grouped by provider (or AS name when no provider is known), most requests first. */
export function groupThirdParties(report: TabReport): { key: string; label: string; level: Level; hosts: HostEntry[]; requests: number; sentData: number }[] {
  const groups = new Map<string, { key: string; label: string; level: Level; hosts: HostEntry[]; requests: number; sentData: number }>();
  for (const entry of report.hosts) {
    if (entry.verdict.host === report.host) continue;
    const v = entry.verdict;
    const key = v.provider?.id ?? (v.asn !== null ? `as${v.asn}` : 'unknown');
    const label = v.provider?.name ?? v.asName ?? '';
    let group = groups.get(key);
    if (!group) {
      group = { key, label, level: v.level, hosts: [], requests: 0, sentData: 0 };
      groups.set(key, group);
    }
    group.hosts.push(entry);
    group.requests += entry.requests;
    group.sentData += entry.sentData;
  }
  return [...groups.values()].sort((a, b) => b.sentData - a.sentData || b.requests - a.requests);
}
