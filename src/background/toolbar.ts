/**
 * The toolbar icon's badge, per tab: colour and short text per level, a tooltip sentence. Applied only when it
 * changes. A navigation's commit erases per-tab badges (Chromium, Firefox), sometimes after the worker has seen the
 * commit's event: from a tab's loading event to the read-back at its load's end, what the tab shows is not known, so
 * every change sets all three parts; only once the read-back has seen the tab show what was applied does a change set
 * just the parts that differ.
 */
import type { TabReport } from '../core/types.ts';
import { pageUrlOf } from '../core/page-kind.ts';
import { badgeText, verdictSentence } from '../shared/verdict-text.ts';
import { DISCREET_COLOR, LEVEL_COLORS } from '../shared/levels.ts';
import { translate, type Lang } from '../shared/i18n.ts';
import { setToolbar, toolbarTitle, type ToolbarState } from '../platform/background.ts';
import type { Settings } from '../shared/settings.ts';
import { startup } from './startup.ts';
import { firstVerdictShown } from './after-first-verdict.ts';

/** What each tab's badge shows, as last applied. */
const applied = new Map<number, ToolbarState>();
/** Each tab's URL (without query or fragment) as its last `tabs.onUpdated` said. */
const tabUrls = new Map<number, string>();
/** Tabs loading a page whose badge the browser may still reset: every change sets all parts until the load's end. */
const unconfirmed = new Set<number>();

/** What the badge of a tab should show. */
export function toolbarState(report: TabReport, settings: Settings, lang: Lang): ToolbarState {
  const text = badgeText(report, lang);
  const health = report.health?.health === true;
  const alarm = settings.badgeScope === 'all' || health;
  const color = report.main && alarm ? LEVEL_COLORS[report.main.level] : DISCREET_COLOR;
  const title = `${translate(lang, 'pageBadge_prefix')} — ${verdictSentence(report, lang)}`;
  return { text, color, title };
}

function sameToolbar(a: ToolbarState, b: ToolbarState): boolean {
  return a.text === b.text && a.color === b.color && a.title === b.title;
}

/** Tabs whose badge is being read back: an application meanwhile sets every part (what the tab shows is not known). */
const checking = new Set<number>();

/**
 * At a load's end, true when the browser reset the tab's badge after it was last applied (or nothing was applied since
 * its URL changed). A reset clears every per-tab part at once, the title included, and Vigie's title never equals the
 * extension's default: one read of the title tells, where setting all three parts again would cost three calls, each
 * redrawing the toolbar.
 */
async function resetSinceApplied(tabId: number, state: ToolbarState): Promise<boolean> {
  const before = applied.get(tabId);
  if (!before || !sameToolbar(before, state)) return true;
  checking.add(tabId);
  try {
    // Another application during the read set every part: the tab shows what it should.
    return (await toolbarTitle(tabId)) !== before.title && applied.get(tabId) === before;
  } catch {
    // The tab closed meanwhile.
    return false;
  } finally {
    checking.delete(tabId);
  }
}

/**
 * Applies a tab's badge; `afterLoad` at the load's end, when the browser may have reset it after the commit's event
 * applied it (Chromium, a worker stopped then: churn e2e). Not while the tab still shows another URL than the
 * report's: a main-frame response comes before its page commits, and the commit erases per-tab badges (Chromium);
 * the commit's own `tabs.onUpdated` applies it.
 */
export async function applyToolbar(report: TabReport, settings: Settings, lang: Lang, afterLoad = false): Promise<void> {
  const tabId = report.tabId;
  const tabUrl = tabUrls.get(tabId);
  if (!afterLoad && tabUrl !== undefined && tabUrl !== report.url) return;
  const state = toolbarState(report, settings, lang);
  if (afterLoad) {
    const reset = await resetSinceApplied(tabId, state);
    // Past the load's end no reset comes without a new loading event: changes may set only the parts that differ.
    unconfirmed.delete(tabId);
    if (!reset) return;
    applied.delete(tabId);
  }
  const known = applied.get(tabId);
  if (known && sameToolbar(known, state)) return;
  // A change while a reset may have come since the last application, or during a read-back, sets every part.
  const shown = checking.has(tabId) || unconfirmed.has(tabId) ? undefined : known;
  applied.set(tabId, state);
  // For the start-up bench: when a page's verdict is first sent to the badge (the browser shows it on receipt).
  const first = startup.verdictShown;
  if (report.main && (first.tabId !== tabId || first.url !== report.url)) {
    startup.verdictShown = { tabId, url: report.url, atMs: performance.now() };
    firstVerdictShown();
  }
  try {
    await setToolbar(tabId, state, shown);
  } catch {
    // The tab closed meanwhile.
    applied.delete(tabId);
  }
}

/**
 * After the worker starts: what an open page's badge shows is not known here, and the stopped worker may have lost the
 * event that was to set it again after its commit's reset (churn e2e). One read of the title tells whether it shows
 * this report's verdict (a reset clears every part at once); the badge is set again only if not.
 */
export async function recheckToolbar(report: TabReport, settings: Settings, lang: Lang): Promise<void> {
  const tabId = report.tabId;
  if (applied.has(tabId)) return;
  const state = toolbarState(report, settings, lang);
  let title: string;
  try {
    title = await toolbarTitle(tabId);
  } catch {
    // The tab closed meanwhile.
    return;
  }
  // Applied during the read: every part was set.
  if (applied.has(tabId)) return;
  if (title === state.title) applied.set(tabId, state);
  else await applyToolbar(report, settings, lang);
}

/**
 * What a tab's `tabs.onUpdated` said: `loading` when a page starts loading (a reload gives no new URL), `changed`
 * when its URL changed (a new page committed, or the page changed its URL itself), after which what its badge shows
 * is no longer known (the browser resets per-tab badges at a commit, and may do so after this event); else the tab's
 * URL as it stands. No URL at all: a page Vigie may not read (a new tab's `about:blank`), so not a report's page.
 */
export function tabUrlSeen(tabId: number, loading: boolean, changed: string | undefined, current: string | undefined): void {
  if (loading || changed !== undefined) unconfirmed.add(tabId);
  if (changed !== undefined) applied.delete(tabId);
  const url = changed ?? current;
  tabUrls.set(tabId, url === undefined ? '' : pageUrlOf(url));
}

/**
 * The URL (without query or fragment) a tab's last `tabs.onUpdated` said it shows, '' for a page Vigie may not read,
 * undefined when no event was seen since the worker started.
 */
export function shownUrl(tabId: number): string | undefined {
  return tabUrls.get(tabId);
}

/** Forgets a closed tab. */
export function forgetToolbar(tabId: number): void {
  applied.delete(tabId);
  unconfirmed.delete(tabId);
  tabUrls.delete(tabId);
}
