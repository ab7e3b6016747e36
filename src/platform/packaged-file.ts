/**
 * Reads a file packaged with the extension. A module that imports nothing, in a chunk of its own (vite.config.ts), so
 * that the background's first module can ask for the packaged files before the shared chunks (polyfill, code shared
 * with the pages) are evaluated: the reads then overlap that evaluation instead of waiting for it.
 */

/** What this module uses of either browser's global namespace, without the polyfill (which lives in a shared chunk). */
interface ExtensionApi {
  runtime: { getURL(path: string): string };
  i18n: { getUILanguage(): string };
}
declare const browser: ExtensionApi | undefined;
declare const chrome: ExtensionApi | undefined;

const extensionApi = (): ExtensionApi => (typeof browser !== 'undefined' ? browser : chrome)!;

/** The catalog's data files in one (scripts/build-packaged-data.ts). */
export const CATALOG_FILE = 'catalog.json';

/** A locale's messages, where both browsers' extension packages keep them. */
export const localeFile = (lang: string) => `_locales/${lang}/messages.json`;

/** Reads a file packaged with the extension (routing tables, the health classifier's data, the catalog, a locale). */
export async function packagedFile(path: string): Promise<Response> {
  const response = await fetch(extensionApi().runtime.getURL(path));
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response;
}

/** The browser UI language (e.g. 'fr', 'en-US'). */
export function uiLanguage(): string {
  return extensionApi().i18n.getUILanguage();
}
