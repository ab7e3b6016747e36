/**
 * Per-tab reports, kept in memory for speed and mirrored to storage.session so that a stopped service worker
 * (Chrome) or a suspended event page (Firefox) loses nothing. Every listener awaits `ready` first; writes are
 * coalesced (one write per dirty tab per interval), as IPvFoo learned to do.
 */
import type { HostEntry, TabReport } from '../core/types.ts';
import { newTabReport } from '../core/report.ts';
import { browser } from '../platform/browser.ts';

const TAB_PREFIX = 'tab:';
const IP_MEMORY_KEY = 'ip-memory';
const FLUSH_DELAY_MS = 200;
/** Reports of earlier pages kept per tab, for back/forward cache restores. */
const PREVIOUS_PAGES = 4;
const IP_MEMORY_SIZE = 4_096;

/** A tab's state: the current report, a host index for the hot path, and the few previous pages. */
export interface TabState {
  report: TabReport;
  /** When the current page started (report.updatedAt moves with every response). */
  startedAt: number;
  index: Map<string, HostEntry>;
  previous: TabReport[];
}

interface StoredTab {
  report: TabReport;
  previous: TabReport[];
}

const tabs = new Map<number, TabState>();
const ipMemory = new Map<string, string>();
const dirtyTabs = new Set<number>();
let ipMemoryDirty = false;
let flushTimer: ReturnType<typeof setTimeout> | undefined;
let writing: Promise<void> = Promise.resolve();

function indexOf(report: TabReport): Map<string, HostEntry> {
  return new Map(report.hosts.map((h) => [h.verdict.host, h]));
}

function isStoredTab(value: unknown): value is StoredTab {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<StoredTab>;
  return typeof v.report === 'object' && v.report !== null && Array.isArray(v.report.hosts) && Array.isArray(v.previous);
}

async function load(): Promise<void> {
  const all = await browser.storage.session.get(null);
  for (const [key, value] of Object.entries(all)) {
    if (key.startsWith(TAB_PREFIX) && isStoredTab(value)) {
      tabs.set(value.report.tabId, { report: value.report, startedAt: value.report.updatedAt, index: indexOf(value.report), previous: value.previous });
    }
  }
  const memory = all[IP_MEMORY_KEY];
  if (Array.isArray(memory)) {
    for (const pair of memory) if (Array.isArray(pair) && typeof pair[0] === 'string' && typeof pair[1] === 'string') ipMemory.set(pair[0], pair[1]);
  }
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

/**
 * The tab showing this document URL; when several do, the one whose page started last (a tab-less beacon is most
 * likely sent by the page that just loaded or is being left).
 */
export function tabShowing(url: string): number | undefined {
  let found: TabState | undefined;
  for (const state of tabs.values()) {
    if (state.report.url === url && (!found || state.startedAt > found.startedAt)) found = state;
  }
  return found?.report.tabId;
}

/** Starts a new page in a tab, keeping the previous report for back/forward restores. */
export function startPage(tabId: number, url: string, now: number): TabState {
  const old = tabs.get(tabId);
  const previous = old ? [old.report, ...old.previous.filter((p) => p.url !== old.report.url)].slice(0, PREVIOUS_PAGES) : [];
  const state: TabState = { report: newTabReport(tabId, url, now), startedAt: now, index: new Map(), previous };
  tabs.set(tabId, state);
  markDirty(tabId);
  return state;
}

/** Brings back the report of a page shown again from the back/forward cache; false when none is kept. */
export function restorePage(tabId: number, url: string): boolean {
  const state = tabs.get(tabId);
  if (!state) return false;
  if (state.report.url === url) return true;
  const found = state.previous.find((p) => p.url === url);
  if (!found) return false;
  state.previous = [state.report, ...state.previous.filter((p) => p !== found)].slice(0, PREVIOUS_PAGES);
  state.report = found;
  state.startedAt = Date.now();
  state.index = indexOf(found);
  markDirty(tabId);
  return true;
}

/** Moves a tab's state when the browser replaces a tab (prerender activation, instant pages). */
export function replaceTab(addedTabId: number, removedTabId: number): void {
  const state = tabs.get(removedTabId);
  if (!state) return;
  tabs.delete(removedTabId);
  state.report.tabId = addedTabId;
  tabs.set(addedTabId, state);
  void browser.storage.session.remove(TAB_PREFIX + removedTabId);
  markDirty(addedTabId);
}

/** Forgets a closed tab. */
export function removeTab(tabId: number): void {
  tabs.delete(tabId);
  dirtyTabs.delete(tabId);
  void browser.storage.session.remove([TAB_PREFIX + tabId, `signals:${tabId}`]);
}

/** The last IP seen for a host (for responses served from cache, which carry none). */
export function rememberedIp(host: string): string | undefined {
  return ipMemory.get(host);
}

/** Remembers a host's IP; bounded, oldest first out. */
export function rememberIp(host: string, ip: string): void {
  if (ipMemory.get(host) === ip) return;
  ipMemory.delete(host);
  ipMemory.set(host, ip);
  if (ipMemory.size > IP_MEMORY_SIZE) ipMemory.delete(ipMemory.keys().next().value as string);
  ipMemoryDirty = true;
  scheduleFlush();
}

/**
 * Marks a tab for the next coalesced write. `urgent` for what the user sees (a new verdict, the health decision):
 * written at once, so a worker stopped right after still has it; counters wait for the next interval.
 */
export function markDirty(tabId: number, urgent = false): void {
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

/** Writes every dirty tab now, one write at a time (never two overlapping writes). */
export function flush(): Promise<void> {
  const items: Record<string, unknown> = {};
  for (const tabId of dirtyTabs) {
    const state = tabs.get(tabId);
    if (state) items[TAB_PREFIX + tabId] = detached({ report: state.report, previous: state.previous } satisfies StoredTab);
  }
  dirtyTabs.clear();
  if (ipMemoryDirty) {
    items[IP_MEMORY_KEY] = [...ipMemory.entries()];
    ipMemoryDirty = false;
  }
  if (Object.keys(items).length === 0) return writing;
  writing = writing.then(() => browser.storage.session.set(items)).catch((error: unknown) => console.error('Vigie: storage write failed', error));
  return writing;
}

/** Number of tabs with state (for stats and tests). */
export function tabCount(): number {
  return tabs.size;
}
