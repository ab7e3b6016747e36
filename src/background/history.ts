/**
 * Opt-in local history of visited health sites and their verdicts: storage.local only, bounded, user-deletable,
 * deleted when the option is switched off, never fed by private tabs.
 */
import type { TabReport } from '../core/types.ts';
import { HISTORY_KEY, type HistoryEntry } from '../shared/history.ts';
import { localArea } from '../platform/browser.ts';
import { settings } from './settings-store.ts';
import type { TabState } from './tab-store.ts';

const MAX_ENTRIES = 1_000;

let lastHost = '';

/**
 * Records a tab's visit when the option is on and the tab is not private. Called by both halves of a page's verdict
 * (the host's response, the page's health decision) since either may come last: a page may speak before its own
 * response reaches the worker (Firefox), and a page's health decided before its host was known would otherwise be lost.
 */
export function recordVisit(state: TabState): void {
  if (settings().history && !state.private) void recordHistory(state.report);
}

/** Appends a health page's verdict (once per host in a row, so reloads do not flood it). */
async function recordHistory(report: TabReport): Promise<void> {
  if (!report.main || !report.health?.health || report.host === lastHost) return;
  lastHost = report.host;
  const stored = (await localArea.get(HISTORY_KEY))[HISTORY_KEY];
  const list = Array.isArray(stored) ? (stored as HistoryEntry[]) : [];
  list.push({
    at: new Date(report.updatedAt).toISOString(),
    host: report.host,
    level: report.level,
    provider: report.main.provider?.name ?? null,
    asn: report.main.asn,
  });
  await localArea.set({ [HISTORY_KEY]: list.slice(-MAX_ENTRIES) });
}

/** Deletes the whole history (the option was switched off). */
export async function deleteHistory(): Promise<void> {
  lastHost = '';
  await localArea.remove(HISTORY_KEY);
}
