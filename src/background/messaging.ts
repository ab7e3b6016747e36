/**
 * Receives every message, checks who sent it and what it is, and answers. Messages that fail validation are
 * dropped and counted; a content script only ever speaks for its own tab.
 */
import type { Runtime } from 'webextension-polyfill';
import { getDomain } from 'tldts';
import { classifyHealth } from '../core/health.ts';
import { isPageSignals, parseContentMessage, parseUiMessage, type BackgroundStats, type ContentMessage, type UiMessage } from '../shared/messages.ts';
import { browser } from '../platform/browser.ts';
import { detached, getTab, markDirty, restorePage, startPage, tabCount } from './tab-store.ts';
import { pageBadgeState, refreshSurfaces, registerBadgeTab } from './surfaces.ts';
import { lang, settings, updateSettings } from './settings-store.ts';
import { setHealth } from '../core/report.ts';
import type { PageSignals } from '../core/types.ts';
import { MAX_SIGNALS_URL } from '../core/page-signals.ts';
import { recordHistory } from './history.ts';
import { tableLoadMs } from './engine.ts';
import { startup } from './startup.ts';

const startedAt = Date.now();
let droppedMessages = 0;
/** The last page signals of each tab, to decide again when the user overrides the classifier. */
const lastSignals = new Map<number, PageSignals>();

function isExtensionPage(sender: Runtime.MessageSender): boolean {
  return typeof sender.url === 'string' && sender.url.startsWith(browser.runtime.getURL(''));
}

function siteOf(host: string): string {
  return getDomain(host) ?? host;
}

/** True when two URLs name the same document; page signals carry URLs cut at MAX_SIGNALS_URL characters. */
function sameDocument(a: string, b: string): boolean {
  if (a.split('#')[0] === b.split('#')[0]) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= MAX_SIGNALS_URL && long.startsWith(short);
}

const SIGNALS_PREFIX = 'signals:';

/** The page's last signals, kept in storage.session too: a restarted worker must still re-judge on override. */
async function signalsOf(tabId: number): Promise<PageSignals | undefined> {
  const inMemory = lastSignals.get(tabId);
  if (inMemory) return inMemory;
  const stored = (await browser.storage.session.get(SIGNALS_PREFIX + tabId))[SIGNALS_PREFIX + tabId];
  return isPageSignals(stored) ? stored : undefined;
}

async function handleContent(message: ContentMessage, tabId: number, frameUrl: string): Promise<unknown> {
  if (message.type === 'dismiss-badge') {
    const state = getTab(tabId);
    const site = siteOf(state?.report.host ?? new URL(frameUrl).hostname);
    await updateSettings((s) => ({ dismissedBadges: [...new Set([...s.dismissedBadges, site])] }));
    return { ok: true };
  }
  // The page speaks only for itself: its signals must describe the document the sender is in.
  if (!sameDocument(message.signals.url, frameUrl)) {
    droppedMessages++;
    return null;
  }
  let state = getTab(tabId);
  if (!state || !sameDocument(state.report.url, frameUrl)) {
    // Back/forward cache or a prerendered page: no request was seen for this document.
    if (!restorePage(tabId, frameUrl)) startPage(tabId, frameUrl, Date.now());
    state = getTab(tabId);
  }
  if (!state) return null;
  lastSignals.set(tabId, message.signals);
  void browser.storage.session.set({ [SIGNALS_PREFIX + tabId]: message.signals });
  const report = state.report;
  const health = classifyHealth(message.signals, { overrides: settings().siteOverrides });
  setHealth(report, health, Date.now());
  markDirty(tabId, true);
  const badge = pageBadgeState(report, settings(), lang());
  registerBadgeTab(tabId, badge);
  refreshSurfaces(report, true);
  if (settings().history) void recordHistory(report);
  return badge;
}

async function handleUi(message: UiMessage): Promise<unknown> {
  switch (message.type) {
    case 'get-report':
      return detached(getTab(message.tabId)?.report ?? null);
    case 'get-stats':
      return { droppedMessages, tabs: tabCount(), startedAt, tableLoadMs: { ...tableLoadMs }, startup: { ...startup } } satisfies BackgroundStats;
    case 'set-site-override': {
      const state = getTab(message.tabId);
      if (!state || state.report.pageKind !== 'web') return { ok: false };
      const site = siteOf(state.report.host);
      const value = message.value;
      let overrides: Record<string, 'health' | 'not-health'> = {};
      await updateSettings((s) => {
        overrides = { ...s.siteOverrides };
        if (value === null) delete overrides[site];
        else overrides[site] = value;
        return { siteOverrides: overrides };
      });
      // Decide again at once, from the page's last signals, with the new overrides.
      const signals = await signalsOf(message.tabId);
      if (signals && sameDocument(signals.url, state.report.url)) {
        setHealth(state.report, classifyHealth(signals, { overrides }), Date.now());
        markDirty(message.tabId, true);
        refreshSurfaces(state.report, true);
      }
      return { ok: true };
    }
  }
}

/** Handles one runtime message; returns the reply, or undefined to drop it. */
export async function handleMessage(raw: unknown, sender: Runtime.MessageSender): Promise<unknown> {
  if (sender.id !== browser.runtime.id) {
    droppedMessages++;
    return undefined;
  }
  if (isExtensionPage(sender)) {
    const message = parseUiMessage(raw);
    if (!message) {
      droppedMessages++;
      return undefined;
    }
    return handleUi(message);
  }
  const tabId = sender.tab?.id;
  const frameUrl = sender.url;
  if (tabId === undefined || tabId < 0 || sender.frameId !== 0 || typeof frameUrl !== 'string') {
    droppedMessages++;
    return undefined;
  }
  const message = parseContentMessage(raw);
  if (!message) {
    droppedMessages++;
    return undefined;
  }
  return handleContent(message, tabId, frameUrl);
}
