/** The opt-in history as CSV for a spreadsheet: one row per visit, guarded against formula injection. */
import type { HistoryEntry } from '../shared/history.ts';
import { translate, type Lang } from '../shared/i18n.ts';
import { levelCode, levelName } from '../shared/verdict-text.ts';

/** French spreadsheets expect `;` between fields (the comma is their decimal mark). */
const SEPARATORS: Record<Lang, string> = { fr: ';', en: ',' };

/**
 * One CSV field: a value a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return)
 * gets a leading apostrophe; fields are always quoted, inner quotes doubled.
 */
export function csvField(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  const guarded = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${guarded.replace(/"/g, '""')}"`;
}

/** The whole history, oldest first, with a header row in the page's language; UTF-8 with a BOM for spreadsheets. */
export function historyCsv(entries: readonly HistoryEntry[], lang: Lang): string {
  const separator = SEPARATORS[lang];
  const header = [
    translate(lang, 'options_history_date'),
    translate(lang, 'options_history_site'),
    translate(lang, 'csv_code'),
    translate(lang, 'options_history_level'),
    translate(lang, 'options_history_provider'),
    translate(lang, 'options_history_asn'),
  ];
  const rows = entries.map((e) => [e.at, e.host, levelCode(e.level, lang), levelName(e.level, lang), e.provider, e.asn === null ? null : `AS${e.asn}`]);
  return `\ufeff${[header, ...rows].map((row) => row.map(csvField).join(separator)).join('\r\n')}\r\n`;
}
