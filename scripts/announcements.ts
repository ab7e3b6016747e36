/**
 * The IPv6 announcement layer: the routing table's IPv6 rows rest on registry delegation only (docs/data.md "Where
 * the AS of an address comes from"), which gives one AS per delegated block and misses the more specific prefixes its
 * holder's customers or group companies announce (Tencent Cloud's inside 2402:4e00::/32, delegated to China Telecom
 * Sichuan's AS38283). This layer gives the origin AS seen announcing each IPv6 prefix of the catalog's ASes, and every
 * more specific prefix announced inside them; where it speaks, the announcing AS replaces the delegation's.
 *
 * Two sources, one layer at a time:
 * - **committed**: IPtoASN's IPv6 table (https://iptoasn.com, BGP-derived, Public Domain Dedication and License 1.0),
 *   kept in data/announcements/ exactly as its mirror holds it, dated and hash-pinned like the range lists, and cut to
 *   the catalog at every build;
 * - **local**: RIPE RIS's RISwhois dump for IPv6 (https://www.ris.ripe.net/dumps/riswhoisdump.IPv6.gz), fresher and
 *   filtered by peer count, but under terms that do not let us commit it (docs/data.md, "The IPv6 announcement
 *   layer"): `npm run data:update -- --announcements-only --ris` writes its cut to generated/announcements/, which
 *   then replaces the committed layer until that folder is deleted.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { PROVIDERS } from '../src/core/catalog.ts';
import { ipScope, parseCidr, parseIp, type ParsedIp } from '../src/core/ip.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Where `npm run data:update -- --announcements-only --ris` leaves the RIS layer (git-ignored, like generated/asn-source/). */
export const ANNOUNCEMENTS_DIR = join(root, 'generated', 'announcements');
/** The committed layer: IPtoASN's IPv6 table as its mirror holds it, with its pin (source.json). */
export const COMMITTED_ANNOUNCEMENTS_DIR = join(root, 'data', 'announcements');
export const ANNOUNCEMENTS_MANIFEST = 'source.json';
export const ANNOUNCEMENTS_FILE = 'riswhois-ipv6-catalog.txt';
/** Ids of the layers in the table's labels (`{"announced": {"source": ..., "date": ...}}`). */
export const RIS_LAYER_ID = 'ris-whois-ipv6';
export const IPTOASN_LAYER_ID = 'iptoasn-ipv6';
export const RIS_V6_URL = 'https://www.ris.ripe.net/dumps/riswhoisdump.IPv6.gz';
export const IPTOASN_V6_URL = 'https://iptoasn.com/data/ip2asn-v6.tsv.gz';

/**
 * A pair seen by fewer RIS peers than this is left out. RIS peers that see a prefix with a given origin are counted in
 * the dump's third column; a pair seen by a handful of them is more likely a leak, a hijack or a collector-local route
 * than the prefix's origin. 6 is the threshold NLnet Labs' Krill applies to the same dump for the same reason
 * (`MINIMUM_SEEN_BY`, src/server/bgp/riswhois.rs: "Pairs that are only seen by very few peers are likely there by
 * mistake and should be filtered out").
 */
export const MIN_RIS_PEERS = 6;

/** What a layer is, as the builders and data:check read it (for the RIS layer, the manifest data:update writes). */
export interface AnnouncementLayerMeta {
  id: string;
  /** What was downloaded (the dump's URL, or the local file given with --ris-v6-url). */
  url: string;
  /** ISO date of the routing observation (the dump's Last-Modified day, or --ris-date; IPtoASN: its gzip header's time). */
  dataDate: string;
  /** ISO date of the download (IPtoASN: the day its mirror committed it). */
  fetched: string;
  /** The terms the data comes under, as found (docs/data.md). */
  terms: string;
  /** RIS peers a pair needs; null for a source that gives no peer counts (IPtoASN gives one origin per range). */
  minPeers: number | null;
  /** The catalog ASNs the layer was cut for: a catalog AS missing here needs a new download (data:check says so). */
  asns: number[];
  rows: number;
  sha256: string;
  bytes: number;
}

/** data/announcements/source.json: where the committed IPtoASN snapshot comes from, and its pin. */
export interface IpToAsnSnapshot {
  id: typeof IPTOASN_LAYER_ID;
  /** Where IPtoASN publishes the table (data:update downloads it from there). */
  url: string;
  /** The file in data/announcements/, byte for byte as it was obtained (gzip, as IPtoASN serves it). */
  file: string;
  /** ISO date the file was obtained: downloaded, or committed by the mirror it was read from. */
  fetched: string;
  /** The public copy it was read from, when it was not downloaded from IPtoASN itself. */
  mirror?: { repo: string; path: string; commit: string; commitDate: string };
  /** ISO date of the table: the modification time IPtoASN's gzip header records. */
  dataDate: string;
  licence: string;
  /** sha256 and size of the uncompressed table, checked by every build and by data:check. */
  sha256: string;
  bytes: number;
}

/** The modification time a gzip header records (RFC 1952, MTIME), as an ISO date; null when it records none. */
export function gzipDate(bytes: Uint8Array): string | null {
  if (bytes.length < 10 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return null;
  const seconds = (bytes[4]! | (bytes[5]! << 8) | (bytes[6]! << 16) | (bytes[7]! << 24)) >>> 0;
  return seconds === 0 ? null : new Date(seconds * 1000).toISOString().slice(0, 10);
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
  /** The RIS dump names no AS (''); the routing CSV's name is used where it has the AS (build-asn-table.ts). */
  name: string;
  /** The prefix, or for an IPtoASN range its two ends (`first-last`). */
  text: string;
  /** RIS peers that saw it; 0 for IPtoASN, which gives no count. */
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

const ipValue = (ip: ParsedIp): bigint => (ip.version === 4 ? BigInt(ip.v4 >>> 0) : ip.words.reduce((n, w) => (n << 32n) | BigInt(w >>> 0), 0n));

/** What an IPtoASN table holds: its routed IPv6 ranges, and how many lines of each other kind were set aside. */
export interface IpToAsnParse {
  rows: AnnouncedRow[];
  /** Ranges IPtoASN marks as not routed (AS 0, "Not routed"). */
  notRouted: number;
  ipv4: number;
  /** Routed ranges in special-purpose space. */
  notPublic: number;
  /** Lines that are not five tab-separated fields with two addresses of one family in order and an AS number. */
  malformed: string[];
}

/**
 * Reads IPtoASN's table (`ip2asn-v6.tsv`): one line per range, five fields separated by a tab: first address, last
 * address, origin AS number (0 for a range not routed), the AS's country and its description (the format iptoasn.com
 * documents for its TSV files). Ranges are disjoint, one origin each: IPtoASN has already chosen it.
 */
export function parseIpToAsn(text: string): IpToAsnParse {
  const out: IpToAsnParse = { rows: [], notRouted: 0, ipv4: 0, notPublic: 0, malformed: [] };
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    const fields = raw.replace(/\r$/, '').split('\t');
    const first = fields.length === 5 ? parseIp(fields[0]!) : null;
    const lastIp = fields.length === 5 ? parseIp(fields[1]!) : null;
    const asn = fields.length === 5 && /^\d+$/.test(fields[2]!) ? Number(fields[2]) : NaN;
    if (!first || !lastIp || first.version !== lastIp.version || !Number.isInteger(asn) || asn > 0xffffffff) {
      out.malformed.push(raw.slice(0, 80));
      continue;
    }
    if (first.version === 4) {
      out.ipv4++;
      continue;
    }
    const start = ipValue(first);
    const end = ipValue(lastIp);
    if (end < start) {
      out.malformed.push(raw.slice(0, 80));
      continue;
    }
    if (asn === 0) {
      out.notRouted++;
      continue;
    }
    if (ipScope(first) !== 'public' || ipScope(lastIp) !== 'public') {
      out.notPublic++;
      continue;
    }
    out.rows.push({ start, end, asn, name: fields[4]!.trim(), text: `${fields[0]}-${fields[1]}`, peers: 0 });
  }
  out.rows.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
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

/**
 * The layer the build uses: the RIS layer data:update left in generated/announcements/ when there is one, else the
 * committed IPtoASN snapshot in data/announcements/; null when neither is there.
 */
export function announcementDir(): string | null {
  for (const dir of [ANNOUNCEMENTS_DIR, COMMITTED_ANNOUNCEMENTS_DIR]) if (existsSync(join(dir, ANNOUNCEMENTS_MANIFEST))) return dir;
  return null;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The committed snapshot's table, checked against its pin, and the snapshot's description. */
export function readIpToAsnSnapshot(dir = COMMITTED_ANNOUNCEMENTS_DIR): { snapshot: IpToAsnSnapshot; text: string } {
  const snapshot = JSON.parse(readFileSync(join(dir, ANNOUNCEMENTS_MANIFEST), 'utf8')) as IpToAsnSnapshot;
  const raw = gunzipSync(readFileSync(join(dir, snapshot.file)));
  if (sha256(raw) !== snapshot.sha256 || raw.byteLength !== snapshot.bytes) {
    throw new Error(`${join(dir, snapshot.file)}: sha256 ${sha256(raw)} (${raw.byteLength} bytes uncompressed) does not match its pin in ${ANNOUNCEMENTS_MANIFEST} (${snapshot.sha256}, ${snapshot.bytes} bytes)`);
  }
  return { snapshot, text: new TextDecoder('utf-8', { fatal: true }).decode(raw) };
}

const layerCache = new Map<string, { meta: AnnouncementLayerMeta; rows: AnnouncedRow[] }>();

/** The layer in `dir` (by default the one the build uses, `announcementDir()`), with its description; null when none. */
export function readAnnouncementLayer(dir: string | null = announcementDir()): { meta: AnnouncementLayerMeta; rows: AnnouncedRow[] } | null {
  if (dir === null) return null;
  const manifest = join(dir, ANNOUNCEMENTS_MANIFEST);
  if (!existsSync(manifest)) return null;
  const described = JSON.parse(readFileSync(manifest, 'utf8')) as { id?: string };
  if (described.id === IPTOASN_LAYER_ID) {
    // Reading and cutting 150,000 ranges takes a second: the builders ask several times per build.
    const asns = catalogAsns();
    const key = `${dir}|${statSync(manifest).mtimeMs}|${asns.join(',')}`;
    const cached = layerCache.get(key);
    if (cached) return cached;
    const { snapshot, text } = readIpToAsnSnapshot(dir);
    const parsed = parseIpToAsn(text);
    if (parsed.malformed.length) throw new Error(`${join(dir, snapshot.file)}: ${parsed.malformed.length} malformed lines, e.g. ${parsed.malformed[0]}`);
    const rows = cutToCatalog(parsed.rows, asns);
    const meta: AnnouncementLayerMeta = {
      id: snapshot.id,
      url: snapshot.url,
      dataDate: snapshot.dataDate,
      fetched: snapshot.fetched,
      terms: snapshot.licence,
      minPeers: null,
      asns,
      rows: rows.length,
      sha256: snapshot.sha256,
      bytes: snapshot.bytes,
    };
    const layer = { meta, rows };
    layerCache.set(key, layer);
    return layer;
  }
  const meta = described as AnnouncementLayerMeta;
  const raw = readFileSync(join(dir, ANNOUNCEMENTS_FILE));
  const sha = sha256(raw);
  if (sha !== meta.sha256 || raw.byteLength !== meta.bytes) {
    throw new Error(`${join(dir, ANNOUNCEMENTS_FILE)}: sha256 ${sha} (${raw.byteLength} bytes) does not match its manifest (${meta.sha256}, ${meta.bytes} bytes); run npm run data:update -- --announcements-only --ris again, or delete ${dir}`);
  }
  const parsed = parseRisWhois(raw.toString('utf8'));
  if (parsed.malformed.length) throw new Error(`${join(dir, ANNOUNCEMENTS_FILE)}: ${parsed.malformed.length} malformed lines, e.g. ${parsed.malformed[0]}`);
  return { meta, rows: originRows(parsed.pairs, meta.minPeers ?? 0).rows };
}

/** The files a table build reads from the layer it uses (none without one). */
export function announcementInputs(dir: string | null = announcementDir()): string[] {
  if (dir === null) return [];
  const manifest = join(dir, ANNOUNCEMENTS_MANIFEST);
  if (!existsSync(manifest)) return [];
  const { id, file } = JSON.parse(readFileSync(manifest, 'utf8')) as { id?: string; file?: string };
  return [manifest, join(dir, id === IPTOASN_LAYER_ID && file ? file : ANNOUNCEMENTS_FILE)];
}

/** Whether a built table carries RIS data (the layer whose terms `npm run package` checks): its label names the source. */
export function tableHoldsRisLayer(table: Uint8Array): boolean {
  return Buffer.from(table.buffer, table.byteOffset, table.byteLength).includes(`"announced":{"source":"${RIS_LAYER_ID}"`);
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
