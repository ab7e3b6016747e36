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
import { sendToTab } from '../platform/background.ts';
import { applyToolbar } from './toolbar.ts';
import { lang, settings } from './settings-store.ts';

/** Tabs whose content script asked for its badge: only those get pushed updates. */
const badgeTabs = new Map<number, string>();

/** The page badge for a report: shown on health pages (all pages if the user asks), unless dismissed on the site. */
export function pageBadgeState(report: TabReport, current: Settings, language: Lang): PageBadgeState {
  const site = badgeSiteOf(report.host);
  const wanted = current.pageBadge && (current.badgeScope === 'all' || report.health?.health === true);
  const show = wanted && report.pageKind === 'web' && report.main !== null && !current.dismissedBadges.includes(site);
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

/** Records that the content script of a tab is listening, with what it was last sent. */
export function registerBadgeTab(tabId: number, badge: PageBadgeState): void {
  badgeTabs.set(tabId, JSON.stringify(badge));
}

/** Forgets a tab's content script (navigation or close). */
export function unregisterBadgeTab(tabId: number): void {
  badgeTabs.delete(tabId);
}

/** Brings the toolbar and page badge of a tab up to date with its report; `afterLoad` at the end of its load. */
export function refreshSurfaces(report: TabReport, afterLoad = false): void {
  const current = settings();
  const language = lang();
  void applyToolbar(report, current, language, afterLoad);
  const last = badgeTabs.get(report.tabId);
  if (last === undefined) return;
  const badge = pageBadgeState(report, current, language);
  const key = JSON.stringify(badge);
  if (key === last) return;
  badgeTabs.set(report.tabId, key);
  sendToTab(report.tabId, { type: 'badge', badge }).catch(() => badgeTabs.delete(report.tabId));
}

/**
 * Sends a tab's page badge now, registered or not: after the user hides or shows it again, the page must follow even
 * if this worker restarted since the page last spoke (the registry lives in memory).
 */
export function pushPageBadge(report: TabReport): void {
  const badge = pageBadgeState(report, settings(), lang());
  badgeTabs.set(report.tabId, JSON.stringify(badge));
  sendToTab(report.tabId, { type: 'badge', badge }).catch(() => badgeTabs.delete(report.tabId));
}
