/**
 * The page badge's channel to the background: draws each badge the background sends this document, and tells the
 * background when the user hides it on the site. The first use of the runtime API a page sees: Chromium injects it
 * (src/content/badge-script.ts) only where a badge is to be drawn.
 */
import { parseBackgroundMessage, type BackgroundMessage, type PageBadgeState } from '../shared/messages.ts';
import { onBackgroundMessage, sendToBackground } from '../platform/content-runtime.ts';
import { hidePageBadge, showPageBadge } from './page-badge.ts';

/** Draws a badge state (or removes the badge when it is not to be shown). */
export function applyPageBadge(badge: PageBadgeState | null): void {
  if (badge?.show) showPageBadge(badge, () => void sendToBackground({ type: 'dismiss-badge' }).catch(() => undefined));
  else hidePageBadge();
}

/** Listens to the background: badges are drawn here, any other valid message goes to `other`. */
export function receiveBadges(other: (message: Exclude<BackgroundMessage, { type: 'badge' }>) => void = () => undefined): void {
  onBackgroundMessage((raw) => {
    const message = parseBackgroundMessage(raw);
    if (message?.type === 'badge') applyPageBadge(message.badge);
    else if (message) other(message);
  });
}
