/**
 * The provider catalog: data/providers.json, data/secnumcloud.json, data/hds.json and the CNAME rules of
 * data/fingerprints.json, indexed when installed (a few hundred entries: microseconds). In Node (CLI, scripts, tests)
 * the committed files are installed when this module loads (committed-catalog.ts); the extension's contexts install
 * the packaged copy they read at start (src/shared/packaged-data.ts), and use nothing here before that.
 */
import committedCatalog from './committed-catalog.ts';
import type { HdsCertificate, NetworkRole, Provider, SecNumCloudOffer, Source } from './types.ts';

/** How one ASN of a provider was checked against the AS names of the routing data. */
export interface AsnCheck {
  asn: number;
  /** The AS name the routing data gives, or null when the ASN announces no range there. */
  routingName: string | null;
  routingRanges: number;
  confirmed: boolean;
  /** What the network is for, and why we say so. */
  role: NetworkRole;
  roleSource: string;
  note?: string;
}

/** What the extension reads of an ASN check: the network's role. The rest serves the data checks, in Node. */
export type AsnRole = Pick<AsnCheck, 'asn' | 'role'>;

/** A providers.json row: a Provider plus how its ASNs were checked (cnameSuffixes come from fingerprints.json). */
export interface ProviderEntry<Check extends AsnRole = AsnCheck> extends Omit<Provider, 'cnameSuffixes'> {
  asnChecks: Check[];
}

/** A secnumcloud.json row: the shared contract plus what the sources say about it. */
export interface CatalogOffer extends SecNumCloudOffer {
  /** ISO date of the catalogue listing the offer was read from; bounds offers whose expiry is unknown. */
  listedOn?: string;
  frameworkVersion?: string;
  confidence?: string;
  notes?: string;
}

/**
 * A fingerprints.json rule: one header (with an optional value pattern) or one CNAME suffix -> provider. A `software`
 * rule names server software and the system it was built for (Apache built for Amazon Linux): software runs on any
 * host, so it is evidence only and never names a provider (its providerId is the system's publisher).
 */
export interface FingerprintRule {
  id: string;
  providerId: string;
  /** What the rule recognises, for people: 'Azure Front Door', 'Amazon S3'. */
  label: string;
  role: 'cdn' | 'origin' | 'software';
  /** For a `software` rule: the software ('Apache') and the system its build is for ('Amazon Linux'). */
  software?: string;
  builtFor?: string;
  header?: string;
  /** Case-insensitive regular expression on the header value; absent: presence is enough. */
  pattern?: string;
  cnameSuffix?: string;
  /** When set, the rule pins this SecNumCloud offer (not only the provider). */
  offerId?: string;
  confidence: 'high' | 'medium';
  source: Source;
}

interface ProvidersFile<Check extends AsnRole> {
  meta: { asOf: string };
  providers: ProviderEntry<Check>[];
}
interface SecNumCloudFile {
  meta: { asOf: string };
  offers: CatalogOffer[];
}
interface HdsFile {
  meta: { asOf: string };
  certificates: HdsCertificate[];
}
interface FingerprintsFile {
  meta: { asOf: string };
  rules: FingerprintRule[];
}

/**
 * The four data files: as committed in data/ (`CatalogFiles`), and as packaged for the extension in one `catalog.json`
 * (`CatalogFiles<AsnRole>`: see packagedCatalog).
 */
export interface CatalogFiles<Check extends AsnRole = AsnCheck> {
  providers: ProvidersFile<Check>;
  secnumcloud: SecNumCloudFile;
  hds: HdsFile;
  fingerprints: FingerprintsFile;
}

const EMPTY_FILES: CatalogFiles<AsnRole> = {
  providers: { meta: { asOf: '' }, providers: [] },
  secnumcloud: { meta: { asOf: '' }, offers: [] },
  hds: { meta: { asOf: '' }, certificates: [] },
  fingerprints: { meta: { asOf: '' }, rules: [] },
};

let files: CatalogFiles<AsnRole> = EMPTY_FILES;
let installed = false;

/** Every fingerprint rule, as stored. */
export let FINGERPRINT_RULES: readonly FingerprintRule[] = [];
/** Every provider, as the shared Provider contract (cnameSuffixes filled from the CNAME fingerprint rules). */
export let PROVIDERS: readonly Provider[] = [];
/** Every SecNumCloud offer, qualified or not (status is only what the sources said; see qualificationStatus). */
export let SECNUMCLOUD_OFFERS: readonly CatalogOffer[] = [];
/** Every HDS certificate row. */
export let HDS_CERTIFICATES: readonly HdsCertificate[] = [];

const byId = new Map<string, Provider>();
const byAsn = new Map<number, Provider>();
const roleByAsn = new Map<number, NetworkRole>();
let offersByProvider = new Map<string, CatalogOffer[]>();
let offersById = new Map<string, CatalogOffer>();
let hdsByProvider = new Map<string, HdsCertificate[]>();

/**
 * The catalog as the extension packages it: the committed files less what only the data checks read (how each ASN
 * was checked against the routing data: 108 of 274 kB), which every extension context reads before its first answer.
 * Every lookup below answers the same from either (test/unit/packaged-data.test.ts).
 */
export function packagedCatalog(committed: CatalogFiles): CatalogFiles<AsnRole> {
  const providers = committed.providers.providers.map((entry) => ({ ...entry, asnChecks: entry.asnChecks.map(({ asn, role }) => ({ asn, role })) }));
  return { ...committed, providers: { ...committed.providers, providers } };
}

/** Indexes the catalog's files; every lookup below answers from them from then on. */
export function installCatalog(catalog: CatalogFiles<AsnRole>): void {
  files = catalog;
  FINGERPRINT_RULES = catalog.fingerprints.rules;
  const suffixesByProvider = new Map<string, string[]>();
  for (const rule of FINGERPRINT_RULES) {
    if (rule.cnameSuffix === undefined) continue;
    const list = suffixesByProvider.get(rule.providerId) ?? [];
    if (!list.includes(rule.cnameSuffix)) list.push(rule.cnameSuffix);
    suffixesByProvider.set(rule.providerId, list);
  }
  PROVIDERS = catalog.providers.providers.map((entry) => {
    const { asnChecks: _checks, ...provider } = entry;
    return Object.freeze({ ...provider, cnameSuffixes: suffixesByProvider.get(entry.id) ?? [] });
  });
  SECNUMCLOUD_OFFERS = catalog.secnumcloud.offers;
  HDS_CERTIFICATES = catalog.hds.certificates;
  byId.clear();
  byAsn.clear();
  roleByAsn.clear();
  for (const provider of PROVIDERS) {
    byId.set(provider.id, provider);
    for (const asn of provider.asns) byAsn.set(asn, provider);
  }
  for (const entry of catalog.providers.providers) for (const check of entry.asnChecks) roleByAsn.set(check.asn, check.role);
  offersByProvider = groupBy(SECNUMCLOUD_OFFERS, (o) => o.providerId);
  offersById = new Map(SECNUMCLOUD_OFFERS.map((o) => [o.id, o]));
  hdsByProvider = groupBy(HDS_CERTIFICATES, (c) => c.providerId);
  installed = true;
}

/** True once a catalog is installed (always in Node; in an extension context, once its packaged copy is read). */
export function catalogInstalled(): boolean {
  return installed;
}

if (committedCatalog) installCatalog(committedCatalog);

/** Every network role, for checks. */
export const NETWORK_ROLES: readonly NetworkRole[] = ['cloud', 'hosting', 'cdn', 'access', 'transit', 'corporate', 'payment'];

/** Roles of networks from which hosting offers (and so qualified offers) can be sold. */
export const HOSTING_ROLES: ReadonlySet<NetworkRole> = new Set<NetworkRole>(['cloud', 'hosting', 'cdn']);

/** The role of a catalog ASN, or null when the AS is not in the catalog. */
export function networkRoleOf(asn: number): NetworkRole | null {
  return roleByAsn.get(asn) ?? null;
}
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const list = map.get(key(item));
    if (list) list.push(item);
    else map.set(key(item), [item]);
  }
  return map;
}

/** The provider with this id, or null. */
export function providerById(id: string): Provider | null {
  return byId.get(id) ?? null;
}

/** The provider announcing this AS number, or null when the AS is not in the catalog. */
export function providerByAsn(asn: number): Provider | null {
  return byAsn.get(asn) ?? null;
}

/** The SecNumCloud offers of a provider (any status), or an empty list. */
export function offersOf(providerId: string): readonly CatalogOffer[] {
  return offersByProvider.get(providerId) ?? [];
}

/** The SecNumCloud offer with this id, or null. */
export function offerById(id: string): CatalogOffer | null {
  return offersById.get(id) ?? null;
}

/** The HDS certificate rows of a provider, or an empty list. */
export function hdsOf(providerId: string): readonly HdsCertificate[] {
  return hdsByProvider.get(providerId) ?? [];
}

/** The as-of dates of the three lists, for the "data freshness" line of the UI. */
export function dataDates(): { providers: string; secnumcloud: string; hds: string } {
  return { providers: files.providers.meta.asOf, secnumcloud: files.secnumcloud.meta.asOf, hds: files.hds.meta.asOf };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What is wrong with an HDS row's datesNote: each surface words it from its fields (src/popup/qualifications-section.tsx). */
function datesNoteProblems(where: string, note: unknown): string[] {
  const value = note as Partial<Record<string, unknown>> | null;
  if (typeof value !== 'object' || value === null) return [`${where}: datesNote is not an object with a kind`];
  if (value.kind === 'not-in-sources') return Object.keys(value).length === 1 ? [] : [`${where}: a not-in-sources datesNote takes no other field`];
  if (value.kind !== 'unpublished') return [`${where}: datesNote kind ${String(value.kind)} is not known`];
  const problems: string[] = [];
  for (const key of ['source', 'certificate'] as const) if (typeof value[key] !== 'string' || !value[key]) problems.push(`${where}: datesNote has no ${key}`);
  for (const key of ['sourceDate', 'until'] as const) if (!isIsoDate(value[key])) problems.push(`${where}: datesNote ${key} is not an ISO date`);
  return problems;
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

function sourceProblems(where: string, sources: unknown): string[] {
  if (!Array.isArray(sources) || sources.length === 0) return [`${where}: no source`];
  const problems: string[] = [];
  sources.forEach((s: Source, i) => {
    if (typeof s !== 'object' || s === null) return problems.push(`${where}: source ${i} is not an object`);
    if (!(typeof s.url === 'string' && /^https?:\/\//.test(s.url)) && !(typeof s.note === 'string' && s.note.trim().length > 0)) {
      problems.push(`${where}: source ${i} has neither an http(s) url nor a note`);
    }
    if (!isIsoDate(s.date)) problems.push(`${where}: source ${i} has no ISO date`);
    return undefined;
  });
  return problems;
}

/**
 * Everything wrong with the data files, as readable lines (empty when the data is sound): sources with ISO dates,
 * unique ids, integer ASNs owned by one provider, jurisdictions, offers and certificates naming catalog providers.
 * Used by the data-conventions test; cheap enough to run anywhere.
 */
export function catalogProblems(): string[] {
  const problems: string[] = [];
  for (const [name, asOf] of Object.entries(dataDates())) if (!isIsoDate(asOf)) problems.push(`${name}: meta.asOf is not an ISO date`);
  if (!isIsoDate(files.fingerprints.meta.asOf)) problems.push('fingerprints: meta.asOf is not an ISO date');
  const ids = new Set<string>();
  const asnOwner = new Map<number, string>();
  for (const p of files.providers.providers) {
    const where = `provider ${p.id}`;
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(p.id)) problems.push(`${where}: id is not lowercase-dashed`);
    if (ids.has(p.id)) problems.push(`${where}: duplicate id`);
    ids.add(p.id);
    if (!p.name) problems.push(`${where}: no name`);
    if (p.country !== '' && !/^[A-Z]{2}$/.test(p.country)) problems.push(`${where}: country is not ISO 3166 alpha-2`);
    const j = p.jurisdiction;
    if (!j || typeof j.euEea !== 'boolean' || !Array.isArray(j.extraEuLaws) || !j.basis) problems.push(`${where}: incomplete jurisdiction`);
    else if (j.euEea && j.extraEuLaws.length > 0) problems.push(`${where}: both EU/EEA and under extra-EU law; say which in basis and pick one`);
    for (const asn of p.asns) {
      if (!Number.isInteger(asn) || asn <= 0 || asn > 4294967295) problems.push(`${where}: ASN ${asn} is not a valid AS number`);
      const owner = asnOwner.get(asn);
      if (owner !== undefined) problems.push(`${where}: AS${asn} also belongs to ${owner}`);
      asnOwner.set(asn, p.id);
    }
    const checked = new Set(p.asnChecks.map((c) => c.asn));
    if (checked.size !== p.asns.length || p.asns.some((a) => !checked.has(a))) problems.push(`${where}: asnChecks do not cover exactly its ASNs`);
    for (const c of p.asnChecks) {
      if (!NETWORK_ROLES.includes(c.role)) problems.push(`${where}: AS${c.asn} has no network role`);
      const roleSource = 'roleSource' in c ? c.roleSource : undefined;
      if (typeof roleSource !== 'string' || roleSource.trim() === '') problems.push(`${where}: AS${c.asn} role has no source`);
    }
    if (p.country === '') problems.push(`${where}: no country`);
    problems.push(...sourceProblems(where, p.sources));
  }
  for (const p of files.providers.providers) {
    const where = `provider ${p.id}`;
    for (const s of p.subsidiaries ?? []) {
      const sub = files.providers.providers.find((x) => x.id === s.providerId);
      if (!sub) problems.push(`${where}: subsidiary ${s.providerId} is not in the catalog`);
      else if (sub.subsidiaryOf !== p.id) problems.push(`${where}: subsidiary ${s.providerId} does not name it as subsidiaryOf`);
      if (!/^[A-Z]{2}$/.test(s.country)) problems.push(`${where}: subsidiary country ${s.country} is not ISO 3166 alpha-2`);
    }
    if (p.subsidiaryOf !== undefined && !ids.has(p.subsidiaryOf)) problems.push(`${where}: parent ${p.subsidiaryOf} is not in the catalog`);
    if (p.technologyLicensedFrom && !ids.has(p.technologyLicensedFrom.providerId)) problems.push(`${where}: licensor is not in the catalog`);
  }
  const offerIds = new Set<string>();
  for (const o of files.secnumcloud.offers) {
    const where = `offer ${o.id}`;
    if (offerIds.has(o.id)) problems.push(`${where}: duplicate id`);
    offerIds.add(o.id);
    if (ids.has(o.id)) problems.push(`${where}: id clashes with a provider id (rules may name either)`);
    if (!ids.has(o.providerId)) problems.push(`${where}: provider ${o.providerId} is not in the catalog`);
    if (!['qualified', 'in-progress', 'expired', 'withdrawn'].includes(o.status)) problems.push(`${where}: unknown status ${o.status}`);
    if (o.status === 'in-progress' && !['J0', 'J1', 'J2'].includes(o.milestone ?? '')) problems.push(`${where}: in progress without a J0/J1/J2 milestone`);
    for (const key of ['qualifiedFrom', 'qualifiedUntil', 'listedOn'] as const) {
      if (o[key] !== undefined && !isIsoDate(o[key])) problems.push(`${where}: ${key} is not an ISO date`);
    }
    if (o.status === 'qualified' && o.qualifiedUntil === undefined && o.listedOn === undefined) {
      problems.push(`${where}: qualified with neither an expiry nor a listing date`);
    }
    problems.push(...sourceProblems(where, o.sources));
  }
  for (const [i, c] of files.hds.certificates.entries()) {
    const where = `hds certificate ${i} (${c.providerId})`;
    if (!ids.has(c.providerId)) problems.push(`${where}: provider is not in the catalog`);
    if (!c.activities.every((a) => Number.isInteger(a) && a >= 1 && a <= 6)) problems.push(`${where}: activities must be 1..6`);
    for (const key of ['certifiedFrom', 'certifiedUntil'] as const) {
      if (c[key] !== undefined && !isIsoDate(c[key])) problems.push(`${where}: ${key} is not an ISO date`);
    }
    if (c.datesNote !== undefined) problems.push(...datesNoteProblems(where, c.datesNote));
    problems.push(...sourceProblems(where, c.sources));
  }
  const ruleIds = new Set<string>();
  for (const r of FINGERPRINT_RULES) {
    const where = `fingerprint ${r.id}`;
    if (ruleIds.has(r.id)) problems.push(`${where}: duplicate id`);
    ruleIds.add(r.id);
    if (!ids.has(r.providerId)) problems.push(`${where}: provider ${r.providerId} is not in the catalog`);
    if (r.offerId !== undefined && offersById.get(r.offerId)?.providerId !== r.providerId) problems.push(`${where}: offer ${r.offerId} is not one of its provider's`);
    if ((r.header === undefined) === (r.cnameSuffix === undefined)) problems.push(`${where}: needs exactly one of header or cnameSuffix`);
    if (r.header !== undefined && r.header !== r.header.toLowerCase()) problems.push(`${where}: header name must be lower case`);
    if (r.role === 'software' && (!r.software || !r.builtFor || r.header === undefined)) problems.push(`${where}: a software rule needs a header, software and builtFor`);
    if (r.role !== 'software' && (r.software !== undefined || r.builtFor !== undefined)) problems.push(`${where}: software and builtFor belong to software rules only`);
    if (r.pattern !== undefined && /\\;(version|confidence):/.test(r.pattern)) problems.push(`${where}: Wappalyzer tag left in the pattern`);
    problems.push(...sourceProblems(where, [r.source]));
  }
  return problems;
}
