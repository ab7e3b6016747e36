/**
 * The per-tab report: a pure, bounded accumulator of what one page contacted. The background owns one per tab and
 * feeds it one call per response; nothing here touches a browser API.
 */
import type { HealthVerdict, HostEntry, HostVerdict, Level, TabReport } from './types.ts';
import { getDomain } from 'tldts';
import { hostOf, pageKindOf } from './page-kind.ts';

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
    url,
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
 * Records one response. Returns the entry (new or existing) or null when the bound dropped it.
 * `verdict` is called only for a host seen for the first time in this page, or to improve a verdict that had no IP.
 */
export function recordRequest(
  report: TabReport,
  facts: RequestFacts,
  entry: HostEntry | undefined,
  verdict: (previous: HostVerdict | null) => HostVerdict | null,
  now: number,
): HostEntry | null {
  let current = entry;
  if (!current) {
    if (report.hosts.length >= MAX_HOSTS_PER_TAB) {
      report.droppedHosts++;
      return null;
    }
    const first = verdict(null);
    if (!first) return null;
    current = { verdict: first, requests: 0, sentData: 0, types: [], firstParty: isFirstParty(report.host, facts.host) };
    report.hosts.push(current);
  } else if (current.verdict.ip === null) {
    const better = verdict(current.verdict);
    if (better) current.verdict = better;
  }
  current.requests++;
  if (sendsData(facts)) current.sentData++;
  if (!current.types.includes(facts.type) && current.types.length < MAX_TYPES_PER_HOST) current.types.push(facts.type);
  if (facts.type === 'main_frame' && facts.host === report.host) report.main = current.verdict;
  else if (report.main && report.main.host === current.verdict.host) report.main = current.verdict;
  report.level = overallLevel(report);
  report.updatedAt = now;
  return current;
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
