/**
 * Background start-up: every listener is registered synchronously here (a restarted service worker only receives
 * events whose listeners exist after its first turn), and each waits for the stored state, the settings and the
 * routing table before it runs. Events flow one way: platform -> observer / messaging -> tab store -> surfaces.
 */
// First: the reads of the packaged files the first verdict needs start before the rest is evaluated.
import './packaged-reads.ts';
import { pageUrlOf, sameOrigin } from '../core/page-kind.ts';
import { onMessage, onSuspend } from '../platform/browser.ts';
import { observeNetwork, observesSubresources, onPageRead, readPage, revisitOpenPages, readPageAgain, subresourceScopesRestored, tabsKnown, watchTabs } from '../platform/background.ts';
import { followEverySiteChoice, forgetScope, moveScope, popupSitesRestored } from './observation-scope.ts';
import { ready as tabsReady, allTabs, getTab, removeTab, replaceTab, restorePage, startPage, flush } from './tab-store.ts';
import { engineReady, setRules } from './engine.ts';
import { healthDataReady, healthDomainsReady } from './health-data.ts';
import { lang, onSettings, settings, settingsReady } from './settings-store.ts';
import { catalogReady, localeReady } from './text-data.ts';
import type { Settings } from '../shared/settings.ts';
import { forgetRedirects, observeRedirect, observeResponse } from './traffic.ts';
import { forgetFailures, observeFailure, tabShows } from './load-failures.ts';
import { handleMessage, handlePageRead } from './messaging.ts';
import { refreshSurfaces, unregisterBadgeTab } from './surfaces.ts';
import { forgetToolbar, recheckToolbar, tabUrlSeen } from './toolbar.ts';
import { deleteHistory } from './history.ts';
import { startup } from './startup.ts';
import { registerFirstRun } from './first-run.ts';
import { afterFirstVerdict, workerReady } from './after-first-verdict.ts';

let isReady = false;
const queued: (() => void)[] = [];

/**
 * The readiness barrier: stored state, settings, catalog, locale, providers table, domain list and listeners back;
 * queued events run.
 */
export const backgroundReady = Promise.all([tabsReady, settingsReady, catalogReady, localeReady, engineReady, healthDomainsReady, tabsKnown, subresourceScopesRestored, popupSitesRestored]).then(() => {
  startup.readyMs = performance.now();
  isReady = true;
  // The stored listeners are back: make the every-site one follow the settings now loaded.
  followEverySiteChoice();
  for (const run of queued.splice(0)) run();
  workerReady();
  // The classifier's model, which no first verdict needs, read once one is shown, so that pages' reads find it there.
  void afterFirstVerdict.then(healthDataReady).catch((error: unknown) => console.error('Vigie: health model failed to load', error));
  // Pages whose health was never decided may have lost their read with a stopped worker; the others their badge's
  // re-application after a commit.
  revisitOpenPages(needsReading, recheckBadge);
});

/** True when the tab's page at `url` has no health decision the background knows of. */
function needsReading(tabId: number, url: string): boolean {
  const report = getTab(tabId)?.report;
  return !report || report.health === null || report.url !== pageUrlOf(url);
}

/** Makes sure an open page read before this worker started shows its verdict on the toolbar. */
function recheckBadge(tabId: number): void {
  const report = getTab(tabId)?.report;
  if (report) void recheckToolbar(report, settings(), lang());
}

/** True while the tab still shows `url` and its health is undecided (a page's read lost on its way). */
function stillUnread(tabId: number, url: string): boolean {
  const report = getTab(tabId)?.report;
  return isReady && (!report || (report.url === pageUrlOf(url) && report.health === null));
}

/** The tab shows a page that is not the report's: it gets a report of its own (no verdict), and the old one is kept for back. */
function leavePage(tabId: number, url: string, isPrivate: boolean): void {
  startPage(tabId, url, Date.now(), isPrivate);
  unregisterBadgeTab(tabId);
}

/** True when a settings change alters what the toolbar or page badges of open tabs show. */
function badgesChange(now: Settings, before: Settings): boolean {
  return now.badgeScope !== before.badgeScope || now.pageBadge !== before.pageBadge || now.language !== before.language || now.dismissedBadges.join('\n') !== before.dismissedBadges.join('\n');
}

/** Runs at once when ready (the hot path pays no promise), else after start-up, in arrival order. */
function whenReady(run: () => void): void {
  if (isReady) run();
  else queued.push(run);
}

onSettings((s, before) => {
  setRules(s.rules);
  // Switching the history off deletes what it recorded.
  if (before.history && !s.history) void deleteHistory();
  followEverySiteChoice();
  // Open tabs show a change of what the badges say or where they alarm at once, not from their next page on.
  if (isReady && badgesChange(s, before)) for (const state of allTabs()) refreshSurfaces(state.report);
});

observeNetwork({
  response: (o) => whenReady(() => observeResponse(o)),
  redirect: (o) => whenReady(() => observeRedirect(o)),
  failure: (f) => whenReady(() => observeFailure(f)),
});

registerFirstRun();

onMessage((message, sender) => backgroundReady.then(() => handleMessage(message, sender)));
onPageRead((read) => void backgroundReady.then(() => handlePageRead(read)));

/**
 * A page has loaded: read it (Chromium; Firefox's declared content script speaks by itself). A tab whose sub-resources
 * are observed is likely health: the badge code goes in the same injection. At once, even before the worker is
 * ready (the read's handling waits for it), so that a cold start does not delay the health decision.
 */
function pageLoaded(tabId: number, url: string): void {
  readPage(tabId, 'load', isReady && settings().pageBadge && observesSubresources(tabId), () => stillUnread(tabId, url));
}

watchTabs({
  updated: (tabId, change) => {
    if (change.status === 'complete' && change.tabUrl && /^https?:/.test(change.tabUrl)) pageLoaded(tabId, change.tabUrl);
    whenReady(() => {
      const state = getTab(tabId);
      let left = false;
      if (change.url && state && state.report.url !== pageUrlOf(change.url) && !restorePage(tabId, change.url)) {
        // Back/forward cache restores fire no request: the page's earlier report came back above, if kept. Within the
        // report's origin the page may have changed its URL itself (pushState, replaceState): it is read again once its
        // URL settles. Anywhere else no document moved: an error page, a local file, about:blank, a page shown from a
        // prerender (no response of its own), so the report held is another page's and must not speak for this one.
        const web = /^https?:/.test(change.url);
        if (!web || !sameOrigin(state.report.url, change.url)) leavePage(tabId, change.url, state.private);
        if (web) readPageAgain(tabId, true);
      } else if (state && state.report.pageKind === 'web' && change.status === 'loading' && change.tabUrl === undefined) {
        // A tab's URL is hidden from Vigie only outside its host permissions (http and https): the tab now shows a page
        // no report is for (about:blank, a local file, a settings page), and the web page's verdict must not stay on it.
        leavePage(tabId, '', state.private);
        left = true;
      }
      if (change.status === 'loading' && change.url) unregisterBadgeTab(tabId);
      // A navigation that failed before its error page was shown: the tab shows that page now.
      const showing = change.url ?? change.tabUrl;
      if (showing && /^https?:/.test(showing)) tabShows(tabId, showing);
      // Chromium resets per-tab badges when a navigation commits, and the commit's event does not always come after the
      // reset (churn e2e): until the load's end every change sets every part, and the load's end reads the badge back
      // and sets it again only if it was reset.
      tabUrlSeen(tabId, change.status === 'loading', change.url, change.tabUrl);
      const current = getTab(tabId);
      const shown = change.tabUrl === undefined || current?.report.url === pageUrlOf(change.tabUrl);
      if (current && (change.status === 'complete' || ((change.url || left) && shown))) refreshSurfaces(current.report, change.status === 'complete');
    });
  },
  removed: (tabId) =>
    whenReady(() => {
      removeTab(tabId);
      forgetRedirects(tabId);
      forgetFailures(tabId);
      forgetToolbar(tabId);
      unregisterBadgeTab(tabId);
      forgetScope(tabId);
    }),
  replaced: (added, removed) =>
    whenReady(() => {
      replaceTab(added, removed);
      moveScope(added, removed);
      forgetFailures(removed);
    }),
});

// Firefox suspends the event page after idle time: write what is pending first.
onSuspend(() => void flush());

startup.evaluatedMs = performance.now();
