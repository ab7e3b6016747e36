/**
 * Content script: reads a few page signals once (never the whole DOM), sends them to the background, and draws the
 * page badge it gets back. Self-contained bundle; exposes nothing to the page.
 */
import { readPageSignals } from '../core/page-signals.ts';
import { parseBackgroundMessage, type PageBadgeState } from '../shared/messages.ts';
import { browser } from '../platform/browser.ts';
import { showPageBadge, hidePageBadge } from './page-badge.ts';

function apply(badge: PageBadgeState | null): void {
  if (badge?.show) showPageBadge(badge, () => void browser.runtime.sendMessage({ type: 'dismiss-badge' }).catch(() => undefined));
  else hidePageBadge();
}

/** Delays before asking again when the background did not answer (it may be starting or suspending). */
const RETRY_DELAYS_MS = [250, 1_000, 3_000];

async function report(): Promise<void> {
  const signals = readPageSignals(document, location.href);
  for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length; attempt++) {
    try {
      const reply: unknown = await browser.runtime.sendMessage({ type: 'page-signals', signals });
      const parsed = parseBackgroundMessage({ type: 'badge', badge: reply });
      if (parsed) return apply(parsed.badge);
    } catch {
      // The worker is restarting or the event page suspending; after the last try the toolbar badge still tells.
    }
    const delay = RETRY_DELAYS_MS[attempt];
    if (delay === undefined) return;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** Set in the content script's own world: injected again into the same document (a second 'complete'), it does nothing. */
const scope = globalThis as { __vigieContent?: true };
if (!scope.__vigieContent) {
  scope.__vigieContent = true;
  browser.runtime.onMessage.addListener((raw: unknown) => {
    const message = parseBackgroundMessage(raw);
    if (message) apply(message.badge);
    return undefined;
  });

  // A page restored from the back/forward cache is a new visit for the user: tell the background again.
  addEventListener('pageshow', (event) => {
    if (event.persisted) void report();
  });

  void report();
}
