/**
 * The IPv6 announcement layer: the routing table's IPv6 rows rest on registry delegation only (docs/data.md "Where
 * the AS of an address comes from"), which gives one AS per delegated block and misses the more specific prefixes its
 * holder's customers or group companies announce (Tencent Cloud's inside 2402:4e00::/32, delegated to China Telecom
 * Sichuan's AS38283). This layer gives the origin AS that RIPE RIS sees announcing each IPv6 prefix of the catalog's
 * ASes, and every more specific prefix announced inside them; where it speaks, the announcing AS replaces the
 * delegation's.
 *
 * Its source is RIPE RIS's RISwhois dump for IPv6 (https://www.ris.ripe.net/dumps/riswhoisdump.IPv6.gz). No licence
 * that lets us commit it was found (docs/data.md, "The IPv6 announcement layer"), so the layer is never committed:
 * `npm run data:update` downloads the dump, cuts it and writes it to generated/announcements/, where the table
 * builders pick it up. Without that folder the build is exactly the delegation-only one.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROVIDERS } from '../src/core/catalog.ts';
import { ipScope, parseCidr } from '../src/core/ip.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Where `npm run data:update` leaves the layer (git-ignored, like generated/asn-source/). */
export const ANNOUNCEMENTS_DIR = join(root, 'generated', 'announcements');
export const ANNOUNCEMENTS_MANIFEST = 'source.json';
export const ANNOUNCEMENTS_FILE = 'riswhois-ipv6-catalog.txt';
/** Id of the layer in the table's labels (`{"announced": {"source": ..., "date": ...}}`). */
export const ANNOUNCEMENT_LAYER_ID = 'ris-whois-ipv6';
export const RIS_V6_URL = 'https://www.ris.ripe.net/dumps/riswhoisdump.IPv6.gz';

/**
 * A pair seen by fewer RIS peers than this is left out. RIS peers that see a prefix with a given origin are counted in
 * the dump's third column; a pair seen by a handful of them is more likely a leak, a hijack or a collector-local route
 * than the prefix's origin. 6 is the threshold NLnet Labs' Krill applies to the same dump for the same reason
 * (`MINIMUM_SEEN_BY`, src/server/bgp/riswhois.rs: "Pairs that are only seen by very few peers are likely there by
 * mistake and should be filtered out").
 */
export const MIN_RIS_PEERS = 6;

/** The manifest data:update writes next to the layer file (generated/announcements/source.json). */
export interface AnnouncementLayerMeta {
  id: string;
  /** What was downloaded (the dump's URL, or the local file given with --ris-v6-url). */
  url: string;
  /** ISO date of the routing observation (the dump's Last-Modified day, or --ris-date). */
  dataDate: string;
  /** ISO date of the download. */
  fetched: string;
  /** The terms the data comes under, as found (docs/data.md). */
  terms: string;
  minPeers: number;
  /** The catalog ASNs the layer was cut for: a catalog AS missing here needs a new download (data:check says so). */
  asns: number[];
  rows: number;
  sha256: string;
  bytes: number;
}

/** One origin seen for one prefix, as the dump gives it. */
export interface RisPair {
  asn: number;
  prefix: string;
  start: bigint;
  end: bigint;
  peers: number;
}

/** One announced prefix with its bounds and its one origin AS. */
export interface AnnouncedRow {
  start: bigint;
  end: bigint;
  asn: number;
  /** The dump names no AS; the routing CSV's name is used where it has the AS (build-asn-table.ts). */
  name: string;
  text: string;
  peers: number;
}

function boundsOf(text: string): { start: bigint; end: bigint } | null {
  const cidr = parseCidr(text);
  if (!cidr || cidr.ip.version !== 6) return null;
  const value = cidr.ip.words.reduce((n, w) => (n << 32n) | BigInt(w >>> 0), 0n);
  const size = 1n << BigInt(128 - cidr.prefix);
  const start = value - (value % size);
  return { start, end: start + size - 1n };
}

/** What a RISwhois dump holds: the usable pairs, and how many lines of each other kind were set aside. */
export interface RisParse {
  pairs: RisPair[];
  /** `%` comment lines and blank lines. */
  comments: number;
  /** IPv4 prefixes (the IPv4 dump's kind of line). */
  ipv4: number;
  /** Origins given as an AS set (`{64500,64501}`): no single origin, left out. */
  asSets: number;
  /** IPv6 prefixes of special-purpose space (default route, documentation, 6to4...). */
  notPublic: number;
  /** Lines that are none of the above: not three fields, not an AS number, not a prefix, not a peer count. */
  malformed: string[];
}

/**
 * Reads a RISwhois dump: `%` comment lines, then one line per (origin, prefix) pair, three fields separated by a tab:
 * origin AS number (or an AS set in braces), prefix, number of RIS peers that saw the pair (the format Krill's parser
 * documents, src/server/bgp/riswhois.rs, and the RISwhois page, https://ris.ripe.net/docs/ris-whois, describes).
 */
export function parseRisWhois(text: string): RisParse {
  const out: RisParse = { pairs: [], comments: 0, ipv4: 0, asSets: 0, notPublic: 0, malformed: [] };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('%')) {
      out.comments++;
      continue;
    }
    const fields = line.split(/\s+/);
    if (fields.length !== 3) {
      out.malformed.push(line.slice(0, 80));
      continue;
    }
    const [origin, prefix, seen] = fields as [string, string, string];
    if (!/^\d+$/.test(seen)) {
      out.malformed.push(line.slice(0, 80));
      continue;
    }
    if (/^\{[\d,\s]*\}$/.test(origin)) {
      out.asSets++;
      continue;
    }
    const asn = /^\d+$/.test(origin) ? Number(origin) : NaN;
    if (!Number.isInteger(asn) || asn < 1 || asn > 0xffffffff) {
      out.malformed.push(line.slice(0, 80));
      continue;
    }
    if (!prefix.includes(':') && parseCidr(prefix)?.ip.version === 4) {
      out.ipv4++;
      continue;
    }
    const bounds = boundsOf(prefix);
    if (!bounds) {
      out.malformed.push(line.slice(0, 80));
      continue;
    }
    if (ipScope(parseCidr(prefix)!.ip) !== 'public') {
      out.notPublic++;
      continue;
    }
    out.pairs.push({ asn, prefix, ...bounds, peers: Number(seen) });
  }
  return out;
}

/**
 * The prefixes with one origin among the pairs seen by at least `minPeers` RIS peers. A prefix that two ASes are both
 * seen announcing that widely (Tencent's 2402:4e00::/32 by its AS45090 and by China Telecom Sichuan's AS38283, in the
 * trial's data) says no single operator: it is left out and the delegation row stands there; its more specific
 * prefixes, each with one origin, still speak.
 */
export function originRows(pairs: readonly RisPair[], minPeers = MIN_RIS_PEERS): { rows: AnnouncedRow[]; multipleOrigins: string[]; lowPeers: number } {
  const byPrefix = new Map<string, { origins: Map<number, number>; text: string; start: bigint; end: bigint }>();
  let lowPeers = 0;
  for (const p of pairs) {
    if (p.peers < minPeers) {
      lowPeers++;
      continue;
    }
    const key = `${p.start}/${p.end}`;
    const seen = byPrefix.get(key);
    if (seen) seen.origins.set(p.asn, Math.max(p.peers, seen.origins.get(p.asn) ?? 0));
    else byPrefix.set(key, { origins: new Map([[p.asn, p.peers]]), text: p.prefix, start: p.start, end: p.end });
  }
  const rows: AnnouncedRow[] = [];
  const multipleOrigins: string[] = [];
  for (const p of byPrefix.values()) {
    const origins = [...p.origins];
    if (origins.length > 1) multipleOrigins.push(`${p.text} (AS${origins.map(([asn]) => asn).join(', AS')})`);
    else rows.push({ start: p.start, end: p.end, asn: origins[0]![0], name: '', text: p.text, peers: origins[0]![1] });
  }
  rows.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.end > b.end ? -1 : a.end < b.end ? 1 : 0));
  return { rows, multipleOrigins, lowPeers };
}

/** Catalog ASNs (every provider's `asns`). */
export function catalogAsns(): number[] {
  return [...new Set(PROVIDERS.flatMap((p) => p.asns))].sort((a, b) => a - b);
}

/** Sorted, disjoint spans covering the given ones (adjacent spans joined). */
export function spanUnion(spans: Iterable<readonly [bigint, bigint]>): Array<[bigint, bigint]> {
  const sorted = [...spans].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const union: Array<[bigint, bigint]> = [];
  for (const [start, end] of sorted) {
    const last = union[union.length - 1];
    if (last && start <= last[1] + 1n) last[1] = end > last[1] ? end : last[1];
    else union.push([start, end]);
  }
  return union;
}

/** In a `spanUnion`, the last span starting at or before `at`, if any. */
export function spanAtOrBefore(union: ReadonlyArray<readonly [bigint, bigint]>, at: bigint): readonly [bigint, bigint] | undefined {
  let lo = 0;
  let hi = union.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (union[mid]![0] <= at) lo = mid + 1;
    else hi = mid - 1;
  }
  return union[hi];
}

/**
 * The layer's rows: every prefix a catalog AS announces, and every prefix of any AS that lies inside one of them (a
 * customer's /48 inside a provider's /32 names the customer). Prefixes wholly outside the catalog's announced space
 * stay out: the layer corrects the catalog's networks, it is not a second routing table.
 */
export function cutToCatalog(rows: readonly AnnouncedRow[], asns: readonly number[]): AnnouncedRow[] {
  const catalog = new Set(asns);
  const union = spanUnion(rows.filter((r) => catalog.has(r.asn)).map((r) => [r.start, r.end] as const));
  const inside = (r: AnnouncedRow): boolean => {
    const span = spanAtOrBefore(union, r.start);
    return span !== undefined && r.end <= span[1];
  };
  return rows.filter((r) => catalog.has(r.asn) || inside(r));
}

/** The layer file: its rows written back in the dump's own line format, so one parser reads both. */
export function layerText(rows: readonly AnnouncedRow[], header: readonly string[]): string {
  return `${[...header.map((h) => `% ${h}`), ...rows.map((r) => `${r.asn}\t${r.text}\t${r.peers}`)].join('\n')}\n`;
}

/** The layer data:update left, with its manifest; null when there is none (the committed, delegation-only build). */
export function readAnnouncementLayer(dir = ANNOUNCEMENTS_DIR): { meta: AnnouncementLayerMeta; rows: AnnouncedRow[] } | null {
  const manifest = join(dir, ANNOUNCEMENTS_MANIFEST);
  if (!existsSync(manifest)) return null;
  const meta = JSON.parse(readFileSync(manifest, 'utf8')) as AnnouncementLayerMeta;
  const raw = readFileSync(join(dir, ANNOUNCEMENTS_FILE));
  const sha = createHash('sha256').update(raw).digest('hex');
  if (sha !== meta.sha256 || raw.byteLength !== meta.bytes) {
    throw new Error(`${join(dir, ANNOUNCEMENTS_FILE)}: sha256 ${sha} (${raw.byteLength} bytes) does not match its manifest (${meta.sha256}, ${meta.bytes} bytes); run npm run data:update -- --announcements-only again, or delete ${dir}`);
  }
  const parsed = parseRisWhois(raw.toString('utf8'));
  if (parsed.malformed.length) throw new Error(`${join(dir, ANNOUNCEMENTS_FILE)}: ${parsed.malformed.length} malformed lines, e.g. ${parsed.malformed[0]}`);
  return { meta, rows: originRows(parsed.pairs, meta.minPeers).rows };
}

/** The files a table build reads from the layer (none without it). */
export function announcementInputs(dir = ANNOUNCEMENTS_DIR): string[] {
  return existsSync(join(dir, ANNOUNCEMENTS_MANIFEST)) ? [join(dir, ANNOUNCEMENTS_MANIFEST), join(dir, ANNOUNCEMENTS_FILE)] : [];
}

/**
 * Whether a built table matches the layer as it is now: it carries the layer's label when there is one, and no
 * announcement label at all when there is none. File dates alone cannot tell a table built with a layer that has
 * since been deleted.
 */
export function tableMatchesLayer(table: Uint8Array, meta: AnnouncementLayerMeta | null): boolean {
  const bytes = Buffer.from(table.buffer, table.byteOffset, table.byteLength);
  if (meta === null) return !bytes.includes('"announced":{');
  return bytes.includes(JSON.stringify({ source: meta.id, date: meta.dataDate }));
}
