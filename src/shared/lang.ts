/**
 * The languages Vigie speaks and how one is chosen. A module that imports nothing: the background's packaged reads
 * (src/background/packaged-reads.ts) pick the locale to read with it before any shared chunk is evaluated.
 */
export type Lang = 'fr' | 'en';

/** Picks the language: the user's choice, else the browser UI language when it is French or English, else English. */
export function resolveLang(setting: 'auto' | Lang, uiLanguage: string | undefined): Lang {
  if (setting !== 'auto') return setting;
  const base = (uiLanguage ?? '').toLowerCase().slice(0, 2);
  return base === 'en' ? 'en' : base === 'fr' ? 'fr' : 'en';
}
