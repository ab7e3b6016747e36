/**
 * What a page says of itself, read in the extension's own isolated world: a few signals (never the whole DOM) and the
 * hosts it loaded. Shared by Chromium's injected reader (src/content/page-read.ts) and Firefox's declared content
 * script (src/content/index.ts).
 */
import { readPageSignals } from '../core/page-signals.ts';
import { loadedResourcesOf } from '../core/loaded-resources.ts';
import type { PageRead } from '../shared/messages.ts';

/** Reads the page now. */
export function readPage(): PageRead {
  return {
    signals: readPageSignals(document, location.href),
    // Hosts the page loaded, for the third parties the network observer may have missed (a page can clear this list,
    // never add to it: it is a fallback, the network observer stays the source).
    loaded: loadedResourcesOf(performance.getEntriesByType('resource') as PerformanceResourceTiming[]),
  };
}
