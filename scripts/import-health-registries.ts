/**
 * `npx tsx scripts/import-health-registries.ts`: rebuilds the registry-derived entries of data/health-domains.json
 * from the dated snapshots under data/registries/ (hand-curated entries, `origin: "hand-curated"`, are kept as they
 * are). Deterministic: same snapshots and curated entries, same file, byte for byte (a unit test checks it).
 *
 * `--check` only compares and exits 1 when the committed file differs from what the snapshots give.
 * `--extract <registry-id> <git-dir>` re-cuts one snapshot from a local git mirror of its source repository at the
 * commit recorded in its SOURCE.json (how the committed extracts were made; docs/health-registries.md).
 *
 * Rules (docs/health-registries.md): a registry record becomes a domain entry only when its web address is the
 * organisation's own domain: a valid ICANN registrable domain (www. dropped), not an IP, not a host below someone
 * else's domain (a practice page on a website builder or a shared NHS domain), not a hosting, website-builder,
 * directory or GP-website platform, not a retailer that merely hosts a pharmacy counter, and not already covered by
 * a hand-curated entry. Several sites of one group sharing the group's domain give one entry.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { parse } from 'tldts';
import { parseCsvRows } from '../src/cli/audit/site-list.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const HEALTH_DOMAINS_PATH = join(ROOT, 'data/health-domains.json');
/** The form the extension bundles (src/core/health-domains.ts): written from data/health-domains.json by this script. */
export const PACKED_DOMAINS_PATH = join(ROOT, 'data/health-domains.packed.json');
export const REGISTRIES_DIR = join(ROOT, 'data/registries');
export const CURATED_ORIGIN = 'hand-curated';

export interface HealthDomainEntry {
  domain: string;
  category: string;
  name: string;
  /** 'hand-curated', or the id of the registry (data/registries/<id>/) the entry was imported from. */
  origin?: string;
  scope?: 'paths';
  paths?: string[];
  unverified?: boolean;
  source: { url?: string; note?: string; date?: string };
}

export interface HealthDomainsFile {
  meta: { asOf: string; sources: { note: string; date: string; url?: string; licence?: string }[]; matching: string; [k: string]: unknown };
  domains: HealthDomainEntry[];
}

/** What data/registries/<id>/SOURCE.json records about one registry snapshot. */
export interface RegistrySource {
  id: string;
  title: string;
  /** Short name used in each entry's note. */
  label: string;
  publisher: string;
  /** Where the publisher serves (or served) the data. */
  publisherUrl: string;
  /** The public GitHub repository the snapshot was taken from, and at which commit. */
  repository: string;
  commit: string;
  /** Date of the data (the publisher's, or the commit's when the publisher gives none). */
  date: string;
  /** When the snapshot was cut from the repository. */
  retrieved: string;
  licence: string;
  /** Each committed file, where it was cut from (`<commit>:<path>`), how, and its own date when it differs. */
  files: { path: string; from: string; extraction: string; date?: string }[];
}

/**
 * Hosting, website-builder, webmail and directory domains: an address there is not the organisation's own domain.
 * Exported for the test that rejects them.
 */
export const PLATFORM_DOMAINS: readonly string[] = [
  // Website builders, blogs, social networks, link shorteners.
  'wixsite.com', 'wix.com', 'weebly.com', 'squarespace.com', 'wordpress.com', 'blogspot.com', 'blogspot.co.uk',
  'google.com', 'google.co.uk', 'facebook.com', 'twitter.com', 'x.com', 'instagram.com', 'linkedin.com', 'yolasite.com', 'jimdo.com', 'webs.com', 'moonfruit.com', 'tripod.com',
  'bit.ly', 'tinyurl.com', 'site123.me', 'webnode.fr', 'e-monsite.com', 'over-blog.com', 'sitew.com', 'godaddysites.com',
  // ISPs and webmail that host personal pages.
  'free.fr', 'orange.fr', 'wanadoo.fr', 'sfr.fr', 'btinternet.com', 'virginmedia.com', 'ntlworld.com', 'talktalk.net',
  'tiscali.co.uk', 'aol.com', 'yahoo.com', 'hotmail.com', 'blueyonder.co.uk', 'sky.com',
  // Directories and booking platforms where many practices have a page (the platform itself is listed by hand when it
  // is a health service, e.g. doctolib.fr).
  'pagesjaunes.fr', 'doctolib.fr', 'doctolib.com', 'yell.com', 'yelp.com', 'yelp.co.uk', 'www.nhs.uk', 'nhs.net',
  'find-open.co.uk',
  // GP practice website platforms (many practices on sub-domains or paths of one domain).
  'gpsurgery.net', 'mysurgerywebsite.co.uk', 'surgeriesonline.com', 'ehealthservice.co.uk', 'mywebsitepractice.co.uk',
  'practiceweb.co.uk', 'oldwebsite.co.uk', 'gpsurgery.co.uk', 'webgp.com', 'medicalpracticesites.co.uk',
  'practiceuk.org.uk', 'gpfusion.co.uk', 'vpweb.co.uk', 'demon.co.uk',
  // Dental booking and website platforms (several practices on one domain).
  'appointmentor.com', 'zesty.co.uk',
  // Laboratory and hospital booking and results platforms given for many French testing sites.
  'kaducee.com', 'rdv-testcovid.fr', 'ubiclic.com', 'monadmission.fr', 'covidexpress.fr',
];

/**
 * Retailers and general businesses that host pharmacy or optician counters: their domain is mostly not health
 * (boots.com is hand-curated with health paths instead).
 */
export const RETAIL_DOMAINS: readonly string[] = [
  'tesco.com', 'tescoopticians.com', 'asda.com', 'asda.co.uk', 'sainsburys.co.uk', 'morrisons.com', 'morrisons.co.uk',
  'co-operative.coop', 'coop.co.uk', 'superdrug.com', 'boots.com', 'boots.co.uk', 'bootsopticians.co.uk', 'costco.co.uk',
  'waitrose.com', 'marksandspencer.com', 'johnlewis.com', 'debenhams.com',
];

const ALWAYS_EXCLUDED = [...PLATFORM_DOMAINS, ...RETAIL_DOMAINS];
/**
 * Counters inside retailers, whatever address the registry gives (one reads teso.com for Tesco Extra, another
 * growithasda.com, coots.co.uk for Boots): kept only on a pharmacy's own domain (asda-pharmacy.co.uk,
 * alliancepharmacy.co.uk, mosschem.co.uk), never on a bare generic word (pharmacy.co.uk).
 */
const RETAIL_NAMES = /\b(tesco|asda|sainsbury'?s?|morrisons|superdrug|boots|co-?op(erative)?|waitrose|costco)\b/i;
const PHARMACY_DOMAIN = /pharm|chem|health/;
const GENERIC_LABELS = new Set(['pharmacy', 'pharmacies', 'chemist', 'chemists', 'health', 'healthcare']);

function isRetailCounter(name: string, domain: string): boolean {
  const label = domain.split('.')[0] ?? '';
  return RETAIL_NAMES.test(name) && (!PHARMACY_DOMAIN.test(label) || GENERIC_LABELS.has(label));
}

/**
 * Addresses a registry gives for an organisation that are plainly another business's site (reviewed among the
 * imported domains that share no word with the organisation's name and carry no health word).
 */
export const MISATTRIBUTED_DOMAINS: ReadonlySet<string> = new Set([
  'outdoorstore.co.uk', // given for Goosnargh Pharmacy
  'stans-superstore.co.uk', // St Martins Pharmacy
  'tadleyroundabout.co.uk', // Morland Pharmacy (a local community site)
  'disabilityinherts.co.uk', // Oaks Cross Pharmacy (a disability information site)
  'astonacademy.co.uk', // Optegra Birmingham Eye Hospital
  'scriven.com', // Scrivens opticians, whose domains are scrivens.co.uk and scrivens.com
  // NHS Choices 2019: a town's and a village's community sites, another company's shop page, and two domains that
  // share nothing with the pharmacy's name and could not be tied to it offline.
  'lostwithiel.org.uk', // Mountchase Pharmacy (the town's site)
  'kegworth.net', // Orchard Surgery (the village's site)
  'johnpreddycompanyltd.co.uk', // Baker HA (Lewes) Ltd (a page of another company's shop)
  'poolearth.com', // Devonport Pharmacy
  'mollakesani.co.uk', // Weston Favell Health Centre
]);

/**
 * Domains a registry lists as a hospital that are not a health site, found by reviewing the imported entries (names
 * without a care word, university and museum domains): counted as `not-health`.
 */
export const REVIEWED_NOT_HEALTH: Readonly<Record<string, string>> = {
  'ulb.ac.be': 'the Université libre de Bruxelles, given for one of its hospitals',
  'aradale.com.au': 'a former mental hospital, now a heritage site with tours (Wikidata, Australia)',
  'q-station.com.au': 'a former quarantine station, now a hotel (Wikidata, Australia)',
  'undergroundhospital.com': 'a wartime underground hospital, now a museum (Wikidata, Australia)',
  'pukeora.com': 'a former sanatorium, now an estate and venue (Wikidata, New Zealand)',
  'sheffield.ac.uk': "the University of Sheffield, given (2019) for its students' health service page",
  'bcm.edu': 'Baylor College of Medicine: a medical school (teaching and research as much as care)',
  'ouhsc.edu': 'a university health sciences campus (teaching and research as much as care)',
  'uth.edu': 'a university health science center (teaching and research as much as care)',
  'uthscsa.edu': 'a university health science center (teaching and research as much as care)',
  'utmb.edu': 'the University of Texas Medical Branch (teaching and research as much as care)',
  'kumc.edu': 'the University of Kansas Medical Center (teaching and research as much as care)',
  'mahsc.ac.uk': 'an academic partnership of universities and trusts',
  'tmc.edu': 'the Texas Medical Center district organisation',
  'gannmuseum.com': 'a museum in a former hospital building',
  'mynmimuseum.com': 'a museum in a former hospital building',
  'romneypresbyterianchurch.org': 'a church (the building was a hospital once)',
  'halstonhall.co.uk': 'a country house',
  'hopetoun.co.uk': 'a stately home (a hospital during a war)',
  'hopetounhouse.com': 'a stately home (a hospital during a war)',
  'richardson-olmsted.com': 'a hotel and heritage site in a former asylum',
  'trans-alleghenylunaticasylum.com': 'a tourist attraction in a former asylum',
  'vieille-charite-marseille.com': 'a museum and cultural centre in a former almshouse',
  'hotel-dieu-chateau-thierry.fr': 'a museum in a former hospital',
  'hoteldieu.info': 'a heritage and cultural site in a former hospital',
  'voliere.ch': 'a bird sanctuary',
  'keele.ac.uk': 'Keele University, given for its dental department',
  'port.ac.uk': 'the University of Portsmouth, given for its dental academy',
  'tees.ac.uk': 'Teesside University, given for its dental practice',
  'allinlondon.co.uk': 'a London business directory, given for a dental surgery',
  'alfreton.co.uk': 'a town site, given for a dental practice',
  'cuckfield.co.uk': 'a village site, given for a dental practice',
  'queensway.co.uk': 'a generic street name, given for a dental practice',
  'aston.ac.uk': 'Aston University, given for an optometrist',
  'brad.ac.uk': 'the University of Bradford, given for its eye clinic',
  'bournemouth.ac.uk': 'Bournemouth University, given for its medical centre',
  'bris.ac.uk': 'the University of Bristol, given for its students\' health service',
  'kcl.ac.uk': 'King\'s College London, given for its health centre',
  'kent.ac.uk': 'the University of Kent, given for a GP practice on its campus',
  'lse.ac.uk': 'the London School of Economics, given for a GP practice',
  'shef.ac.uk': 'the University of Sheffield, given for its health service',
  'turismodeubeda.com': 'a town\'s tourism site, given for a Renaissance hospital building',
  'llanosdelhospital.com': 'a mountain hotel on the site of a medieval pilgrims\' hospice',
  'palazzonasciaro.com': 'a palace (events venue)',
  'xn--monasteriodeoa-2nb.com': 'a monastery',
  'schloss-boernicke.de': 'a manor house that once held a clinic',
  'fortchambray.com': 'a fort turned residential estate (a military hospital once)',
  'lazzarettiveneziani.it': 'a heritage association for Venice\'s former quarantine islands',
  'melathronagonistoneoka.com.cy': 'a memorial building in a former hospital',
  'vinzentinerinnen-hildesheim.de': 'a religious congregation (which runs hospitals among other works)',
  'misericordiadesetubal.pt': 'a charity whose site is mostly social services',
};

/** One organisation with a web address, as a registry gives it. */
export interface RegistryRecord {
  registry: string;
  /** File of the snapshot the record comes from, and the organisation's code in it (for the entry's note). */
  file: string;
  code: string;
  name: string;
  website: string;
  /** Domain-list category; '' when the registry's rule says the organisation is not health. */
  category: string;
  /**
   * Set when the record is left out of the list (counted, not imported): its whole file for the size budget, or a
   * site made for one campaign (a 2020 testing domain, likely lapsed since), or a health title whose recognition has
   * lapsed and whose domain no stored page shows still serving it (it may have changed hands).
   */
  leftOut?: 'size-budget' | 'campaign-site' | 'lapsed-unverified';
  /**
   * What showed that the organisation still serves this domain (a stored page of it, with its date), added to the
   * entry's note; for a registry whose recognition of the title has lapsed (fr-cppap-publications).
   */
  evidence?: string;
  /** Set when the address is a page on a larger site (a path below a university's or a health system's domain). */
  onSharedSite?: boolean;
  /** Set for a reviewed health service below a larger public domain: the entry is that zone, not the whole domain. */
  zone?: true;
  /** The record's own page at the publisher (a Wikidata item), when there is one; else the entry cites the file. */
  url?: string;
}

/** Why a record gave no entry; counted per registry in the report and docs. */
export type Exclusion =
  | 'no-domain'
  | 'platform'
  | 'retail'
  | 'not-own-domain'
  | 'covered-by-curated'
  | 'duplicate'
  | 'not-health'
  | 'campaign-site'
  | 'size-budget'
  | 'lapsed-unverified';

/** Lower-case host of a web address as the registry wrote it; '' when there is none. */
export function hostOf(website: string): string {
  const trimmed = website.trim().toLowerCase();
  // E-mail addresses and other schemes (mailto:, tel:) are not web sites.
  if (!trimmed || trimmed.includes('@') || /^[a-z][a-z0-9+.-]*:(?!\/\/|\d)/.test(trimmed)) return '';
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//.test(trimmed) ? trimmed : `http://${trimmed}`);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return '';
    return url.hostname.replace(/\.$/, '');
  } catch {
    return '';
  }
}

/**
 * What the matcher expects for a host: the registrable domain (Public Suffix List, ICANN section) when the host is
 * that domain or its www, else the host itself (a zone below the registrable domain). Null for IPs, bare suffixes and
 * unknown TLDs. Note nhs.uk is itself a public suffix: www.nhs.uk and every trust's x.nhs.uk are registrable domains.
 */
export function normaliseDomain(host: string): { domain: string; registrable: string } | null {
  if (!host || host.length > 253) return null;
  const parsed = parse(host, { allowPrivateDomains: false });
  if (parsed.isIp || !parsed.domain || !parsed.isIcann || !parsed.hostname) return null;
  if (!/^[a-z0-9.-]+$/.test(parsed.hostname) || parsed.hostname.split('.').some((l) => !l || l.length > 63 || l.startsWith('-') || l.endsWith('-'))) return null;
  const www = /^(www\d?)?$/.test(parsed.subdomain ?? '');
  return { domain: www ? parsed.domain : parsed.hostname, registrable: parsed.domain };
}

/** True when `domain` is `other` or one of its sub-domains. */
function within(domain: string, other: string): boolean {
  return domain === other || domain.endsWith(`.${other}`);
}

export interface ImportResult {
  entries: HealthDomainEntry[];
  /** Per registry: records read, entries made, and records left out by reason. */
  counts: Record<string, { records: number; entries: number; excluded: Partial<Record<Exclusion, number>> }>;
}

/**
 * Turns registry records into domain entries, skipping what the curated list already covers. Pure and ordered: one
 * entry per registrable domain, named after the organisation that lists it most often (several sites of one group
 * share their group's domain), and sorted by registry then domain.
 */
export function importRecords(records: readonly RegistryRecord[], curated: readonly HealthDomainEntry[], sources: Readonly<Record<string, RegistrySource>>): ImportResult {
  const counts: ImportResult['counts'] = {};
  const count = (registry: string) => (counts[registry] ??= { records: 0, entries: 0, excluded: {} });
  const exclude = (registry: string, why: Exclusion) => {
    const c = count(registry).excluded;
    c[why] = (c[why] ?? 0) + 1;
  };
  const curatedDomains = curated.map((e) => e.domain);

  const kept = new Map<string, RegistryRecord[]>();
  for (const record of records) {
    count(record.registry).records++;
    const n = normaliseDomain(hostOf(record.website));
    if (!n) {
      exclude(record.registry, 'no-domain');
      continue;
    }
    // A curated entry decides for its site, including a curated zone or path-scoped entry below this domain.
    if (curatedDomains.some((c) => within(n.domain, c) || within(c, n.domain))) {
      exclude(record.registry, 'covered-by-curated');
      continue;
    }
    const excludedBy = ALWAYS_EXCLUDED.find((p) => within(n.registrable, p));
    if (excludedBy || isRetailCounter(record.name, n.registrable)) {
      exclude(record.registry, !excludedBy || RETAIL_DOMAINS.includes(excludedBy) ? 'retail' : 'platform');
      continue;
    }
    // A host below the registrable domain is a page on someone else's (or a shared) domain, not the organisation's own.
    if ((n.domain !== n.registrable && !record.zone) || record.onSharedSite || MISATTRIBUTED_DOMAINS.has(n.registrable)) {
      exclude(record.registry, 'not-own-domain');
      continue;
    }
    if (REVIEWED_NOT_HEALTH[n.domain]) {
      exclude(record.registry, 'not-health');
      continue;
    }
    const same = kept.get(n.domain);
    if (same) {
      same.push(record);
      exclude(record.registry, 'duplicate');
    } else kept.set(n.domain, [record]);
  }

  const entries: HealthDomainEntry[] = [];
  for (const [domain, group] of kept) {
    const first = group[0]!;
    const source = sources[first.registry];
    if (!source) throw new Error(`no SOURCE.json for registry ${first.registry}`);
    const name = mostFrequentName(group);
    const others = new Set(group.map((r) => r.name.trim().toLowerCase())).size - 1;
    const codes = [...new Set(group.filter((r) => r.registry === first.registry).map((r) => r.code).filter(Boolean))];
    entries.push({
      domain,
      category: first.category,
      name: others > 0 ? `${name} (and ${others} other listed site${others > 1 ? 's' : ''})` : name,
      origin: first.registry,
      source: {
        url: first.url ?? (source.publisherUrl.endsWith('/') ? `${source.publisherUrl}${first.file}` : source.publisherUrl),
        note: `${source.label} ${first.file}${codes.length ? ` ${codes.slice(0, 3).join(', ')}${codes.length > 3 ? ', ...' : ''}` : ''}${first.evidence ? `; ${first.evidence}` : ''}`,
        date: source.files.find((f) => f.from.endsWith(`:${first.file}`) || f.from.endsWith(`/${first.file}`))?.date ?? source.date,
      },
    });
    count(first.registry).entries++;
  }
  entries.sort((a, b) => (a.origin! < b.origin! ? -1 : a.origin! > b.origin! ? 1 : a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0));
  return { entries, counts };
}

function mostFrequentName(group: readonly RegistryRecord[]): string {
  const tally = new Map<string, number>();
  for (const r of group) tally.set(r.name.trim(), (tally.get(r.name.trim()) ?? 0) + 1);
  return [...tally].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
}

// ---------------------------------------------------------------------------------------------------------------
// Registries: how each snapshot is cut from its source (extract) and read back into records (read).

/**
 * CSV rows with any one-character separator, through the project's RFC 4180 reader (which splits on commas): commas
 * are parked on NUL while the separator stands in for them.
 */
export function parseCsv(text: string, separator = ','): string[][] {
  const rows =
    separator === ','
      ? parseCsvRows(text)
      : parseCsvRows(text.replaceAll(',', '\u0000').replaceAll(separator, ',')).map((r) => r.map((f) => f.replaceAll('\u0000', ',')));
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

/** The named columns of a CSV file's rows, in the order given (the header row dropped; a missing field reads ''). */
function csvColumns(text: string, names: readonly string[], separator = ','): string[][] {
  const [header, ...rows] = parseCsv(text, separator);
  const indexes = names.map((name) => (header ?? []).indexOf(name));
  return rows.map((row) => indexes.map((i) => row[i] ?? ''));
}

/** Tab-separated snapshot files: a header line, then one record per line; tabs and newlines never occur in fields. */
function toTsv(header: readonly string[], rows: readonly string[][]): string {
  const clean = (f: string) => f.replace(/[\t\r\n]+/g, ' ').trim();
  return `${[header, ...rows].map((r) => r.map(clean).join('\t')).join('\n')}\n`;
}

function readTsv(path: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');
  const names = (header ?? '').split('\t');
  return lines.map((line) => {
    const fields = line.split('\t');
    return Object.fromEntries(names.map((n, i) => [n, fields[i] ?? '']));
  });
}

interface Registry {
  id: string;
  /** Cuts the committed snapshot files from the source repository (git dir) at the recorded commit. */
  extract(gitShow: (spec: string) => Buffer): Record<string, string>;
  /** Reads the committed snapshot files back into records. */
  read(dir: string): RegistryRecord[];
}

// --- US: the .gov domain registry (CISA, cisagov/dotgov-data current-full.csv) -----------------------------------

const DOTGOV_PREFILTER = /health|hospital|medic|clinic|mental|pharm|nurs|dental|disease|drug|cancer|surgeon/i;
const HHS = 'Department of Health and Human Services';
/** HHS offices whose sites are social services, grants or administration rather than health. */
const HHS_NOT_HEALTH = /Children and Families|Community Living|Program Support Center|Office of Grants|Financial Resources|Planning and Evaluation/;
/** HHS domains about something else than health (heritage month, bullying, fitness, foster care, innovation lab). */
const HHS_DOMAINS_NOT_HEALTH = new Set(['aanhpiheritage.gov', 'stopbullying.gov', 'idealab.gov', 'fosteringthefuture.gov', 'fitness.gov', 'getactive.gov']);
/** Whole-county sites that the registry lists under the county's health service as registrant. */
const DOTGOV_GENERAL_SITES = new Set(['trinitycounty-ca.gov']);
const STATE_HEALTH = /\b(health|healthcare|hospitals?|medical|medicaid|medicine|clinics?|mental|pharmacy|nurse|nursing|dental|dentistry|disease control)\b/i;
/** Fire districts with an ambulance, animal health, schools, coroners: named like health, not health. */
const STATE_NOT_HEALTH = /\b(fire|animal|veterinary|education|early childhood|office of (the )?medical examiner|medical examiner'?s office|coroner)\b/i;

/** Category of a health .gov domain from its organisation and sub-organisation, or null when it is not health. */
export function dotgovCategory(domain: string, type: string, organisation: string, suborganisation: string): string | null {
  if (type.startsWith('Federal')) {
    if (organisation !== HHS || HHS_NOT_HEALTH.test(suborganisation) || HHS_DOMAINS_NOT_HEALTH.has(domain)) return null;
    if (/Substance Abuse and Mental Health/.test(suborganisation)) return 'mental-health';
    if (/Medicare and Medicaid/.test(suborganisation)) return 'health-insurer';
    if (/National Library of Medicine/.test(suborganisation)) return 'medical-information';
    return 'health-authority';
  }
  const who = `${organisation} / ${suborganisation}`;
  if (!STATE_HEALTH.test(who) || STATE_NOT_HEALTH.test(who) || DOTGOV_GENERAL_SITES.has(domain)) return null;
  // A town's own name ("City of Medical Lake") is not a health service.
  if (/^(city|town|village|township|borough) of /i.test(organisation) && !suborganisation) return null;
  if (/hospital|health ?care district|medical center|health center|clinic/i.test(who)) return 'hospital-clinic';
  if (/medicaid|health insurance|marketplace|health benefit exchange|cost containment|health care policy/i.test(`${who} ${domain}`)) return 'health-insurer';
  if (/behavioral health|mental health|alcohol|drug addiction/i.test(who)) return 'mental-health';
  return 'health-authority';
}

const usDotgov: Registry = {
  id: 'us-dotgov',
  extract(gitShow) {
    const kept = csvColumns(gitShow('current-full.csv').toString('utf8'), ['Domain name', 'Domain type', 'Organization name', 'Suborganization name'])
      .filter(([, , organisation, suborganisation]) => DOTGOV_PREFILTER.test(`${organisation} ${suborganisation}`))
      .sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
    return { 'current-full-health.tsv': toTsv(['domain', 'type', 'organization', 'suborganization'], kept) };
  },
  read(dir) {
    return readTsv(join(dir, 'current-full-health.tsv')).map((r) => {
      const domain = (r.domain ?? '').toLowerCase();
      const category = dotgovCategory(domain, r.type ?? '', r.organization ?? '', r.suborganization ?? '');
      return {
        registry: 'us-dotgov',
        file: 'current-full.csv',
        code: '',
        name: [r.organization, r.suborganization].filter(Boolean).join(', '),
        website: domain,
        category: category ?? '',
      };
    });
  },
};

// --- England: NHS Choices organisation datasets (hospitals, clinics, pharmacies, commissioners; GPs, dentists) ----

/**
 * Category of each file's entries. Opticians are health by the classifier's definition (docs/health.md) and, like
 * dentists and GP practices, go under `hospital-clinic` (the list has no finer care category).
 */
const NHS_FILES: Readonly<Record<string, string>> = {
  'Hospital.csv': 'hospital-clinic',
  'Clinics.csv': 'hospital-clinic',
  'Pharmacy.csv': 'pharmacy',
  'CCG.csv': 'health-authority',
  'LAT.csv': 'health-authority',
  'GP.csv': 'hospital-clinic',
  'Dentists.csv': 'hospital-clinic',
  'Optician.csv': 'hospital-clinic',
};

/**
 * A registry of NHS Choices organisation files (one CSV per organisation type, Latin-1, separated by the NOT SIGN,
 * U+00AC, with a `Website` column), cut from `<folder>/<file>` of a mirror repository. The 2014 extract and the 2019
 * ones share this format; each later registry only adds the domains the earlier ones did not give.
 */
function nhsOrganisationData(id: string, folder: string, files: Readonly<Record<string, string>>): Registry {
  return {
    id,
    extract(gitShow) {
      const out: Record<string, string> = {};
      for (const file of Object.keys(files)) {
        const kept = csvColumns(gitShow(`${folder}/${file}`).toString('latin1'), ['OrganisationCode', 'OrganisationName', 'Website'], '\u00ac').filter(
          ([, , website]) => website!.trim() !== '',
        );
        out[file.replace(/\.csv$/, '.tsv')] = toTsv(['code', 'name', 'website'], kept);
      }
      return out;
    },
    read(dir) {
      return Object.entries(files).flatMap(([file, category]) =>
        readTsv(join(dir, file.replace(/\.csv$/, '.tsv'))).map((r) => ({
          registry: id,
          file,
          code: r.code ?? '',
          name: r.name ?? '',
          website: r.website ?? '',
          category,
        })),
      );
    },
  };
}

const nhsChoices = nhsOrganisationData('nhs-choices-2014', 'sources', NHS_FILES);
/** GP practices and clinical commissioning groups, May 2019 (the files as a mirror downloaded them from NHS Choices). */
const nhsChoices2019Gp = nhsOrganisationData('nhs-choices-2019-gp', 'data', { 'GP.csv': NHS_FILES['GP.csv']!, 'CCG.csv': NHS_FILES['CCG.csv']! });
/** Community pharmacies, April 2019. */
const nhsChoices2019Pharmacy = nhsOrganisationData('nhs-choices-2019-pharmacy', 'data', { 'Pharmacy.csv': NHS_FILES['Pharmacy.csv']! });

// --- France: public-sector domain list (DINUM/Etalab), hospital domains ----------------------------------------

/** Prefixes French public hospitals use in their domain names, with what they stand for. */
const FR_HOSPITAL_PREFIXES: ReadonlyArray<[RegExp, string]> = [
  [/^chru-/, 'Centre hospitalier régional universitaire'],
  [/^chu-/, 'Centre hospitalier universitaire'],
  [/^chr-/, 'Centre hospitalier régional'],
  [/^chi-/, 'Centre hospitalier intercommunal'],
  [/^chs-/, 'Centre hospitalier spécialisé'],
  [/^ch-/, 'Centre hospitalier'],
  [/^ghu-/, 'Groupe hospitalier universitaire'],
  [/^(hopital|hopitaux)-/, 'Hôpital'],
  [/^centre-hospitalier-/, 'Centre hospitalier'],
];
const FR_HOSPITAL_HOST = /^(www\.)?(chru|chu|chr|chi|chs|ch|ghu|hopital|hopitaux|centre-hospitalier)-[a-z0-9-]+\.[a-z]+$/;

/**
 * Public-body domains of the list whose site is a health service, reviewed one by one (the list itself has no
 * categories): the snapshot keeps the list's hosts under these registrable domains, as evidence they are listed.
 */
export const FR_REVIEWED: Readonly<Record<string, { category: string; name: string; zone?: true }>> = {
  'complementaire-sante-solidaire.gouv.fr': { category: 'health-insurer', name: 'Complémentaire santé solidaire (Assurance Maladie)' },
  'drogues.gouv.fr': { category: 'health-authority', name: 'MILDECA, drogues et conduites addictives' },
  'medicament.gouv.fr': { category: 'medical-information', name: 'Base de données publique des médicaments' },
  // Zones: health services on a larger public site (the armed forces', students', beta.gouv.fr's).
  'sante.defense.gouv.fr': { category: 'hospital-clinic', name: "Service de santé des armées (hôpitaux d'instruction des armées)", zone: true },
  'santepsy.etudiant.gouv.fr': { category: 'mental-health', name: 'Santé Psy Étudiant', zone: true },
  'recosante.beta.gouv.fr': { category: 'medical-information', name: 'Recosanté (recommandations santé-environnement)', zone: true },
  'social-sante.gouv.fr': { category: 'health-authority', name: 'Ministères sociaux (santé, solidarités)' },
  'travail-sante-solidarites.gouv.fr': { category: 'health-authority', name: 'Ministère du Travail, de la Santé et des Solidarités' },
  'maisondelautisme.gouv.fr': { category: 'medical-information', name: "Maison de l'autisme (information on autism, diagnosis and care)" },
  'reseau-sante-doubscentral.fr': { category: 'hospital-clinic', name: 'Réseau de santé Doubs central (care coordination network)' },
  'mutuelle-mbv.fr': { category: 'health-insurer', name: 'Mutuelle MBV' },
};

function frHospitalKind(domain: string): string {
  return FR_HOSPITAL_PREFIXES.find(([re]) => re.test(domain))?.[1] ?? 'Établissement public de santé';
}

const frPublicSector: Registry = {
  id: 'fr-secteur-public',
  extract(gitShow) {
    const source = readSource('fr-secteur-public');
    const spec = (file: string) => source.files.find((f) => f.path === file)!.from;
    const hopitaux = gitShow(spec('hopitaux.txt')).toString('utf8');
    const urlHosts = gitShow(spec('urls-hospitals.txt'))
      .toString('utf8')
      .split('\n')
      .map((u) => u.trim().replace(/^https?:\/\//, '').replace(/[/:].*$/, '').toLowerCase());
    const list = (hosts: string[]) => `${[...new Set(hosts)].sort().join('\n')}\n`;
    return {
      'hopitaux.txt': hopitaux,
      'urls-hospitals.txt': list(urlHosts.filter((h) => FR_HOSPITAL_HOST.test(h))),
      'urls-reviewed.txt': list(urlHosts.filter((h) => Object.keys(FR_REVIEWED).some((d) => within(h, d)))),
    };
  },
  read(dir) {
    const lines = (file: string) =>
      readFileSync(join(dir, file), 'utf8')
        .split('\n')
        .map((l) => l.replace(/#.*$/, '').trim())
        .filter(Boolean);
    const records = (file: string, from: string): RegistryRecord[] =>
      lines(file).map((host) => {
        const bare = host.replace(/^www\./, '');
        return { registry: 'fr-secteur-public', file: from, code: '', name: `${frHospitalKind(bare)} (${bare})`, website: host, category: 'hospital-clinic' };
      });
    const reviewed = [...new Set(lines('urls-reviewed.txt').map((h) => Object.keys(FR_REVIEWED).find((d) => within(h, d))))]
      .filter((d): d is string => d !== undefined)
      .map((domain) => {
        const { zone, ...rest } = FR_REVIEWED[domain]!;
        return { registry: 'fr-secteur-public', file: 'urls.txt', code: '', website: domain, ...rest, ...(zone ? { zone } : {}) };
      });
    return [...records('hopitaux.txt', 'sources/hopitaux.txt'), ...records('urls-hospitals.txt', 'urls.txt'), ...reviewed];
  },
};

// --- Europe: Eurostat/GISCO "Healthcare services in Europe" (hospitals, from each country's official register) ------

const eurostatHealthcare: Registry = {
  id: 'eurostat-healthcare',
  extract(gitShow) {
    const kept = csvColumns(gitShow('data/healthcare/csv/all.csv').toString('utf8'), ['cc', 'id', 'hospital_name', 'facility_type', 'url'])
      .filter(([, , , , url]) => url!.trim() !== '')
      .sort((a, b) => (a[0]! + a[1]! < b[0]! + b[1]! ? -1 : 1));
    return { 'all-with-url.tsv': toTsv(['cc', 'id', 'name', 'facility_type', 'url'], kept) };
  },
  read(dir) {
    // A row may give several addresses ("www.a.be; www.b.be"): one record each.
    return readTsv(join(dir, 'all-with-url.tsv')).flatMap((r) =>
      (r.url ?? '')
        .split(/[;,\s]+/)
        .filter(Boolean)
        .map((website) => ({
          registry: 'eurostat-healthcare',
          file: 'all.csv',
          code: `${r.cc} ${r.id}`,
          name: r.name ?? '',
          website,
          category: 'hospital-clinic',
        })),
    );
  },
};

// --- France: Santé.fr testing sites (laboratories, hospitals, pharmacies; Ministère de la Santé, data.gouv.fr) ------

/** What a testing site is, from its name in the file (laboratories are named LBM, LABM, BIO..., hospitals CH...). */
const FR_TESTING_KINDS: ReadonlyArray<[RegExp, string]> = [
  [/\b(ch|chi|chu|chr|chru|chs|chba|gh|ght)\b|centre hospitalier|h[oô]pital|hospices|clinique/i, 'hospital-clinic'],
  [/\b(lbm|labm|labo|laboratoire|selarl|selas)\b|bio|synlab|cerballiance|unilabs|eurofins|medilys/i, 'laboratory'],
  [/\bpharmacie\b/i, 'pharmacy'],
  [/^(cds|cms)\b|centre de sant[eé]|centre m[eé]dical/i, 'hospital-clinic'],
];

/**
 * Category of a testing site from its name, or '' when the name says nothing of a care provider (a town's exhibition
 * hall or sports hall, whose address is the town's site). Exported for its test.
 */
export function frTestingSiteCategory(name: string): string {
  return FR_TESTING_KINDS.find(([re]) => re.test(name))?.[1] ?? '';
}

/** A domain made for the 2020 testing campaign (covid19-xxx.fr): likely lapsed since, so not taken. */
const CAMPAIGN_DOMAIN = /covid/i;

const frTestingSites: Registry = {
  id: 'fr-sites-prelevement',
  extract(gitShow) {
    // Only the column's web addresses are kept (not its phone numbers and e-mail addresses).
    const addresses = (web: string) => web.split(/\s+/).filter((t) => normaliseDomain(hostOf(t)) !== null).join(' ');
    const kept = csvColumns(gitShow('data/sites-prelevements-grand-public.csv').toString('utf8'), ['finess', 'rs', 'web_rdv', 'date_modif'])
      .map(([finess, name, web, date]) => [finess!, name!, addresses(web!), date!])
      .filter((r) => r[2] !== '');
    return { 'sites-with-web.tsv': toTsv(['finess', 'name', 'web', 'date_modif'], kept) };
  },
  read(dir) {
    // A site or a booking page, sometimes two of them.
    return readTsv(join(dir, 'sites-with-web.tsv')).flatMap((r) =>
      (r.web ?? '')
        .split(/\s+/)
        .filter(Boolean)
        .map((website) => ({
          registry: 'fr-sites-prelevement',
          file: 'sites-prelevements-grand-public.csv',
          code: /^\w{9}$/.test(r.finess ?? '') ? `FINESS ${r.finess}` : '',
          name: r.name ?? '',
          website,
          category: frTestingSiteCategory(r.name ?? ''),
          ...(CAMPAIGN_DOMAIN.test(normaliseDomain(hostOf(website))?.registrable ?? '') ? { leftOut: 'campaign-site' as const } : {}),
        })),
    );
  },
};

// --- Wikidata: hospitals (P31/P279* Q16917) with an official website (P856) ------------------------------------

/**
 * Countries whose hospitals are imported (Wikidata country labels): France and the French-speaking countries next to
 * it and beyond, the rest of the European Union and EEA (whose hospitals people in France cross the border to, or read
 * about), and the English-speaking ones whose health sites French users also read. The rest of the snapshot is counted as
 * `size-budget` (docs/health-registries.md).
 */
export const WIKIDATA_COUNTRIES: ReadonlySet<string> = new Set([
  'France', 'Belgium', 'Switzerland', 'Luxembourg', 'Monaco', 'Canada', 'United Kingdom', 'Republic of Ireland',
  'United States of America', 'Australia', 'New Zealand',
  // The rest of the EU and EEA, and the microstates inside it.
  'Germany', 'Spain', 'Italy', 'Portugal', 'Netherlands', 'Austria', 'Poland', 'Czech Republic', 'Slovakia', 'Hungary',
  'Slovenia', 'Croatia', 'Romania', 'Bulgaria', 'Greece', 'Cyprus', 'Malta', 'Denmark', 'Sweden', 'Finland', 'Estonia',
  'Latvia', 'Lithuania', 'Norway', 'Iceland', 'Liechtenstein', 'Andorra', 'San Marino',
  // Countries where French is an official or common language of health care (French-speaking users read their sites).
  'Algeria', 'Morocco', 'Tunisia', 'Lebanon', 'Senegal', 'Ivory Coast', 'Cameroon', 'Democratic Republic of the Congo',
  'Republic of the Congo', 'Gabon', 'Guinea', 'Haiti', 'Benin', 'Burkina Faso', 'Togo', 'Niger', 'Mali', 'Chad',
  'Comoros', 'Rwanda', 'Burundi', 'Madagascar', 'Djibouti', 'Mauritius', 'Seychelles', 'Vanuatu',
]);
/** Items of the hospital class tree that are not human health care (animal hospitals, hospital ships, museums). */
const WIKIDATA_NOT_HEALTH = /veterin|\bvets?\b|vethospital|catvet|animal|tierklinik|tierspital|dyreklinik|djursjukhus|museum|mus[ée]e|muse[oiu]|muzeu?m|muzej|ship\b|navire/i;

/**
 * The official website must be the site's root (or an index page or a language root): an address with a path is a
 * page on a larger site (a university, a health system, a city), whose other pages are not the hospital's.
 */
export function isSiteRoot(website: string): boolean {
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(website.trim()) ? website.trim() : `http://${website.trim()}`);
    const path = url.pathname.replace(/^\/+|\/+$/g, '');
    return (path === '' || /^(index|default|home|accueil)(\.(html?|php|aspx?|jsp))?$|^[a-z]{2}(-[a-z]{2})?$/i.test(path)) && url.search === '';
  } catch {
    return false;
  }
}

const wikidataHospitals: Registry = {
  id: 'wikidata-hospitals',
  extract(gitShow) {
    const lines = gitShow('d/hospital.001.wikidata.tsv').toString('utf8').split('\n');
    const names = (lines[0] ?? '').split('\t');
    const col = (name: string) => names.indexOf(name);
    const [item, label, country, website] = [col('item'), col('itemLabel'), col('countryLabel'), col('official_website')];
    const kept = lines
      .slice(1)
      .map((l) => l.split('\t'))
      .filter((r) => (r[website] ?? '').trim() !== '')
      .map((r) => [(r[item] ?? '').replace(/^.*\//, ''), r[label] ?? '', r[country] ?? '', r[website] ?? '']);
    // Rows come ordered by item number; an item with two countries or websites has one row each.
    return { 'hospitals-with-website.tsv': toTsv(['qid', 'label', 'country', 'website'], kept) };
  },
  read(dir) {
    return readTsv(join(dir, 'hospitals-with-website.tsv')).map((r) => {
      const name = r.label ?? '';
      const website = r.website ?? '';
      return {
        registry: 'wikidata-hospitals',
        file: 'hospital.001.wikidata.tsv',
        code: r.qid ?? '',
        name,
        website,
        url: `https://www.wikidata.org/wiki/${r.qid ?? ''}`,
        ...(isSiteRoot(website) ? {} : { onSharedSite: true }),
        // A museum's domain may carry the word when its item's label does not (museohospitalresurreccion.com).
        category: WIKIDATA_NOT_HEALTH.test(`${name} ${hostOf(website)}`) ? '' : 'hospital-clinic',
        ...(WIKIDATA_COUNTRIES.has(r.country ?? '') ? {} : { leftOut: 'size-budget' as const }),
      };
    });
  },
};

// --- Wikidata brands of health chains, through the name-suggestion-index (osmlab/name-suggestion-index) ----------

/**
 * NSI categories (OpenStreetMap tags) whose brands are health businesses, and their list category. Drugstores
 * (`shop/chemist`), medical-supply shops and alternative medicine are not taken; `healthcare/counselling` brands are
 * weight-loss programmes (not health by the definition). Insurance brands only with `insurance=health`.
 */
const NSI_HEALTH_CATEGORIES: Readonly<Record<string, string>> = {
  'amenity/pharmacy': 'pharmacy',
  'healthcare/laboratory': 'laboratory',
  'healthcare/sample_collection': 'laboratory',
  'amenity/clinic': 'hospital-clinic',
  'amenity/dentist': 'hospital-clinic',
  'amenity/doctors': 'hospital-clinic',
  'amenity/hospital': 'hospital-clinic',
  'healthcare/physiotherapist': 'hospital-clinic',
  'healthcare/audiologist': 'hospital-clinic',
  'healthcare/dialysis': 'hospital-clinic',
  'healthcare/blood_donation': 'hospital-clinic',
  'shop/optician': 'hospital-clinic',
  'shop/hearing_aids': 'hospital-clinic',
  'office/insurance': 'health-insurer',
};
/** Countries imported (ISO codes as NSI's locationSet writes them; 001 is the whole world): as `WIKIDATA_COUNTRIES`. */
const NSI_COUNTRIES = new Set(
  ('001 fr be ch mc lu gb uk ie im je gg ca us au nz at bg hr cy cz dk ee fi de gr hu it lv lt mt nl pl pt ro sk si es se ' +
    'is li no dz ma tn lb sn ci cm cd cg ga gn ht bj bf tg ne ml td km rw bi mg dj mu sc vu gp mq re gf yt').split(' '),
);
/**
 * A brand's Wikidata description that says it is not a health business: a retailer whose pharmacy or optician is a
 * counter (supermarkets, department and convenience stores), a sunglasses or eyewear fashion brand, a manufacturer.
 */
const NSI_NOT_HEALTH = /supermarket|hypermarket|department store|grocery|convenience|retail stores|sunglass|manufacturer|eyewear (brand|company)|weight (loss|management)|^company$/i;
/** Red Cross and Red Crescent societies run blood services, but their sites are mostly relief and first aid. */
const NSI_RELIEF_SOCIETY = /red cross|red crescent|croix-rouge|rotes kreuz/i;
/** An insurer counts only when its own description or name says health cover. */
const NSI_HEALTH_INSURER = /health|kranken|\bbkk\b|\baok\b|mutuelle|santé|sant[eé]|zorg|salud/i;

export function nsiCategory(label: string, description: string, health: readonly string[], other: readonly string[]): string {
  // A brand NSI also uses for a non-health category (a supermarket's pharmacy, a drugstore chain) is a retailer.
  if (other.length) return '';
  if (NSI_NOT_HEALTH.test(description) || NSI_NOT_HEALTH.test(label) || WIKIDATA_NOT_HEALTH.test(`${label} ${description}`)) return '';
  if (health.includes('healthcare/blood_donation') && NSI_RELIEF_SOCIETY.test(`${label} ${description}`)) return '';
  const categories = health.map((h) => NSI_HEALTH_CATEGORIES[h] ?? '').filter(Boolean);
  if (categories.includes('health-insurer') && !NSI_HEALTH_INSURER.test(`${label} ${description}`)) return '';
  return categories.sort()[0] ?? '';
}

const nsiHealthBrands: Registry = {
  id: 'nsi-health-brands',
  extract(gitShow) {
    const list = (path: string) => gitShow(path).toString('utf8').split('\n').slice(2).filter(Boolean);
    const byQid = new Map<string, { health: Set<string>; other: Set<string>; countries: Set<string> }>();
    for (const dir of list('data/brands')) {
      for (const file of list(`data/brands/${dir.replace(/\/$/, '')}`)) {
        const path = `${dir.replace(/\/$/, '')}/${file.replace(/\.json$/, '')}`;
        const items = (JSON.parse(gitShow(`data/brands/${path}.json`).toString('utf8')) as { items?: { tags?: Record<string, string>; locationSet?: { include?: unknown[] } }[] }).items ?? [];
        for (const item of items) {
          const qid = item.tags?.['brand:wikidata'];
          if (!qid) continue;
          const e = byQid.get(qid) ?? { health: new Set(), other: new Set(), countries: new Set() };
          const isHealth = path in NSI_HEALTH_CATEGORIES && (path !== 'office/insurance' || item.tags?.insurance === 'health');
          (isHealth ? e.health : e.other).add(path);
          for (const c of item.locationSet?.include ?? []) e.countries.add(String(c));
          byQid.set(qid, e);
        }
      }
    }
    const wikidata = (JSON.parse(gitShow('dist/wikidata.min.json').toString('utf8')) as { wikidata: Record<string, { label?: string; description?: string; identities?: { website?: string } }> }).wikidata;
    const rows = [...byQid]
      .filter(([qid, e]) => e.health.size > 0 && wikidata[qid]?.identities?.website)
      .map(([qid, e]) => {
        const w = wikidata[qid]!;
        return [qid, w.label ?? '', w.description ?? '', [...e.health].sort().join(';'), [...e.other].sort().join(';'), [...e.countries].sort().join(';'), w.identities!.website!];
      })
      .sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
    return { 'health-brands-with-website.tsv': toTsv(['qid', 'label', 'description', 'health', 'other', 'countries', 'website'], rows) };
  },
  read(dir) {
    return readTsv(join(dir, 'health-brands-with-website.tsv')).map((r) => {
      const split = (v: string | undefined) => (v ?? '').split(';').filter(Boolean);
      const website = r.website ?? '';
      const countries = split(r.countries).map((c) => c.replace(/[-.].*$/, ''));
      return {
        registry: 'nsi-health-brands',
        file: 'wikidata.min.json',
        code: r.qid ?? '',
        name: r.label || r.qid || '',
        website,
        url: `https://www.wikidata.org/wiki/${r.qid ?? ''}`,
        ...(isSiteRoot(website) ? {} : { onSharedSite: true }),
        category: nsiCategory(r.label ?? '', r.description ?? '', split(r.health), split(r.other)),
        ...(countries.some((c) => NSI_COUNTRIES.has(c)) ? {} : { leftOut: 'size-budget' as const }),
      };
    });
  },
};

// --- France: online press services recognised by the CPPAP (Ministère de la Culture, data.gouv.fr) ---------------

/**
 * The online press services of the CPPAP's list that are health trade press or medical information, by the service
 * (as the list writes it). The list has no subject column: every row (service, publisher, address) was read, and these
 * are the services whose name or publisher says they are written for health professionals (doctors, pharmacists,
 * nurses, midwives, physiotherapists, dentists, radiology, biology, hospital managers, the pharmaceutical industry) or
 * are medical information for the public. Left out as not health or not clear from the list alone: veterinary press,
 * popular psychology and science magazines, gerontology and medico-social management, occupational-health and
 * disability magazines, alternative medicine, mutualist movement magazines, insurance press, and titles whose subject
 * the list does not say (docs/health-registries.md). Exported for its test.
 */
export const CPPAP_HEALTH_SERVICES: Readonly<Record<string, string>> = {
  'acuite.fr': "opticians' trade press",
  'anapath-mag.fr': "pathologists' trade press",
  'apmmarketaccess.com': 'APM, pharmaceutical market-access news',
  'apmnews.com': 'APM, medical news agency',
  'cahiers-ophtalmologie.fr': 'ophthalmology journal',
  'concourspluripro.fr': 'press for multi-professional primary care',
  'destinationsante.com': 'health news agency (public)',
  'docteurimago.fr': "radiologists' trade press",
  'edimark.fr': 'medical publisher (specialist newsletters)',
  'edp-biologie.fr': 'medical biology trade press',
  'egora.fr': "doctors' trade press",
  'em-consulte.com': 'Elsevier Masson medical journals',
  'espaceinfirmier.fr': "nurses' trade press",
  'finances-hospitalieres.fr': 'hospital management press (finance)',
  'frequencemedicale.com': "doctors' trade press",
  'glucosetoujours.com': 'diabetes information',
  'harmonie-sante.fr': "a mutuelle's health information site",
  'hematoalaune.fr': 'haematology news',
  'hemato-news.com': 'haematology news',
  'hepatonews.com': 'hepatology news',
  'hospimedia.fr': 'hospital and care sector news',
  'hygienes.net': 'hospital hygiene journal',
  'infectio-news.com': 'infectious diseases news',
  'infirmiers.com': "nurses' trade press",
  'info-atbvac.com': 'antibiotics and vaccines news',
  'information-dentaire.fr': "dentists' trade press",
  'jdpsychologues.fr': "psychologists' trade press",
  'jle.com': 'John Libbey Eurotext medical journals',
  'journaldesinfirmiers.fr': "nurses' trade press",
  'kineactu.com': "physiotherapists' trade press",
  'ks-mag.com': "physiotherapists' trade press",
  'larevuedupraticien.fr': 'medical journal for practitioners',
  'lecancer.fr': 'cancer news',
  'lemoniteurdespharmacies.fr': "pharmacists' trade press",
  'lequotidiendumedecin.fr': "doctors' trade press",
  'lequotidiendupharmacien.fr': "pharmacists' trade press",
  'ma-sante.news': 'health news (public)',
  'medecinesciences.org': 'medical journal',
  'medisite.fr': 'medical information (public)',
  'mediscoop.net': 'medical press review for doctors',
  'pedagogie-medicale.org': 'medical education journal',
  'pharmaceutiques.com': 'pharmaceutical industry trade press',
  'pharm-enews.fr': 'pharmaceutical trade press',
  'pourquoidocteur.fr': 'medical information (public)',
  'prescrire.org': 'independent drug and therapeutics journal',
  'profession-pharmacien.fr': "pharmacists' trade press",
  'profession-sage-femme.com': "midwives' trade press",
  'revuedegeriatrie.fr': 'geriatric medicine journal',
  'revue-ophtalmologie-francaise.fr': 'ophthalmology journal',
  'risqual.net': 'quality and risk in care settings journal',
  'santelog.com': 'health news for professionals',
  'santemagazine.fr': 'health magazine',
  'sante-rh.fr': 'hospital management press (human resources)',
  'sep-news.com': 'multiple sclerosis news',
  'tech-imago.fr': "radiographers' trade press",
  'topsante.com': 'health magazine',
  'whatsupdoc-lemag.fr': "young doctors' magazine",
  'doctissimo.fr': 'medical information (public)',
};

const SPEL_FILE = 'liste-des-services-de-presse-en-ligne-reconnus.tsv';

const frCppapPress: Registry = {
  id: 'fr-cppap-presse-en-ligne',
  extract(gitShow) {
    const text = gitShow('data/raw/spel/2026-07-28__d78a9cb5.csv').toString('utf8').replace(/^\uFEFF/, '');
    const rows = csvColumns(text, ['Numéro CPPAP', 'Editeur', 'Forme juridique', 'Département', 'Service', 'url', 'Qualification'], ';')
      .sort((a, b) => (a[4]! + a[0]! < b[4]! + b[0]! ? -1 : a[4]! + a[0]! > b[4]! + b[0]! ? 1 : 0));
    return { [SPEL_FILE]: toTsv(['numero_cppap', 'editeur', 'forme_juridique', 'departement', 'service', 'url', 'qualification'], rows) };
  },
  read(dir) {
    return readTsv(join(dir, SPEL_FILE)).map((r) => ({
      registry: 'fr-cppap-presse-en-ligne',
      file: 'liste-des-services-de-presse-en-ligne-reconnus.csv',
      code: r.numero_cppap ?? '',
      name: `${r.service ?? ''} (${r.editeur ?? ''})`,
      website: r.url ?? '',
      category: CPPAP_HEALTH_SERVICES[r.service ?? ''] ? 'medical-information' : '',
    }));
  },
};

// --- France: lapsed online press titles of the CPPAP's list of publications, checked against stored pages --------

/**
 * The health titles among the online press services of the CPPAP's list of publications that its list of recognised
 * online services no longer gives (nearly all "Non Inscrit": recognitions that lapsed between 2013 and 2026), by the
 * title as the list writes it. Chosen like CPPAP_HEALTH_SERVICES, by reading every such row (title, publisher, address):
 * written for health professionals or medical information for the public; veterinary, fitness, beauty, wellness,
 * natural health, senior and medico-social titles are not health, and titles whose subject the list does not say are
 * left out (docs/health-registries.md). A lapsed title's domain may have been let go and taken by someone else, so a
 * title gives an entry only with `evidence`: a stored web page of that very domain showing the same title, dated 2020
 * or later; the others are `dropped` with the reason (the record is counted as `lapsed-unverified`). Exported for its
 * test.
 */
export const CPPAP_LAPSED_HEALTH_TITLES: Readonly<Record<string, { what: string; evidence?: string; dropped?: string }>> = {
  'actusoins.com': { what: "nurses' trade press", dropped: 'no stored page of the domain (only scans of the 2012-2015 magazine on issuu.com and fdocuments.fr)' },
  'arv-trials.com': { what: 'HIV treatment trials news', dropped: 'no stored page of the domain' },
  'biologiste-infos.eu': { what: "medical biologists' trade press", dropped: 'no stored page of the domain' },
  'biotribune.com': { what: 'medical biology magazine', dropped: 'the only stored page of the domain (biotribune.com/connaissances/index.phtml) is dated 2012-11-29, before 2020' },
  'cardiologie-pratique.com': { what: 'cardiology journal', dropped: 'no stored page of the domain' },
  'cliniquesnews.com': { what: 'private clinics news (APM)', dropped: 'no stored page of the domain' },
  'coelio-surgery.com': { what: 'laparoscopic surgery journal', dropped: 'no stored page of the domain' },
  'decision-sante.com': {
    what: "hospital decision-makers' magazine (Décision & Stratégie Santé)",
    dropped: 'the only stored page of the domain is dated 2016-09-20, before 2020 (the publisher\'s own pages of 2018 and 2021 are on groupeprofessionsante.fr)',
  },
  'dentaire365.fr': { what: "dentists' trade press", dropped: 'no stored page of the domain' },
  'diabetologie-pratique.com': {
    what: 'diabetology journal for doctors',
    evidence:
      'domain checked on a stored page: https://www.diabetologie-pratique.com/journal/article/0036537-prise-en-charge-saos-chez-personne-vivant-diabete-resume-position-societes (Diabétologie pratique article dated 2020-01-07)',
  },
  'edp-audio.fr': { what: "audioprosthetists' trade press", dropped: 'no stored page of the domain' },
  'epilepticdisorders.com': { what: 'epilepsy journal', dropped: 'no stored page of the domain' },
  'gestions-hospitalieres.fr': { what: 'hospital management journal', dropped: 'the stored pages of the domain show articles of November 2010 only, before 2020' },
  'healthandtech.eu': { what: 'health technology news', dropped: 'no stored page of the domain' },
  'impact-sante.fr': { what: "doctors' trade press (Impact Médecine)", dropped: 'no stored page of the domain; its publisher was liquidated in 2012 (stored Wikipedia page on Impact Médecine)' },
  'independentaire.fr': { what: "dentists' trade press", dropped: 'no stored page of the domain' },
  'info-muco.com': { what: 'cystic fibrosis news', dropped: 'no stored page of the domain' },
  'info-vih.com': { what: 'HIV news', dropped: 'no stored page of the domain' },
  'jim.fr': {
    what: 'Journal international de médecine, medical news for doctors',
    evidence:
      'domain checked on a stored page: https://www.jim.fr/e-docs/vaccin_un_professeur_de_medecine_devrait_il_dire_ca__185634/document_jim_plus.phtml (JIM article dated 2020-12-12)',
  },
  'lamaisonducancer.fr': { what: 'cancer information', dropped: 'no stored page of the domain' },
  'lasantepublique.fr': { what: 'public health news', dropped: 'no stored page of the domain' },
  'legeneraliste.fr': {
    what: "general practitioners' trade press",
    dropped: 'no stored page of the domain; the stored pages show Le Généraliste\'s articles under lequotidiendumedecin.fr (hand-curated), not on this domain',
  },
  'mbcb-journal.org': { what: 'oral medicine and oral surgery journal', dropped: 'the only stored page of the domain (its aims and scope) carries no date' },
  'mindhealth.fr': { what: 'health innovation news', dropped: 'no stored page of the domain' },
  'nutrition-info.com': { what: "dietitians' trade press", dropped: 'no stored page of the domain' },
  'orthophile.fr': { what: "orthodontists' trade press", dropped: 'no stored page of the domain' },
  'pediatrie-pratique.com': { what: 'paediatrics journal', dropped: 'the stored pages of the domain show one article dated 2011-02-02, before 2020' },
  'rhumato.net': { what: 'rheumatology news', dropped: 'no stored page of the domain' },
  'seronet.info': { what: 'site of the patient association AIDES for people living with HIV', dropped: 'no stored page of the domain' },
  'tribunek-mr-neuromusculaires.fr': { what: 'neuromuscular diseases news', dropped: 'no stored page of the domain' },
  'vih.org': { what: 'HIV information for professionals', dropped: 'no stored page of the domain' },
};

const PUBLICATIONS_FILE = 'publications-en-ligne-hors-liste-spel.tsv';

const frCppapPublications: Registry = {
  id: 'fr-cppap-publications',
  extract(gitShow) {
    // The online services the list of recognised online press services (fr-cppap-presse-en-ligne) already gives.
    const spel = gitShow('data/raw/spel/2026-07-28__d78a9cb5.csv').toString('utf8').replace(/^\uFEFF/, '');
    const key = (url: string) => normaliseDomain(hostOf(url))?.domain ?? url.trim().toLowerCase();
    const given = new Set(csvColumns(spel, ['url'], ';').map((r) => key(r[0]!)));
    const text = gitShow('data/latest/publications.csv').toString('utf8').replace(/^\uFEFF/, '');
    const names = ['nom_du_titre_de_presse', 'editeur', 'forme_juridique', 'departement', 'type_de_presse', 'statut_inscription', 'numero_cppap', 'date_expiration_inscription', 'date_derniere_decision', 'url_spel'];
    const rows = csvColumns(text, names)
      .filter((r) => r[9]!.trim() !== '' && !given.has(key(r[9]!)))
      .sort((a, b) => (a[0]! + a[6]! < b[0]! + b[6]! ? -1 : a[0]! + a[6]! > b[0]! + b[6]! ? 1 : 0));
    return { [PUBLICATIONS_FILE]: toTsv(names, rows) };
  },
  read(dir) {
    return readTsv(join(dir, PUBLICATIONS_FILE)).map((r) => {
      const title = CPPAP_LAPSED_HEALTH_TITLES[r.nom_du_titre_de_presse ?? ''];
      return {
        registry: 'fr-cppap-publications',
        file: 'liste-des-publications-de-presse-inscrites.csv',
        code: r.numero_cppap ?? '',
        name: `${r.nom_du_titre_de_presse ?? ''} (${r.editeur ?? ''})`,
        website: r.url_spel ?? '',
        category: title ? 'medical-information' : '',
        ...(title?.evidence ? { evidence: title.evidence } : title ? { leftOut: 'lapsed-unverified' as const } : {}),
      };
    });
  },
};

export const REGISTRIES: readonly Registry[] = [
  frPublicSector,
  frTestingSites,
  nhsChoices,
  usDotgov,
  eurostatHealthcare,
  wikidataHospitals,
  // Later registries add only the domains the earlier ones did not give (the 2014 entries keep their source).
  nhsChoices2019Gp,
  nhsChoices2019Pharmacy,
  nsiHealthBrands,
  frCppapPress,
  // Lapsed titles of the CPPAP's list of publications: only those whose domain a stored page shows still serving them.
  frCppapPublications,
];

export function readSource(id: string): RegistrySource {
  return JSON.parse(readFileSync(join(REGISTRIES_DIR, id, 'SOURCE.json'), 'utf8')) as RegistrySource;
}

// ---------------------------------------------------------------------------------------------------------------

const ORIGIN_NOTE =
  'each entry\'s origin is "hand-curated" (kept by hand, sourced in source.url/note) or the id of the registry snapshot under data/registries/<id>/ it was imported from by scripts/import-health-registries.ts (do not edit those by hand: re-run the script)';

/** The whole file as the snapshots and the curated entries give it. */
export function buildHealthDomains(current: HealthDomainsFile): { file: HealthDomainsFile; result: ImportResult } {
  const curated = current.domains.filter((e) => (e.origin ?? CURATED_ORIGIN) === CURATED_ORIGIN).map((e) => ({ ...e, origin: CURATED_ORIGIN }));
  const sources = Object.fromEntries(REGISTRIES.map((r) => [r.id, readSource(r.id)]));
  const records = REGISTRIES.flatMap((r) => r.read(join(REGISTRIES_DIR, r.id)));
  const result = importRecords(records.filter((r) => r.category !== '' && !r.leftOut), curated, sources);
  for (const r of records) {
    if (r.category !== '' && !r.leftOut) continue;
    const c = (result.counts[r.registry] ??= { records: 0, entries: 0, excluded: {} });
    c.records++;
    const why = r.leftOut ?? 'not-health';
    c.excluded[why] = (c.excluded[why] ?? 0) + 1;
  }
  const curatedSources = current.meta.sources.filter((s) => !REGISTRIES.some((r) => s.note.startsWith(`registry ${r.id}:`)));
  const registrySources = REGISTRIES.map((r) => {
    const s = sources[r.id]!;
    return {
      note: `registry ${r.id}: ${s.title} (${s.publisher}), snapshot of ${s.repository} at ${s.commit.slice(0, 12)} in data/registries/${r.id}/; ${result.counts[r.id]?.entries ?? 0} entries`,
      url: s.publisherUrl,
      licence: s.licence,
      date: s.date,
    };
  });
  const retrieved = Object.values(sources).map((s) => s.retrieved);
  const asOf = [current.meta.asOf, ...retrieved].sort().at(-1)!;
  const file: HealthDomainsFile = {
    meta: { ...current.meta, asOf, origin: ORIGIN_NOTE, sources: [...curatedSources, ...registrySources] },
    domains: [...curated, ...result.entries],
  };
  return { file, result };
}

/**
 * Pretty-printed like the curated file, except that registry entries take one line each (the file stays small and
 * diffs stay readable: one line per domain).
 */
export function serialise(file: HealthDomainsFile): string {
  const curated = file.domains.filter((e) => e.origin === CURATED_ORIGIN);
  const imported = file.domains.filter((e) => e.origin !== CURATED_ORIGIN);
  const indent = (text: string, pad: string) => text.split('\n').map((l) => pad + l).join('\n');
  const lines = [
    ...curated.map((e) => indent(JSON.stringify(e, null, 2), '    ')),
    ...imported.map((e) => `    ${JSON.stringify(e)}`),
  ];
  return `{\n  "meta": ${indent(JSON.stringify(file.meta, null, 2), '  ').trimStart()},\n  "domains": [\n${lines.join(',\n')}\n  ]\n}\n`;
}

/** What data/health-domains.packed.json holds (read by src/core/health-domains.ts, which documents the format). */
export interface PackedHealthDomains {
  about: string;
  asOf: string;
  categories: string[];
  sources: { id: string; label: string; url?: string; licence?: string; date: string }[];
  domains: string;
  paths: Record<string, string[]>;
}

/** One base-36 digit: category and source indexes stay below 36 (checked). */
function digit(index: number, what: string): string {
  if (index < 0 || index > 35) throw new Error(`${what} index ${index} does not fit one base-36 digit`);
  return index.toString(36);
}

/**
 * The bundled form of the list: every domain once, in one sorted string of lines `<domain> <category><source>` (one
 * base-36 digit each, indexes into `categories` and `sources`), the health paths of path-scoped entries, and each
 * source's label, URL, date and licence once. No per-entry name or note: those stay in data/health-domains.json and
 * the registry snapshots.
 */
export function pack(file: HealthDomainsFile): PackedHealthDomains {
  const categories = [...new Set(file.domains.map((e) => e.category))].sort();
  const curatedDate = file.meta.sources.filter((s) => !REGISTRIES.some((r) => s.note.startsWith(`registry ${r.id}:`))).map((s) => s.date).sort().at(-1);
  const sources: PackedHealthDomains['sources'] = [
    { id: CURATED_ORIGIN, label: 'hand-curated list (each entry sourced in data/health-domains.json)', date: curatedDate ?? file.meta.asOf },
    ...REGISTRIES.map((r) => {
      const s = readSource(r.id);
      return { id: r.id, label: `${s.title} (${s.publisher})`, url: s.publisherUrl, licence: s.licence, date: s.date };
    }),
  ];
  const sourceIndex = new Map(sources.map((s, i) => [s.id, i]));
  const lines = file.domains
    .map((e) => `${e.domain} ${digit(categories.indexOf(e.category), 'category')}${digit(sourceIndex.get(e.origin ?? CURATED_ORIGIN) ?? -1, 'source')}`)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const paths = Object.fromEntries(file.domains.filter((e) => e.scope === 'paths').map((e) => [e.domain, e.paths ?? []]));
  return {
    about: 'Generated by scripts/import-health-registries.ts from data/health-domains.json: do not edit. Format: src/core/health-domains.ts.',
    asOf: file.meta.asOf,
    categories,
    sources,
    domains: lines.join('\n'),
    paths,
  };
}

export function serialisePacked(packed: PackedHealthDomains): string {
  return `${JSON.stringify(packed)}\n`;
}

function main(args: string[]): void {
  if (args[0] === '--extract') {
    const [, id, gitDir] = args;
    const registry = REGISTRIES.find((r) => r.id === id);
    if (!registry || !gitDir) throw new Error(`usage: --extract <${REGISTRIES.map((r) => r.id).join('|')}> <git-dir>`);
    const source = readSource(registry.id);
    const gitShow = (spec: string) =>
      execFileSync('git', ['--git-dir', gitDir, 'show', spec.includes(':') ? spec : `${source.commit}:${spec}`], { maxBuffer: 1 << 28 });
    for (const [name, text] of Object.entries(registry.extract(gitShow))) writeFileSync(join(REGISTRIES_DIR, registry.id, name), text);
    console.log(`${registry.id}: snapshot re-cut from ${gitDir}`);
    return;
  }
  const current = JSON.parse(readFileSync(HEALTH_DOMAINS_PATH, 'utf8')) as HealthDomainsFile;
  const { file, result } = buildHealthDomains(current);
  const text = serialise(file);
  for (const [id, c] of Object.entries(result.counts)) console.log(`${id}: ${c.records} records -> ${c.entries} entries; left out ${JSON.stringify(c.excluded)}`);
  console.log(`${file.domains.length} domains, ${Buffer.byteLength(text)} bytes`);
  const packedText = serialisePacked(pack(file));
  console.log(`packed: ${Buffer.byteLength(packedText)} bytes, ${gzipSync(packedText, { level: 9 }).byteLength} gzip -9`);
  if (args.includes('--check')) {
    const same = (path: string, want: string) => existsSync(path) && readFileSync(path, 'utf8') === want;
    if (!same(HEALTH_DOMAINS_PATH, text) || !same(PACKED_DOMAINS_PATH, packedText)) {
      console.error('data/health-domains.json or its packed form differs from what the snapshots give: run npx tsx scripts/import-health-registries.ts');
      process.exit(1);
    }
    return;
  }
  writeFileSync(HEALTH_DOMAINS_PATH, text);
  writeFileSync(PACKED_DOMAINS_PATH, packedText);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main(process.argv.slice(2));
