/**
 * The content script is injected when a page has finished loading, not declared in the manifest: a declared
 * content script, even an empty one, made every page load slower in Chromium (bench pageload), while the same script
 * injected after `load` adds nothing the page waits for. Built by vite.config.ts as one self-contained file.
 */
import { browser } from '../platform/browser.ts';

export const CONTENT_SCRIPT_FILE = 'content.js';

/** Injects the content script into a tab's top frame, if it shows a web page (other pages refuse: nothing to do). */
export function injectContentScript(tabId: number, url: string | undefined): void {
  if (!url || !/^https?:/.test(url)) return;
  browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: [CONTENT_SCRIPT_FILE] }).catch(() => undefined);
}
