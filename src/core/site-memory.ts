/**
 * Site memory: a site recognised as health on one page is health on its other pages for the rest of the session
 * (a clinic's legal notice or login page says little about health, yet the data typed there goes to the same place).
 * Keyed by registrable domain (Public Suffix List, as user overrides are), bounded, pure: the background keeps it in
 * storage.session (memory only for private tabs) and clears it with the session.
 */
import { getDomain } from 'tldts';
import type { HealthVerdict } from './types.ts';

/** Sites remembered per session; the oldest recognition goes first. */
export const MAX_REMEMBERED_SITES = 512;

/** Registrable domain -> the page (URL without query and fragment) on which the site was recognised as health. */
export type SiteMemory = Map<string, string>;

/** The key a host is remembered under: its registrable domain, or the host itself (IP literals, single labels). */
export function siteKeyOf(host: string): string {
  return getDomain(host, { allowPrivateDomains: false }) ?? host;
}

/**
 * Remembers a page's own decision: recognised as health by the classifier or the user. A page recognised only
 * through the memory adds nothing (the first page stays the one shown), and a "not health" override forgets the site.
 * Returns true when the memory changed.
 */
export function rememberSite(memory: SiteMemory, host: string, page: string, health: HealthVerdict): boolean {
  const key = siteKeyOf(host);
  if (health.override === 'not-health') return memory.delete(key);
  if (!health.health || memory.has(key)) return false;
  memory.set(key, page);
  while (memory.size > MAX_REMEMBERED_SITES) memory.delete(memory.keys().next().value as string);
  return true;
}

/**
 * The page on which this host's site was recognised earlier, when that should make this page health too: the page
 * itself was judged not health by the classifier (a user's "not health" override always wins) and is another page.
 */
export function recognisedEarlier(memory: SiteMemory, host: string, page: string, health: HealthVerdict): string | null {
  if (health.health || health.override) return null;
  const earlier = memory.get(siteKeyOf(host));
  return earlier !== undefined && earlier !== page ? earlier : null;
}

/**
 * The verdict of a page whose site was recognised earlier: health, with the classifier's own reasons (the page that
 * recognised the site is in the report's `recognisedOn`, which the popup shows in the user's language).
 */
export function withSiteMemory(health: HealthVerdict): HealthVerdict {
  return { ...health, health: true };
}

/** The memory as a JSON-friendly list (oldest first), and back; malformed entries are dropped. */
export function serialiseSiteMemory(memory: SiteMemory): [string, string][] {
  return [...memory.entries()];
}

export function parseSiteMemory(value: unknown): SiteMemory {
  const memory: SiteMemory = new Map();
  if (!Array.isArray(value)) return memory;
  for (const pair of value.slice(-MAX_REMEMBERED_SITES)) {
    if (Array.isArray(pair) && typeof pair[0] === 'string' && typeof pair[1] === 'string') memory.set(pair[0], pair[1]);
  }
  return memory;
}
