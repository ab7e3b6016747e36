/**
 * Per-tab reports, keyed by document: a report starts with a main-frame response and follows its document when the
 * page changes its URL without a new one (replaceState, pushState, hash). Kept in memory for speed and mirrored to
 * storage.session, so a stopped service worker (Chrome) or a suspended event page (Firefox) loses nothing; private
 * tabs stay in memory only. Every listener awaits `ready` first; writes are coalesced, one at a time, within a byte
 * budget per tab, and a full storage area costs only the tab that did not fit (as IPvFoo learned to do).
 */
import type { HostEntry, LoadedResource, PageSignals, TabReport } from '../core/types.ts';
import { newTabReport } from '../core/report.ts';
import { pageUrlOf } from '../core/page-kind.ts';
import { parseSiteMemory, serialiseSiteMemory, type SiteMemory } from '../core/site-memory.ts';
import { sessionArea } from '../platform/browser.ts';

const TAB_PREFIX = 'tab:';
const IP_MEMORY_KEY = 'ip-memory';
const SITE_MEMORY_KEY = 'site-memory';
const FLUSH_DELAY_MS = 200;
/** Reports of earlier pages kept per tab, for back/forward cache restores. */
export const PREVIOUS_PAGES = 4;
const IP_MEMORY_SIZE = 4_096;
/**
 * Characters of JSON one tab may take in storage.session (Chrome's quota is 10 MB for everything): a page with
 * hundreds of hosts is cut to fit, its earlier pages first.
 */
export const MAX_STORED_TAB_CHARS = 200_000;

/** A tab's state: the current report, a host index for the hot path, the few previous pages. */
export interface TabState {
  report: TabReport;
  /** When the current page started (report.updatedAt moves with every response). */
  startedAt: number;
  index: Map<string, HostEntry>;
  previous: TabReport[];
  /** The document the report belongs to, once it has been read (Chromium; Firefox 153 names documents too). */
  documentId?: string;
  /** A private (incognito) tab: never written to storage, never feeds the IP memory, the site memory or history. */
  private: boolean;
  /** The page's last signals, in memory only (to decide again when the user overrides the classifier). */
  signals?: PageSignals;
  /**
   * Set when a document of this URL spoke ('load'): its main-frame response may still be on its way (Firefox delivers
   * a page's message and the response that started it in either order), and must not erase what the page said.
   */
  awaitingResponse?: boolean;
  /** The page's list of loaded sub-resources, kept until its main-frame response is in (memory only). */
  loaded?: LoadedResource[];
}

interface StoredTab {
  report: TabReport;
  previous: TabReport[];
  documentId?: string;
}

const tabs = new Map<number, TabState>();
const ipMemory = new Map<string, string>();
/** Sites recognised as health this session: one memory for normal tabs, one (never stored) for private ones. */
let siteMemory: SiteMemory = new Map();
const privateSiteMemory: SiteMemory = new Map();
const dirtyTabs = new Set<number>();
let ipMemoryDirty = false;
let siteMemoryDirty = false;
let flushTimer: ReturnType<typeof setTimeout> | undefined;
let writing: Promise<void> = Promise.resolve();
/** Writes asked for and not finished: with none, a write starts at once (in the same turn as the change it stores). */
let writesInFlight = 0;
/** Tab reports that did not fit in storage.session even cut down (kept in memory only). */
let unstoredTabs = 0;

function indexOf(report: TabReport): Map<string, HostEntry> {
  return new Map(report.hosts.map((h) => [h.verdict.host, h]));
}

function isStoredTab(value: unknown): value is StoredTab {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<StoredTab>;
  return typeof v.report === 'object' && v.report !== null && Array.isArray(v.report.hosts) && Array.isArray(v.previous);
}

async function load(): Promise<void> {
  const all = await sessionArea.get(null);
  for (const [key, value] of Object.entries(all)) {
    if (!key.startsWith(TAB_PREFIX) || !isStoredTab(value)) continue;
    const state: TabState = { report: value.report, startedAt: value.report.updatedAt, index: indexOf(value.report), previous: value.previous, private: false };
    if (typeof value.documentId === 'string') state.documentId = value.documentId;
    tabs.set(value.report.tabId, state);
  }
  const memory = all[IP_MEMORY_KEY];
  if (Array.isArray(memory)) {
    for (const pair of memory) if (Array.isArray(pair) && typeof pair[0] === 'string' && typeof pair[1] === 'string') ipMemory.set(pair[0], pair[1]);
  }
  siteMemory = parseSiteMemory(all[SITE_MEMORY_KEY]);
}

/** Resolves once the stored state is back in memory; every listener awaits it before touching a tab. */
export const ready: Promise<void> = load().catch((error: unknown) => {
  console.error('Vigie: could not restore tab state', error);
});

/**
 * A copy with no shared references. In memory `report.main` is the main host's entry verdict itself; Firefox's
 * message and storage serialisation loses a second reference to the same object, so boundaries get plain copies.
 */
export function detached<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The state of a tab, if any page was seen in it. */
export function getTab(tabId: number): TabState | undefined {
  return tabs.get(tabId);
}

/** Every tab the background holds a report for. */
export function allTabs(): IterableIterator<TabState> {
  return tabs.values();
}

/**
 * The tab of a private window, or of a normal one, showing this document URL; when several do, the one whose page
 * started last (a tab-less beacon is most likely sent by the page that just loaded or is being left). A private
 * window's request never goes to a normal tab, whose report is stored and feeds the IP memory, nor the reverse.
 */
export function tabShowing(url: string, isPrivate: boolean): number | undefined {
  const page = pageUrlOf(url);
  let found: TabState | undefined;
  for (const state of tabs.values()) {
    if (state.private !== isPrivate) continue;
    if (state.report.url === page && (!found || state.startedAt > found.startedAt)) found = state;
  }
  return found?.report.tabId;
}

/**
 * Starts a new document in a tab, keeping the previous report for back/forward restores. When the page's own message
 * came first (`awaitingResponse`, same URL), what it decided (health, its document, its signals) carries over.
 */
export function startPage(tabId: number, url: string, now: number, isPrivate: boolean): TabState {
  const old = tabs.get(tabId);
  if (old?.awaitingResponse && old.report.url === pageUrlOf(url)) {
    const state: TabState = { report: newTabReport(tabId, url, now), startedAt: now, index: new Map(), previous: old.previous, private: isPrivate || old.private };
    state.report.health = old.report.health;
    if (old.report.recognisedOn !== undefined) state.report.recognisedOn = old.report.recognisedOn;
    if (old.documentId) state.documentId = old.documentId;
    if (old.signals) state.signals = old.signals;
    if (old.loaded) state.loaded = old.loaded;
    tabs.set(tabId, state);
    markDirty(tabId);
    return state;
  }
  const previous = old ? [old.report, ...old.previous.filter((p) => p.url !== old.report.url)].slice(0, PREVIOUS_PAGES) : [];
  const state: TabState = { report: newTabReport(tabId, url, now), startedAt: now, index: new Map(), previous, private: isPrivate || (old?.private ?? false) };
  tabs.set(tabId, state);
  markDirty(tabId);
  return state;
}

/**
 * The document of a tab's report changed its URL without loading a new one (replaceState, pushState, a hash): the
 * report, its verdict and its hosts follow it. Returns true when the URL changed.
 */
export function moveDocument(state: TabState, url: string): boolean {
  const page = pageUrlOf(url);
  if (state.report.url === page) return false;
  state.report.url = page;
  markDirty(state.report.tabId, true);
  return true;
}

/** Brings back the report of a page shown again from the back/forward cache; false when none is kept. */
export function restorePage(tabId: number, url: string): boolean {
  const state = tabs.get(tabId);
  if (!state) return false;
  const page = pageUrlOf(url);
  if (state.report.url === page) return true;
  const found = state.previous.find((p) => p.url === page);
  if (!found) return false;
  state.previous = [state.report, ...state.previous.filter((p) => p !== found)].slice(0, PREVIOUS_PAGES);
  state.report = found;
  state.startedAt = Date.now();
  state.index = indexOf(found);
  delete state.documentId;
  delete state.signals;
  markDirty(tabId);
  return true;
}

/** Moves a tab's state when the browser replaces a tab (prerender activation, instant pages); the old keys go. */
export function replaceTab(addedTabId: number, removedTabId: number): void {
  const state = tabs.get(removedTabId);
  removeTab(removedTabId);
  if (!state) return;
  state.report.tabId = addedTabId;
  for (const page of state.previous) page.tabId = addedTabId;
  tabs.set(addedTabId, state);
  markDirty(addedTabId);
}

/** Forgets a closed tab: memory and every stored key of it. */
export function removeTab(tabId: number): void {
  tabs.delete(tabId);
  dirtyTabs.delete(tabId);
  void sessionArea.remove(TAB_PREFIX + tabId).catch(() => undefined);
}

/** The last IP seen for a host (for responses served from cache, which carry none). */
export function rememberedIp(host: string): string | undefined {
  return ipMemory.get(host);
}

/** Remembers a host's IP, from a normal (not private) tab; bounded, oldest first out. */
export function rememberIp(host: string, ip: string): void {
  if (ipMemory.get(host) === ip) return;
  ipMemory.delete(host);
  ipMemory.set(host, ip);
  if (ipMemory.size > IP_MEMORY_SIZE) ipMemory.delete(ipMemory.keys().next().value as string);
  ipMemoryDirty = true;
  scheduleFlush();
}

/** The site memory a tab reads and feeds: the stored one, or the private windows' own (memory only). */
export function siteMemoryOf(state: TabState): SiteMemory {
  return state.private ? privateSiteMemory : siteMemory;
}

/** Marks the (stored) site memory for the next write. */
export function siteMemoryChanged(state: TabState): void {
  if (state.private) return;
  siteMemoryDirty = true;
  scheduleFlush();
}

/**
 * Marks a tab for the next coalesced write. `urgent` for what the user sees (a new verdict, the health decision):
 * written at once, so a worker stopped right after still has it; counters wait for the next interval.
 */
export function markDirty(tabId: number, urgent = false): void {
  if (tabs.get(tabId)?.private) return;
  dirtyTabs.add(tabId);
  if (urgent) void flush();
  else scheduleFlush();
}

function scheduleFlush(): void {
  if (flushTimer !== undefined) return;
  flushTimer = setTimeout(() => {
    flushTimer = undefined;
    void flush();
  }, FLUSH_DELAY_MS);
}

/**
 * A stored copy of a tab within `maxChars` of JSON: earlier pages go first (oldest first), then the current page's
 * least used third parties (counted in droppedHosts); the page's own host always stays.
 */
export function fitStoredTab(state: Pick<TabState, 'report' | 'previous' | 'documentId'>, maxChars = MAX_STORED_TAB_CHARS): StoredTab {
  const json = JSON.stringify({ report: state.report, previous: state.previous, ...(state.documentId ? { documentId: state.documentId } : {}) });
  // One serialisation for the usual case (a tab within budget): its length is the size, its parse the detached copy.
  const stored = JSON.parse(json) as StoredTab;
  let size = json.length;
  while (size > maxChars && stored.previous.length > 0) {
    stored.previous.pop();
    size = JSON.stringify(stored).length;
  }
  if (size <= maxChars) return stored;
  const report = stored.report;
  const ranked = [...report.hosts].sort((a, b) => Number(b.verdict.host === report.host) - Number(a.verdict.host === report.host) || b.requests - a.requests);
  let keep = ranked.length;
  while (size > maxChars && keep > 1) {
    keep = Math.max(1, Math.floor(keep * 0.75));
    const kept = new Set(ranked.slice(0, keep));
    const trimmed = { ...stored, report: { ...report, hosts: report.hosts.filter((h) => kept.has(h)), droppedHosts: report.droppedHosts + (report.hosts.length - keep) } };
    size = JSON.stringify(trimmed).length;
    if (size <= maxChars || keep === 1) return trimmed;
  }
  return stored;
}

/** Writes items; when the area refuses (quota), writes each key alone and cuts the ones that do not fit. */
async function write(items: Record<string, unknown>): Promise<void> {
  try {
    await sessionArea.set(items);
    return;
  } catch {
    // Fall through: one key at a time, so one tab's report never costs the others theirs.
  }
  for (const [key, value] of Object.entries(items)) {
    try {
      await sessionArea.set({ [key]: value });
    } catch {
      const state = key.startsWith(TAB_PREFIX) ? tabs.get(Number(key.slice(TAB_PREFIX.length))) : undefined;
      try {
        if (!state) throw new Error('not a tab');
        await sessionArea.set({ [key]: fitStoredTab({ report: state.report, previous: [] }, MAX_STORED_TAB_CHARS / 8) });
      } catch (error) {
        unstoredTabs++;
        console.warn('Vigie: storage full, kept in memory only:', key, error);
        await sessionArea.remove(key).catch(() => undefined);
      }
    }
  }
}

/**
 * Writes every dirty tab now, one write at a time (never two overlapping writes). With no write in flight, it starts
 * in this turn, so that storage.session merges it with the other writes of the same event (src/platform/browser.ts).
 */
export function flush(): Promise<void> {
  const items: Record<string, unknown> = {};
  for (const tabId of dirtyTabs) {
    const state = tabs.get(tabId);
    if (state && !state.private) items[TAB_PREFIX + tabId] = fitStoredTab(state);
  }
  dirtyTabs.clear();
  if (ipMemoryDirty) {
    items[IP_MEMORY_KEY] = [...ipMemory.entries()];
    ipMemoryDirty = false;
  }
  if (siteMemoryDirty) {
    items[SITE_MEMORY_KEY] = serialiseSiteMemory(siteMemory);
    siteMemoryDirty = false;
  }
  if (Object.keys(items).length === 0) return writing;
  const start = () => write(items).finally(() => void writesInFlight--);
  writing = writesInFlight++ === 0 ? start() : writing.then(start);
  return writing;
}

/** Number of tabs with state (for stats and tests). */
export function tabCount(): number {
  return tabs.size;
}

/** Writes of a tab report that storage.session refused even cut down (the report then lives in memory only). */
export function unstoredCount(): number {
  return unstoredTabs;
}
