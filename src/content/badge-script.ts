/**
 * Chromium's page-badge script, injected by the background into a document only when a badge is to be drawn there
 * (a health page, or every page if the user asks): it then receives that badge and every later change. Injected
 * again into the same document (a later badge, a worker that restarted), it does nothing.
 */
import { receiveBadges } from './badge-channel.ts';

/** Set in the extension's isolated world, which the page cannot see. */
const scope = globalThis as { __vigieBadge?: true };
if (!scope.__vigieBadge) {
  scope.__vigieBadge = true;
  receiveBadges();
}
