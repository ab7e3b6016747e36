/**
 * The network observer, one way down: the platform delivers a typed observation of a response
 * (src/platform/background.ts) -> `observeResponse` finds the tab and page -> `decide` says whether the host needs
 * identifying -> `identify` (engine) -> the pure `recordRequest` (src/core/report.ts) -> surfaces. Later upgrades of a
 * verdict (the full routing table, Firefox's cached CNAME) go through one function, `improveVerdict`. A later answer of
 * a known host can only lower its verdict (`mayLower`), and what lowered it is never raised back.
 */
import { cacheEvidence, missedEvidence, otherAnswerEvidence } from './observed-evidence.ts';
import type { Evidence, HostEntry, HostObservation, HostVerdict, LoadedResource, TabReport } from '../core/types.ts';
import { applyVerdict, recordRequest } from '../core/report.ts';
import { leastReassuring } from '../core/sovereignty.ts';
import { hostOf, pageUrlOf } from '../core/page-kind.ts';
import { cachedCname, observesSubresources, type ResponseObservation } from '../platform/background.ts';
import { fullTableReady, identify } from './engine.ts';
import { getTab, markDirty, rememberedIp, rememberIp, startPage, tabShowing, type TabState } from './tab-store.ts';
import { refreshSurfaces, unregisterBadgeTab } from './surfaces.ts';
import { scopeNewPage } from './observation-scope.ts';
import { recordVisit } from './history.ts';
import { noteMainResponse } from './load-failures.ts';

/** Redirect hops of main-frame navigations in progress, added to the page's report when its response starts. */
const pendingRedirects = new Map<number, ResponseObservation[]>();

let droppedBehindTheScene = 0;

/** Requests that belong to no tab (service workers, prefetch, the browser itself): counted, not reported. */
export function behindTheSceneCount(): number {
  return droppedBehindTheScene;
}

/**
 * What identification starts from. A response without IP (cache, service worker) takes the address its host had
 * earlier this session, and says so; behind a proxy the IP is the proxy's, and nothing is remembered.
 */
function hostObservation(o: ResponseObservation, host: string, known: HostVerdict | undefined): { observation: HostObservation; remembered: boolean } {
  let ip = o.ip;
  let remembered = false;
  if (!ip && !o.viaProxy) {
    ip = rememberedIp(host) ?? known?.ip ?? null;
    remembered = ip !== null;
  }
  const observation: HostObservation = { host, ip, fromCache: o.fromCache || remembered };
  if (o.headers) observation.headers = o.headers;
  if (o.viaProxy) observation.viaProxy = true;
  return { observation, remembered };
}

/** A host needs identifying when it is new to the page, or had no IP and this response brings one. */
function decide(known: HostEntry | undefined, observation: HostObservation): boolean {
  return !known || (known.verdict.ip === null && observation.ip !== null);
}

/**
 * Whether a later response of a known host could lower its verdict: one from another address (another DNS answer, an
 * HTTP/3 alternative service) or with fingerprint headers (an extra-EU origin named behind the network in front).
 * Nothing can lower an extra-eu verdict, so those hosts are never identified again: the hot path stays one comparison.
 */
function mayLower(known: HostVerdict, observation: HostObservation): boolean {
  if (known.level === 'extra-eu' || known.ip === null) return false;
  return (observation.ip !== null && observation.ip !== known.ip) || observation.headers !== undefined;
}

/** True when `next` is strictly less reassuring than `current`. */
function lowers(next: HostVerdict, current: HostVerdict): boolean {
  return next.level !== current.level && leastReassuring(next.level, current.level) === next.level;
}

/**
 * The fingerprint headers of a host's answers that came without an address (cache, service worker), so that the answer
 * that finally brings one is identified with them: they are answers of the same host, and may name an extra-EU party.
 */
const headersWithoutAddress = new WeakMap<HostEntry, Record<string, string>>();

/** Host entries a later answer lowered: an upgrade made from their first answer (full table, CNAME) must not raise them. */
const loweredEntries = new WeakSet<HostEntry>();

/** Marks `entry` as lowered by `next`, and says which earlier answer `next` replaces when it came from another address. */
function noteLowering(entry: HostEntry, next: HostVerdict): void {
  loweredEntries.add(entry);
  const earlier = entry.verdict;
  if (earlier.ip === null || earlier.ip === next.ip) return;
  next.evidence.push(otherAnswerEvidence(earlier, earlier.ip));
}

function verdictOf(observation: HostObservation, remembered: boolean, at: number): { verdict: HostVerdict; provisional: boolean } {
  const result = identify(observation, new Date(at));
  if (remembered && observation.ip) result.verdict.evidence.push(cacheEvidence(observation.ip));
  return result;
}

/**
 * Identifies a host of a page again with more to go on (the full routing table, a CNAME) and applies the verdict if
 * the page is still the one shown and `better` accepts it. The one path for every later upgrade of a verdict.
 */
export function improveVerdict(report: TabReport, observation: HostObservation, remembered: boolean, at: number, better: (v: HostVerdict) => boolean = () => true): void {
  const state = getTab(report.tabId);
  // The tab may have moved on to another page meanwhile: then the upgrade is moot.
  if (!state || state.report !== report) return;
  const entry = state.index.get(observation.host);
  if (!entry || !observation.ip) return;
  const { verdict } = verdictOf(observation, remembered, at);
  if (!better(verdict)) return;
  if (loweredEntries.has(entry) && lowers(entry.verdict, verdict)) return;
  if (lowers(verdict, entry.verdict)) noteLowering(entry, verdict);
  applyVerdict(report, entry, verdict);
  markDirty(report.tabId, true);
  refreshSurfaces(report);
}

function record(state: TabState, o: ResponseObservation, host: string): void {
  const known = state.index.get(host);
  const { observation, remembered } = hostObservation(o, host, known?.verdict);
  let verdict: HostVerdict | null = null;
  if (decide(known, observation)) {
    const earlier = known ? headersWithoutAddress.get(known) : undefined;
    if (earlier) observation.headers = { ...earlier, ...observation.headers };
    if (o.ip && !o.viaProxy && !state.private) rememberIp(host, o.ip);
    const result = verdictOf(observation, remembered, o.timeStamp);
    verdict = result.verdict;
    if (result.provisional) {
      const report = state.report;
      void fullTableReady.then(() => improveVerdict(report, observation, remembered, o.timeStamp));
    }
  } else if (known && mayLower(known.verdict, observation)) {
    // A host's verdict is the least reassuring of its answers on the page; the small table could read a network it
    // does not list as unknown, so a provisional answer waits for the full table.
    const result = verdictOf(observation, remembered, o.timeStamp);
    if (result.provisional) {
      const report = state.report;
      void fullTableReady.then(() => improveVerdict(report, observation, remembered, o.timeStamp, (v) => lowers(v, known.verdict)));
    } else if (lowers(result.verdict, known.verdict)) {
      noteLowering(known, result.verdict);
      verdict = result.verdict;
    }
  }
  const entry = recordRequest(state.report, { host, type: o.type, method: o.method }, verdict, o.timeStamp, known);
  if (entry && !known) state.index.set(host, entry);
  if (entry && entry.verdict.ip === null && observation.headers) headersWithoutAddress.set(entry, { ...headersWithoutAddress.get(entry), ...observation.headers });
}

/** The tab a response belongs to: its own, or for Firefox's tab-less beacons the one showing the page that sent it. */
function owningTab(o: ResponseObservation): number | undefined {
  if (o.tabId >= 0) return o.tabId;
  return o.originUrl ? tabShowing(o.originUrl, o.incognito) : undefined;
}

/** Handles one response of any tab. */
export function observeResponse(o: ResponseObservation): void {
  const tabId = owningTab(o);
  if (tabId === undefined) {
    droppedBehindTheScene++;
    return;
  }
  // A tab-less request (Firefox beacon) counts only for a tab whose sub-resources are observed.
  if (o.tabId < 0 && !observesSubresources(tabId)) return;
  if (o.prerender) return;
  const host = hostOf(o.url);
  if (!host) return;
  let state = getTab(tabId);
  const newDocument = o.type === 'main_frame' && !o.documentless;
  if (o.type === 'main_frame') noteMainResponse(tabId, o.requestId, newDocument);
  if (newDocument) {
    // A waking Firefox event page may get the page's own message before this response: startPage keeps what it said.
    const pageSpokeFirst = state?.awaitingResponse === true && state.report.url === pageUrlOf(o.url);
    state = startPage(tabId, o.url, o.timeStamp, o.incognito);
    scopeNewPage(state);
    if (!pageSpokeFirst) unregisterBadgeTab(tabId);
    for (const hop of redirectsOf(o)) {
      const hopHost = hostOf(hop.url);
      if (hopHost) record(state, hop, hopHost);
    }
  } else if (o.type === 'main_frame') {
    // A download or an answer without content (204, 205): the tab keeps its page, so the report stays that page's
    // (replaced, it gave the page the download host's verdict: EU for a page on Microsoft, in both browsers). The page
    // made the request (a link, a form posted to the top level): the hosts the browser talked to for it, redirect hops
    // included, are counted there.
    const hops = redirectsOf(o);
    if (!state || state.report.pageKind !== 'web') return;
    for (const hop of hops) {
      const hopHost = hostOf(hop.url);
      if (hopHost) record(state, hop, hopHost);
    }
  } else if (!state) {
    return;
  }
  const before = state.report.main;
  const levelBefore = state.report.level;
  record(state, o, host);
  if (newDocument && state.loaded) compareListSoon(state);
  const verdictChanged = state.report.main !== before || state.report.level !== levelBefore;
  markDirty(tabId, verdictChanged);
  if (!verdictChanged) return;
  refreshSurfaces(state.report);
  recordVisit(state);
  if (newDocument) void addCnameEvidence(state.report, host, o);
}

/**
 * How long a page's list of what it loaded waits before it is compared with what was observed. The browser fired its
 * sub-resources' responses before the page's load, but they can reach the worker after the page's read (a waking
 * Firefox event page, a busy worker), and a reload's page may speak before its own main-frame response: compared at
 * once, an observed host was listed as missed and the list called partial (a clean-clone Firefox e2e).
 */
export const LIST_SETTLE_MS = 1_000;

/**
 * The page's own list of what it loaded, for the hosts the network observer missed: a tab's sub-resource listener
 * exists only once the background knows the tab matters, and a page from the HTTP cache, or one that woke a stopped
 * worker, can load its third parties before that. The list is kept with the tab and compared `LIST_SETTLE_MS` later
 * with the report that then holds it: a reload's new report takes it over (startPage), so a list never joins the
 * previous document's report. A page that speaks before its main-frame response reached the worker (Firefox) has its
 * list compared that long after that response.
 */
export function keepPageList(state: TabState, loaded: readonly LoadedResource[]): void {
  state.loaded = [...loaded];
  if (state.report.main !== null) compareListSoon(state);
}

function compareListSoon(state: TabState): void {
  setTimeout(() => {
    const loaded = state.loaded;
    if (getTab(state.report.tabId) !== state || !loaded) return;
    delete state.loaded;
    if (!recordMissedResources(state, loaded, Date.now())) return;
    // Stored at once, as a page's read is: a worker stopped within the next coalescing window would lose it.
    markDirty(state.report.tabId, true);
    refreshSurfaces(state.report);
  }, LIST_SETTLE_MS);
}

/**
 * Lists the hosts of the page's list the observer did not see, with what is known without their response (a rule on
 * the name, the address the host had earlier this session, else unknown), and says the list is partial. Only for a
 * tab whose sub-resources are observed. Returns true when the report changed.
 */
function recordMissedResources(state: TabState, loaded: readonly LoadedResource[], at: number): boolean {
  if (!observesSubresources(state.report.tabId) || state.report.pageKind !== 'web') return false;
  const missed = loaded.filter((r) => !state.index.has(r.host));
  for (const resource of missed) {
    const known = state.index.get(resource.host);
    let verdict: HostVerdict | null = null;
    if (!known) {
      const ip = state.private ? null : (rememberedIp(resource.host) ?? null);
      verdict = identify({ host: resource.host, ip, fromCache: ip !== null }, new Date(at)).verdict;
      verdict.evidence.push(missedEvidence(resource.host, ip));
    }
    const entry = recordRequest(state.report, { host: resource.host, type: resource.type, method: 'GET' }, verdict, at, known);
    if (entry && !known) state.index.set(resource.host, entry);
  }
  if (missed.length === 0) return false;
  state.report.thirdParties = 'partial';
  return true;
}

/**
 * A page read while its report has no verdict: its document came without a main-frame response the browser showed
 * Vigie (a service worker's answer, in both browsers; a page shown from a prerender), and "waiting for the server's
 * response" would never end. The page's host is identified from what is known without that response: its own answers
 * on this page (a sub-resource of the same host), else the address it had earlier this session (said so), else
 * unknown. A main-frame response that comes after all (a waking Firefox event page) starts the report again.
 */
export function identifyUnseenMain(state: TabState, at: number): boolean {
  const report = state.report;
  if (report.pageKind !== 'web' || report.main !== null || !report.host) return false;
  // A document that speaks exists: whatever failed on the way (a request a service worker then answered), it loaded.
  delete report.loadError;
  const host = report.host;
  const known = state.index.get(host);
  let verdict = known?.verdict;
  if (!verdict) {
    const ip = state.private ? null : (rememberedIp(host) ?? null);
    const observation: HostObservation = { host, ip, fromCache: ip !== null };
    const result = verdictOf(observation, ip !== null, at);
    verdict = result.verdict;
    if (result.provisional) void fullTableReady.then(() => improveVerdict(report, observation, ip !== null, at));
  }
  const entry = recordRequest(report, { host, type: 'main_frame', method: 'GET' }, verdict, at, known);
  if (entry && !known) state.index.set(host, entry);
  return report.main !== null;
}

/**
 * `identifyUnseenMain` for a page that spoke by message (Firefox): its message can reach the worker before the
 * main-frame response that started it, so the page's report is given that time (`LIST_SETTLE_MS`) first; the response,
 * if it comes, starts a new report and this does nothing.
 */
export function identifyUnseenMainSoon(state: TabState): void {
  const report = state.report;
  if (report.main !== null) return;
  setTimeout(() => {
    if (getTab(report.tabId) !== state || state.report !== report || !identifyUnseenMain(state, Date.now())) return;
    markDirty(report.tabId, true);
    refreshSurfaces(report);
    recordVisit(state);
  }, LIST_SETTLE_MS);
}

/**
 * Keeps the hops of a main-frame redirect (each hop's server is a host the browser talked to). A hop of another request
 * than the kept ones starts a new chain: the earlier one never reached a response (an error page, a stop).
 */
export function observeRedirect(o: ResponseObservation): void {
  if (o.tabId < 0 || o.type !== 'main_frame') return;
  const kept = pendingRedirects.get(o.tabId) ?? [];
  const hops = kept.length > 0 && !sameRequest(kept[0]!, o) ? [] : kept;
  if (hops.length < 10) hops.push(o);
  pendingRedirects.set(o.tabId, hops);
}

/** True unless both observations name their request and the names differ. */
function sameRequest(a: ResponseObservation, b: ResponseObservation): boolean {
  return a.requestId === undefined || b.requestId === undefined || a.requestId === b.requestId;
}

/** Takes the redirect hops that led to a main-frame response: those of its own request only. */
function redirectsOf(o: ResponseObservation): ResponseObservation[] {
  const hops = pendingRedirects.get(o.tabId) ?? [];
  pendingRedirects.delete(o.tabId);
  return hops.filter((hop) => sameRequest(hop, o));
}

/** Forgets a closed tab's pending redirects. */
export function forgetRedirects(tabId: number): void {
  pendingRedirects.delete(tabId);
}

/** Firefox: the CNAME of the main host, from Firefox's DNS cache, often names the CDN or platform behind it. */
async function addCnameEvidence(report: TabReport, host: string, o: ResponseObservation): Promise<void> {
  const cname = await cachedCname(host, o.viaProxy);
  if (!cname) return;
  const known = getTab(report.tabId)?.index.get(host)?.verdict;
  const { observation, remembered } = hostObservation(o, host, known);
  improveVerdict(report, { ...observation, cnames: [cname] }, remembered, o.timeStamp, (v) => v.evidence.some((e) => e.kind === 'cname'));
}
