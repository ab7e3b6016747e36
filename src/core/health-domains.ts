/**
 * The list of health domains, matched on the registrable domain through the Public Suffix List: `www.` and subdomains
 * match, an entry below the registrable domain is a zone (ars.sante.fr), IP literals never match and IDN hosts are
 * looked up in punycode.
 *
 * The extension bundles data/health-domains.packed.json, written by scripts/import-health-registries.ts from
 * data/health-domains.json (where each entry keeps its name and source): `domains` is one string of lines
 * `<domain> <category><source>` sorted by domain (code-unit order), the two digits base-36 indexes into `categories`
 * and `sources` (each source's label, URL, date and licence); `paths` holds the health paths of path-scoped entries.
 * A lookup is a binary search in that string: nothing is built at start-up beyond the parsed JSON.
 */
import { parse } from 'tldts';
import packedJson from '../../data/health-domains.packed.json' with { type: 'json' };

/** One entry of the domain list. */
export interface HealthDomain {
  domain: string;
  category: string;
  /** The list that names the domain (the hand-curated list or a registry); the organisation's name is in the data files. */
  name: string;
  /** 'paths': a multi-line company; only URLs whose path contains one of `paths` count as health. */
  scope?: 'paths';
  paths?: string[];
}

/** A host matched against the domain list. */
export interface HealthDomainMatch {
  entry: HealthDomain;
  /** The registrable domain of the host (what user overrides are keyed by). */
  registrableDomain: string;
}

interface PackedDomains {
  categories: string[];
  sources: { id: string; label: string }[];
  domains: string;
  paths: Record<string, string[]>;
}

const PACKED = packedJson as PackedDomains;

/** The entry for exactly `domain`, or null: binary search over the lines of the sorted packed string. */
function findEntry(domain: string): HealthDomain | null {
  const list = PACKED.domains;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    // Start of the line holding the middle character: lo is a line start and the middle is below hi, so the line
    // starts in [lo, hi) and each step narrows the range.
    const start = list.lastIndexOf('\n', ((lo + hi) >>> 1) - 1) + 1;
    const space = list.indexOf(' ', start);
    if (space < 0) return null;
    const key = list.slice(start, space);
    if (key === domain) {
      const category = PACKED.categories[parseInt(list[space + 1] ?? '', 36)] ?? '';
      const source = PACKED.sources[parseInt(list[space + 2] ?? '', 36)];
      const paths = Object.hasOwn(PACKED.paths, domain) ? PACKED.paths[domain] : undefined;
      return { domain, category, name: source?.label ?? '', ...(paths ? { scope: 'paths' as const, paths } : {}) };
    }
    if (key < domain) {
      const next = list.indexOf('\n', space);
      lo = next < 0 ? hi : next + 1;
    } else hi = start;
  }
  return null;
}

/** Finds the domain-list entry for a host: exact zone first, up to the registrable domain. IPs never match. */
export function matchHealthDomain(host: string): HealthDomainMatch | null {
  const hostname = normaliseHost(host);
  if (!hostname) return null;
  const parsed = parse(hostname);
  if (parsed.isIp || !parsed.domain) return null;
  const registrableDomain = parsed.domain;
  const labels = hostname.split('.');
  const floor = registrableDomain.split('.').length;
  for (let start = 0; labels.length - start >= floor; start++) {
    const candidate = labels.slice(start).join('.');
    const entry = findEntry(candidate);
    if (entry) return { entry, registrableDomain };
  }
  return null;
}

/** What the list says about a page: listed, and on a health page of the site (always, unless path-scoped). */
export interface DomainListVerdict {
  match: HealthDomainMatch;
  /** False for a path-scoped company's other pages (an insurer's car insurance). */
  healthPage: boolean;
}

/** The domain list's verdict on a page URL, or null when its host is not listed. */
export function domainListVerdict(url: URL): DomainListVerdict | null {
  const match = matchHealthDomain(url.hostname);
  if (!match) return null;
  return { match, healthPage: match.entry.scope !== 'paths' || isHealthPath(match.entry, url.pathname) };
}

/** Whether a URL path is one of a path-scoped entry's health paths (`/sante`, `/complementaire-sante`...). */
function isHealthPath(entry: HealthDomain, pathname: string): boolean {
  const path = foldPath(decodeSafe(pathname));
  return (entry.paths ?? []).some((p) => foldPath(p) && ` ${path} `.includes(` ${foldPath(p)}`));
}

function foldPath(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Lower-case ASCII (punycode) host name from a host or URL-ish string, or '' when unusable. */
function normaliseHost(host: string): string {
  const trimmed = host.trim().toLowerCase().replace(/\.$/, '');
  if (!trimmed) return '';
  try {
    // URL does the IDN -> punycode conversion the table is written in.
    const url = new URL(trimmed.includes('://') ? trimmed : `http://${trimmed}`);
    return url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  } catch {
    return '';
  }
}

/** decodeURIComponent that keeps a malformed path as it is. */
export function decodeSafe(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
