/** Opt-in local history of visited health sites and their verdicts: storage.local only, bounded, user-deletable. */
import type { TabReport } from '../core/types.ts';
import { browser } from '../platform/browser.ts';

export const HISTORY_KEY = 'history';
const MAX_ENTRIES = 1_000;

export interface HistoryEntry {
  at: string;
  host: string;
  level: TabReport['level'];
  provider: string | null;
  asn: number | null;
}

let lastHost = '';

/** Appends a health page's verdict (once per host in a row, so reloads do not flood it). */
export async function recordHistory(report: TabReport): Promise<void> {
  if (!report.main || !report.health?.health || report.host === lastHost) return;
  lastHost = report.host;
  const stored = (await browser.storage.local.get(HISTORY_KEY))[HISTORY_KEY];
  const list = Array.isArray(stored) ? (stored as HistoryEntry[]) : [];
  list.push({
    at: new Date(report.updatedAt).toISOString(),
    host: report.host,
    level: report.level,
    provider: report.main.provider?.name ?? null,
    asn: report.main.asn,
  });
  await browser.storage.local.set({ [HISTORY_KEY]: list.slice(-MAX_ENTRIES) });
}
