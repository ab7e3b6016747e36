/**
 * The contracts shared by every part of Vigie (core, background, content, popup, CLI).
 * Pure data types only: no browser API, no runtime code.
 */
import type { EvidenceMessage } from './evidence-message.ts';

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

/** What a network is for (data/providers.json asnChecks[].role): only cloud/hosting/cdn networks sell hosting offers. */
export type NetworkRole = 'cloud' | 'hosting' | 'cdn' | 'access' | 'transit' | 'corporate' | 'payment';

/** Which source named the provider, most authoritative first (docs/data.md "Order of authority"). */
export type Attribution = 'rule' | 'published-range' | 'registration' | 'routing' | 'fingerprint';

/** A provider's own published list covers the address (AWS ip-ranges.json, Azure Service Tags, ...). */
export interface PublishedRange {
  providerId: string;
  /** Id of the list in data/ranges/sources.json. */
  list: string;
  /** ISO date of the list snapshot. */
  listDate: string;
  region?: string;
  service?: string;
}

/** The prefix is registered (RIR/whois) in a country that hands it to another catalog entry than its AS's owner. */
export interface PrefixRegistration {
  /** ISO 3166-1 alpha-2 registration country of the prefix. */
  country: string;
  /** The catalog entry the prefix belongs to (a subsidiary), or absent when the catalog has none for that country. */
  providerId?: string;
  /** The provider whose AS announces the prefix. */
  announcedBy: string;
}

/** The address's AS comes from an observed BGP announcement (the IPv6 announcement layer: data/announcements/ or generated/announcements/), not from the routing CSV. */
export interface RoutingAnnouncement {
  /** Id of the layer (`iptoasn-ipv6` or `ris-whois-ipv6`, scripts/announcements.ts). */
  source: string;
  /** ISO date of the routing observation. */
  date: string;
}

/**
 * What the AS of an address rests on (src/core/routing-source.ts): `announcement-or-delegation`, the announcement
 * RouteViews observes where it sees one, registry delegation data elsewhere (packaged IPv4); `delegation`, registry
 * delegation data only, no observed announcement (packaged IPv6); `announcement`, an observed BGP announcement (the IPv6
 * announcement layer, `AsnInfo.announced`); `unspecified`, a source whose make-up is not recorded.
 */
export type RoutingSourceKind = 'announcement-or-delegation' | 'delegation' | 'announcement' | 'unspecified';

/** The source of an address's AS and the date of that routing data. */
export interface RoutingSource {
  kind: RoutingSourceKind;
  /** ISO date of the routing data (AsnTable.meta.dataDate). */
  dataDate: string;
}

/** Result of an IP -> AS lookup in the routing table. */
export interface AsnInfo {
  /** 0 when no AS announces the address but a provider's published list covers it. */
  asn: number;
  name: string;
  published?: PublishedRange;
  registration?: PrefixRegistration;
  /** The AS comes from an observed announcement (IPv6), with that observation's date. */
  announced?: RoutingAnnouncement;
}

/** One piece of evidence behind a verdict: what was observed, and what it says as a message each surface renders in its language. */
export interface Evidence {
  kind: 'ip' | 'asn' | 'header' | 'cname' | 'rule' | 'cache' | 'proxy' | 'special-ip' | 'no-ip' | 'conflict' | 'page-list' | 'revealed-origin' | 'software';
  /** What was observed, e.g. 'AS8075', 'server: cloudflare', 'x.azurefd.net', '10.0.0.0/8'. */
  subject: string;
  /** Provider id this evidence points to, if any. */
  providerId?: string;
  /** What the clue says, as a locale message key and its parameters (src/core/evidence-message.ts). */
  message: EvidenceMessage;
  /** For `software` evidence: the server software and the system its build is for (says nothing of the host). */
  software?: { name: string; builtFor: string };
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
  /** Which source named the provider (absent when none did). */
  attribution?: Attribution;
  /** Whose rule named it, when attribution is 'rule' (a demo rule is neither the user's nor an organisation's). */
  ruleOrigin?: ProviderRule['origin'];
  /** Role of the network the address belongs to, when the catalog knows it. */
  networkRole?: NetworkRole;
  /** Region and service from the provider's published list, e.g. 'eu-west-3', 'CLOUDFRONT'. */
  region?: string;
  service?: string;
  /** The provider's published list that covers the address, and that list's date. */
  publishedList?: { id: string; date: string };
  /** ISO country where the address's prefix is registered, when that registration decided (attribution 'registration'). */
  registeredIn?: string;
  /** What the AS (`asn`) rests on and the routing data's date; present whenever the table gave an AS. */
  routing?: RoutingSource;
  /**
   * An operator under extra-EU law that a response header names behind the provider (e.g. `server: AmazonS3` on an
   * EU network), which made the level extra-eu: the network in front is the provider's, the response says the data
   * came from or through this one. DESIGN.md "Revealed origin".
   */
  revealedOrigin?: { provider: ProviderRef; header: string };
}

/** A user or managed rule: CIDR or host suffix -> provider id. */
export interface ProviderRule {
  match: string;
  providerId: string;
  /** 'managed' rules come from storage.managed (policy) and cannot be edited by the user. */
  origin: 'user' | 'managed' | 'demo';
  /** Explicit confirmation of a CIDR wider than a /8 (IPv4) or a /32 (IPv6); without it such a rule is refused. */
  wide?: boolean;
}

/**
 * One sub-resource in the page's own list of what it loaded (resource timing): its host and a webRequest-like type.
 * Only the host and type leave the page, never the URL.
 */
export interface LoadedResource {
  host: string;
  type: string;
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
  /** The same reasons as message keys (`healthReason_<key>`) and arguments, in the same order, for translation. */
  reasonCodes?: { key: string; args: string[] }[];
  /** Set when a user (or managed) override decided, not the classifier. */
  override?: 'health' | 'not-health';
  /** Category of the listed domain, when the domain list matched. */
  category?: string;
}

/** A source for a fact: a URL or a precise description of where it was read, and when. */
export interface Source {
  url?: string;
  note?: string;
  /** ISO date (YYYY-MM-DD) the source was consulted or published. */
  date?: string;
}

/** Jurisdiction facts of a provider (simplified: by headquarters and parent group, not a legal opinion). */
export interface Jurisdiction {
  /** Headquarters (or controlling parent) in the EU/EEA. */
  euEea: boolean;
  /** Subject to non-EU law with extraterritorial reach; the laws by short name (e.g. 'US CLOUD Act', 'FISA 702'). */
  extraEuLaws: string[];
  basis: string;
}

/** One entry of data/providers.json. */
export interface Provider extends ProviderRef {
  parent: string;
  /** Kind of service, for wording: 'cloud', 'cdn', 'hosting', 'platform', 'network', 'saas'. */
  kind: string;
  jurisdiction: Jurisdiction;
  /** Id of the parent entry when this one is a subsidiary with its own jurisdiction (never inherits its offers). */
  subsidiaryOf?: string;
  /** Prefixes of this provider registered in one of these countries belong to that subsidiary entry. */
  subsidiaries?: { country: string; providerId: string }[];
  /** Joint ventures running another company's technology under licence (S3NS: Google, Bleu: Microsoft). */
  technologyLicensedFrom?: { providerId: string; note: string };
  asns: number[];
  cnameSuffixes: string[];
  sources: Source[];
  notes?: string;
}

export type QualificationStatus = 'qualified' | 'in-progress' | 'expired' | 'withdrawn';

/**
 * A qualification over time (sovereignty.ts `qualificationState`): the statuses above, plus two that say what is not
 * known. `past-recorded-end`: a qualified row whose recorded end has passed with no renewal recorded (not counted,
 * not called "not qualified" either). `not-verified-since`: an offer without a known end whose last verification is
 * older than the re-check period (not counted until someone checks it again).
 */
export type QualificationState = QualificationStatus | 'past-recorded-end' | 'not-verified-since';

/** One SecNumCloud offer of data/secnumcloud.json. */
export interface SecNumCloudOffer {
  id: string;
  providerId: string;
  offer: string;
  serviceTypes: string[];
  status: QualificationStatus;
  /** For in-progress offers: J0, J1 or J2. */
  milestone?: string;
  qualifiedFrom?: string;
  qualifiedUntil?: string;
  decision?: string;
  /** ISO date someone last checked this row against the ANSSI catalogue (defaults to its latest source date). */
  verifiedOn?: string;
  sources: Source[];
}

/**
 * Why an HDS row has no certificate dates, as facts each surface puts in its language (`qual_hds_dates_note_*`):
 * `not-in-sources`, the sources read give none (status as they report it, read up to the row's last check:
 * `lastVerified`); `unpublished`, only a source not yet published gives them (which, of when, the certificate it names
 * and the end it gives).
 */
export type HdsDatesNote =
  | { kind: 'not-in-sources' }
  | { kind: 'unpublished'; source: string; sourceDate: string; certificate: string; until: string };

/** One HDS certificate of data/hds.json. */
export interface HdsCertificate {
  providerId: string;
  activities: number[];
  certifiedFrom?: string;
  certifiedUntil?: string;
  status: 'certified' | 'expired' | 'unknown';
  /** HDS referential version of the certificate (e.g. 'HDS v2.0 (2024)'), or a sentence saying it is not known. */
  version?: string;
  /** Says why a row has no certificate dates (required for a certified row without certifiedUntil). */
  datesNote?: HdsDatesNote;
  verifiedOn?: string;
  sources: Source[];
}

/** One host contacted by a tab, with what it did. */
export interface HostEntry {
  verdict: HostVerdict;
  requests: number;
  /** Requests that carried data out: POST/PUT/PATCH, form submissions, beacons. */
  sentData: number;
  /** webRequest resource types seen for this host (main_frame, script, xmlhttprequest, ...). */
  types: string[];
  /** Same registrable domain as the page. */
  firstParty: boolean;
}

/** Why a page has no host verdict at all. */
export type PageKind = 'web' | 'internal' | 'file' | 'extension' | 'unsupported';

/** Why a page did not load, in plain words (src/core/load-error.ts maps each browser's error codes to one). */
export type LoadErrorReason = 'not-found' | 'refused' | 'timed-out' | 'secure-connection' | 'other';

/** A top-level navigation that failed and left the browser's error page in the tab: the reason, and the browser's own code. */
export interface LoadError {
  reason: LoadErrorReason;
  /** The browser's error string as it gave it (e.g. `net::ERR_CONNECTION_REFUSED`, `NS_ERROR_UNKNOWN_HOST`), made safe to show; '' when it gave none. */
  code: string;
}

/** Everything Vigie knows about the page in one tab. Bounded; stored in storage.session. */
export interface TabReport {
  tabId: number;
  url: string;
  host: string;
  pageKind: PageKind;
  /** The main document's host verdict, or null before the first response / for non-web pages. */
  main: HostVerdict | null;
  /** Every host the page contacted, the main host included; at most MAX_HOSTS_PER_TAB. */
  hosts: HostEntry[];
  /** Hosts dropped once the bound was reached. */
  droppedHosts: number;
  health: HealthVerdict | null;
  /** Set when the page is health because its site was recognised on this earlier page (src/core/site-memory.ts). */
  recognisedOn?: string;
  /**
   * Whether the page's sub-resources (third parties) were observed: from the page's start (`complete`), only once it
   * was recognised as health or the popup opened (`partial`: reload to see them all), or not at all (`none`: not a
   * health page, and the user did not ask to observe every site). Absent in reports made before issue 15.
   */
  thirdParties?: 'complete' | 'partial' | 'none';
  /**
   * Set when the page did not load: its navigation failed and the tab shows the browser's error page, so there is no
   * host to judge (no verdict, no toolbar level). Absent otherwise; a later response in the tab starts a new report.
   */
  loadError?: LoadError;
  /** Overall level: the main document's (a CDN in front counts as the host the data reaches first). */
  level: Level;
  updatedAt: number;
}
