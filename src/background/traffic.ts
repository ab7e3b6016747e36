/**
 * The webRequest observer: the hot path. One event per request (onResponseStarted carries url, method, type, tab,
 * ip, fromCache and headers); onBeforeRedirect only for main frames, to keep the hops of a redirected navigation.
 * Per tab, a host is identified once; later responses only bump counters.
 */
import type { Evidence, HostObservation, HostVerdict } from '../core/types.ts';
import { recordRequest } from '../core/report.ts';
import { hostOf } from '../core/page-kind.ts';
import { browser, IS_FIREFOX } from '../platform/browser.ts';
import { fullTableReady, identify } from './engine.ts';
import { getTab, markDirty, rememberedIp, rememberIp, startPage, tabShowing, type TabState } from './tab-store.ts';
import { refreshSurfaces, unregisterBadgeTab } from './surfaces.ts';

/** The response details Vigie reads; common to Chrome and Firefox. */
export interface ResponseDetails {
  tabId: number;
  frameId?: number;
  url: string;
  method: string;
  type: string;
  ip?: string;
  fromCache: boolean;
  statusCode?: number;
  timeStamp: number;
  responseHeaders?: { name: string; value?: string }[];
  /** Firefox only: set when the request went through a proxy. */
  proxyInfo?: unknown;
  /** Chromium: 'prerender' for a page rendered before the user navigates to it. */
  documentLifecycle?: string;
  /** Firefox: the document that caused the request (set even when the request has no tab, e.g. beacons). */
  originUrl?: string;
  /** Chromium: the origin that caused the request. */
  initiator?: string;
}

/** Headers that fingerprint a CDN or platform; nothing else is kept. Names are compared lower-case. */
const FINGERPRINT_HEADERS = new Set([
  'server', 'via', 'x-served-by', 'x-cache', 'x-amz-cf-id', 'x-amz-cf-pop', 'x-amz-request-id', 'x-amz-id-2',
  'cf-ray', 'cf-cache-status', 'x-azure-ref', 'x-msedge-ref', 'x-ms-request-id', 'x-fastly-request-id',
  'fastly-debug-digest', 'x-akamai-transformed', 'akamai-grn', 'x-akamai-request-id', 'x-vercel-id', 'x-vercel-cache',
  'x-nf-request-id', 'x-github-request-id', 'x-goog-generation', 'x-guploader-uploadid', 'x-cloud-trace-context',
  'x-ovh-request-id', 'x-iplb-instance', 'x-iplb-request-id', 'x-clevercloud-request-id', 'x-powered-by', 'x-cdn',
  'x-cache-hits', 'x-timer', 'x-sucuri-id', 'x-cdn77-request-id', 'x-77-cache', 'x-bunny-cache', 'cdn-pullzone',
  'x-scw-request-id', 'x-hw', 'x-iinfo', 'x-cdn-provider', 'x-edge-location', 'x-kinsta-cache', 'x-pantheon-styx-hostname',
  'x-heroku-queue-wait-time', 'x-render-origin-server', 'fly-request-id', 'x-envoy-upstream-service-time', 'x-ms-ests-server',
  'azure-regionname', 'x-ms-gateway-requestid', 'x-aspnet-version', 'x-iis-version',
]);

function fingerprintHeaders(list: ResponseDetails['responseHeaders']): Record<string, string> | undefined {
  if (!list) return undefined;
  let out: Record<string, string> | undefined;
  for (const header of list) {
    const name = header.name.toLowerCase();
    if (FINGERPRINT_HEADERS.has(name)) (out ??= {})[name] = header.value ?? '';
  }
  return out;
}

/** Redirect hops of main-frame navigations in progress, added to the page's report when its response starts. */
const pendingRedirects = new Map<number, ResponseDetails[]>();

let droppedBehindTheScene = 0;

/** Requests that belong to no tab (service workers, prefetch, the browser itself): counted, not reported. */
export function behindTheSceneCount(): number {
  return droppedBehindTheScene;
}

function observationOf(details: ResponseDetails, host: string, previous: HostVerdict | null): HostObservation {
  const viaProxy = IS_FIREFOX && details.proxyInfo !== undefined && details.proxyInfo !== null;
  let ip = details.ip ?? null;
  if (ip && !viaProxy) rememberIp(host, ip);
  let remembered = false;
  if (!ip && !viaProxy) {
    ip = rememberedIp(host) ?? previous?.ip ?? null;
    remembered = ip !== null;
  }
  const headers = fingerprintHeaders(details.responseHeaders);
  return {
    host,
    ip,
    fromCache: details.fromCache || remembered,
    ...(headers ? { headers } : {}),
    ...(viaProxy ? { viaProxy } : {}),
  };
}

function verdictFor(details: ResponseDetails, host: string, tabId: number) {
  return (previous: HostVerdict | null): HostVerdict | null => {
    const observation = observationOf(details, host, previous);
    // A later response without IP cannot improve a verdict that also had none.
    if (previous && !observation.ip) return null;
    const { verdict, provisional } = identify(observation, new Date(details.timeStamp));
    if (!details.ip && observation.ip) verdict.evidence.push(cacheEvidence(observation.ip));
    if (provisional) {
      const state = getTab(tabId);
      if (state) void fullTableReady.then(() => identifyAgain(state, host, details));
    }
    return verdict;
  };
}

function cacheEvidence(ip: string): Evidence {
  return {
    kind: 'cache',
    subject: ip,
    text: `Served without a server address (browser cache or service worker); ${ip} is the address this host had earlier in this session.`,
  };
}

/** Replaces a host's verdict in a tab's page (and the page's own verdict if it is that host), if still shown. */
function replaceVerdict(state: TabState, host: string, verdict: HostVerdict): void {
  const entry = state.index.get(host);
  // The tab may have moved on to another page while the verdict was being improved: then it is moot.
  if (!entry || getTab(state.report.tabId) !== state) return;
  const wasMain = state.report.main === entry.verdict;
  entry.verdict = verdict;
  if (wasMain) {
    state.report.main = verdict;
    state.report.level = verdict.level;
  }
  markDirty(state.report.tabId, true);
  refreshSurfaces(state.report);
}

/** Identifies a host again once the full routing table is loaded. */
function identifyAgain(state: TabState, host: string, details: ResponseDetails): void {
  const entry = state.index.get(host);
  if (!entry) return;
  const observation = observationOf(details, host, entry.verdict);
  if (!observation.ip) return;
  const { verdict } = identify(observation, new Date(details.timeStamp));
  if (!details.ip) verdict.evidence.push(cacheEvidence(observation.ip));
  replaceVerdict(state, host, verdict);
}

function record(state: TabState, details: ResponseDetails, host: string): void {
  const entry = recordRequest(
    state.report,
    { host, type: details.type, method: details.method },
    state.index.get(host),
    verdictFor(details, host, details.tabId),
    details.timeStamp,
  );
  if (entry) state.index.set(host, entry);
}

/** Handles one response of any tab. */
export function observeResponse(details: ResponseDetails): void {
  if (details.tabId < 0) {
    // Firefox sends beacons with no tab: they belong to the one tab showing the document that sent them.
    const owner = details.originUrl ? tabShowing(details.originUrl) : undefined;
    if (owner === undefined) {
      droppedBehindTheScene++;
      return;
    }
    details = { ...details, tabId: owner };
  }
  if (details.documentLifecycle === 'prerender') return;
  const host = hostOf(details.url);
  if (!host) return;
  let state = getTab(details.tabId);
  if (details.type === 'main_frame') {
    // A waking Firefox event page may get the page's own message before this response: keep what it said.
    const placeholder = state && state.report.url === details.url && state.report.hosts.length === 0;
    if (!placeholder) {
      state = startPage(details.tabId, details.url, details.timeStamp);
      unregisterBadgeTab(details.tabId);
    }
    state = state!;
    for (const hop of pendingRedirects.get(details.tabId) ?? []) {
      const hopHost = hostOf(hop.url);
      if (hopHost) record(state, hop, hopHost);
    }
    pendingRedirects.delete(details.tabId);
  } else if (!state) {
    return;
  }
  const before = state.report.main;
  const levelBefore = state.report.level;
  record(state, details, host);
  const verdictChanged = state.report.main !== before || state.report.level !== levelBefore;
  markDirty(details.tabId, verdictChanged);
  if (verdictChanged) {
    refreshSurfaces(state.report);
    if (IS_FIREFOX && details.type === 'main_frame') void addCnameEvidence(state, host, details);
  }
}

/** Keeps the hops of a main-frame redirect (each hop's server is a host the browser talked to). */
export function observeRedirect(details: ResponseDetails): void {
  if (details.tabId < 0 || details.type !== 'main_frame') return;
  const hops = pendingRedirects.get(details.tabId) ?? [];
  if (hops.length < 10) hops.push(details);
  pendingRedirects.set(details.tabId, hops);
}

/** Firefox only: the DNS CNAME of the main host often names the CDN or platform behind it. */
async function addCnameEvidence(state: TabState, host: string, details: ResponseDetails): Promise<void> {
  const dns = (browser as unknown as { dns?: { resolve(host: string, flags: string[]): Promise<{ canonicalName?: string; addresses: string[] }> } }).dns;
  if (!dns) return;
  try {
    const record = await dns.resolve(host, ['canonical_name']);
    const cname = record.canonicalName?.toLowerCase();
    const entry = state.index.get(host);
    if (!cname || cname === host || !entry) return;
    const { verdict } = identify({ ...observationOf(details, host, entry.verdict), cnames: [cname] }, new Date(details.timeStamp));
    if (verdict.evidence.some((e) => e.kind === 'cname')) replaceVerdict(state, host, verdict);
  } catch {
    // IP-literal hosts and offline lookups have no CNAME: the IP evidence stands.
  }
}

/** Registers the listeners; called synchronously at worker start so no event is missed. */
export function registerTraffic(onEvent: (run: () => void) => void): void {
  const filter = { urls: ['http://*/*', 'https://*/*'] };
  browser.webRequest.onResponseStarted.addListener(
    (details) => onEvent(() => observeResponse(details as unknown as ResponseDetails)),
    filter,
    ['responseHeaders'],
  );
  browser.webRequest.onBeforeRedirect.addListener(
    (details) => onEvent(() => observeRedirect(details as unknown as ResponseDetails)),
    { ...filter, types: ['main_frame'] },
  );
}
