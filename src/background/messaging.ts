/**
 * Receives every message, and every page's read (Chromium: an injected reader's result), checks who sent it and what
 * it is, and answers. What fails validation is dropped and counted; a page only ever speaks for its own tab and the
 * document it runs in.
 */
import { classifyHealthWith, type HealthData } from '../core/health-classifier.ts';
import { pageUrlOf, sameOrigin } from '../core/page-kind.ts';
import { emptyPageSignals } from '../core/page-signals.ts';
import { recognisedEarlier, rememberSite, withSiteMemory } from '../core/site-memory.ts';
import { setHealth } from '../core/report.ts';
import type { HealthVerdict, LoadedResource, PageSignals } from '../core/types.ts';
import { identifyUnseenMain, identifyUnseenMainSoon, keepPageList } from './traffic.ts';
import { parseContentMessage, parsePageRead, parseUiMessage, type BackgroundStats, type ContentMessage, type ContentReply, type PageNavigation, type PageRead, type UiMessage, type UiReply } from '../shared/messages.ts';
import { apiCalls, type MessageSender } from '../platform/browser.ts';
import { readPageAgain, type InjectedPageRead } from '../platform/background.ts';
import { detached, getTab, markDirty, moveDocument, restorePage, siteMemoryChanged, siteMemoryOf, startPage, tabCount, unstoredCount, type TabState } from './tab-store.ts';
import { badgeScriptPresent, badgeSiteOf, pageBadgeState, pushPageBadge, refreshSurfaces, registerBadgeTab } from './surfaces.ts';
import { lang, settings, updateSettings } from './settings-store.ts';
import { MAX_DISMISSED_BADGES } from '../shared/settings.ts';
import { recordVisit } from './history.ts';
import { tableLoadMs } from './engine.ts';
import { startup } from './startup.ts';
import { healthDecided, popupOpened } from './observation-scope.ts';
import { healthDataReady } from './health-data.ts';

const startedAt = Date.now();
let droppedMessages = 0;

/**
 * How a page's read arrived: a content script's message (Firefox's declared script: it may overtake its document's
 * main-frame response, and gets its badge in the reply), or an injected reader's result (Chromium: injected at the
 * load's end, so after that response; a badge is pushed to the page only if it is to show one).
 */
type ReadVia = 'message' | 'injection';

/**
 * The tab's state for the document that sent a message, found or made. One document per report: a URL change without
 * a new document (replaceState, pushState, a hash) moves the report, and its verdict, to the new URL.
 */
function documentState(tabId: number, sender: MessageSender, url: string, navigation: PageNavigation, via: ReadVia): TabState {
  const state = getTab(tabId);
  const page = pageUrlOf(url);
  // A reload's page may speak before its own response reaches the worker (Firefox): the response keeps this decision.
  const awaiting = via === 'message' && navigation === 'load';
  if (state && state.report.url === page && navigation !== 'restore') {
    if (awaiting) state.awaitingResponse = true;
    return adopt(state, sender);
  }
  // Back/forward cache: the page's earlier report, if kept.
  if (navigation === 'restore' && restorePage(tabId, url)) return adopt(getTab(tabId)!, sender);
  if (state && isSameDocument(state, sender, url)) {
    moveDocument(state, url);
    return adopt(state, sender);
  }
  // Not seen yet: restored from the back/forward cache, prerendered, or a response still on its way to a waking worker.
  const found = restorePage(tabId, url) ? getTab(tabId)! : startPage(tabId, url, Date.now(), sender.incognito);
  found.awaitingResponse = via === 'message' && navigation !== 'restore';
  return adopt(found, sender);
}

/**
 * True when the sender's document is the one the report belongs to. Chromium names documents (`documentId`);
 * elsewhere, a page can only change its URL within its origin, and the report's host verdict holds for the origin.
 */
function isSameDocument(state: TabState, sender: MessageSender, url: string): boolean {
  if (state.documentId && sender.documentId) return state.documentId === sender.documentId;
  return state.report.pageKind === 'web' && sameOrigin(state.report.url, url);
}

/**
 * The report now belongs to the sender's document. Its id is taken even when the report had one: a reload's new
 * document speaks for the same URL (in Firefox, whose senders name documents too, its message can come before the
 * response that starts its report, which then carries the old id over), and the page badge is sent to that id.
 */
function adopt(state: TabState, sender: MessageSender): TabState {
  if (sender.documentId) state.documentId = sender.documentId;
  if (sender.incognito) state.private = true;
  return state;
}

/** Decides a page's health: the classifier, then the site memory (a user's override always wins). */
function decideHealth(health: HealthData, state: TabState, signals: PageSignals): HealthVerdict {
  const report = state.report;
  const classified = classifyHealthWith(health, signals, { overrides: settings().siteOverrides });
  const memory = siteMemoryOf(state);
  const earlier = report.pageKind === 'web' ? recognisedEarlier(memory, report.host, report.url, classified) : null;
  delete report.recognisedOn;
  if (earlier) {
    report.recognisedOn = earlier;
    return withSiteMemory(classified);
  }
  if (report.pageKind === 'web' && rememberSite(memory, report.host, report.url, classified)) siteMemoryChanged(state);
  return classified;
}

function judge(health: HealthData, state: TabState, signals: PageSignals, loaded: readonly LoadedResource[]): void {
  state.signals = signals;
  setHealth(state.report, decideHealth(health, state, signals), Date.now());
  healthDecided(state);
  keepPageList(state, loaded);
  markDirty(state.report.tabId, true);
}

async function handleContent(message: ContentMessage, tabId: number, sender: MessageSender & { url: string }): Promise<ContentReply> {
  if (message.type === 'dismiss-badge') {
    const site = badgeSiteOf(getTab(tabId)?.report.host ?? new URL(sender.url).hostname);
    await updateSettings((s) => ({ dismissedBadges: [...s.dismissedBadges.filter((d) => d !== site), site].slice(-MAX_DISMISSED_BADGES) }));
    const state = getTab(tabId);
    if (state) pushPageBadge(state.report);
    return null;
  }
  return pageRead(message, message.navigation, tabId, sender, 'message');
}

/**
 * What a page said of itself: the document it speaks for is found, the page judged, the surfaces follow. Returns the
 * reply to a message (the badge state, which the content script draws), or null.
 */
async function pageRead(read: PageRead, navigation: PageNavigation, tabId: number, sender: MessageSender & { url: string }, via: ReadVia): Promise<ContentReply> {
  // The page speaks only for itself: its signals must describe the document the sender is in. The sender's URL is the
  // document's as it was when the script started; since then the page may only have moved within its origin
  // (history API), so the signals' own URL is the current one.
  const url = read.signals.url;
  if (!sameOrigin(url, sender.url)) {
    droppedMessages++;
    return null;
  }
  // The classifier's data is read after start-up (a cold worker's first verdict does not wait for it). A page that
  // spoke before it was there and was left meanwhile (the tab shows another page now) speaks for nothing.
  const shown = getTab(tabId)?.report;
  const health = await healthDataReady();
  const now = getTab(tabId)?.report;
  if (now !== shown && now?.url !== pageUrlOf(url)) return null;
  const state = documentState(tabId, sender, url, navigation, via);
  // A report still without a verdict when its page speaks: the document came without a response Vigie saw.
  if (via === 'injection') identifyUnseenMain(state, Date.now());
  else identifyUnseenMainSoon(state);
  judge(health, state, read.signals, read.loaded ?? []);
  const report = state.report;
  let badge: ContentReply = null;
  if (via === 'message') {
    badge = pageBadgeState(report, settings(), lang());
    registerBadgeTab(tabId, badge);
  }
  refreshSurfaces(report);
  recordVisit(state);
  return badge;
}

/**
 * Chromium: what the injected reader read, handed back by `scripting.executeScript` from the extension's own isolated
 * world. The values are still the page's (its title, its text): validated as a message is. Its URL is `location.href`
 * read in that world, which a page can move only within its origin (history API): it stands for the sender's URL.
 */
export async function handlePageRead(injected: InjectedPageRead): Promise<void> {
  const read = parsePageRead(injected.value);
  if (!read) {
    droppedMessages++;
    return;
  }
  const sender: MessageSender & { url: string } = { ownExtension: true, extensionPage: false, tabId: injected.tabId, frameId: 0, url: read.signals.url, incognito: injected.incognito };
  if (injected.documentId) sender.documentId = injected.documentId;
  // The badge code came in the same injection (a likely health page): a badge needs no second one.
  if (injected.withBadgeScript) badgeScriptPresent(injected.tabId);
  await pageRead(read, injected.navigation, injected.tabId, sender, 'injection');
}

async function setSiteOverride(tabId: number, value: 'health' | 'not-health' | null): Promise<{ ok: boolean }> {
  const health = await healthDataReady();
  const state = getTab(tabId);
  if (!state || state.report.pageKind !== 'web') return { ok: false };
  const site = badgeSiteOf(state.report.host);
  await updateSettings((s) => {
    const overrides = { ...s.siteOverrides };
    if (value === null) delete overrides[site];
    else overrides[site] = value;
    return { siteOverrides: overrides };
  });
  // Decide again at once from the page's signals; a restarted worker asks the page for them.
  if (state.signals) {
    judge(health, state, state.signals, state.loaded ?? []);
    refreshSurfaces(state.report);
  } else {
    // An override decides without the page's signals: say it before replying, so the popup that asked reads it;
    // the page is still asked for its signals (the reasons, and the classifier's own call after a reset).
    if (value !== null) {
      setHealth(state.report, decideHealth(health, state, emptyPageSignals(state.report.url)), Date.now());
      markDirty(tabId, true);
      refreshSurfaces(state.report);
    }
    readPageAgain(tabId, false);
  }
  return { ok: true };
}

async function showPageBadgeAgain(tabId: number): Promise<{ ok: boolean }> {
  const state = getTab(tabId);
  if (!state || state.report.pageKind !== 'web') return { ok: false };
  const site = badgeSiteOf(state.report.host);
  await updateSettings((s) => ({ dismissedBadges: s.dismissedBadges.filter((d) => d !== site) }));
  pushPageBadge(state.report);
  return { ok: true };
}

async function handleUi<M extends UiMessage>(message: M): Promise<UiReply<M>> {
  return (await answerUi(message)) as UiReply<M>;
}

async function answerUi(message: UiMessage): Promise<UiReply<UiMessage>> {
  switch (message.type) {
    case 'get-report': {
      const state = getTab(message.tabId);
      if (state && message.popupOpen && popupOpened(state)) markDirty(message.tabId, true);
      return detached(state?.report ?? null);
    }
    case 'get-stats':
      return {
        apiCalls: { ...apiCalls },
        droppedMessages,
        tabs: tabCount(),
        unstoredTabs: unstoredCount(),
        startedAt,
        settings: settings(),
        tableLoadMs: { ...tableLoadMs },
        startup: { ...startup },
      } satisfies BackgroundStats;
    case 'get-page-badge': {
      const report = getTab(message.tabId)?.report;
      if (!report || report.pageKind !== 'web') return null;
      const site = badgeSiteOf(report.host);
      return { site, dismissed: settings().dismissedBadges.includes(site) };
    }
    case 'show-page-badge-again':
      return showPageBadgeAgain(message.tabId);
    case 'set-site-override':
      return setSiteOverride(message.tabId, message.value);
  }
}

/** Handles one runtime message; returns the reply, or undefined to drop it. */
export async function handleMessage(raw: unknown, sender: MessageSender): Promise<unknown> {
  if (!sender.ownExtension) {
    droppedMessages++;
    return undefined;
  }
  if (sender.extensionPage) {
    const message = parseUiMessage(raw);
    if (!message) {
      droppedMessages++;
      return undefined;
    }
    return handleUi(message);
  }
  const tabId = sender.tabId;
  const url = sender.url;
  if (tabId === undefined || tabId < 0 || sender.frameId !== 0 || url === undefined) {
    droppedMessages++;
    return undefined;
  }
  const message = parseContentMessage(raw);
  if (!message) {
    droppedMessages++;
    return undefined;
  }
  return handleContent(message, tabId, { ...sender, url });
}
