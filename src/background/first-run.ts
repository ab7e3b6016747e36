/**
 * The first-run page (badge key, privacy promise): opened once, when the extension is first installed, never on an
 * update or a browser restart. It only opens a local extension page; nothing is sent.
 */
import { onInstalled, openExtensionTab } from '../platform/browser.ts';

/** Path of the first-run page inside the extension. */
export const WELCOME_PAGE = 'src/welcome/index.html';

/** Whether an `onInstalled` reason calls for the first-run page: only a fresh install does. */
export function opensWelcome(reason: string): boolean {
  return reason === 'install';
}

/** Registers the listener; call synchronously at start-up, like every background listener. */
export function registerFirstRun(): void {
  onInstalled((reason) => {
    if (opensWelcome(reason)) void openExtensionTab(WELCOME_PAGE).catch(() => undefined);
  });
}
