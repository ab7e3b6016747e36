/**
 * The catalog and the locales as every extension context gets them: packaged files (`catalog.json` from
 * scripts/build-packaged-data.ts, and the package's own `_locales/<lang>/messages.json`), read and installed once per
 * context. The pages read the catalog and both locales before they render (renderWithPageData); the worker reads the
 * same data from its one start-up file (src/background/text-data.ts, src/shared/worker-start.ts). Node installs the
 * committed files instead (committed-catalog.ts, committed-locales.ts), so nothing here runs there.
 */
import { catalogInstalled, installCatalog, type AsnRole, type CatalogFiles } from '../core/catalog.ts';
import { CATALOG_FILE, localeFile, packagedFile } from '../platform/packaged-file.ts';
import { installLocale, localeInstalled, type LocaleMessages } from './i18n.ts';
import type { Lang } from './lang.ts';

let catalogLoading: Promise<void> | undefined;
const localesLoading: Partial<Record<Lang, Promise<void>>> = {};

/** Reads a packaged JSON file and installs it; on a failed read, `forget` lets the next call read again. */
function readAndInstall<T>(read: Promise<Response>, install: (data: T) => void, forget: () => void): Promise<void> {
  return read
    .then((response) => response.json() as Promise<T>)
    .then(install, (error: unknown) => {
      forget();
      throw error;
    });
}

/** Reads and installs the catalog once (`read`: a read already asked for); a failed read is tried again at the next call. */
export function loadCatalog(read?: Promise<Response>): Promise<void> {
  if (catalogInstalled()) return Promise.resolve();
  catalogLoading ??= readAndInstall<CatalogFiles<AsnRole>>(read ?? packagedFile(CATALOG_FILE), installCatalog, () => (catalogLoading = undefined));
  return catalogLoading;
}

/** Reads and installs one locale once (`read`: a read already asked for); a failed read is tried again at the next call. */
export function loadLocale(lang: Lang, read?: Promise<Response>): Promise<void> {
  if (localeInstalled(lang)) return Promise.resolve();
  localesLoading[lang] ??= readAndInstall<LocaleMessages>(
    read ?? packagedFile(localeFile(lang)),
    (messages) => installLocale(lang, messages),
    () => delete localesLoading[lang],
  );
  return localesLoading[lang];
}

/**
 * Renders a page once what it needs is read: the catalog, and both locales (the options page switches language at
 * once). Without them the page would name no provider: it says so instead (in both languages, having no locale).
 */
export function renderWithPageData(root: HTMLElement, render: () => void): void {
  Promise.all([loadCatalog(), loadLocale('fr'), loadLocale('en')]).then(render, (error: unknown) => {
    console.error('Vigie: packaged data failed to load', error);
    root.textContent = 'Vigie : données illisibles, réinstallez l’extension. / Vigie: unreadable data, reinstall the extension.';
  });
}
