/**
 * The catalog and the locale in the worker, from packaged files rather than its scripts (src/shared/packaged-data.ts):
 * the catalog, and only the locale the worker speaks; the other is read if the language setting changes to it.
 * Both are part of the readiness barrier (index.ts): no verdict is made before the catalog is installed, since an
 * empty catalog would name no provider.
 */
import { loadCatalog, loadLocale } from '../shared/packaged-data.ts';
import { browserLocaleRead, catalogRead } from './packaged-reads.ts';
import { lang, onSettings, settingsReady } from './settings-store.ts';
import { startup } from './startup.ts';

/** Resolves once the catalog is installed; rejects if it cannot be read (then the worker gives no verdict at all). */
export const catalogReady: Promise<void> = loadCatalog(catalogRead).then(() => void (startup.catalogMs = performance.now()));
catalogReady.catch((error: unknown) => console.error('Vigie: catalog failed to load', error));

/** Reads (once) the locale the settings now ask for; a failed read leaves `translate` speaking the other one. */
function followLanguage(): Promise<void> {
  const wanted = lang();
  const read = wanted === browserLocaleRead.lang ? browserLocaleRead.read : undefined;
  return loadLocale(wanted, read).catch((error: unknown) => console.error(`Vigie: locale ${wanted} failed to load`, error));
}

// The browser language's read goes unused when the settings ask for the other: its failure is no error then.
browserLocaleRead.read.catch(() => undefined);
onSettings(() => void followLanguage());

/** Resolves once the language of the loaded settings is installed (or failed to be). */
export const localeReady: Promise<void> = settingsReady.then(followLanguage);
