/**
 * Keeps what the user sees in step with a tab's report: the toolbar badge and the page badge.
 * Both are touched only when what they show changes.
 */
import { getDomain } from 'tldts';
import type { TabReport } from '../core/types.ts';
import type { PageBadgeState } from '../shared/messages.ts';
import type { Settings } from '../shared/settings.ts';
import { pageBadgeText, verdictSentence } from '../shared/verdict-text.ts';
import { translate, type Lang } from '../shared/i18n.ts';
import { sendPageBadge } from '../platform/background.ts';
import { applyToolbar } from './toolbar.ts';
import { lang, settings } from './settings-store.ts';
import { getTab } from './tab-store.ts';

/**
 * Tabs whose page can draw badges (its content script has the badge code), with the badge it was last sent: only
 * those get pushed updates, and only when it changes. Chromium injects the badge code into a page when it is first to
 * show a badge; Firefox's declared content script has it from the start.
 */
const badgeTabs = new Map<number, string>();
/** A page that has the badge code and was sent no badge yet. */
const NOTHING_SENT = '';

/** True when a report's page is to show the page badge, before the user's dismissals: health pages, or every page if asked. */
function pageBadgeWanted(report: TabReport, current: Settings): boolean {
  return current.pageBadge && report.pageKind === 'web' && report.main !== null && (current.badgeScope === 'all' || report.health?.health === true);
}

/** The page badge for a report: shown on health pages (all pages if the user asks), unless dismissed on the site. */
export function pageBadgeState(report: TabReport, current: Settings, language: Lang): PageBadgeState {
  const site = badgeSiteOf(report.host);
  const show = pageBadgeWanted(report, current) && !current.dismissedBadges.includes(site);
  return {
    show,
    level: report.main?.level ?? 'unknown',
    text: pageBadgeText(report, language),
    detail: verdictSentence(report, language),
    closeLabel: translate(language, 'pageBadge_close'),
    confirmText: translate(language, 'pageBadge_confirmHide'),
    confirmLabel: translate(language, 'pageBadge_confirmHideYes'),
    cancelLabel: translate(language, 'pageBadge_confirmHideNo'),
  };
}

/** The site a badge dismissal applies to: the registrable domain (Public Suffix List). */
export function badgeSiteOf(host: string): string {
  return getDomain(host) ?? host;
}

/** Records that a tab's page draws badges and was just given this one (Firefox: in the reply to its message). */
export function registerBadgeTab(tabId: number, badge: PageBadgeState): void {
  badgeTabs.set(tabId, JSON.stringify(badge));
}

/** Records that a tab's page has the badge code (injected with its reader), and was sent no badge yet. */
export function badgeScriptPresent(tabId: number): void {
  if (!badgeTabs.has(tabId)) badgeTabs.set(tabId, NOTHING_SENT);
}

/** Forgets a tab's badge code (a new document, or the tab closed). */
export function unregisterBadgeTab(tabId: number): void {
  badgeTabs.delete(tabId);
}

/** Sends a report's page its badge (injecting the badge code first where it is not there yet, Chromium). */
function sendBadge(report: TabReport, badge: PageBadgeState, key: string): void {
  const scriptPresent = badgeTabs.has(report.tabId);
  badgeTabs.set(report.tabId, key);
  const state = getTab(report.tabId);
  const to = state?.report === report && state.documentId ? { documentId: state.documentId, scriptPresent } : { scriptPresent };
  sendPageBadge(report.tabId, badge, to).catch(() => badgeTabs.delete(report.tabId));
}

/**
 * Brings the toolbar and page badge of a tab up to date with its report; `afterLoad` at the end of its load. A page
 * that draws badges gets each change; one that does not gets the badge code only once it has been read and is to show a
 * badge (a page never read has no health decision, and its badge would come before its load's end).
 */
export function refreshSurfaces(report: TabReport, afterLoad = false): void {
  const current = settings();
  const language = lang();
  void applyToolbar(report, current, language, afterLoad);
  const last = badgeTabs.get(report.tabId);
  const nothingShown = last === undefined || last === NOTHING_SENT;
  if (nothingShown && (report.health === null || !pageBadgeWanted(report, current))) return;
  const badge = pageBadgeState(report, current, language);
  if (nothingShown && !badge.show) return;
  const key = JSON.stringify(badge);
  if (key !== last) sendBadge(report, badge, key);
}

/**
 * Sends a tab's page badge now, registered or not: after the user hides or shows it again, the page must follow even
 * if this worker restarted since the page last spoke (the registry lives in memory).
 */
export function pushPageBadge(report: TabReport): void {
  const badge = pageBadgeState(report, settings(), lang());
  sendBadge(report, badge, JSON.stringify(badge));
}
