/**
 * The packaged files a cold worker's first verdict waits for (the providers routing table, the health domain list, the
 * catalog, the locale of the browser's language), asked for before any other module of the background is evaluated
 * (index.ts imports this one first): their reads then overlap the evaluation of everything else instead of starting
 * after it. This module and what it imports form a chunk of their own that imports nothing (vite.config.ts): a chunk
 * runs only after the chunks it imports, and the background's others import the shared ones (polyfill, code shared
 * with the pages).
 */
import { CATALOG_FILE, localeFile, packagedFile, uiLanguage } from '../platform/packaged-file.ts';
import { resolveLang, type Lang } from '../shared/lang.ts';
import { startup } from './startup.ts';

export const HOT_TABLE_FILE = 'asn-hot.bin';
export const HEALTH_DOMAINS_FILE = 'health-domains.json';

/** When the reads were asked for (performance.now()), for the worker's own timings. */
export const readsAskedAt = (startup.firstScriptMs = performance.now());
export const hotTableRead: Promise<Response> = packagedFile(HOT_TABLE_FILE);
export const healthDomainsRead: Promise<Response> = packagedFile(HEALTH_DOMAINS_FILE);
export const catalogRead: Promise<Response> = packagedFile(CATALOG_FILE);
/** The locale of the browser's language: the one the worker speaks unless the user chose the other (settings, read later). */
export const browserLocaleRead: { lang: Lang; read: Promise<Response> } = (() => {
  const lang = resolveLang('auto', uiLanguage());
  return { lang, read: packagedFile(localeFile(lang)) };
})();
