/**
 * The machine-readable and terminal renderings of audit rows: a fitted table, JSON (one array), JSON Lines and CSV.
 * The Markdown report for publication lives in markdown-report.ts.
 */
import { verdictCsvColumns } from '../host-result.ts';
import { visibleText } from '../visible-text.ts';
import { HEALTH_NOT_JUDGED, healthCell, healthJudged, type AuditRow } from './audit-row.ts';
import { levelLegend } from '../level-legend.ts';

export type OutputFormat = 'table' | 'json' | 'csv' | 'md';

/** One JSON array of rows, pretty enough to read. */
export function renderJson(rows: readonly AuditRow[]): string {
  return `${JSON.stringify(rows, null, 2)}\n`;
}

/** One row per line: the results-file format, appendable and streamable. */
export function jsonLine(row: AuditRow): string {
  return `${JSON.stringify(row)}\n`;
}

type CsvValue = string | number | boolean | null | undefined;

/** The CSV columns: the site, the verdict fields (one table in host-result.ts), then what an audit adds. */
const CSV_COLUMNS: readonly [string, (row: AuditRow) => CsvValue][] = [
  ['site', (r) => r.site],
  ['host', (r) => r.host],
  ...verdictCsvColumns(),
  ['health', (r) => (healthJudged(r) ? r.health.health : HEALTH_NOT_JUDGED)],
  ['health_category', (r) => r.health.category],
  ['health_reasons', (r) => r.health.reasons.join(' | ')],
  ['page_parse', (r) => r.page?.parse],
  ['cnames', (r) => r.cnames.join(' ')],
  ['http_status', (r) => r.http?.status],
  ['error_class', (r) => r.errorClass],
  ['error', (r) => r.error],
  ['checkedAt', (r) => r.checkedAt],
];

/** CSV per RFC 4180 (CRLF line ends, fields quoted when they hold a quote, comma or line break), with a header line. */
export function renderCsv(rows: readonly AuditRow[]): string {
  const lines = [CSV_COLUMNS.map(([name]) => name).join(',')];
  for (const row of rows) lines.push(CSV_COLUMNS.map(([, get]) => csvField(get(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Spreadsheets run a cell that starts with = + - @ as a formula, and some skip a leading tab or carriage return
 * first, or read the full-width forms as the ASCII ones (OWASP "CSV injection"). An apostrophe in front keeps it text.
 */
const FORMULA_START = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;

/** One CSV field: formula-guarded, then quoted when needed. */
export function csvField(value: CsvValue): string {
  const text = value === null || value === undefined ? '' : String(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * A table for the terminal, fitted to `width` characters by shortening the widest free-text column first, then the
 * LEVEL legend (each level shown with the code and name the extension gives it).
 */
export function renderTable(rows: readonly AuditRow[], width = 120): string {
  const header = ['SITE', 'LEVEL', 'PROVIDER', 'ROLE', 'AS', 'HEALTH', 'NOTE'];
  const cells = rows.map((r) => [
    r.site,
    r.level,
    r.provider ? `${r.provider.name}${r.provider.country ? ` (${r.provider.country})` : ''}` : (r.asName ?? '-'),
    r.role,
    r.asn === null ? '-' : `AS${r.asn}`,
    healthCell(r),
    r.errorClass ? r.errorClass : r.cnames.length > 0 ? `via ${r.cnames[r.cnames.length - 1]}` : '',
  ].map(visibleText));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const shrinkable = [0, 2, 5, 6];
  let total = widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
  while (total > width) {
    const widest = shrinkable.reduce((best, i) => ((widths[i] ?? 0) > (widths[best] ?? 0) ? i : best), shrinkable[0] ?? 0);
    if ((widths[widest] ?? 0) <= 8) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
    total--;
  }
  const line = (values: string[]): string =>
    values
      .map((v, i) => fitCell(v, widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const legend = levelLegend(rows);
  return `${[line(header), ...cells.map(line), ...(legend.length ? ['', ...legend] : [])].join('\n')}\n`;
}

function fitCell(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text.padEnd(width);
}
