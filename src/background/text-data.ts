/**
 * The catalog and the locales in the worker, from its start-up file (packaged-reads.ts, src/shared/worker-start.ts)
 * rather than its scripts: the same data the pages read from `catalog.json` and `_locales/` (src/shared/packaged-data.ts).
 * Both are part of the readiness barrier (index.ts): no verdict is made before the catalog is installed, since an empty
 * catalog would name no provider. Both locales come in that one read, so a language change reads nothing.
 */
import { installCatalog } from '../core/catalog.ts';
import { installLocale, type Lang } from '../shared/i18n.ts';
import { catalogRead, localesRead } from './packaged-reads.ts';
import { startup } from './startup.ts';

/** Resolves once the catalog is installed; rejects if it cannot be read (then the worker gives no verdict at all). */
export const catalogReady: Promise<void> = catalogRead.then((catalog) => {
  installCatalog(catalog);
  startup.catalogMs = performance.now();
});
catalogReady.catch((error: unknown) => console.error('Vigie: catalog failed to load', error));

/** Resolves once both locales are installed (or failed to be). */
export const localeReady: Promise<void> = localesRead.then(
  (locales) => {
    for (const lang of Object.keys(locales) as Lang[]) installLocale(lang, locales[lang]);
  },
  (error: unknown) => console.error('Vigie: locales failed to load', error),
);
