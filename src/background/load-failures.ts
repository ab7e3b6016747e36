/**
 * Failed top-level navigations: a tab whose navigation failed (no address, refused, timed out, a certificate...) shows
 * the browser's error page, and its report says the page did not load instead of "waiting for the server's response"
 * for ever. The hard part is the page the user still sees: a failure counts only once the tab shows the failed URL
 * (its error page: `tabs.onUpdated` gives that URL, and no response came for it), never for a navigation that was
 * abandoned (stopped, replaced, a download, a 204: src/core/load-error.ts), a speculative load (platform), or a request
 * whose document already came (its response started: a transfer cut later leaves a page).
 */
import { loadErrorOf } from '../core/load-error.ts';
import { pageUrlOf } from '../core/page-kind.ts';
import { setLoadError } from '../core/report.ts';
import type { LoadError, TabReport } from '../core/types.ts';
import type { FailedNavigation } from '../platform/background.ts';
import { getTab, markDirty, startPage } from './tab-store.ts';
import { refreshSurfaces, unregisterBadgeTab } from './surfaces.ts';
import { shownUrl } from './toolbar.ts';

interface Failure {
  /** The failed URL as reports keep it (no query or fragment). */
  url: string;
  error: LoadError;
  at: number;
  incognito: boolean;
}

/** Per tab, a failure that came before the tab showed its error page (the commit's `tabs.onUpdated` comes later). */
const waiting = new Map<number, Failure>();
/** Per tab, the request id of its last main-frame response: an error of that request comes after its document. */
const answered = new Map<number, string>();

/** A main-frame response reached a tab: its request made a document, and a new document ends any waiting failure. */
export function noteMainResponse(tabId: number, requestId: string | undefined, newDocument: boolean): void {
  if (requestId !== undefined) answered.set(tabId, requestId);
  if (newDocument) waiting.delete(tabId);
}

/** Handles one failed main-frame request of a tab. */
export function observeFailure(failed: FailedNavigation): void {
  const error = loadErrorOf(failed.error);
  // Abandoned (stopped, replaced, a download, a 204...): the page shown stays, with its report.
  if (!error) return;
  if (failed.requestId !== undefined && answered.get(failed.tabId) === failed.requestId) return;
  const failure: Failure = { url: pageUrlOf(failed.url), error, at: failed.timeStamp, incognito: failed.incognito };
  // The tab shows the failed URL already: its error page committed first, or a reload of the page shown failed. A
  // worker started since the commit's event knows it from the report that event started (that URL, no response).
  if (shownUrl(failed.tabId) === failure.url || awaitsResponse(getTab(failed.tabId)?.report, failure.url)) showFailure(failed.tabId, failure);
  else waiting.set(failed.tabId, failure);
}

/**
 * The tab now shows this URL (`tabs.onUpdated`): if a failure of it was waiting, the tab shows its error page. A URL
 * change elsewhere leaves the failure waiting (an unrelated event, or a failure the tab never showed, which the tab's
 * next document ends).
 */
export function tabShows(tabId: number, url: string): void {
  const failure = waiting.get(tabId);
  if (!failure || failure.url !== pageUrlOf(url)) return;
  waiting.delete(tabId);
  showFailure(tabId, failure);
}

/** The tab shows the error page of `failure`: its report says the page did not load. */
function showFailure(tabId: number, failure: Failure): void {
  let state = getTab(tabId);
  if (!state || !awaitsResponse(state.report, failure.url)) {
    // The report held is another page's, or the shown page's own from before a reload that failed: the error page
    // gets a report of its own (the other is kept for back). What that page said awaited a response that never came.
    if (state) delete state.awaitingResponse;
    state = startPage(tabId, failure.url, failure.at, failure.incognito);
    unregisterBadgeTab(tabId);
  }
  if (!setLoadError(state.report, failure.error, failure.at)) return;
  markDirty(tabId, true);
  refreshSurfaces(state.report);
}

/** Whether a report is the one of the web page at `url` that no response has reached yet. */
function awaitsResponse(report: TabReport | undefined, url: string): boolean {
  return report !== undefined && report.url === url && report.pageKind === 'web' && report.main === null;
}

/** Forgets a closed or replaced tab. */
export function forgetFailures(tabId: number): void {
  waiting.delete(tabId);
  answered.delete(tabId);
}
