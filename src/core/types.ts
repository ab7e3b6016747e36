/**
 * The contracts shared by every part of Vigie (core, background, content, popup, CLI).
 * Pure data types only: no browser API, no runtime code.
 */

/** Sovereignty level of a host, in the words the UI uses (see DESIGN.md "Assess"). */
export type Level = 'secnumcloud' | 'secnumcloud-provider' | 'eu' | 'extra-eu' | 'unknown';

/** Ordered from most to least protective; `unknown` is ranked apart by consumers. */
export const LEVELS: readonly Level[] = ['secnumcloud', 'secnumcloud-provider', 'eu', 'extra-eu', 'unknown'];

/** What the identified operator does for this host: serves it (`origin`) or carries it in front of a hidden origin (`cdn`). */
export type Role = 'origin' | 'cdn' | 'unknown';

export type Confidence = 'high' | 'medium' | 'low';

/** How an IP address is classified before any table lookup. */
export type IpScope =
  | 'public'
  | 'private'
  | 'loopback'
  | 'link-local'
  | 'cgnat'
  | 'documentation'
  | 'multicast'
  | 'unspecified'
  | 'reserved';

/** A provider as shown to users (subset of a catalog entry). */
export interface ProviderRef {
  id: string;
  name: string;
  /** ISO 3166-1 alpha-2 of the headquarters, or '' when unknown. */
  country: string;
}

/** Result of an IP -> AS lookup in the routing table. */
export interface AsnInfo {
  asn: number;
  name: string;
}

/** One piece of evidence behind a verdict; `text` is an English sentence for CLI/logs, the fields let UIs translate. */
export interface Evidence {
  kind: 'ip' | 'asn' | 'header' | 'cname' | 'rule' | 'cache' | 'proxy' | 'special-ip' | 'no-ip' | 'conflict';
  /** What was observed, e.g. 'AS8075', 'server: cloudflare', 'x.azurefd.net', '10.0.0.0/8'. */
  subject: string;
  /** Provider id this evidence points to, if any. */
  providerId?: string;
  text: string;
}

/** Everything observed about one host, from webRequest (extension) or resolution/fetch (CLI). */
export interface HostObservation {
  host: string;
  /** Server IP as the browser reported it (any textual form), or null (cache, service worker, unknown). */
  ip: string | null;
  fromCache?: boolean;
  /** Lower-cased header names -> value. Only the headers useful for fingerprinting need to be kept. */
  headers?: Record<string, string>;
  /** CNAME chain, first alias first (Firefox dns.resolve, or the CLI resolver). */
  cnames?: string[];
  /** True when the browser is known to go through a proxy: the IP is then the proxy's. */
  viaProxy?: boolean;
}

/** The identification and assessment of one host. */
export interface HostVerdict {
  host: string;
  ip: string | null;
  ipScope: IpScope | null;
  asn: number | null;
  asName: string | null;
  provider: ProviderRef | null;
  role: Role;
  confidence: Confidence;
  level: Level;
  evidence: Evidence[];
}

/** A user or managed rule: CIDR or host suffix -> provider id. */
export interface ProviderRule {
  match: string;
  providerId: string;
  /** 'managed' rules come from storage.managed (policy) and cannot be edited by the user. */
  origin: 'user' | 'managed' | 'demo';
}

/** Signals read once per page by the content script (or parsed from HTML by the CLI). Bounded sizes. */
export interface PageSignals {
  url: string;
  lang: string;
  title: string;
  description: string;
  keywords: string;
  ogType: string;
  ogSiteName: string;
  headings: string[];
  /** schema.org @type values from JSON-LD and microdata. */
  schemaTypes: string[];
  /** A bounded slice of visible text. */
  text: string;
}

export interface HealthVerdict {
  health: boolean;
  score: number;
  /** Short phrases a user can read. */
  reasons: string[];
  /** Set when a user (or managed) override decided, not the classifier. */
  override?: 'health' | 'not-health';
  /** Category of the listed domain, when the domain list matched. */
  category?: string;
}
