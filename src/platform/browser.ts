/**
 * The one facade over browser APIs and their differences. Nothing else imports `webextension-polyfill` or tests
 * which browser it runs in.
 */
import browser from 'webextension-polyfill';

declare const __FIREFOX__: boolean;

/** True in the Firefox build (a build-time constant, so the other browser's code is dropped). */
export const IS_FIREFOX: boolean = typeof __FIREFOX__ !== 'undefined' && __FIREFOX__;

export { browser };

/** The browser UI language (e.g. 'fr', 'en-US'). */
export function uiLanguage(): string {
  return browser.i18n.getUILanguage();
}
