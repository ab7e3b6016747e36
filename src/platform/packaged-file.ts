/**
 * Reads a file packaged with the extension. In a chunk of its own with extension-api.ts, which imports nothing
 * (vite.config.ts), so that the background's first module can ask for the packaged files before the shared chunks
 * (code shared with the pages) are evaluated: the reads then overlap that evaluation instead of waiting for it.
 */
import { extensionApi } from './extension-api.ts';

/** The catalog's data files in one (scripts/build-packaged-data.ts). */
export const CATALOG_FILE = 'catalog.json';

/** A locale's messages, where both browsers' extension packages keep them. */
export const localeFile = (lang: string) => `_locales/${lang}/messages.json`;

/** Reads a file packaged with the extension (routing tables, the health classifier's data, the catalog, a locale). */
export async function packagedFile(path: string): Promise<Response> {
  const response = await fetch(extensionApi.runtime.getURL(path));
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response;
}

/** The browser UI language (e.g. 'fr', 'en-US'). */
export function uiLanguage(): string {
  return extensionApi.i18n.getUILanguage();
}
