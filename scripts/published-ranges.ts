/**
 * Providers' own published address lists (data/ranges/): reads the committed snapshots, checks each against the
 * sha256 pinned in data/ranges/sources.json, and turns them into prefix rows (provider, region, service) for the
 * routing-table builder. Second in the order of authority, after user and managed rules (docs/data.md).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { ipScope, parseCidr, type Cidr } from '../src/core/ip.ts';
import type { PublishedRange } from '../src/core/types.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const RANGES_DIR = join(root, 'data', 'ranges');
export const RANGES_SOURCES = join(RANGES_DIR, 'sources.json');

/** The formats the providers publish in. */
export type ListFormat =
  | 'aws-ip-ranges'
  | 'azure-service-tags'
  | 'google-cloud-json'
  | 'oracle-public-ip-ranges'
  | 'github-meta'
  | 'fastly-public-ip-list'
  | 'geofeed'
  | 'cidr-lines';

/** One row of data/ranges/sources.json: where a snapshot came from and how to check it. */
export interface RangeList {
  id: string;
  providerId: string;
  file: string;
  format: ListFormat;
  /** The provider's own URL for the list (what data:update downloads). */
  url: string;
  mirror: string;
  mirrorPath: string;
  mirrorCommit: string;
  mirrorCommitDate: string;
  /** Date the list itself says it was generated, or the mirror's commit date when it says nothing. */
  listDate: string;
  licence: string;
  sha256: string;
  bytes: number;
  /** Where data:update downloads the list today, when not `url`, and its format then. */
  updateUrl?: string;
  updateFormat?: ListFormat;
}

/** One published prefix, with what the list says about it. */
export interface PublishedRow {
  cidr: Cidr;
  text: string;
  range: PublishedRange;
}

export function readRangeLists(path = RANGES_SOURCES): RangeList[] {
  return (JSON.parse(readFileSync(path, 'utf8')) as { lists: RangeList[] }).lists;
}

/** The uncompressed text of a snapshot; throws when it does not match its pinned hash and size. */
export function readSnapshot(list: RangeList, dir = RANGES_DIR): string {
  const raw = gunzipSync(readFileSync(join(dir, list.file)));
  const sha = createHash('sha256').update(raw).digest('hex');
  if (sha !== list.sha256 || raw.byteLength !== list.bytes) {
    throw new Error(`${list.file}: sha256 ${sha} (${raw.byteLength} bytes) does not match the pinned ${list.sha256} (${list.bytes} bytes)`);
  }
  return raw.toString('utf8');
}

/**
 * AWS services worth naming: the ones in front of a hidden origin (CDN, accelerator). AMAZON is the superset every
 * other service is carved from; naming EC2, S3 or API Gateway too would cut the table into many more entries
 * (measured: +36 kB gzip on the providers-only table) for a detail the verdict does not use.
 */
const AWS_SERVICE_RANK = ['CLOUDFRONT', 'GLOBALACCELERATOR', 'AMAZON'];
/** Azure tags kept beyond AzureCloud.<region> (which gives the region of every Azure range): the CDN in front. */
const AZURE_SERVICES: Record<string, string> = {
  'AzureFrontDoor.Frontend': 'Front Door',
};

const GITHUB_OWN_SERVICES = new Set(['hooks', 'web', 'api', 'git', 'pages', 'packages', 'importer', 'github_enterprise_importer']);

/** Azure regions located in the EU/EEA (by their names in the Service Tags). */
const AZURE_EU_REGION = /^(france|germany|westeurope|northeurope|sweden|norway|poland|italy|spain|austria|belgium|denmark|finland|greece)/;

type Entry = [text: string, region?: string, service?: string];

function parseEntries(list: RangeList, text: string): Entry[] {
  switch (list.format) {
    case 'aws-ip-ranges': {
      const doc = JSON.parse(text) as {
        prefixes: { ip_prefix: string; region: string; service: string }[];
        ipv6_prefixes: { ipv6_prefix: string; region: string; service: string }[];
      };
      // One row per prefix, with the most telling service the list gives it.
      const best = new Map<string, Entry>();
      const rank = (s?: string) => (s === undefined ? 99 : AWS_SERVICE_RANK.indexOf(s) < 0 ? 98 : AWS_SERVICE_RANK.indexOf(s));
      const add = (prefix: string, region: string, service: string) => {
        const entry: Entry = [prefix, region === 'GLOBAL' ? undefined : region, service === 'AMAZON' ? undefined : service];
        const seen = best.get(prefix);
        if (!seen || rank(service) < rank(seen[2] ?? 'AMAZON')) best.set(prefix, entry);
      };
      for (const p of doc.prefixes) add(p.ip_prefix, p.region, p.service);
      for (const p of doc.ipv6_prefixes) add(p.ipv6_prefix, p.region, p.service);
      return [...best.values()].map(([t, r, s]) => [t, r, s !== undefined && AWS_SERVICE_RANK.includes(s) ? s : undefined]);
    }
    case 'azure-service-tags': {
      const doc = JSON.parse(text) as { values: { name: string; properties: { region: string; systemService: string; addressPrefixes: string[] } }[] };
      const out: Entry[] = [];
      for (const tag of doc.values) {
        const base = tag.name.split('.')[0]!;
        if (base === 'AzureCloud' && tag.properties.region) {
          // Regions in the EU/EEA are named; the others share one label ("outside the EU/EEA"): the interleaving of
          // 60 regions' small prefixes cost 20 kB of gzip in the package for a detail that adds nothing there.
          const region = AZURE_EU_REGION.test(tag.properties.region) ? tag.properties.region : 'outside the EU/EEA';
          for (const p of tag.properties.addressPrefixes) out.push([p, region]);
        } else if (AZURE_SERVICES[tag.name] ?? (tag.properties.region && AZURE_SERVICES[base])) {
          const service = AZURE_SERVICES[tag.name] ?? AZURE_SERVICES[base];
          for (const p of tag.properties.addressPrefixes) out.push([p, tag.properties.region || undefined, service]);
        }
      }
      return out;
    }
    case 'google-cloud-json': {
      const doc = JSON.parse(text) as { prefixes: { ipv4Prefix?: string; ipv6Prefix?: string; scope: string; service: string }[] };
      return doc.prefixes.map((p) => [(p.ipv4Prefix ?? p.ipv6Prefix)!, p.scope === 'global' ? undefined : p.scope, p.service]);
    }
    case 'oracle-public-ip-ranges': {
      const doc = JSON.parse(text) as { regions: { region: string; cidrs: { cidr: string; tags: string[] }[] }[] };
      return doc.regions.flatMap((r) => r.cidrs.map((c): Entry => [c.cidr, r.region, c.tags.join(', ') || undefined]));
    }
    case 'github-meta': {
      const doc = JSON.parse(text) as Record<string, unknown>;
      const out: Entry[] = [];
      for (const [service, value] of Object.entries(doc)) {
        // Only GitHub's own services: `actions`, `codespaces` and `copilot` list the Azure ranges their runners use.
        if (!Array.isArray(value) || !GITHUB_OWN_SERVICES.has(service)) continue;
        for (const v of value) if (typeof v === 'string' && v.includes('/')) out.push([v, undefined, service === 'pages' ? 'Pages' : service]);
      }
      return out;
    }
    case 'fastly-public-ip-list': {
      const doc = JSON.parse(text) as { addresses: string[]; ipv6_addresses: string[] };
      return [...doc.addresses, ...doc.ipv6_addresses].map((p): Entry => [p]);
    }
    case 'geofeed':
      // RFC 8805: prefix, country, region, city, postal code.
      return text.split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((l): Entry => {
        const [prefix, country, , city] = l.split(',').map((f) => f.trim());
        return [prefix!, [city, country].filter(Boolean).join(', ') || undefined];
      });
    case 'cidr-lines':
      return text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).map((l): Entry => [l]);
  }
}

/**
 * The prefixes of one list; a line that is not a prefix is counted in `rejected`, never guessed at. A prefix of
 * special-purpose space (6to4, ORCHID, benchmarking, private, documentation...: its first address is not public) is
 * listed in `special` and dropped: a provider's list cannot make such an address theirs (Vultr's geofeed lists
 * 2002::/16, 2001:10::/28 and 2001:2::/48, which would name Vultr for the 6to4 form of any address).
 */
export function publishedRows(list: RangeList, text: string): { rows: PublishedRow[]; rejected: string[]; special: string[] } {
  const rows: PublishedRow[] = [];
  const rejected: string[] = [];
  const special: string[] = [];
  for (const [prefix, region, service] of parseEntries(list, text)) {
    const cidr = parseCidr(prefix);
    if (!cidr) {
      rejected.push(prefix);
      continue;
    }
    if (ipScope(cidr.ip) !== 'public') {
      special.push(prefix);
      continue;
    }
    const range: PublishedRange = { providerId: list.providerId, list: list.id, listDate: list.listDate };
    if (region) range.region = region;
    if (service) range.service = service;
    rows.push({ cidr, text: prefix, range });
  }
  return { rows, rejected, special };
}

/** Every row of every committed list (hash-checked). */
export function allPublishedRows(lists = readRangeLists(), dir = RANGES_DIR): PublishedRow[] {
  return lists.flatMap((list) => publishedRows(list, readSnapshot(list, dir)).rows);
}
