/**
 * One audited site as it is printed and stored: the fields of `vigie lookup --json` plus what an audit adds (site,
 * host, CNAME chain, health, HTTP answer, error). Rows are also read back from results files, so reading validates.
 */
import type { LookupResult } from '../host-result.ts';
import type { PageParse } from '../page-reader.ts';
import { LEVELS } from '../../core/types.ts';
import { SITE_ERROR_CLASSES, type SiteError, type SiteErrorClass, type SiteErrorStage } from '../site-error.ts';

export interface AuditHealth {
  health: boolean;
  /**
   * False when health was never judged: an invalid input (nothing was classified), or `--page` asked for the page and
   * none was read (DNS or HTTP failure, no body, a body with nothing to read, a stopped parse) while the address alone
   * found no health clue. `health` is then false but means "not judged", never "no". Written on every row; absent from
   * rows written before it existed.
   */
  judged?: boolean;
  category?: string;
  reasons: string[];
}

/** What the table, CSV and Markdown print for a health that was never judged (instead of "no" / false). */
export const HEALTH_NOT_JUDGED = 'not judged';

/** Whether the row's health was judged (rows written before `judged` existed: all but invalid inputs). */
export function healthJudged(row: AuditRow): boolean {
  return row.health.judged !== false && row.errorStage !== 'input';
}

/** The row's health in a table or report cell: its category or "yes", "no", or "not judged". */
export function healthCell(row: AuditRow): string {
  if (!healthJudged(row)) return HEALTH_NOT_JUDGED;
  return row.health.health ? (row.health.category ?? 'yes') : 'no';
}

/** A `vigie lookup --json` result (`input` is the site as written) plus what an audit adds. */
export interface AuditRow extends LookupResult {
  /** The site as written in the input: the key for resuming. */
  site: string;
  host: string;
  /** CNAME chain as resolved, first alias first. */
  cnames: string[];
  health: AuditHealth;
  /** The home page answer, when headers were fetched. */
  http?: { status: number; method: 'HEAD' | 'GET'; url: string };
  /** How much of the page was parsed, when it was read (--page): whole, only a prefix, or stopped at the deadline. */
  page?: { parse: PageParse; parsedBytes: number };
  /** The kind of failure, to count and filter on. */
  errorClass?: SiteErrorClass;
  /** Where it happened: no verdict after an input or DNS failure; a verdict from the address after an HTTP one. */
  errorStage?: SiteErrorStage;
  /** ISO time the site was checked. */
  checkedAt: string;
}

const ROLES: readonly string[] = ['origin', 'cdn', 'unknown'];

/** Reads one stored row back; null when the value is not a row this version wrote. */
export function asAuditRow(value: unknown): AuditRow | null {
  if (typeof value !== 'object' || value === null) return null;
  const row = value as Partial<AuditRow>;
  if (typeof row.site !== 'string' || typeof row.host !== 'string') return null;
  if (typeof row.level !== 'string' || !LEVELS.includes(row.level)) return null;
  if (typeof row.role !== 'string' || !ROLES.includes(row.role)) return null;
  if (!Array.isArray(row.evidence) || !Array.isArray(row.cnames)) return null;
  if (typeof row.health !== 'object' || row.health === null || typeof row.health.health !== 'boolean') return null;
  if (row.errorClass !== undefined && !SITE_ERROR_CLASSES.includes(row.errorClass)) return null;
  return row as AuditRow;
}

/** Records a failure on a row. */
export function setRowError(row: AuditRow, error: SiteError): void {
  row.error = error.message;
  row.errorClass = error.class;
  row.errorStage = error.stage;
}
