/**
 * The background's side of the platform facade: network observation (webRequest), Firefox's DNS cache, tabs (privacy,
 * content-script injection), the toolbar badge. Each function turns a browser event or call into a typed Vigie value.
 */
import { keepFingerprintHeaders } from '../core/fingerprints.ts';
import { isSpeculativeRequest, startsDocument } from '../core/page-kind.ts';
import type { BackgroundMessage, PageBadgeState, PageNavigation } from '../shared/messages.ts';
import { apiCalls, browser, IS_FIREFOX, sessionArea, sendTabMessage } from './browser.ts';

/**
 * Chromium's injected scripts (vite.config.ts): the page reader, whose last value is what it read, and the page-badge
 * script. Firefox declares one content script instead (src/content/index.ts), which reads and speaks by message.
 */
const PAGE_READER_FILE = 'page-read.js';
const PAGE_BADGE_FILE = 'page-badge.js';

// ---------------------------------------------------------------- observation (webRequest)

/** One response as Vigie reads it, the same in both browsers. Only fingerprint headers, cut, are kept. */
export interface ResponseObservation {
  tabId: number;
  frameId: number;
  url: string;
  method: string;
  type: string;
  ip: string | null;
  fromCache: boolean;
  timeStamp: number;
  headers?: Record<string, string>;
  /** Firefox tells when the request went through a proxy (the IP is then the proxy's); Chrome never does. */
  viaProxy: boolean;
  /**
   * Chromium: a page rendered (or fetched) before the user navigates to it: its lifecycle says so, or its frame is not
   * the shown page's (frameId 0), or, for a speculation rule's main-frame request, which Chromium 156 reports as frame 0
   * and 'active', its request's Sec-Purpose header.
   */
  prerender: boolean;
  /** Firefox: the document that caused the request (set even when it has no tab, e.g. beacons). */
  originUrl?: string;
  /** The request belongs to a private (incognito) window. */
  incognito: boolean;
  /** A main-frame response that shows no new document (a download, a 204): the tab keeps its page. */
  documentless?: true;
  /** The browser's id of the request, the same across its redirects (both browsers). */
  requestId?: string;
}

/** The webRequest details Vigie reads (onResponseStarted, onBeforeRedirect), the same in both browsers. */
export interface RawResponse {
  tabId: number;
  frameId?: number;
  url: string;
  method: string;
  type: string;
  ip?: string;
  fromCache?: boolean;
  statusCode?: number;
  timeStamp: number;
  responseHeaders?: { name: string; value?: string }[];
  proxyInfo?: unknown;
  documentLifecycle?: string;
  originUrl?: string;
  incognito?: boolean;
  requestId?: string;
}

/** Turns a webRequest event into an observation (exported for tests and the observer bench). */
export function observationOf(raw: RawResponse): ResponseObservation {
  const observation: ResponseObservation = {
    tabId: raw.tabId,
    frameId: raw.frameId ?? 0,
    url: raw.url,
    method: raw.method,
    type: raw.type,
    ip: raw.ip ?? null,
    fromCache: raw.fromCache === true,
    timeStamp: raw.timeStamp,
    viaProxy: raw.proxyInfo !== undefined && raw.proxyInfo !== null,
    prerender: raw.documentLifecycle === 'prerender' || (raw.type === 'main_frame' && ((raw.frameId ?? 0) !== 0 || isSpeculative(raw.requestId))),
    incognito: raw.incognito === true || privateTabs.has(raw.tabId),
  };
  const headers = keepFingerprintHeaders(raw.responseHeaders);
  if (headers) observation.headers = headers;
  if (raw.originUrl) observation.originUrl = raw.originUrl;
  if (raw.type === 'main_frame' && !startsDocument(raw.statusCode, raw.responseHeaders)) observation.documentless = true;
  if (raw.type === 'main_frame' && typeof raw.requestId === 'string') observation.requestId = raw.requestId;
  return observation;
}

/** Main-frame requests a speculation rule made (Sec-Purpose: prefetch, prerender), by request id; a few at a time. */
const speculativeRequests = new Set<string>();
const MAX_SPECULATIVE_REQUESTS = 64;

function noteSpeculativeRequest(details: { requestId: string; requestHeaders?: { name: string; value?: string }[] }): void {
  if (!isSpeculativeRequest(details.requestHeaders)) return;
  speculativeRequests.add(details.requestId);
  if (speculativeRequests.size > MAX_SPECULATIVE_REQUESTS) speculativeRequests.delete(speculativeRequests.values().next().value as string);
}

function isSpeculative(requestId: string | undefined): boolean {
  return requestId !== undefined && speculativeRequests.has(requestId);
}

/**
 * A main-frame request that failed (webRequest.onErrorOccurred), as Vigie reads it in both browsers. `error` is the
 * browser's own string, untrusted and unstable (src/core/load-error.ts reads it).
 */
export interface FailedNavigation {
  tabId: number;
  url: string;
  error: unknown;
  timeStamp: number;
  incognito: boolean;
  /** The browser's id of the request, the same across its redirects (both browsers). */
  requestId?: string;
}

/** The webRequest.onErrorOccurred details Vigie reads, the same in both browsers. */
export interface RawFailure {
  tabId: number;
  frameId?: number;
  url: string;
  type: string;
  error?: unknown;
  timeStamp: number;
  documentLifecycle?: string;
  incognito?: boolean;
  requestId?: string;
}

/**
 * Turns a failed request into a failed navigation of a tab, or null when it is none: not the tab's top-level document
 * (a frame other than 0, no tab) or a speculative load (a prerender or prefetch, Chromium) the user never saw.
 */
export function failedNavigationOf(raw: RawFailure): FailedNavigation | null {
  if (raw.type !== 'main_frame' || !Number.isInteger(raw.tabId) || raw.tabId < 0 || (raw.frameId ?? 0) !== 0) return null;
  if (raw.documentLifecycle === 'prerender' || isSpeculative(raw.requestId)) return null;
  const failed: FailedNavigation = { tabId: raw.tabId, url: String(raw.url), error: raw.error, timeStamp: raw.timeStamp, incognito: raw.incognito === true || privateTabs.has(raw.tabId) };
  if (typeof raw.requestId === 'string') failed.requestId = raw.requestId;
  return failed;
}

type ObservationHandlers = { response(o: ResponseObservation): void; redirect(o: ResponseObservation): void; failure(f: FailedNavigation): void };

const WEB_URLS = ['http://*/*', 'https://*/*'];
/** Where the tabs whose sub-resources are observed are kept, so a restarted worker listens to them again. */
const OBSERVED_TABS_KEY = 'observed-tabs';
/** A tab id, or every tab (the user chose to observe every site). */
export type SubresourceScope = number | 'all';

/** Requests that belong to no tab (Firefox beacons). */
const TABLESS = -1;

let handlers: ObservationHandlers | undefined;
/** One listener per observed tab (a `tabId` filter), so other tabs' sub-resources never reach the extension. */
const subresourceListeners = new Map<SubresourceScope, (details: unknown) => void>();

/**
 * Registers the network observers; called synchronously at worker start so no event is missed. Main frames and
 * sub-frames are observed everywhere; sub-resources only in the tabs `observeSubresources` names (the browser's cost
 * of delivering every sub-resource event to an extension is most of what an extension adds to a page load).
 */
export function observeNetwork(given: ObservationHandlers): void {
  handlers = given;
  browser.webRequest.onResponseStarted.addListener(
    (d) => given.response(observationOf(d as unknown as RawResponse)),
    { urls: WEB_URLS, types: ['main_frame', 'sub_frame'] },
    ['responseHeaders'],
  );
  // Until the observed tabs are read back, a waking worker's sub-resource events would reach no listener (the browser
  // delivers a waking event only to listeners registered at once): keep them, and pass on those of observed tabs.
  if (restoringBuffer) browser.webRequest.onResponseStarted.addListener(keepWhileRestoring as never, { urls: WEB_URLS }, ['responseHeaders']);
  browser.webRequest.onBeforeRedirect.addListener((d) => given.redirect(observationOf(d as unknown as RawResponse)), { urls: WEB_URLS, types: ['main_frame'] });
  // A top-level navigation that failed (no address, refused, timed out, a certificate...): main frames only, so it
  // fires only when a page's own request errs, never per sub-resource.
  browser.webRequest.onErrorOccurred.addListener(
    (d) => {
      const failed = failedNavigationOf(d as unknown as RawFailure);
      if (failed) given.failure(failed);
    },
    { urls: WEB_URLS, types: ['main_frame'] },
  );
  // Chromium reports a speculation rule's prerender (or prefetch) of a page like a navigation of the tab (frame 0,
  // lifecycle 'active'); only its request's Sec-Purpose header tells, and it is not in the response's details. One more
  // event per main-frame request, in Chromium only (Firefox has no speculation rules).
  if (!IS_FIREFOX) browser.webRequest.onSendHeaders.addListener(noteSpeculativeRequest as never, { urls: WEB_URLS, types: ['main_frame'] }, ['requestHeaders']);
}

function listenToSubresources(scope: SubresourceScope): void {
  if (subresourceListeners.has(scope)) return;
  const listener = (d: unknown): void => {
    const raw = d as RawResponse;
    // Frames come through the frames listener already.
    if (raw.type === 'main_frame' || raw.type === 'sub_frame') return;
    // Every tab is observed by the 'all' listener: a tab's own would deliver each response twice.
    if (scope !== 'all' && subresourceListeners.has('all')) return;
    handlers?.response(observationOf(raw));
  };
  subresourceListeners.set(scope, listener);
  const filter = scope === 'all' ? { urls: WEB_URLS } : { urls: WEB_URLS, tabId: scope };
  browser.webRequest.onResponseStarted.addListener(listener as never, filter, ['responseHeaders']);
}

function saveObservedScopes(): void {
  void sessionArea.set({ [OBSERVED_TABS_KEY]: [...subresourceListeners.keys()] }).catch(() => undefined);
}

/** True when a tab's sub-resources are observed (its own listener, or every tab's). */
export function observesSubresources(tabId: number): boolean {
  return subresourceListeners.has(tabId) || subresourceListeners.has('all');
}

/** Starts or stops observing the sub-resources of one tab, or of every tab; remembered for a restarted worker. */
export function observeSubresources(scope: SubresourceScope, on: boolean): void {
  if (on === subresourceListeners.has(scope)) return;
  toggle(scope, on);
  // Firefox gives beacons no tab (tabId -1, attributed by originUrl): listen to those while any tab is observed.
  if (IS_FIREFOX) toggle(TABLESS, [...subresourceListeners.keys()].some((k) => typeof k === 'number' && k >= 0));
  saveObservedScopes();
}

function toggle(scope: SubresourceScope, on: boolean): void {
  if (on) listenToSubresources(scope);
  else if (subresourceListeners.has(scope)) {
    browser.webRequest.onResponseStarted.removeListener(subresourceListeners.get(scope) as never);
    subresourceListeners.delete(scope);
  }
}

/**
 * Listens again to the sub-resources of the tabs observed before the worker stopped (part of the readiness barrier:
 * a health tab's requests must not be missed because the worker restarted).
 */
export const subresourceScopesRestored: Promise<void> = sessionArea
  .get(OBSERVED_TABS_KEY)
  .then(
    (stored) => {
      const scopes = stored[OBSERVED_TABS_KEY];
      if (!Array.isArray(scopes)) return;
      for (const scope of scopes) if (scope === 'all' || (Number.isInteger(scope) && (scope as number) >= TABLESS)) listenToSubresources(scope as SubresourceScope);
    },
    () => undefined,
  )
  .then(passOnKeptResponses);

/** Sub-resource responses that came while the observed tabs were being read back (null once they are). */
let restoringBuffer: RawResponse[] | null = [];

function keepWhileRestoring(d: unknown): void {
  const raw = d as RawResponse;
  if (raw.type !== 'main_frame' && raw.type !== 'sub_frame') restoringBuffer?.push(raw);
}

/** The observed tabs are back: their kept responses go on as if just seen; the others were never to be observed. */
function passOnKeptResponses(): void {
  const kept = restoringBuffer ?? [];
  restoringBuffer = null;
  browser.webRequest.onResponseStarted.removeListener(keepWhileRestoring as never);
  for (const raw of kept) {
    const observed = raw.tabId >= 0 ? observesSubresources(raw.tabId) : IS_FIREFOX && subresourceListeners.has(TABLESS);
    if (observed) handlers?.response(observationOf(raw));
  }
}

/**
 * Firefox only: the CNAME of a host from Firefox's own DNS cache. Never behind a proxy (the proxy resolves names, so a
 * lookup would be a DNS query of Vigie's own), and always with the `offline` flag: cached answers only, no query.
 */
export async function cachedCname(host: string, viaProxy: boolean): Promise<string | null> {
  if (!IS_FIREFOX || viaProxy) return null;
  const dns = browser.dns;
  if (!dns) return null;
  try {
    apiCalls.dnsCacheReads++;
    const record = await dns.resolve(host, ['canonical_name', 'offline']);
    const cname = record.canonicalName?.toLowerCase();
    return cname && cname !== host ? cname : null;
  } catch {
    // Not in the cache, an IP literal, or offline: the IP evidence stands.
    return null;
  }
}

// ---------------------------------------------------------------- tabs

/** Private (incognito) tabs, known from tab events; Firefox also marks each request. */
const privateTabs = new Set<number>();

function notePrivacy(tab: { id?: number; incognito?: boolean }): void {
  if (tab.id === undefined) return;
  if (tab.incognito) privateTabs.add(tab.id);
  else privateTabs.delete(tab.id);
}

/** True when a tab belongs to a private window (as far as tab events told). */
export function isPrivateTab(tabId: number): boolean {
  return privateTabs.has(tabId);
}

/** The web pages open when this worker started (tab id and URL). */
const openAtStart: { tabId: number; url: string }[] = [];

/** Resolves once the open tabs' privacy is known (part of the worker's readiness barrier). */
export const tabsKnown: Promise<void> = browser.tabs.query({}).then(
  (all) => {
    for (const tab of all) {
      notePrivacy(tab);
      if (tab.id !== undefined && tab.url && /^https?:/.test(tab.url)) openAtStart.push({ tabId: tab.id, url: tab.url });
    }
  },
  () => undefined,
);

/** What Chromium's injected reader gave back, and from which document: `value` is page content, untrusted until parsed. */
export interface InjectedPageRead {
  tabId: number;
  /** The document the reader ran in (Chromium names each document). */
  documentId?: string;
  incognito: boolean;
  navigation: PageNavigation;
  /** The page-badge script went in with the reader. */
  withBadgeScript: boolean;
  value: unknown;
}

let pageReadHandler: ((read: InjectedPageRead) => void) | undefined;

/** Receives what Chromium's injected page reader read (Firefox's content script sends a message instead). */
export function onPageRead(handler: (read: InjectedPageRead) => void): void {
  pageReadHandler = handler;
}

/**
 * Firefox: how long after a page's load the background waits for the page's own message before asking it again. The
 * content script retries by itself, but its message can still be lost (the event page suspended or restarted while it
 * was handled: churn e2e, a clean-clone run, a health page left without its decision); one question after this delay
 * costs nothing where the page spoke.
 */
const FIREFOX_READ_CHECK_MS = 1_500;
const readChecks = new Map<number, ReturnType<typeof setTimeout>>();

/**
 * Reads a tab's page. Chromium: injects the reader into the top frame (with the page-badge script first when
 * `withBadge`: one injection where a badge is likely) and hands its result to `onPageRead`; the page's world never
 * sees it, and no runtime API is touched. Firefox: its declared content script speaks by itself; if `stillUnread`
 * says, a moment after, that what it said never arrived, the page is asked again, once.
 */
export function readPage(tabId: number, navigation: PageNavigation, withBadge = false, stillUnread?: () => boolean): void {
  if (IS_FIREFOX) {
    if (!stillUnread) return;
    clearTimeout(readChecks.get(tabId));
    readChecks.set(tabId, setTimeout(() => {
      readChecks.delete(tabId);
      if (stillUnread()) askPageToSpeak(tabId, false);
    }, FIREFOX_READ_CHECK_MS));
    return;
  }
  apiCalls.injections++;
  const files = withBadge ? [PAGE_BADGE_FILE, PAGE_READER_FILE] : [PAGE_READER_FILE];
  browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, files }).then(
    (results) => {
      const [first] = (results ?? []) as { frameId?: number; documentId?: unknown; result?: unknown }[];
      if (!first || first.frameId !== 0) return;
      const read: InjectedPageRead = { tabId, incognito: privateTabs.has(tabId), navigation, withBadgeScript: withBadge, value: first.result };
      if (typeof first.documentId === 'string') read.documentId = first.documentId;
      pageReadHandler?.(read);
    },
    // The tab closed or shows a page the extension may not read (an error page): nothing to read.
    () => undefined,
  );
}

/** Chromium: a client-side router changes the URL, then the content; the page is read once its URL has settled. */
const HISTORY_SETTLE_MS = 400;
const settling = new Map<number, ReturnType<typeof setTimeout>>();

/**
 * Has a tab's page read again: after its URL changed without a new document (`afterMove`: once it has settled, and in
 * Firefox only if it moved since the page last spoke), or because the background lost what the page said.
 */
export function readPageAgain(tabId: number, afterMove: boolean): void {
  if (IS_FIREFOX) return askPageToSpeak(tabId, afterMove);
  clearTimeout(settling.get(tabId));
  if (!afterMove) return readPage(tabId, 'history');
  settling.set(tabId, setTimeout(() => {
    settling.delete(tabId);
    readPage(tabId, 'history');
  }, HISTORY_SETTLE_MS));
}

/** Firefox: the tab's content script reports again (only if its URL moved since it last spoke, when `onlyIfMoved`). */
function askPageToSpeak(tabId: number, onlyIfMoved: boolean): void {
  void sendToTab(tabId, { type: 'report-again', onlyIfMoved }).catch(() => undefined);
}

/**
 * A worker stopped right when a page finished loading can miss that tab's 'complete' event and the page's read
 * (Chromium), or lose what the page said while it was suspending (Firefox), or the read-back of a badge the commit
 * reset. On start, the background has the pages `needsReading` names read again, and hands every other open page to
 * `alreadyRead`.
 */
export function revisitOpenPages(needsReading: (tabId: number, url: string) => boolean, alreadyRead: (tabId: number) => void): void {
  for (const { tabId, url } of openAtStart.splice(0)) {
    if (!needsReading(tabId, url)) alreadyRead(tabId);
    else if (IS_FIREFOX) askPageToSpeak(tabId, false);
    else readPage(tabId, 'load');
  }
}

/**
 * Sends a page its badge. Chromium injects the page-badge script first unless `scriptPresent`; with the document's id
 * both go to that document only (a tab that moved on to another document gets neither). Rejects when no page listens.
 */
export async function sendPageBadge(tabId: number, badge: PageBadgeState, to: { documentId?: string; scriptPresent: boolean }): Promise<void> {
  if (!IS_FIREFOX && !to.scriptPresent) {
    apiCalls.injections++;
    const target = to.documentId ? { tabId, documentIds: [to.documentId] } : { tabId, frameIds: [0] };
    await browser.scripting.executeScript({ target, files: [PAGE_BADGE_FILE] } as never);
  }
  await sendToTab(tabId, { type: 'badge', badge }, to.documentId);
}

/** What changed in a tab, as the background needs it. */
export interface TabChange {
  url?: string;
  status?: string;
  /** The tab's current URL, when the browser tells. */
  tabUrl?: string;
}

/**
 * Watches tabs. The background reads a page once it has loaded (`readPage`: in Chromium an injection, as a declared
 * content script slowed every page load, bench pageload; Firefox declares its content script, as after-load
 * injection once missed a page in the churn test).
 */
export function watchTabs(handlers: { updated(tabId: number, change: TabChange): void; removed(tabId: number): void; replaced(added: number, removed: number): void }): void {
  browser.tabs.onCreated.addListener(notePrivacy);
  const updated = (tabId: number, change: chrome.tabs.OnUpdatedInfo, tab: chrome.tabs.Tab): void => {
    notePrivacy(tab);
    const out: TabChange = {};
    if (change.url !== undefined) out.url = change.url;
    if (change.status !== undefined) out.status = change.status;
    if (tab.url !== undefined) out.tabUrl = tab.url;
    handlers.updated(tabId, out);
  };
  // Only URL and load-status changes matter; Firefox can filter the others (title, favicon...) out before they wake
  // the event page. Chromium has no such filter.
  if (IS_FIREFOX) (browser.tabs.onUpdated.addListener as (l: typeof updated, filter: { properties: string[] }) => void)(updated, { properties: ['status', 'url'] });
  else browser.tabs.onUpdated.addListener(updated);
  browser.tabs.onRemoved.addListener((tabId) => {
    privateTabs.delete(tabId);
    handlers.removed(tabId);
  });
  browser.tabs.onReplaced.addListener((added, removed) => {
    if (privateTabs.delete(removed)) privateTabs.add(added);
    handlers.replaced(added, removed);
  });
}

/** Sends a message to a tab's top frame, or to one document of it (Chromium); rejects when no script listens. */
function sendToTab(tabId: number, message: BackgroundMessage, documentId?: string): Promise<unknown> {
  apiCalls.messagesToTabs++;
  return sendTabMessage(tabId, message, documentId ? { documentId } : { frameId: 0 });
}

// ---------------------------------------------------------------- toolbar

/** What the toolbar badge of a tab shows. */
export interface ToolbarState {
  text: string;
  color: string;
  title: string;
}

/**
 * Sets a tab's toolbar badge; rejects when the tab closed meanwhile. Given what the tab shows already (`shown`), only
 * the parts that differ are set; without it (a new tab, or after a commit reset it) every part is.
 */
export async function setToolbar(tabId: number, state: ToolbarState, shown?: ToolbarState): Promise<void> {
  const calls: Promise<unknown>[] = [];
  if (state.text !== shown?.text) {
    apiCalls.badgeText++;
    calls.push(browser.action.setBadgeText({ tabId, text: state.text }));
  }
  if (state.color !== shown?.color) {
    apiCalls.badgeColor++;
    calls.push(browser.action.setBadgeBackgroundColor({ tabId, color: state.color }));
  }
  if (state.title !== shown?.title) {
    apiCalls.badgeTitle++;
    calls.push(browser.action.setTitle({ tabId, title: state.title }));
  }
  // Firefox and recent Chromium pick a contrasting text colour only when asked; it never changes, so it is set once
  // for every tab (a tab's own value would go with each navigation's reset, and be set again each time).
  if (!badgeTextColorSet && browser.action.setBadgeTextColor) {
    badgeTextColorSet = true;
    apiCalls.badgeTextColor++;
    calls.push(browser.action.setBadgeTextColor({ color: '#ffffff' }));
  }
  await Promise.all(calls);
}

/** Set once per worker: the badge text colour of every tab. */
let badgeTextColorSet = false;

/**
 * The tooltip a tab's badge shows now: the one Vigie set, or the extension's default once the browser reset the
 * tab's badge (a navigation's commit clears every per-tab part at once). Rejects when the tab closed.
 */
export function toolbarTitle(tabId: number): Promise<string> {
  apiCalls.badgeReads++;
  return browser.action.getTitle({ tabId });
}

