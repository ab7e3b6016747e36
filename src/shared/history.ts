/** The opt-in local history's contract, shared by the background (which writes it) and the options page (which shows it). */
import type { Level } from '../core/types.ts';

/** storage.local key of the history list. */
export const HISTORY_KEY = 'history';

/** One visit of a health page: when, where, and the verdict then. No path, no query. */
export interface HistoryEntry {
  at: string;
  host: string;
  level: Level;
  provider: string | null;
  asn: number | null;
}
