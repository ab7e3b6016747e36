/**
 * The curated list of health domains (data/health-domains.json), matched on the registrable domain through the Public
 * Suffix List: `www.` and subdomains match, an entry below the registrable domain is a zone (ars.sante.fr), IP
 * literals never match and IDN hosts are looked up in punycode. The list is given, not imported: Node binds the
 * committed file (src/core/health.ts), the extension's background a packaged copy it loads at start.
 */
import { parse } from 'tldts';

/** One entry of data/health-domains.json. */
export interface HealthDomain {
  domain: string;
  category: string;
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

/** What a list says about a page: listed, and on a health page of the site (always, unless path-scoped). */
export interface DomainListVerdict {
  match: HealthDomainMatch;
  /** False for a path-scoped company's other pages (an insurer's car insurance). */
  healthPage: boolean;
}

/** The domain list, indexed by domain. */
export class HealthDomainList {
  private readonly byDomain: ReadonlyMap<string, HealthDomain>;

  constructor(entries: readonly HealthDomain[]) {
    this.byDomain = new Map(entries.map((d) => [d.domain.toLowerCase(), d]));
  }

  /** Finds the entry for a host: exact zone first, up to the registrable domain. IPs never match. */
  match(host: string): HealthDomainMatch | null {
    const hostname = normaliseHost(host);
    if (!hostname) return null;
    const parsed = parse(hostname);
    if (parsed.isIp || !parsed.domain) return null;
    const registrableDomain = parsed.domain;
    const labels = hostname.split('.');
    const floor = registrableDomain.split('.').length;
    for (let start = 0; labels.length - start >= floor; start++) {
      const entry = this.byDomain.get(labels.slice(start).join('.'));
      if (entry) return { entry, registrableDomain };
    }
    return null;
  }

  /** The list's verdict on a page URL, or null when its host is not listed. */
  verdict(url: URL): DomainListVerdict | null {
    const match = this.match(url.hostname);
    if (!match) return null;
    return { match, healthPage: match.entry.scope !== 'paths' || isHealthPath(match.entry, url.pathname) };
  }
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
