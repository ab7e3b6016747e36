/**
 * Dates as people read them in the chosen language. ISO calendar dates (YYYY-MM-DD) are shown as that calendar day
 * whatever the time zone, so "valid until 30/11/2026" never shifts by one.
 */
import { translate, type Lang } from './i18n.ts';

const LOCALES: Record<Lang, string> = { fr: 'fr-FR', en: 'en-GB' };

/** A YYYY-MM-DD calendar date in long form ("30 novembre 2026"); any other text is returned as is. */
export function formatIsoDate(lang: Lang, iso: string): string {
  const time = Date.parse(`${iso}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || Number.isNaN(time)) return iso;
  return new Intl.DateTimeFormat(LOCALES[lang], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(time);
}

/** A moment (epoch ms or ISO timestamp) as local date and time. */
export function formatMoment(lang: Lang, moment: number | string): string {
  const time = typeof moment === 'number' ? moment : Date.parse(moment);
  if (Number.isNaN(time)) return String(moment);
  return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'short', timeStyle: 'short' }).format(time);
}

/** A moment as local time of day only, for "updated at". */
export function formatTime(lang: Lang, moment: number): string {
  return new Intl.DateTimeFormat(LOCALES[lang], { timeStyle: 'short' }).format(moment);
}

/**
 * A moment as a UTC date and time in words ("3 décembre 2026, 16:00 UTC"): the same for every reader of an exported
 * summary, and says its time zone, where an ISO timestamp ("2026-12-03T16:00:00.000Z") says it only to a machine.
 */
export function formatUtcMoment(lang: Lang, moment: number | Date): string {
  const time = typeof moment === 'number' ? moment : moment.getTime();
  if (Number.isNaN(time)) return String(moment);
  const iso = new Date(time).toISOString();
  const clock = new Intl.DateTimeFormat(LOCALES[lang], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }).format(time);
  return translate(lang, 'moment_utc', formatIsoDate(lang, iso.slice(0, 10)), clock);
}
