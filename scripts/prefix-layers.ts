/**
 * The prefix layers laid over the routing rows by the table builders, in the order of authority (docs/data.md):
 * 1. providers' own published ranges (data/ranges/, scripts/published-ranges.ts), with region and service;
 * 2. prefix registrations: a prefix announced by an EU/EEA catalog provider but registered (RIR/whois) in a country
 *    outside the EU/EEA belongs to that provider's subsidiary there (`subsidiaries` in data/providers.json), or to no
 *    known entity, never to the parent. Registration countries come from @ip-location-db/geo-whois-asn-country
 *    (whois-derived country of each prefix, CC0), read with the `maxmind` reader.
 * Below both, the IPv6 announcement layer (scripts/announcements.ts: the committed IPtoASN snapshot, or RIPE RIS's
 * RISwhois dump when `npm run data:update` has left it in generated/announcements/) corrects the AS the routing
 * table's IPv6 delegation rows give; the registrations are read over it too.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Reader } from 'maxmind';
import { PROVIDERS } from '../src/core/catalog.ts';
import type { Cidr, ParsedIp } from '../src/core/ip.ts';
import type { PrefixRegistration, PublishedRange, RoutingAnnouncement } from '../src/core/types.ts';
import { announcementDir, readAnnouncementLayer, type AnnouncedRow } from './announcements.ts';
import type { OverlayRow, PrefixLayers } from './build-asn-table.ts';
import { allPublishedRows, type PublishedRow } from './published-ranges.ts';

const require = createRequire(import.meta.url);
export const REGISTRATION_DB = require.resolve('@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb');
export const REGISTRATION_SOURCE = '@ip-location-db/geo-whois-asn-country-mmdb 2.3.2026061719 (whois-derived registration country per prefix, CC0)';

/**
 * EU member states and the EEA (Iceland, Liechtenstein, Norway), the EU's outermost regions that RIRs record under
 * their own codes (Guadeloupe, Martinique, French Guiana, Réunion, Mayotte, Saint-Martin), and `EU` itself.
 */
export const EU_EEA = new Set(
  'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO GP MQ GF RE YT MF EU'.split(' '),
);

/** Inclusive bounds of a CIDR as integers in its family's space. */
export function cidrBounds(cidr: Cidr): { family: 4 | 6; start: bigint; end: bigint } {
  const bits = cidr.ip.version === 4 ? 32 : 128;
  const value = ipValue(cidr.ip);
  const size = 1n << BigInt(bits - cidr.prefix);
  const start = value - (value % size);
  return { family: cidr.ip.version, start, end: start + size - 1n };
}

function ipValue(ip: ParsedIp): bigint {
  if (ip.version === 4) return BigInt(ip.v4 >>> 0);
  return ip.words.reduce((n, w) => (n << 32n) | BigInt(w >>> 0), 0n);
}

function textOf(value: bigint, family: 4 | 6): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.');
  const groups: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((value >> s) & 0xffffn).toString(16));
  return groups.join(':');
}

/** Interns label objects as JSON strings, so equal labels share one index; `list` may start with labels already made. */
export class Labels {
  readonly list: string[];
  private readonly index: Map<string, number>;
  constructor(list: readonly string[] = []) {
    this.list = [...list];
    this.index = new Map(this.list.map((json, i) => [json, i]));
  }
  of(label: { published?: PublishedRange; registration?: PrefixRegistration; announced?: RoutingAnnouncement }): number {
    const json = JSON.stringify(label);
    let i = this.index.get(json);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(json);
      this.index.set(json, i);
    }
    return i;
  }
}

/** Published rows as overlay rows, per family. */
function publishedOverlay(rows: PublishedRow[], labels: Labels): { v4: OverlayRow[]; v6: OverlayRow[] } {
  const out = { v4: [] as OverlayRow[], v6: [] as OverlayRow[] };
  for (const row of rows) {
    const { family, start, end } = cidrBounds(row.cidr);
    (family === 4 ? out.v4 : out.v6).push({ start, end, label: labels.of({ published: row.range }) });
  }
  return out;
}

/** The routing rows (start, end, asn) of some ASes (all of them without `asns`), from a CSV of the routing source. */
export function routingRowsOf(csv: string, asns?: ReadonlySet<number>): Array<[bigint, bigint, number]> {
  const rows: Array<[bigint, bigint, number]> = [];
  for (const line of csv.split('\n')) {
    const c1 = line.indexOf(',');
    const c2 = line.indexOf(',', c1 + 1);
    const c3 = line.indexOf(',', c2 + 1);
    if (c1 < 0 || c2 < 0 || c3 < 0) continue;
    const asn = Number(line.slice(c2 + 1, c3));
    if ((asns && !asns.has(asn)) || !/^\d+$/.test(line.slice(0, c1))) continue;
    rows.push([BigInt(line.slice(0, c1)), BigInt(line.slice(c1 + 1, c2)), asn]);
  }
  return rows;
}

/**
 * Registration overlay: walks each routing row of an EU/EEA catalog provider through the registration database and
 * keeps the parts registered outside the EU/EEA, labelled with the subsidiary the catalog has for that country.
 */
export function registrationOverlay(
  v4Csv: string,
  v6Csv: string,
  labels: Labels,
  dbPath = REGISTRATION_DB,
  announced: readonly AnnouncedRow[] = [],
): { v4: OverlayRow[]; v6: OverlayRow[]; countries: Map<string, number> } {
  // The database stores {country_code} per prefix; maxmind's types only know MaxMind's own record shapes.
  const reader = new Reader(readFileSync(dbPath)) as unknown as { getWithPrefixLength(ip: string): [{ country_code?: string } | null, number] };
  const owner = new Map<number, (typeof PROVIDERS)[number]>();
  for (const p of PROVIDERS) if (p.jurisdiction.euEea) for (const asn of p.asns) owner.set(asn, p);
  const asns = new Set(owner.keys());
  const countries = new Map<string, number>();
  const out = { v4: [] as OverlayRow[], v6: [] as OverlayRow[] };
  for (const [family, csv] of [[4, v4Csv], [6, v6Csv]] as const) {
    const bits = family === 4 ? 32 : 128;
    const rows = out[family === 4 ? 'v4' : 'v6'];
    const routed = routingRowsOf(csv, asns);
    // An EU provider's announced IPv6 prefix is read like its routing rows (the two may overlap: same label).
    if (family === 6) for (const a of announced) if (asns.has(a.asn)) routed.push([a.start, a.end, a.asn]);
    if (family === 6) routed.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
    for (const [rowStart, rowEnd, asn] of routed) {
      const provider = owner.get(asn)!;
      let at = rowStart;
      while (at <= rowEnd) {
        const [record, prefixLength] = reader.getWithPrefixLength(textOf(at, family));
        const size = 1n << BigInt(bits - Math.max(0, Math.min(bits, prefixLength)));
        const networkEnd = at - (at % size) + size - 1n;
        const end = networkEnd < rowEnd ? networkEnd : rowEnd;
        const country = record?.country_code?.toUpperCase();
        // A registration smaller than a /24 (IPv6: /48) inside the provider's block is a customer assignment: it says
        // where that customer is, not which company runs the network.
        const customerSized = prefixLength > (family === 4 ? 24 : 48);
        if (country && !EU_EEA.has(country) && !customerSized) {
          countries.set(`${provider.id} ${country}`, (countries.get(`${provider.id} ${country}`) ?? 0) + 1);
          const subsidiary = provider.subsidiaries?.find((s) => s.country === country)?.providerId;
          const registration: PrefixRegistration = { country, announcedBy: provider.id };
          if (subsidiary) registration.providerId = subsidiary;
          const label = labels.of({ registration });
          const last = rows[rows.length - 1];
          if (last && last.label === label && last.end + 1n === at) last.end = end;
          else rows.push({ start: at, end, label });
        }
        at = end + 1n;
      }
    }
  }
  return { ...out, countries };
}

/** A catalog provider outside the EU/EEA under an extra-EU law (its warning is never turned into "unknown"). */
const underExtraEuLaw = (p: (typeof PROVIDERS)[number]): boolean => !p.jurisdiction.euEea && p.jurisdiction.extraEuLaws.length > 0;

/** The announcement layer: origins that replace the delegation's AS, and one label saying so on the same prefixes. */
export function announcedLayer(rows: readonly AnnouncedRow[], announcement: RoutingAnnouncement, labels: Labels): NonNullable<PrefixLayers['announced']> {
  const label = labels.of({ announced: announcement });
  return {
    origins: rows.map(({ start, end, asn, name }) => ({ start, end, asn, name })),
    v6: rows.map(({ start, end }) => ({ start, end, label })),
    keepWarningOf: PROVIDERS.filter(underExtraEuLaw).flatMap((p) => p.asns),
    known: PROVIDERS.flatMap((p) => p.asns),
  };
}

/**
 * How reassuring an AS reads, for `withoutStaleGains`: 0 for a catalog AS under extra-EU law, 2 for any other catalog
 * AS, 1 for an AS the catalog cannot place or no AS at all.
 */
function reassurance(asn: number | null): number {
  if (asn === null) return 1;
  const provider = PROVIDERS.find((p) => p.asns.includes(asn));
  if (!provider) return 1;
  return underExtraEuLaw(provider) ? 0 : 2;
}

/**
 * The rows of a layer observed before the routing rows were, less those that would make an answer more reassuring
 * than the delegation row it falls on (`reassurance` higher than that of any AS the delegation gives in its range, or
 * of no AS where it gives none): a prefix an EU provider announced then and no longer does must not read as that
 * provider's now. A stale observation may still name another extra-EU company (Tencent inside China Telecom's block)
 * or a customer inside a provider's block: those answers are no more reassuring than the delegation's.
 */
export function withoutStaleGains(rows: readonly AnnouncedRow[], v6Csv: string): { kept: AnnouncedRow[]; dropped: AnnouncedRow[] } {
  const delegation = routingRowsOf(v6Csv);
  delegation.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const ranks = new Map<number, number>();
  const rankOf = (asn: number | null): number => {
    if (asn === null) return reassurance(null);
    let rank = ranks.get(asn);
    if (rank === undefined) ranks.set(asn, (rank = reassurance(asn)));
    return rank;
  };
  const kept: AnnouncedRow[] = [];
  const dropped: AnnouncedRow[] = [];
  for (const row of rows) {
    // The first delegation row that could overlap: the last one starting at or before the row (rows may nest).
    let lo = 0;
    let hi = delegation.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (delegation[mid]![0] <= row.start) lo = mid + 1;
      else hi = mid - 1;
    }
    let lowest = Infinity;
    let covered = row.start;
    for (let i = Math.max(0, hi); i < delegation.length && delegation[i]![0] <= row.end; i++) {
      const [start, end, asn] = delegation[i]!;
      if (end < row.start) continue;
      if (start > covered) lowest = Math.min(lowest, rankOf(null));
      lowest = Math.min(lowest, rankOf(asn));
      if (end + 1n > covered) covered = end + 1n;
    }
    if (covered <= row.end) lowest = Math.min(lowest, rankOf(null));
    (rankOf(row.asn) > lowest ? dropped : kept).push(row);
  }
  return { kept, dropped };
}

/**
 * Every layer for a build, from the committed range snapshots, the registration database and the IPv6 announcement
 * layer in `announcementsDir` (by default the one the build uses: `announcementDir()`). `routingDate`, the routing
 * rows' data date, tells whether that layer is older than them.
 */
export function buildPrefixLayers(
  v4Csv: string,
  v6Csv: string,
  announcementsDir: string | null = announcementDir(),
  routingDate?: string,
): { layers: PrefixLayers; countries: Map<string, number>; publishedRows: number; announcedRows: number; staleDropped: number } {
  const labels = new Labels();
  const rows = allPublishedRows();
  const published = publishedOverlay(rows, labels);
  const layer = readAnnouncementLayer(announcementsDir);
  // A layer observed before the routing rows may correct them, never make them more reassuring.
  const stale = layer !== null && routingDate !== undefined && layer.meta.dataDate < routingDate;
  const { kept: announcedRows, dropped } = stale ? withoutStaleGains(layer.rows, v6Csv) : { kept: layer?.rows ?? [], dropped: [] };
  const registration = registrationOverlay(v4Csv, v6Csv, labels, REGISTRATION_DB, announcedRows);
  // No layer, no label: the table is then byte for byte the delegation-only one.
  const announced = layer ? announcedLayer(announcedRows, { source: layer.meta.id, date: layer.meta.dataDate }, labels) : undefined;
  return {
    layers: { labels: labels.list, published, registration: { v4: registration.v4, v6: registration.v6 }, ...(announced ? { announced } : {}) },
    countries: registration.countries,
    publishedRows: rows.length,
    announcedRows: announcedRows.length,
    staleDropped: dropped.length,
  };
}
