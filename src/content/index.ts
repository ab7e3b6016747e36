/**
 * Content script: reads a few page signals (never the whole DOM), sends them to the background, and draws the page
 * badge it gets back. It speaks again when its document changes URL without a new load (pushState, replaceState,
 * popstate, a hash), so the report follows the document and the health decision is made again. Exposes nothing to
 * the page.
 */
import { readPageSignals } from '../core/page-signals.ts';
import { loadedResourcesOf } from '../core/loaded-resources.ts';
import { pageUrlOf } from '../core/page-kind.ts';
import { parseBackgroundMessage, parseBadge, type PageBadgeState, type PageNavigation } from '../shared/messages.ts';
import { onBackgroundMessage, sendToBackground } from '../platform/content-runtime.ts';
import { showPageBadge, hidePageBadge } from './page-badge.ts';

function apply(badge: PageBadgeState | null): void {
  if (badge?.show) showPageBadge(badge, () => void sendToBackground({ type: 'dismiss-badge' }).catch(() => undefined));
  else hidePageBadge();
}

/** Delays before asking again when the background did not answer (it may be starting or suspending). */
const RETRY_DELAYS_MS = [250, 1_000, 3_000];
/** A client-side router changes the URL, then the content: read the page once it has settled. */
const HISTORY_SETTLE_MS = 400;

/** The page URL (no query, no fragment) this document last reported under. */
let reportedPage = '';

async function report(navigation: PageNavigation): Promise<void> {
  const signals = readPageSignals(document, location.href);
  // Hosts the page loaded, for the third parties the network observer may have missed (a page can clear this list,
  // never add to it: it is a fallback, the network observer stays the source).
  const loaded = loadedResourcesOf(performance.getEntriesByType('resource') as PerformanceResourceTiming[]);
  reportedPage = pageUrlOf(location.href);
  for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length; attempt++) {
    try {
      const badge = parseBadge(await sendToBackground({ type: 'page-signals', signals, navigation, loaded }));
      if (badge) return apply(badge);
    } catch {
      // The worker is restarting or the event page suspending; after the last try the toolbar badge still tells.
    }
    const delay = RETRY_DELAYS_MS[attempt];
    if (delay === undefined) return;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

let settleTimer: ReturnType<typeof setTimeout> | undefined;

/** Reports again once the URL has stopped changing, if it changed (cheap: one comparison per history event). */
function urlMayHaveChanged(): void {
  clearTimeout(settleTimer);
  settleTimer = setTimeout(() => {
    if (pageUrlOf(location.href) !== reportedPage) void report('history');
  }, HISTORY_SETTLE_MS);
}

/** Set in the content script's own world: injected again into the same document (a second 'complete'), it does nothing. */
const scope = globalThis as { __vigieContent?: true };
if (!scope.__vigieContent) {
  scope.__vigieContent = true;
  onBackgroundMessage((raw) => {
    const message = parseBackgroundMessage(raw);
    if (message?.type === 'badge') apply(message.badge);
    // The background saw the tab's URL change (pushState and replaceState fire no event a content script can see).
    else if (message?.type === 'report-again') {
      if (message.onlyIfMoved) urlMayHaveChanged();
      else void report('history');
    }
  });

  // A page restored from the back/forward cache is a new visit for the user: tell the background again.
  addEventListener('pageshow', (event) => {
    if (event.persisted) void report('restore');
  });
  addEventListener('popstate', urlMayHaveChanged);
  addEventListener('hashchange', urlMayHaveChanged);
  // Chromium's Navigation API also sees pushState and replaceState from the page, without touching the page's world.
  (globalThis as { navigation?: EventTarget }).navigation?.addEventListener('currententrychange', urlMayHaveChanged);

  void report('load');
}
