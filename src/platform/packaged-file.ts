/**
 * Reads a file packaged with the extension. A module that imports nothing, in a chunk of its own (vite.config.ts), so
 * that the background's first module can ask for the packaged files before the shared chunks (polyfill, catalog,
 * locales) are evaluated: the reads then overlap that evaluation instead of waiting for it.
 */

/** The runtime of either browser's global namespace, without the polyfill (which lives in a shared chunk). */
declare const browser: { runtime: { getURL(path: string): string } } | undefined;
declare const chrome: { runtime: { getURL(path: string): string } } | undefined;

/** Reads a file packaged with the extension (routing tables, the health classifier's data). */
export async function packagedFile(path: string): Promise<Response> {
  const runtime = (typeof browser !== 'undefined' ? browser : chrome)!.runtime;
  const response = await fetch(runtime.getURL(path));
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response;
}
