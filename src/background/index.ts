/**
 * Background start-up: every listener is registered synchronously here (a restarted service worker only receives
 * events whose listeners exist after its first turn), and each waits for the stored state, the settings and the
 * routing table before it runs.
 */
import type { Runtime } from 'webextension-polyfill';
import { browser, IS_FIREFOX } from '../platform/browser.ts';
import { ready as tabsReady, getTab, removeTab, replaceTab, restorePage, flush } from './tab-store.ts';
import { engineReady, setRules } from './engine.ts';
import { onSettings, settingsReady } from './settings-store.ts';
import { registerTraffic } from './traffic.ts';
import { handleMessage } from './messaging.ts';
import { refreshSurfaces, unregisterBadgeTab } from './surfaces.ts';
import { forgetToolbar } from './toolbar.ts';
import { injectContentScript } from './content-injection.ts';
import { startup } from './startup.ts';
import { registerFirstRun } from './first-run.ts';

let isReady = false;
const queued: (() => void)[] = [];

const allReady = Promise.all([tabsReady, settingsReady, engineReady]).then(() => {
  startup.readyMs = performance.now();
  isReady = true;
  for (const run of queued.splice(0)) run();
});

/** Runs at once when ready (the hot path pays no promise), else after start-up, in arrival order. */
function whenReady(run: () => void): void {
  if (isReady) run();
  else queued.push(run);
}

onSettings((s) => {
  const errors = setRules(s.rules);
  if (errors.length) console.warn('Vigie: ignored rules', errors);
});

registerTraffic(whenReady);
registerFirstRun();

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => allReady.then(() => handleMessage(message, sender)));

browser.tabs.onUpdated.addListener((tabId, change, tab) => {
  // Chrome: the content script goes in once the page has loaded, off its critical path (see content-injection.ts);
  // Firefox declares it in its manifest (see vite.config.ts).
  if (change.status === 'complete' && !IS_FIREFOX) injectContentScript(tabId, tab.url);
  whenReady(() => {
    const state = getTab(tabId);
    if (change.url && state && state.report.url !== change.url) {
      // Back/forward cache restores fire no request: bring back the page's earlier report if we kept it.
      restorePage(tabId, change.url);
    }
    if (change.status === 'loading' && change.url) unregisterBadgeTab(tabId);
    // Chromium resets per-tab badges when a navigation commits: apply again from the stored report.
    const current = getTab(tabId);
    if (current && (change.status === 'complete' || change.url) && (!tab.url || current.report.url === tab.url || change.status === 'complete')) {
      refreshSurfaces(current.report, true);
    }
  });
});

browser.tabs.onRemoved.addListener((tabId) =>
  whenReady(() => {
    removeTab(tabId);
    forgetToolbar(tabId);
    unregisterBadgeTab(tabId);
  }),
);

browser.tabs.onReplaced.addListener((added, removed) => whenReady(() => replaceTab(added, removed)));

// Firefox suspends the event page after idle time: write what is pending first.
browser.runtime.onSuspend?.addListener(() => void flush());

startup.evaluatedMs = performance.now();
