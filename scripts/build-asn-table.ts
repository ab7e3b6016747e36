/**
 * `npm run data:build`: compiles the routing CSVs (start, end, ASN, AS name) into generated/asn-table.bin, the one
 * ArrayBuffer that src/core/asn-table.ts wraps. Importing this module only exports `compileAsnTable`; the CLI runs
 * when the file is executed directly.
 *
 * Any source with the same four columns plugs in: `--v4 <csv> --v6 <csv> --source <text> --date YYYY-MM-DD`.
 * Start/end may be decimal integers (the *-num.csv files) or textual addresses.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import {
  ASN_TABLE_FORMAT_VERSION,
  ASN_TABLE_HEADER_BYTES,
  ASN_TABLE_MAGIC,
  AsnTable,
  BUCKET_MAP_WORDS,
  FINE_BLOCK_FLAG,
  HEADER,
  INDEX_BUCKETS,
  UNANNOUNCED,
  V6_ENTRY_WORDS,
  asnTableLayout,
  popcount,
  toBytePlanes,
  v4Bucket,
  v6Bucket,
  v6BucketHi,
} from '../src/core/asn-table.ts';
import { parseIp } from '../src/core/ip.ts';
import { announcementInputs, readAnnouncementLayer, tableMatchesLayer } from './announcements.ts';
import { buildPrefixLayers, Labels } from './prefix-layers.ts';

/** Identity of the routing data, stored in the table header and shown to users. */
export interface AsnSourceMeta {
  source: string;
  /** ISO date (YYYY-MM-DD) of the data. */
  dataDate: string;
  licence: string;
  /** Drop an unannounced IPv4 gap of at most this many addresses between two ranges of the same AS (0 = never). */
  bridgeGap?: number;
}

/** A prefix a layer speaks about: inclusive bounds and the index of its label in `PrefixLayers.labels`. */
export interface OverlayRow {
  start: bigint;
  end: bigint;
  label: number;
}

/**
 * What the prefix layers say, above the routing rows: providers' published ranges first, then prefix registrations.
 * Labels are JSON objects `{"published": PublishedRange}` or `{"registration": PrefixRegistration}` (src/core/types.ts).
 */
export interface PrefixLayers {
  labels: string[];
  published: { v4: OverlayRow[]; v6: OverlayRow[] };
  registration: { v4: OverlayRow[]; v6: OverlayRow[] };
  /**
   * Observed IPv6 announcements (scripts/announcements.ts: the committed IPtoASN snapshot, or RIPE RIS's dump):
   * `origins` replace the delegation rows' AS where they speak (the narrower prefix first), and `v6` labels the same
   * prefixes `{"announced": RoutingAnnouncement}` so a lookup says its AS rests on an announcement. Optional: a build
   * without it keeps the delegation rows, byte for byte.
   */
  announced?: {
    origins: Array<{ start: bigint; end: bigint; asn: number; name: string }>;
    v6: OverlayRow[];
    /**
     * ASNs of catalog providers under extra-EU law: where the delegation gives one of them, an announcement by an AS
     * outside `known` (the catalog's ASNs) does not replace it, so an extra-EU warning is never turned into "unknown"
     * by an AS the catalog cannot place (China Telecom's provincial ASes named "Guangdong", "Beihai"...). Elsewhere any
     * announcement speaks, so a customer's prefix inside an EU provider's block is no longer read as that provider's.
     */
    keepWarningOf?: number[];
    known?: number[];
  };
}

/** What the compiler did, for the build log and for tests. */
export interface AsnCompileStats {
  v4Rows: number;
  v6Rows: number;
  /** Rows refused (bad numbers, end before start, AS 0), with a few examples. */
  rejectedRows: number;
  rejectedExamples: string[];
  /** Pairs of rows whose ranges overlap (the later-starting one wins where they do). */
  overlaps: number;
  bridgedGaps: number;
  v4Entries: number;
  v6Entries: number;
  v6FineBlocks: number;
  v6FineEntries: number;
  asCount: number;
  /** (AS, overlay) records added for addresses a prefix layer speaks about, and the labels they use. */
  extraRecords: number;
  overlayCount: number;
  bytes: number;
}

interface Row {
  start: bigint;
  end: bigint;
  asn: number;
  name: string;
}

const V4_MAX = (1n << 32n) - 1n;
const V6_MAX = (1n << 128n) - 1n;
const LOW64 = (1n << 64n) - 1n;
const NONE = -1;

/** Splits one CSV line into (start, end, asn, name); the name may be quoted with "" escapes and contain commas. */
function splitRow(line: string): [string, string, string, string] | null {
  const c1 = line.indexOf(',');
  const c2 = c1 < 0 ? -1 : line.indexOf(',', c1 + 1);
  const c3 = c2 < 0 ? -1 : line.indexOf(',', c2 + 1);
  if (c3 < 0) return null;
  let name = line.slice(c3 + 1);
  if (name.startsWith('"')) {
    if (name.length < 2 || !name.endsWith('"')) return null;
    name = name.slice(1, -1).replaceAll('""', '"');
  }
  return [line.slice(0, c1), line.slice(c1 + 1, c2), line.slice(c2 + 1, c3), name.trim()];
}

function parseBound(text: string, family: 4 | 6): bigint | null {
  if (/^\d{1,39}$/.test(text)) {
    const n = BigInt(text);
    return n <= (family === 4 ? V4_MAX : V6_MAX) ? n : null;
  }
  const ip = parseIp(text);
  if (ip === null || ip.version !== family) return null;
  if (ip.version === 4) return BigInt(ip.v4);
  return ip.words.reduce((acc, w) => (acc << 32n) | BigInt(w), 0n);
}

function parseRows(csv: string, family: 4 | 6, stats: AsnCompileStats): Row[] {
  const rows: Row[] = [];
  let lineNo = 0;
  for (const raw of csv.split('\n')) {
    lineNo++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') continue;
    const reject = (why: string): void => {
      stats.rejectedRows++;
      if (stats.rejectedExamples.length < 5) stats.rejectedExamples.push(`IPv${family} line ${lineNo}: ${why}: ${line.slice(0, 80)}`);
    };
    const fields = splitRow(line);
    if (!fields) {
      // A header line is not an error.
      if (lineNo === 1 && !/^\d/.test(line)) continue;
      reject('not 4 columns');
      continue;
    }
    const start = parseBound(fields[0], family);
    const end = parseBound(fields[1], family);
    const asn = /^\d{1,10}$/.test(fields[2]) ? Number(fields[2]) : NaN;
    if (start === null || end === null || end < start) reject('bad range');
    // AS 0 means "not routed" (RFC 7607): leave it as a gap rather than an AS.
    else if (!(asn >= 1 && asn <= 0xffffffff)) reject('bad AS number');
    else rows.push({ start, end, asn, name: fields[3] });
  }
  return rows;
}

/**
 * Turns possibly overlapping rows into sorted (start, asIndex) entries covering the whole space from 0, with
 * UNANNOUNCED entries for gaps. Where rows overlap, the later-starting (for equal starts, the narrower) one wins, and
 * an enclosing row resumes after it ends.
 */
function flatten(rows: Row[], asIndexOf: Map<number, number>, max: bigint, stats: AsnCompileStats): Array<[bigint, number]> {
  rows.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.end > b.end ? -1 : a.end < b.end ? 1 : 0));
  const out: Array<[bigint, number]> = [];
  const emit = (at: bigint, as: number): void => {
    if (at > max) return;
    const last = out[out.length - 1];
    if (last && last[0] === at) {
      out.pop();
      const before = out[out.length - 1];
      if (!before || before[1] !== as) out.push([at, as]);
      return;
    }
    if (last && last[1] === as) return;
    out.push([at, as]);
  };
  const open: Row[] = [];
  const closeBefore = (limit: bigint): void => {
    while (open.length > 0 && open[open.length - 1]!.end < limit) {
      const resumeAt = open.pop()!.end + 1n;
      while (open.length > 0 && open[open.length - 1]!.end < resumeAt) open.pop();
      const enclosing = open[open.length - 1];
      emit(resumeAt, enclosing ? asIndexOf.get(enclosing.asn)! : NONE);
    }
  };
  let previous: Row | undefined;
  for (const row of rows) {
    if (previous && row.start <= previous.end) stats.overlaps++;
    closeBefore(row.start);
    if (out.length === 0 && row.start > 0n) out.push([0n, NONE]);
    emit(row.start, asIndexOf.get(row.asn)!);
    open.push(row);
    previous = row;
  }
  closeBefore(max + 1n);
  if (out.length === 0) out.push([0n, NONE]);
  return out;
}

/** An AS name cut to at most 255 UTF-8 bytes (its length is stored in one byte), on a character boundary. */
function fitName(name: string): string {
  let out = name;
  while (Buffer.byteLength(out, 'utf8') > 255) out = out.slice(0, -1);
  return out;
}

/** Flattens overlay rows like routing rows: where prefixes nest, the narrower one speaks. */
function flattenOverlay(rows: OverlayRow[], max: bigint): Array<[bigint, number]> {
  const asRows: Row[] = rows.map((r) => ({ start: r.start, end: r.end, asn: r.label, name: '' }));
  const identity = new Map(rows.map((r) => [r.label, r.label]));
  const scratch = { overlaps: 0 } as AsnCompileStats;
  return flatten(asRows, identity, max, scratch);
}

/** Sweeps two step functions (sorted [start, value] lists from 0) and emits `pick(a, b)` wherever either changes. */
function sweep(a: Array<[bigint, number]>, b: Array<[bigint, number]>, pick: (a: number, b: number) => number): Array<[bigint, number]> {
  const out: Array<[bigint, number]> = [];
  let i = 0;
  let j = 0;
  let va = NONE;
  let vb = NONE;
  while (i < a.length || j < b.length) {
    const at = j >= b.length || (i < a.length && a[i]![0] <= b[j]![0]) ? a[i]![0] : b[j]![0];
    while (i < a.length && a[i]![0] === at) va = a[i++]![1];
    while (j < b.length && b[j]![0] === at) vb = b[j++]![1];
    const v = pick(va, vb);
    if (out.length === 0 || out[out.length - 1]![1] !== v) out.push([at, v]);
  }
  return out;
}

/**
 * Lays the prefix layers over the routing entries, in the order of authority: a published range wins over a
 * registration. An announcement label says what the AS rests on; it joins either (`join`), or stands alone. An
 * address a layer speaks about gets a record (its AS index, or none, plus the layer's label).
 */
function applyLayers(
  routing: Array<[bigint, number]>,
  published: OverlayRow[],
  registration: OverlayRow[],
  announced: Array<[bigint, number]>,
  max: bigint,
  recordOf: (asIndex: number, label: number) => number,
  join: (label: number, announcement: number) => number,
): Array<[bigint, number]> {
  if (published.length === 0 && registration.length === 0 && announced.length === 0) return routing;
  const above = sweep(flattenOverlay(published, max), flattenOverlay(registration, max), (p, r) => (p !== NONE ? p : r));
  const overlay = announced.length === 0 ? above : sweep(above, announced, (l, a) => (a === NONE ? l : l === NONE ? a : join(l, a)));
  return sweep(routing, overlay, (as, label) => (label === NONE ? as : recordOf(as, label)));
}

/** Removes short unannounced gaps between two entries of the same AS (measured option, off by default). */
function bridge(entries: Array<[bigint, number]>, maxGap: number, stats: AsnCompileStats): Array<[bigint, number]> {
  if (maxGap <= 0) return entries;
  const out: Array<[bigint, number]> = [];
  for (let i = 0; i < entries.length; i++) {
    const prev = out[out.length - 1];
    const gap = entries[i]!;
    const next = entries[i + 1];
    if (prev && next && gap[1] === NONE && prev[1] === next[1] && next[0] - gap[0] <= BigInt(maxGap)) {
      stats.bridgedGaps++;
      i++; // skip the gap and the repeated AS entry
      continue;
    }
    out.push(gap);
  }
  return out;
}

/**
 * Splits 128-bit IPv6 entries into /64 entries; a /64 that several entries share becomes a fine block searched on
 * its low 64 bits, so even ranges narrower than a /64 are exact.
 */
function splitV6(entries: Array<[bigint, number]>): {
  coarse: Array<[bigint, number]>;
  fineFirst: number[];
  fine: Array<[bigint, number]>;
} {
  const coarse: Array<[bigint, number]> = [];
  const fineFirst: number[] = [];
  const fine: Array<[bigint, number]> = [];
  const pushCoarse = (key: bigint, as: number): void => {
    const last = coarse[coarse.length - 1];
    if (last && last[0] === key) last[1] = as;
    else if (!last || last[1] !== as || as >= FINE_BLOCK_FLAG) coarse.push([key, as]);
  };
  let previousAs = NONE;
  let fineKey = -1n; // the /64 whose fine block is open
  for (const [start, as] of entries) {
    const key = start >> 64n;
    const low = start & LOW64;
    if (fineKey !== -1n && key !== fineKey) {
      // Leaving a fine block: the /64s after it carry the block's last AS until the next entry.
      if (key > fineKey + 1n) coarse.push([fineKey + 1n, previousAs]);
      fineKey = -1n;
    }
    if (low === 0n && fineKey === -1n) {
      pushCoarse(key, as);
    } else {
      if (fineKey === -1n) {
        fineKey = key;
        const last = coarse[coarse.length - 1];
        const startAs = last && last[0] === key ? last[1] : previousAs;
        if (last && last[0] === key) coarse.pop();
        coarse.push([key, (FINE_BLOCK_FLAG | fineFirst.length) >>> 0]);
        fineFirst.push(fine.length);
        fine.push([0n, startAs]);
      }
      fine.push([low, as]);
    }
    previousAs = as;
  }
  if (fineKey !== -1n && fineKey < LOW64) coarse.push([fineKey + 1n, previousAs]);
  fineFirst.push(fine.length);
  // Coarse entries pushed after a block may repeat the AS before the block ended; that is harmless but merge anyway.
  const merged: Array<[bigint, number]> = [];
  for (const entry of coarse) {
    const last = merged[merged.length - 1];
    if (last && last[1] === entry[1] && entry[1] < FINE_BLOCK_FLAG) continue;
    merged.push(entry);
  }
  return { coarse: merged, fineFirst, fine };
}

/**
 * The sparse bucket index (`BucketIndex`) of entries in ascending order: `bucketOf(i)` is entry i's bucket, -1 before
 * the indexed space, INDEX_BUCKETS after it. Its size follows the occupied buckets.
 */
function bucketIndex(count: number, bucketOf: (i: number) => number): { map: Uint32Array; firsts: number[] } {
  const map = new Uint32Array(BUCKET_MAP_WORDS);
  const firsts: number[] = [];
  let previous = -1;
  let end = count;
  for (let i = 0; i < count; i++) {
    const b = bucketOf(i);
    if (b >= INDEX_BUCKETS) {
      end = i;
      break;
    }
    if (b < 0 || b === previous) continue;
    map[2 * (b >>> 5) + 1]! |= 1 << (b & 31);
    firsts.push(i);
    previous = b;
  }
  firsts.push(end);
  let before = 0;
  for (let at = 0; at < BUCKET_MAP_WORDS; at += 2) {
    map[at] = before;
    before += popcount(map[at + 1]!);
  }
  return { map, firsts };
}

/** Compiles the two CSVs into the binary table (see docs/asn-table.md for the layout). */
export function compileAsnTable(v4Csv: string, v6Csv: string, meta: AsnSourceMeta, layers?: PrefixLayers): { bytes: Uint8Array; stats: AsnCompileStats } {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(meta.dataDate)) throw new Error(`dataDate must be YYYY-MM-DD, got "${meta.dataDate}"`);
  const stats: AsnCompileStats = {
    v4Rows: 0, v6Rows: 0, rejectedRows: 0, rejectedExamples: [], overlaps: 0, bridgedGaps: 0,
    v4Entries: 0, v6Entries: 0, v6FineBlocks: 0, v6FineEntries: 0, asCount: 0, extraRecords: 0, overlayCount: 0, bytes: 0,
  };
  const v4Rows = parseRows(v4Csv, 4, stats);
  const v6Rows = parseRows(v6Csv, 6, stats);
  stats.v4Rows = v4Rows.length;
  stats.v6Rows = v6Rows.length;
  const origins: Row[] = (layers?.announced?.origins ?? []).map((o) => ({ ...o }));

  // AS table: ascending ASN; the first name seen for an ASN is kept (the routing CSV's before an announcement's).
  const nameOf = new Map<number, string>();
  for (const row of v4Rows) if (!nameOf.has(row.asn)) nameOf.set(row.asn, row.name);
  for (const row of v6Rows) if (!nameOf.has(row.asn)) nameOf.set(row.asn, row.name);
  for (const row of origins) if (!nameOf.has(row.asn)) nameOf.set(row.asn, row.name);
  const asns = [...nameOf.keys()].sort((a, b) => a - b);
  const asIndexOf = new Map(asns.map((asn, i) => [asn, i]));

  // Records beyond the ASes: one per distinct (AS index, overlay label) a layer produces.
  const extra: Array<[number, number]> = [];
  const extraIndex = new Map<string, number>();
  const recordOf = (asIndex: number, label: number): number => {
    const key = `${asIndex}/${label}`;
    let record = extraIndex.get(key);
    if (record === undefined) {
      record = asns.length + extra.length;
      extra.push([asIndex, label]);
      extraIndex.set(key, record);
    }
    return record;
  };
  // Labels, and the ones a layer label and an announcement label make together (their JSON objects merged).
  const labelSet = new Labels(layers?.labels ?? []);
  const join = (label: number, announcement: number): number =>
    labelSet.of({ ...(JSON.parse(labelSet.list[label]!) as object), ...(JSON.parse(labelSet.list[announcement]!) as object) });
  const none = { v4: [], v6: [] };
  const v4Flat = applyLayers(flatten(v4Rows, asIndexOf, V4_MAX, stats), layers?.published.v4 ?? [], layers?.registration.v4 ?? [], [], V4_MAX, recordOf, join);
  // IPv6: where an announcement speaks, its AS replaces the delegation's, and its label says so.
  let v6Routing = flatten(v6Rows, asIndexOf, V6_MAX, stats);
  let v6Announced: Array<[bigint, number]> = [];
  if (origins.length > 0) {
    const known = new Set(layers?.announced?.known ?? []);
    const keep = new Set(layers?.announced?.keepWarningOf ?? []);
    const scratch = { overlaps: 0 } as AsnCompileStats;
    // What stands without the unknown ASes' announcements (the catalog's announcements over the delegation), as
    // AS index * 2 + 1 when an announcement gave it, * 2 from the delegation, NONE for no AS.
    const knownFlat = flatten(origins.filter((o) => known.has(o.asn)), asIndexOf, V6_MAX, scratch);
    const standing = sweep(v6Routing, knownFlat, (d, k) => (k !== NONE ? 2 * k + 1 : d === NONE ? NONE : 2 * d));
    // Every announcement, the narrower first; one by an AS outside the catalog does not replace an extra-EU warning.
    const anyFlat = flatten(origins, asIndexOf, V6_MAX, scratch);
    const chosen = sweep(standing, anyFlat, (st, a) => {
      const other = st === NONE ? NONE : st >> 1;
      if (a === NONE || (!known.has(asns[a]!) && other !== NONE && keep.has(asns[other]!))) return st;
      return 2 * a + 1;
    });
    const part = (value: (v: number) => number): Array<[bigint, number]> => {
      const out: Array<[bigint, number]> = [];
      for (const [at, v] of chosen) {
        const x = value(v);
        if (out.length === 0 || out[out.length - 1]![1] !== x) out.push([at, x]);
      }
      return out;
    };
    v6Routing = part((v) => (v === NONE ? NONE : v >> 1));
    const spoke = part((v) => (v !== NONE && (v & 1) === 1 ? 1 : NONE));
    v6Announced = sweep(spoke, flattenOverlay(layers?.announced?.v6 ?? [], V6_MAX), (sp, l) => (sp === NONE ? NONE : l));
  }
  const v6Flat = applyLayers(v6Routing, (layers?.published ?? none).v6, (layers?.registration ?? none).v6, v6Announced, V6_MAX, recordOf, join);
  const v4 = bridge(v4Flat, meta.bridgeGap ?? 0, stats);
  const v6 = splitV6(v6Flat);
  const labels = labelSet.list.map((l) => new TextEncoder().encode(l));

  const encoder = new TextEncoder();
  const encodedNames = asns.map((asn) => encoder.encode(fitName(nameOf.get(asn)!)));
  const namesBytes = encodedNames.reduce((n, b) => n + b.byteLength, 0);
  const metaBytes = encoder.encode(JSON.stringify({ source: meta.source, dataDate: meta.dataDate, licence: meta.licence }));

  const v4Buckets = bucketIndex(v4.length, (i) => v4Bucket(Number(v4[i]![0])));
  // IPv6 buckets cover 2000::/3; the /64 keys' high words place them.
  const v6Buckets = bucketIndex(v6.coarse.length, (i) => {
    const hi = Number(v6.coarse[i]![0] >> 32n);
    return hi < v6BucketHi(0) ? -1 : hi >= v6BucketHi(INDEX_BUCKETS) ? INDEX_BUCKETS : v6Bucket(hi);
  });
  const counts = {
    metaBytes: metaBytes.byteLength,
    v4Entries: v4.length,
    v6Entries: v6.coarse.length,
    v6FineBlocks: v6.fineFirst.length - 1,
    v6FineEntries: v6.fine.length,
    asCount: asns.length,
    namesBytes,
    extraRecords: extra.length,
    overlayCount: labels.length,
    overlayBytes: labels.reduce((n, b) => n + b.byteLength, 0),
    v4Buckets: v4Buckets.firsts.length - 1,
    v6Buckets: v6Buckets.firsts.length - 1,
  };
  const layout = asnTableLayout(counts);
  const buffer = new ArrayBuffer(layout.totalBytes);
  const bytes = new Uint8Array(buffer);
  const header = new DataView(buffer);
  const put = (offset: number, value: number): void => header.setUint32(offset, value, true);
  put(HEADER.magic, ASN_TABLE_MAGIC);
  put(HEADER.version, ASN_TABLE_FORMAT_VERSION);
  put(HEADER.totalBytes, layout.totalBytes);
  put(HEADER.metaBytes, counts.metaBytes);
  put(HEADER.v4Entries, counts.v4Entries);
  put(HEADER.v6Entries, counts.v6Entries);
  put(HEADER.v6FineBlocks, counts.v6FineBlocks);
  put(HEADER.v6FineEntries, counts.v6FineEntries);
  put(HEADER.asCount, counts.asCount);
  put(HEADER.namesBytes, counts.namesBytes);
  put(HEADER.v4Ranges, stats.v4Rows);
  put(HEADER.v6Ranges, stats.v6Rows);
  put(HEADER.extraRecords, counts.extraRecords);
  put(HEADER.overlayCount, counts.overlayCount);
  put(HEADER.overlayBytes, counts.overlayBytes);
  put(HEADER.v4Buckets, counts.v4Buckets);
  put(HEADER.v6Buckets, counts.v6Buckets);
  if (ASN_TABLE_HEADER_BYTES !== 68) throw new Error('header size changed: update the builder');

  // The reader wraps these sections in native typed arrays and refuses big-endian hosts, so native order is LE here.
  const words = (offset: number, length: number): Uint32Array => new Uint32Array(buffer, offset, length);
  const asWord = (as: number): number => (as === NONE ? UNANNOUNCED : as);
  bytes.set(metaBytes, layout.meta);
  const v4Lows = new Uint16Array(buffer, layout.v4Lows, v4.length);
  const v4As = words(layout.v4As, v4.length);
  words(layout.v4BucketMap, BUCKET_MAP_WORDS).set(v4Buckets.map);
  words(layout.v4BucketFirsts, v4Buckets.firsts.length).set(v4Buckets.firsts);
  v4.forEach(([start, as], i) => {
    v4Lows[i] = Number(start) & 0xffff;
    v4As[i] = asWord(as);
  });
  const v6Records = words(layout.v6Records, v6.coarse.length);
  v6.coarse.forEach(([, as], i) => {
    v6Records[i] = asWord(as);
  });
  bytes.set(toBytePlanes(v6.coarse.map(([key]) => Number(key >> 32n))), layout.v6Keys);
  bytes.set(toBytePlanes(v6.coarse.map(([key]) => Number(key & 0xffffffffn))), layout.v6Keys + 4 * v6.coarse.length);
  words(layout.v6BucketMap, BUCKET_MAP_WORDS).set(v6Buckets.map);
  words(layout.v6BucketFirsts, v6Buckets.firsts.length).set(v6Buckets.firsts);
  words(layout.v6FineFirst, v6.fineFirst.length).set(v6.fineFirst);
  const fineWords = words(layout.v6Fine, V6_ENTRY_WORDS * v6.fine.length);
  v6.fine.forEach(([low, as], i) => {
    fineWords[3 * i] = Number(low >> 32n);
    fineWords[3 * i + 1] = Number(low & 0xffffffffn);
    fineWords[3 * i + 2] = asWord(as);
  });
  words(layout.asDeltas, asns.length).set(asns.map((asn, i) => asn - (i > 0 ? asns[i - 1]! : 0)));
  const nameLengths = new Uint8Array(buffer, layout.nameLengths, asns.length);
  let at = 0;
  encodedNames.forEach((name, i) => {
    nameLengths[i] = name.byteLength;
    bytes.set(name, layout.names + at);
    at += name.byteLength;
  });
  words(layout.extraAs, extra.length).set(extra.map(([as]) => asWord(as)));
  words(layout.extraOverlay, extra.length).set(extra.map(([, label]) => label));
  const overlayOffsets = words(layout.overlayOffsets, labels.length + 1);
  at = 0;
  labels.forEach((label, i) => {
    overlayOffsets[i] = at;
    bytes.set(label, layout.overlays + at);
    at += label.byteLength;
  });
  overlayOffsets[labels.length] = at;

  AsnTable.fromBuffer(bytes).verify(); // never write a table the reader would refuse
  Object.assign(stats, {
    v4Entries: counts.v4Entries,
    v6Entries: counts.v6Entries,
    v6FineBlocks: counts.v6FineBlocks,
    v6FineEntries: counts.v6FineEntries,
    asCount: counts.asCount,
    extraRecords: counts.extraRecords,
    overlayCount: counts.overlayCount,
    bytes: layout.totalBytes,
  });
  return { bytes, stats };
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packageDir = join(root, 'node_modules', '@ip-location-db', 'asn');
/** Where `npm run data:update` leaves a newer source; preferred over the npm package when present. */
export const UPDATED_SOURCE_DIR = join(root, 'generated', 'asn-source');
export const ASN_TABLE_PATH = join(root, 'generated', 'asn-table.bin');

/** Inputs of a build: two CSV paths and their identity. */
export interface AsnSourceFiles extends AsnSourceMeta {
  v4Path: string;
  v6Path: string;
}

/** The pinned npm package; its version ends in YYYYMMDDHH, the date of the data. */
export function packageSource(): AsnSourceFiles {
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const m = /(\d{4})(\d{2})(\d{2})\d{2}$/.exec(version);
  if (!m) throw new Error(`cannot read a data date from @ip-location-db/asn version ${version}`);
  return {
    source: `@ip-location-db/asn ${version} (npm)`,
    dataDate: `${m[1]}-${m[2]}-${m[3]}`,
    licence: ASN_DATA_LICENCE,
    v4Path: join(packageDir, 'asn-ipv4-num.csv'),
    v6Path: join(packageDir, 'asn-ipv6-num.csv'),
  };
}

export const ASN_DATA_LICENCE =
  'CC BY 4.0: RouteViews, NRO (RIR delegation data), DB-IP "IP Geolocation by DB-IP" (https://db-ip.com), compiled by sapics/ip-location-db';

/** The source a plain `npm run data:build` uses: an updated one if data:update left it, else the npm package. */
export function defaultSource(): AsnSourceFiles {
  const manifest = join(UPDATED_SOURCE_DIR, 'source.json');
  if (existsSync(manifest)) {
    const meta = JSON.parse(readFileSync(manifest, 'utf8')) as AsnSourceMeta;
    return { ...meta, v4Path: join(UPDATED_SOURCE_DIR, 'asn-ipv4-num.csv'), v6Path: join(UPDATED_SOURCE_DIR, 'asn-ipv6-num.csv') };
  }
  return packageSource();
}

function mtime(path: string): number {
  return existsSync(path) ? statSync(path).mtimeMs : 0;
}

/** Builds `out` from `src` unless it is newer than its inputs and this builder (or `force`). Returns what it did. */
/** Every file a table build depends on besides the routing CSVs (a change to any of them rebuilds the tables). */
export function layerInputs(): string[] {
  const ranges = join(root, 'data', 'ranges');
  return [
    fileURLToPath(import.meta.url),
    join(root, 'src', 'core', 'asn-table.ts'),
    join(root, 'src', 'core', 'ip.ts'),
    join(root, 'scripts', 'prefix-layers.ts'),
    join(root, 'scripts', 'published-ranges.ts'),
    join(root, 'scripts', 'announcements.ts'),
    join(root, 'data', 'providers.json'),
    ...readdirSync(ranges).map((f) => join(ranges, f)),
    ...announcementInputs(),
  ];
}

/** What a table build did, with what its IPv6 announcement layer gave (for the build log). */
export type AsnBuildStats = AsnCompileStats & { announcement: { source: string; date: string; rows: number; staleDropped: number } | null };

export function buildAsnTableFile(src: AsnSourceFiles, out = ASN_TABLE_PATH, force = false): AsnBuildStats | null {
  const inputs = [src.v4Path, src.v6Path, ...layerInputs()];
  const manifest = join(UPDATED_SOURCE_DIR, 'source.json');
  if (existsSync(manifest)) inputs.push(manifest);
  if (!force && existsSync(out) && inputs.every((p) => mtime(p) < mtime(out)) && tableMatchesLayer(readFileSync(out), readAnnouncementLayer()?.meta ?? null)) return null;
  const v4Csv = readFileSync(src.v4Path, 'utf8');
  const v6Csv = readFileSync(src.v6Path, 'utf8');
  const layers = buildPrefixLayers(v4Csv, v6Csv, undefined, src.dataDate);
  const { bytes, stats } = compileAsnTable(v4Csv, v6Csv, src, layers.layers);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, bytes);
  const meta = readAnnouncementLayer()?.meta;
  return { ...stats, announcement: meta ? { source: meta.id, date: meta.dataDate, rows: layers.announcedRows, staleDropped: layers.staleDropped } : null };
}

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function main(args: string[]): void {
  const started = performance.now();
  let src = defaultSource();
  const v4 = argValue(args, '--v4');
  const v6 = argValue(args, '--v6');
  if (v4 || v6) {
    if (!v4 || !v6) throw new Error('--v4 and --v6 go together');
    const dataDate = argValue(args, '--date');
    const source = argValue(args, '--source');
    if (!dataDate || !source) throw new Error('a custom source needs --source "<what>" and --date YYYY-MM-DD');
    src = { source, dataDate, licence: argValue(args, '--licence') ?? '', v4Path: resolve(v4), v6Path: resolve(v6) };
  }
  const bridgeGap = Number(argValue(args, '--bridge-gap') ?? 0);
  if (bridgeGap > 0) src = { ...src, bridgeGap };
  const out = resolve(argValue(args, '--out') ?? ASN_TABLE_PATH);
  const stats = buildAsnTableFile(src, out, args.includes('--force') || v4 !== undefined || bridgeGap > 0);
  if (stats === null) {
    console.log(`asn-table: ${out} is up to date (${statSync(out).size} bytes); --force to rebuild`);
    return;
  }
  const gz = gzipSync(readFileSync(out)).byteLength;
  console.log(`asn-table: ${src.source}, data of ${src.dataDate}`);
  console.log(`  rows      IPv4 ${stats.v4Rows}, IPv6 ${stats.v6Rows}, rejected ${stats.rejectedRows}, overlapping pairs ${stats.overlaps}, bridged gaps ${stats.bridgedGaps}`);
  for (const example of stats.rejectedExamples) console.log(`    rejected: ${example}`);
  console.log(`  entries   IPv4 ${stats.v4Entries}, IPv6 /64 ${stats.v6Entries} + ${stats.v6FineEntries} finer in ${stats.v6FineBlocks} split /64s, ${stats.asCount} ASes`);
  console.log(`  layers    ${stats.overlayCount} labels (published ranges, registrations, IPv6 announcements), ${stats.extraRecords} (AS, label) records`);
  const a = stats.announcement;
  if (a === null) console.log('  IPv6      no announcement layer: IPv6 ASes rest on delegation data');
  else console.log(`  IPv6      announcement layer ${a.source} of ${a.date}: ${a.rows} ranges used${a.date < src.dataDate ? `, ${a.staleDropped} left out (older than the routing data, they would read more reassuring than it)` : ''}`);
  console.log(`  bytes     ${stats.bytes} (gzip ${gz}) -> ${out}`);
  console.log(`  time      ${((performance.now() - started) / 1000).toFixed(2)} s`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(`asn-table: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
