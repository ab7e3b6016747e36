/**
 * Firefox's declared content script: reads the page (src/content/read-page.ts), sends it to the background, and draws
 * the page badge it gets back. It speaks again when its document changes URL without a new load (pushState,
 * replaceState, popstate, a hash), so the report follows the document and the health decision is made again. Exposes
 * nothing to the page. (Chromium injects a reader and, where needed, the badge script instead: DESIGN.md "Content
 * scripts".)
 */
import { pageUrlOf } from '../core/page-kind.ts';
import { parseBadge, type PageNavigation } from '../shared/messages.ts';
import { sendToBackground } from '../platform/content-runtime.ts';
import { readPage } from './read-page.ts';
import { applyPageBadge, receiveBadges } from './badge-channel.ts';

/** Delays before asking again when the background did not answer (it may be starting or suspending). */
const RETRY_DELAYS_MS = [250, 1_000, 3_000];
/** A client-side router changes the URL, then the content: read the page once it has settled. */
const HISTORY_SETTLE_MS = 400;

/** The page URL (no query, no fragment) this document last reported under. */
let reportedPage = '';

async function report(navigation: PageNavigation): Promise<void> {
  const read = readPage();
  reportedPage = pageUrlOf(location.href);
  for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length; attempt++) {
    try {
      const badge = parseBadge(await sendToBackground({ type: 'page-signals', navigation, ...read }));
      if (badge) return applyPageBadge(badge);
    } catch {
      // The event page is suspending or starting; after the last try the toolbar badge still tells.
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

/** Set in the content script's own world: injected again into the same document, it does nothing. */
const scope = globalThis as { __vigieContent?: true };
if (!scope.__vigieContent) {
  scope.__vigieContent = true;
  // The background saw the tab's URL change (pushState and replaceState fire no event a content script can see).
  receiveBadges((message) => {
    if (message.onlyIfMoved) urlMayHaveChanged();
    else void report('history');
  });

  // A page restored from the back/forward cache is a new visit for the user: tell the background again.
  addEventListener('pageshow', (event) => {
    if (event.persisted) void report('restore');
  });
  addEventListener('popstate', urlMayHaveChanged);
  addEventListener('hashchange', urlMayHaveChanged);
  // The Navigation API, where the engine has it, also sees pushState and replaceState, without touching the page's world.
  (globalThis as { navigation?: EventTarget }).navigation?.addEventListener('currententrychange', urlMayHaveChanged);

  void report('load');
}
