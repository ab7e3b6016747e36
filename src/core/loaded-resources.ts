/**
 * The page's own list of the sub-resources it loaded (resource timing), reduced to hosts and types. The background
 * uses it to find the third parties the network observer missed: a tab's sub-resource listener is added when the
 * background learns that the tab matters, and a page (from the HTTP cache, or while a stopped worker starts again)
 * can load its third parties before that listener exists.
 */
import type { LoadedResource } from './types.ts';

/** At most this many entries leave the page (a page cannot flood the worker). */
export const MAX_LOADED_RESOURCES = 256;

/** The webRequest type closest to a resource timing `initiatorType`. */
const TYPE_OF_INITIATOR: Record<string, string> = {
  script: 'script',
  link: 'stylesheet',
  css: 'image',
  img: 'image',
  image: 'image',
  beacon: 'beacon',
  fetch: 'xmlhttprequest',
  xmlhttprequest: 'xmlhttprequest',
  video: 'media',
  audio: 'media',
  font: 'font',
};

/** Hosts and types of the web resources in a resource-timing list, in load order, bounded. */
export function loadedResourcesOf(entries: readonly { name: string; initiatorType: string }[]): LoadedResource[] {
  const out: LoadedResource[] = [];
  for (const entry of entries) {
    if (out.length >= MAX_LOADED_RESOURCES) break;
    let url: URL;
    try {
      url = new URL(entry.name);
    } catch {
      continue;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
    out.push({ host: url.hostname.toLowerCase(), type: TYPE_OF_INITIATOR[entry.initiatorType] ?? 'other' });
  }
  return out;
}
