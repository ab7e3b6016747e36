/**
 * Which tabs' sub-resources (third parties) are observed, and why. Main frames and sub-frames are observed everywhere;
 * sub-resources only where they matter: the page is health (listed domain, site memory, a user's override, or
 * classified), the user chose to see every site ("all sites"), or the popup is open on the tab. Every report says
 * what was observed (`thirdParties`), so the popup can tell the truth about a list that is empty or partial.
 */
import { siteKeyOf } from '../core/site-memory.ts';
import { observesSubresources, observeSubresources } from '../platform/background.ts';
import { sessionArea } from '../platform/browser.ts';
import { listedHealthDomain } from './health-data.ts';
import { settings } from './settings-store.ts';
import { siteMemoryOf, type TabState } from './tab-store.ts';

/** Tabs where the popup was opened, and the site then shown: observed until the tab leaves that site. */
const popupSites = new Map<number, { site: string; private: boolean }>();
/** Where the popup sites are kept, so a restarted worker observes those tabs' next pages as the user saw (private tabs never). */
const POPUP_SITES_KEY = 'popup-sites';

function setPopupSite(tabId: number, site: string | null, isPrivate = false): void {
  if ((popupSites.get(tabId)?.site ?? null) === site) return;
  if (site === null) popupSites.delete(tabId);
  else popupSites.set(tabId, { site, private: isPrivate });
  const stored = [...popupSites].filter(([, p]) => !p.private).map(([id, p]) => [id, p.site]);
  void sessionArea.set({ [POPUP_SITES_KEY]: stored }).catch(() => undefined);
}

/** Resolves once the popup sites of the worker before this one are back (part of the readiness barrier). */
export const popupSitesRestored: Promise<void> = sessionArea.get(POPUP_SITES_KEY).then(
  (stored) => {
    const pairs = stored[POPUP_SITES_KEY];
    if (!Array.isArray(pairs)) return;
    for (const pair of pairs) {
      if (Array.isArray(pair) && Number.isInteger(pair[0]) && typeof pair[1] === 'string' && !popupSites.has(pair[0])) popupSites.set(pair[0], { site: pair[1], private: false });
    }
  },
  () => undefined,
);

/** True when every site is observed (the user chose to see badges everywhere). */
function everySite(): boolean {
  return settings().badgeScope === 'all';
}

/** True when a page's sub-resources matter before its content is read: known health, or the popup asked. */
function mattersAtStart(state: TabState): boolean {
  const report = state.report;
  if (report.pageKind !== 'web') return false;
  const site = siteKeyOf(report.host);
  const override = settings().siteOverrides[site];
  if (override) return override === 'health';
  return (
    report.health?.health === true ||
    popupSites.get(report.tabId)?.site === site ||
    siteMemoryOf(state).has(site) ||
    listedHealthDomain(report.host)
  );
}

/** A new page in a tab (its main-frame response): observe its sub-resources from the start, or not at all. */
export function scopeNewPage(state: TabState): void {
  const tabId = state.report.tabId;
  if (popupSites.has(tabId) && popupSites.get(tabId)?.site !== siteKeyOf(state.report.host)) setPopupSite(tabId, null);
  const wanted = everySite() || mattersAtStart(state);
  if (!everySite()) observeSubresources(tabId, wanted);
  state.report.thirdParties = wanted ? 'complete' : 'none';
}

/**
 * The page turned out to matter after it started (classified health, or the popup opened): observe its tab from now
 * on. What loaded before was missed: the report says `partial` (the popup suggests a reload).
 */
function observeFromNow(state: TabState): boolean {
  const tabId = state.report.tabId;
  if (observesSubresources(tabId)) {
    state.report.thirdParties ??= 'complete';
    return false;
  }
  observeSubresources(tabId, true);
  state.report.thirdParties = 'partial';
  return true;
}

/** After a page's health is decided: a health page is observed from now on. Returns true when the report changed. */
export function healthDecided(state: TabState): boolean {
  if (state.report.health?.health !== true || state.report.pageKind !== 'web') {
    state.report.thirdParties ??= observesSubresources(state.report.tabId) ? 'complete' : 'none';
    return false;
  }
  return observeFromNow(state);
}

/** The popup opened on a tab: its third parties are observed from now on, while the tab stays on that site. */
export function popupOpened(state: TabState): boolean {
  if (state.report.pageKind !== 'web') return false;
  setPopupSite(state.report.tabId, siteKeyOf(state.report.host), state.private);
  return observeFromNow(state);
}

/** Follows the "all sites" choice: one listener for every tab's sub-resources, or none. */
export function followEverySiteChoice(): void {
  observeSubresources('all', everySite());
}

/** A tab closed: its listener goes. */
export function forgetScope(tabId: number): void {
  setPopupSite(tabId, null);
  observeSubresources(tabId, false);
}

/** The browser replaced a tab: the new one is observed as the old one was. */
export function moveScope(added: number, removed: number): void {
  const observed = observesSubresources(removed) && !everySite();
  forgetScope(removed);
  if (observed) observeSubresources(added, true);
}
