/**
 * The offline IP -> AS engine: one ArrayBuffer (built by scripts/build-asn-table.ts) wrapped in typed arrays, looked
 * up by binary search. Loading never parses rows, so a service-worker restart costs a few milliseconds.
 * The byte layout is described in docs/asn-table.md; the constants below are shared with the builder.
 */
import type { AsnInfo } from './types.ts';
import { embeddedIpv4Words, ipv4Scope, ipv6Scope, parseDottedQuad, parseIpv6Into, type ParsedIp } from './ip.ts';

/** "VASN" read as a little-endian uint32. */
export const ASN_TABLE_MAGIC = 0x4e534156;
export const ASN_TABLE_FORMAT_VERSION = 4;
export const ASN_TABLE_HEADER_BYTES = 68;
/** AS index of an address range nobody announces: a lookup there returns null. */
export const UNANNOUNCED = 0xffffffff;
/** Set on an IPv6 /64 entry whose /64 is split between several ranges; the low bits index a fine block. */
export const FINE_BLOCK_FLAG = 0x80000000;

/** Header field byte offsets (all uint32, little-endian). */
export const HEADER = {
  magic: 0,
  version: 4,
  totalBytes: 8,
  metaBytes: 12,
  v4Entries: 16,
  v6Entries: 20,
  v6FineBlocks: 24,
  v6FineEntries: 28,
  asCount: 32,
  namesBytes: 36,
  v4Ranges: 40,
  v6Ranges: 44,
  extraRecords: 48,
  overlayCount: 52,
  overlayBytes: 56,
  /** Occupied IPv4 buckets (the size of the IPv4 bucket index), then occupied IPv6 buckets. */
  v4Buckets: 60,
  v6Buckets: 64,
} as const;

/**
 * First-level indexes over 65,536 buckets, so a lookup binary-searches a handful of entries instead of the whole
 * table. IPv4 buckets are /16s (entries then only need the low 16 bits of their start); IPv6 buckets are /19s of
 * 2000::/3, the only space with global unicast addresses. Each index is sparse (`BucketIndex`): its size follows the
 * buckets that hold an entry's start, not the 65,536 buckets.
 */
export const INDEX_BUCKETS = 65536;
/** IPv4 bucket of an address. */
export const v4Bucket = (v4: number): number => v4 >>> 16;
/** IPv6 bucket of the first word of an address inside 2000::/3. */
export const v6Bucket = (w0: number): number => (w0 >>> 13) & 0xffff;
/** First word of IPv6 bucket b's first address (b = 65,536 gives the end of 2000::/3). */
export const v6BucketHi = (b: number): number => 0x20000000 + b * 8192;
/** Buckets per occupancy word of a bucket map. */
const BUCKETS_PER_WORD = 32;
/** u32 words of a bucket map: per 32 buckets, the occupied buckets before them, then their occupancy bits. */
export const BUCKET_MAP_WORDS = (2 * INDEX_BUCKETS) / BUCKETS_PER_WORD;

/** Set bits of a 32-bit word. */
export function popcount(word: number): number {
  let x = word - ((word >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/**
 * A sparse bucket index: one bit per bucket saying whether an entry starts in it (with, per 32 buckets, the count of
 * occupied buckets before them), and the first entry of each occupied bucket, followed by the end of the indexed
 * entries. Entries starting in bucket b are [first(b), end(b)); an empty bucket gives first = end, the first entry of
 * the next occupied bucket, so the entry in force there is the one before it. The hot table's 7,622 occupied IPv4
 * buckets take 46 kB this way where a dense index took 256 kB.
 */
export class BucketIndex {
  constructor(
    /** BUCKET_MAP_WORDS words: [occupied buckets before the word's 32, occupancy bits] per 32 buckets. */
    readonly map: Uint32Array,
    /** First entry of each occupied bucket, then the end of the indexed entries (occupied + 1 values). */
    readonly firsts: Uint32Array,
  ) {}

  /** Where bucket b's first entry is kept in `firsts`: the number of occupied buckets before b. */
  slot(b: number): number {
    const at = (b >>> 5) << 1;
    return this.map[at]! + popcount(this.map[at + 1]! & ((1 << (b & 31)) - 1));
  }

  /** 1 if an entry starts in bucket b, else 0: end(b) is firsts[slot(b) + occupied(b)]. */
  occupied(b: number): number {
    return (this.map[((b >>> 5) << 1) + 1]! >>> (b & 31)) & 1;
  }

  /** Whether group g's count plus its set bits gives the next group's count (after the last group: all occupied buckets). */
  groupConsistent(g: number, occupiedBuckets: number): boolean {
    const next = 2 * g + 2 < BUCKET_MAP_WORDS ? this.map[2 * g + 2]! : occupiedBuckets;
    return this.map[2 * g]! + popcount(this.map[2 * g + 1]!) === next;
  }
}

/** Words per IPv6 entry: start high word, start low word, AS index. */
export const V6_ENTRY_WORDS = 3;

/**
 * Byte planes of a u32 column: all first bytes, then all second bytes, and so on. The IPv6 /64 keys deflate to half
 * this way (their high bytes repeat, their low bytes are mostly zero); the reader rebuilds the words at load.
 */
export function toBytePlanes(values: ArrayLike<number>): Uint8Array {
  const n = values.length;
  const out = new Uint8Array(4 * n);
  for (let i = 0; i < n; i++) {
    const v = values[i]! >>> 0;
    out[i] = v & 0xff;
    out[n + i] = (v >>> 8) & 0xff;
    out[2 * n + i] = (v >>> 16) & 0xff;
    out[3 * n + i] = v >>> 24;
  }
  return out;
}

/**
 * IPv6 /64 keys read in place from their byte planes (the high words' four planes, then the low words'): no copy at
 * load, and a lookup reads four bytes per word on the few keys its search visits.
 */
export class V6KeyPlanes {
  constructor(
    /** The eight planes, `count` bytes each. */
    readonly planes: Uint8Array,
    readonly count: number,
  ) {}

  /** High word of key i (0 past the end). */
  hi(i: number): number {
    const p = this.planes;
    const n = this.count;
    return (p[i]! | (p[n + i]! << 8) | (p[2 * n + i]! << 16) | (p[3 * n + i]! << 24)) >>> 0;
  }

  /** Low word of key i (0 past the end). */
  lo(i: number): number {
    const p = this.planes;
    const n = this.count;
    return (p[4 * n + i]! | (p[5 * n + i]! << 8) | (p[6 * n + i]! << 16) | (p[7 * n + i]! << 24)) >>> 0;
  }

  /** Whether key i is at or before (keyHi, keyLo). */
  atOrBefore(i: number, keyHi: number, keyLo: number): boolean {
    const hi = this.hi(i);
    return hi < keyHi || (hi === keyHi && this.lo(i) <= keyLo);
  }
}

/** Counts that fix the layout of every section after the header. */
export interface AsnTableCounts {
  metaBytes: number;
  v4Entries: number;
  v6Entries: number;
  v6FineBlocks: number;
  v6FineEntries: number;
  asCount: number;
  namesBytes: number;
  /** Records beyond the plain AS ones: (AS index, overlay index) pairs, for addresses a prefix layer speaks about. */
  extraRecords: number;
  overlayCount: number;
  overlayBytes: number;
  /** Buckets of each family's index in which an entry starts. */
  v4Buckets: number;
  v6Buckets: number;
}

/** The counts a table's header declares. */
export function headerCounts(view: DataView): AsnTableCounts {
  const u32 = (offset: number): number => view.getUint32(offset, true);
  return {
    metaBytes: u32(HEADER.metaBytes),
    v4Entries: u32(HEADER.v4Entries),
    v6Entries: u32(HEADER.v6Entries),
    v6FineBlocks: u32(HEADER.v6FineBlocks),
    v6FineEntries: u32(HEADER.v6FineEntries),
    asCount: u32(HEADER.asCount),
    namesBytes: u32(HEADER.namesBytes),
    extraRecords: u32(HEADER.extraRecords),
    overlayCount: u32(HEADER.overlayCount),
    overlayBytes: u32(HEADER.overlayBytes),
    v4Buckets: u32(HEADER.v4Buckets),
    v6Buckets: u32(HEADER.v6Buckets),
  };
}

/** Byte offset of each section, in file order; every section starts on a 4-byte boundary. */
export interface AsnTableLayout {
  meta: number;
  /** IPv4 bucket index: its map, then the first entry of each occupied bucket. */
  v4BucketMap: number;
  v4BucketFirsts: number;
  v4Lows: number;
  v4As: number;
  v6BucketMap: number;
  v6BucketFirsts: number;
  /** Byte planes of the high words of the IPv6 /64 entry starts, then of their low words (rebuilt as pairs at load). */
  v6Keys: number;
  /** Records of the IPv6 /64 entries, in a column of their own (compresses far better). */
  v6Records: number;
  v6FineFirst: number;
  v6Fine: number;
  /** AS numbers as deltas from the previous one (ascending, so deltas compress to almost nothing). */
  asDeltas: number;
  /** Byte length of each AS name (u8): offsets are rebuilt at load, and lengths compress far better. */
  nameLengths: number;
  names: number;
  extraAs: number;
  extraOverlay: number;
  overlayOffsets: number;
  overlays: number;
  totalBytes: number;
}

const align4 = (n: number): number => (n + 3) & ~3;

/** Computes where each section lives from the header counts (used by both the reader and the builder). */
export function asnTableLayout(c: AsnTableCounts): AsnTableLayout {
  let at = ASN_TABLE_HEADER_BYTES;
  const take = (bytes: number): number => {
    const here = at;
    at = align4(at + bytes);
    return here;
  };
  const meta = take(c.metaBytes);
  const v4BucketMap = take(4 * BUCKET_MAP_WORDS);
  const v4BucketFirsts = take(4 * (c.v4Buckets + 1));
  const v4Lows = take(2 * c.v4Entries);
  const v4As = take(4 * c.v4Entries);
  const v6BucketMap = take(4 * BUCKET_MAP_WORDS);
  const v6BucketFirsts = take(4 * (c.v6Buckets + 1));
  const v6Keys = take(8 * c.v6Entries);
  const v6Records = take(4 * c.v6Entries);
  const v6FineFirst = take(4 * (c.v6FineBlocks + 1));
  const v6Fine = take(4 * V6_ENTRY_WORDS * c.v6FineEntries);
  const asDeltas = take(4 * c.asCount);
  const nameLengths = take(c.asCount);
  const names = take(c.namesBytes);
  const extraAs = take(4 * c.extraRecords);
  const extraOverlay = take(4 * c.extraRecords);
  const overlayOffsets = take(4 * (c.overlayCount + 1));
  const overlays = take(c.overlayBytes);
  return { meta, v4BucketMap, v4BucketFirsts, v4Lows, v4As, v6BucketMap, v6BucketFirsts, v6Keys, v6Records, v6FineFirst, v6Fine, asDeltas, nameLengths, names, extraAs, extraOverlay, overlayOffsets, overlays, totalBytes: at };
}

/** What a table says about itself. */
export interface AsnTableMeta {
  /** Where the routing data came from, e.g. "@ip-location-db/asn 2.3.2026061719". */
  source: string;
  /** ISO date (YYYY-MM-DD) of the routing data. */
  dataDate: string;
  /** Licence and credit line the UI must show with results. */
  licence: string;
  /** Source rows compiled, per family. */
  v4Ranges: number;
  v6Ranges: number;
  asCount: number;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** One decoder for every AS name and overlay (a new one each answer built took room in the lookup's inlining budget). */
const UTF8 = new TextDecoder();
const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function fail(reason: string): never {
  throw new Error(`Vigie ASN table rejected: ${reason}`);
}

/** How many evenly spaced points of each section the load-time check samples (the full check is `verify()`). */
const LOAD_SAMPLES = 128;

/** The loaded table; instances are immutable and safe to share. */
export class AsnTable {
  readonly meta: AsnTableMeta;
  private readonly counts: AsnTableCounts;
  private readonly v4Buckets: BucketIndex;
  /** Low 16 bits of each IPv4 entry's start; the high 16 bits are its bucket. */
  private readonly v4Lows: Uint16Array;
  private readonly v4As: Uint32Array;
  private readonly v6Buckets: BucketIndex;
  /** (hi, lo) start of each IPv6 /64 entry. */
  private readonly v6Keys: V6KeyPlanes;
  private readonly v6Records: Uint32Array;
  /** Keys of every SKIP-th IPv6 entry, derived at load: a small array that stays in cache while the search narrows. */
  private readonly v6Skip: Uint32Array;
  /**
   * Every IPv6 /64 entry as (key hi, key lo, record), decoded from the byte planes and the record column on the first
   * IPv6 lookup (12 bytes an entry: 2.2 MB for the full table, 88 kB for the providers table). A search in the planes
   * reads eight bytes 1/8 of the section apart for each key it visits, then the record in another section; here a key
   * is one 8-byte read and the record is in the same cache line (measured 2026-12-02: BENCHMARKS.md, "IP lookup cost
   * targets, second pass"). Not at load: a worker that never meets an IPv6 address never pays it.
   */
  private v6Decoded: Uint32Array | null = null;
  /**
   * Per IPv4 /16 bucket, filled on the bucket's first lookup (`searchV4`): the record in force over the whole /16
   * when one is (no entry starts inside it, or only one, at its first address), so a lookup there skips the search and
   * the record read; else a mark saying "search". 256 kB, allocated on the table's first IPv4 lookup, not at load, and
   * only in a table large enough for it to pay (`v4MemoPays`).
   */
  private v4Memo: Int32Array | null = null;
  /**
   * Whether this table keeps the memo: only when its IPv4 keys and records (6 bytes an entry) outweigh the memo. In a
   * smaller table (the providers table: 215 kB) the reads it would skip stay in cache, and the memo measured no gain.
   */
  private readonly v4MemoPays: boolean;
  private readonly v6FineFirst: Uint32Array;
  private readonly v6Fine: Uint32Array;
  private readonly asDeltas: Uint32Array;
  private readonly nameLengths: Uint8Array;
  /** Absolute AS numbers and name offsets, rebuilt from deltas and lengths on first use (not at load: no allocation there). */
  private asNumbers: Uint32Array | null = null;
  private nameOffsets: Uint32Array | null = null;
  private asSectionBroken = false;
  private readonly names: Uint8Array;
  private readonly extraAs: Uint32Array;
  private readonly extraOverlay: Uint32Array;
  private readonly overlayOffsets: Uint32Array;
  private readonly overlays: Uint8Array;
  private readonly asCount: number;
  /** asCount plus the extra records: entry values below it are valid. */
  private readonly recordCount: number;
  /** One frozen AsnInfo per AS, built on first use so lookups allocate nothing after warm-up. */
  private readonly infoCache: (AsnInfo | undefined)[];
  private readonly scratch = new Uint32Array(4);

  private constructor(bytes: Uint8Array) {
    if (!littleEndian) fail('this platform is big-endian; the table is stored little-endian');
    if (bytes.byteLength < ASN_TABLE_HEADER_BYTES) fail(`${bytes.byteLength} bytes is shorter than the header`);
    // Typed-array views need 4-byte alignment: copy once if the caller handed an unaligned slice.
    if (bytes.byteOffset % 4 !== 0) bytes = bytes.slice();
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const u32 = (offset: number): number => view.getUint32(offset, true);
    if (u32(HEADER.magic) !== ASN_TABLE_MAGIC) fail('not a Vigie ASN table (bad magic)');
    // Checked before any other field is read: another version may lay its header out differently.
    if (u32(HEADER.version) !== ASN_TABLE_FORMAT_VERSION) {
      fail(`format version ${u32(HEADER.version)}, this build reads only version ${ASN_TABLE_FORMAT_VERSION}; rebuild the table with npm run data:build`);
    }
    const counts = headerCounts(view);
    if (counts.v4Entries === 0 || counts.v6Entries === 0) fail('an address family has no entries');
    // Reject absurd counts before computing a layout from them (a corrupt header could claim gigabytes).
    if (Object.values(counts).some((n) => n > bytes.byteLength)) fail('a section count exceeds the file size');
    const layout = asnTableLayout(counts);
    const declared = u32(HEADER.totalBytes);
    if (declared !== layout.totalBytes || bytes.byteLength !== declared) {
      fail(`size mismatch (file ${bytes.byteLength} bytes, header says ${declared}, layout needs ${layout.totalBytes}); truncated or corrupt`);
    }
    const words = (offset: number, length: number): Uint32Array =>
      new Uint32Array(bytes.buffer, bytes.byteOffset + offset, length);
    this.counts = counts;
    this.asCount = counts.asCount;
    this.recordCount = counts.asCount + counts.extraRecords;
    this.v4MemoPays = 6 * counts.v4Entries > 4 * INDEX_BUCKETS;
    this.v4Buckets = new BucketIndex(words(layout.v4BucketMap, BUCKET_MAP_WORDS), words(layout.v4BucketFirsts, counts.v4Buckets + 1));
    this.v4Lows = new Uint16Array(bytes.buffer, bytes.byteOffset + layout.v4Lows, counts.v4Entries);
    this.v4As = words(layout.v4As, counts.v4Entries);
    this.v6Buckets = new BucketIndex(words(layout.v6BucketMap, BUCKET_MAP_WORDS), words(layout.v6BucketFirsts, counts.v6Buckets + 1));
    this.v6Keys = new V6KeyPlanes(bytes.subarray(layout.v6Keys, layout.v6Keys + 8 * counts.v6Entries), counts.v6Entries);
    this.v6Records = words(layout.v6Records, counts.v6Entries);
    this.v6FineFirst = words(layout.v6FineFirst, counts.v6FineBlocks + 1);
    this.v6Fine = words(layout.v6Fine, V6_ENTRY_WORDS * counts.v6FineEntries);
    this.asDeltas = words(layout.asDeltas, counts.asCount);
    this.nameLengths = new Uint8Array(bytes.buffer, bytes.byteOffset + layout.nameLengths, counts.asCount);
    this.names = new Uint8Array(bytes.buffer, bytes.byteOffset + layout.names, counts.namesBytes);
    this.extraAs = words(layout.extraAs, counts.extraRecords);
    this.extraOverlay = words(layout.extraOverlay, counts.extraRecords);
    this.overlayOffsets = words(layout.overlayOffsets, counts.overlayCount + 1);
    this.overlays = new Uint8Array(bytes.buffer, bytes.byteOffset + layout.overlays, counts.overlayBytes);
    this.check(LOAD_SAMPLES);
    this.v6Skip = skipKeys(this.v6Keys);

    let metaJson: unknown;
    try {
      metaJson = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(layout.meta, layout.meta + counts.metaBytes)));
    } catch {
      fail('metadata is not valid UTF-8 JSON');
    }
    const m = metaJson as Partial<Record<'source' | 'dataDate' | 'licence', unknown>> | null;
    if (!m || typeof m.source !== 'string' || typeof m.dataDate !== 'string' || !ISO_DATE.test(m.dataDate)) {
      fail('metadata lacks a source or an ISO data date');
    }
    this.meta = Object.freeze({
      source: m.source,
      dataDate: m.dataDate,
      licence: typeof m.licence === 'string' ? m.licence : '',
      v4Ranges: u32(HEADER.v4Ranges),
      v6Ranges: u32(HEADER.v6Ranges),
      asCount: counts.asCount,
    });
    this.infoCache = new Array<AsnInfo | undefined>(this.recordCount);
  }

  /**
   * Consistency checks over `samples` evenly spaced points of every section (all points when samples is Infinity):
   * starts ascending from 0, indexes pointing at the right entries, AS indices and name offsets in range.
   * Loading samples (a full pass costs 10-20 ms before the JIT warms up, on every service-worker start); lookups stay
   * memory-safe on a table that passes, because every index they read is bounds-checked.
   */
  private check(samples: number): void {
    const c = this.counts;
    const { v4Lows, v4As, v6Keys, v6Records, v4Buckets, v6Buckets, v6FineFirst, v6Fine } = this;
    const points = (count: number, visit: (i: number) => void): void => {
      if (count <= 0) return;
      const step = Math.max(1, Math.floor(count / samples));
      for (let i = 0; i < count; i += step) visit(i);
      visit(count - 1);
    };
    const asOk = (x: number): boolean => x === UNANNOUNCED || x < c.asCount + c.extraRecords;
    // Bucket maps: the first count is 0, and sampled groups' counts follow their bits (group 0 and the last, whose
    // count must reach the header's total, always among them). A full pass costs ~4,000 popcounts in a cold worker's
    // interpreter; lookups stay memory-safe either way (a slot past the firsts reads undefined, answered null).
    if (v4Buckets.map[0] !== 0) fail('IPv4 bucket map is inconsistent');
    if (v6Buckets.map[0] !== 0) fail('IPv6 bucket map is inconsistent');
    points(BUCKET_MAP_WORDS / 2, (g) => {
      if (!v4Buckets.groupConsistent(g, c.v4Buckets)) fail('IPv4 bucket map is inconsistent');
      if (!v6Buckets.groupConsistent(g, c.v6Buckets)) fail('IPv6 bucket map is inconsistent');
    });
    // Entry 0 must start at 0.0.0.0: first in bucket 0, low bits 0; the index covers every entry.
    if (v4Buckets.occupied(0) !== 1 || v4Buckets.firsts[0] !== 0 || v4Lows[0] !== 0 || v4Buckets.firsts[c.v4Buckets] !== c.v4Entries) {
      fail('IPv4 index is inconsistent');
    }
    if (v6Keys.hi(0) !== 0 || v6Keys.lo(0) !== 0) fail('IPv6 entries do not start at ::');
    // Per occupied bucket (slot s of the index): its entries, in order.
    points(c.v4Buckets, (s) => {
      const first = v4Buckets.firsts[s]!;
      const end = v4Buckets.firsts[s + 1]!;
      if (end <= first || end > c.v4Entries) fail(`IPv4 index slot ${s} is wrong`);
      for (let i = first + 1; i < end; i++) if (v4Lows[i]! <= v4Lows[i - 1]!) fail(`IPv4 entry ${i} is out of order`);
    });
    points(c.v4Entries, (i) => {
      if (!asOk(v4As[i]!)) fail(`IPv4 entry ${i} points to a missing AS`);
    });
    points(c.v6Entries, (i) => {
      if (i > 0 && v6Keys.atOrBefore(i, v6Keys.hi(i - 1), v6Keys.lo(i - 1))) fail(`IPv6 entry ${i} is out of order`);
      const as = v6Records[i]!;
      if (as !== UNANNOUNCED && as >= FINE_BLOCK_FLAG ? (as & ~FINE_BLOCK_FLAG) >>> 0 >= c.v6FineBlocks : !asOk(as)) {
        fail(`IPv6 entry ${i} points to a missing AS or fine block`);
      }
    });
    // Per occupied bucket (slot s): entries [first, end) start inside the bucket their first key names, which the map
    // marks at slot s, and the entry before them starts before it (entry 0, ::, always does).
    points(c.v6Buckets, (s) => {
      const first = v6Buckets.firsts[s]!;
      const end = v6Buckets.firsts[s + 1]!;
      const firstHi = first >= 1 && first < end && end <= c.v6Entries ? v6Keys.hi(first) : 0;
      const b = v6Bucket(firstHi);
      if (
        firstHi < v6BucketHi(0) ||
        firstHi >= v6BucketHi(INDEX_BUCKETS) ||
        v6Buckets.occupied(b) !== 1 ||
        v6Buckets.slot(b) !== s ||
        v6Keys.hi(first - 1) >= v6BucketHi(b) ||
        v6Keys.hi(end - 1) >= v6BucketHi(b + 1)
      ) {
        fail(`IPv6 index slot ${s} is wrong`);
      }
    });
    // The index ends at the first entry past 2000::/3 (or the last entry).
    const tail = v6Buckets.firsts[c.v6Buckets]!;
    if (!(tail >= 1 && tail <= c.v6Entries && v6Keys.hi(tail - 1) < v6BucketHi(INDEX_BUCKETS) && (tail === c.v6Entries || v6Keys.hi(tail) >= v6BucketHi(INDEX_BUCKETS)))) {
      fail('IPv6 index is inconsistent');
    }
    if (v6FineFirst[0] !== 0 || v6FineFirst[c.v6FineBlocks] !== c.v6FineEntries) fail('IPv6 fine blocks are inconsistent');
    points(c.v6FineBlocks, (b) => {
      const from = v6FineFirst[b]!;
      const to = v6FineFirst[b + 1]!;
      if (to <= from || to > c.v6FineEntries || v6Fine[3 * from] !== 0 || v6Fine[3 * from + 1] !== 0) fail(`IPv6 fine block ${b} is malformed`);
      for (let i = from + 1; i < to; i++) {
        if (startAtOrBefore(v6Fine, 3 * i, v6Fine[3 * i - 3]!, v6Fine[3 * i - 2]!)) fail(`IPv6 fine entry ${i} is out of order`);
      }
      for (let i = from; i < to; i++) if (!asOk(v6Fine[3 * i + 2]!)) fail(`IPv6 fine entry ${i} points to a missing AS`);
    });
    const { extraAs, extraOverlay, overlayOffsets } = this;
    points(c.extraRecords, (i) => {
      if (!(extraAs[i] === UNANNOUNCED || extraAs[i]! < c.asCount) || !(extraOverlay[i]! < c.overlayCount)) fail(`extra record ${i} points outside the table`);
    });
    if (overlayOffsets[0] !== 0 || overlayOffsets[c.overlayCount] !== c.overlayBytes) fail('overlay offsets are inconsistent');
    points(c.overlayCount, (i) => {
      if (overlayOffsets[i + 1]! < overlayOffsets[i]!) fail(`overlay offset ${i} is out of order`);
    });
  }

  /**
   * Rebuilds AS numbers and name offsets from the stored deltas and lengths, checking all of them (one pass over the
   * ASes, well under a millisecond). A corrupt AS section makes lookups answer null (never a wrong AS, never a
   * throw) and `verify()` fail.
   */
  private asSection(): { numbers: Uint32Array; offsets: Uint32Array } | null {
    if (this.asSectionBroken) return null;
    if (this.asNumbers === null || this.nameOffsets === null) {
      const count = this.asCount;
      const numbers = new Uint32Array(count);
      const offsets = new Uint32Array(count + 1);
      let asn = 0;
      let at = 0;
      for (let i = 0; i < count; i++) {
        asn += this.asDeltas[i]!;
        if (asn > 0xffffffff || (i > 0 && this.asDeltas[i] === 0)) return this.brokenAsSection();
        numbers[i] = asn;
        offsets[i] = at;
        at += this.nameLengths[i]!;
      }
      offsets[count] = at;
      if (at !== this.counts.namesBytes) return this.brokenAsSection();
      this.asNumbers = numbers;
      this.nameOffsets = offsets;
    }
    return { numbers: this.asNumbers, offsets: this.nameOffsets };
  }

  /** Checks every entry, not just a sample (the builder runs it on what it writes; tests run it on corrupt tables). */
  verify(): void {
    this.check(Infinity);
    if (this.asSection() === null) fail('AS numbers are out of order or name lengths do not add up');
  }

  private brokenAsSection(): null {
    this.asSectionBroken = true;
    return null;
  }

  /** Wraps a table built by scripts/build-asn-table.ts; throws a clear Error if it is truncated or corrupt. */
  static fromBuffer(buf: ArrayBuffer | Uint8Array): AsnTable {
    if (buf instanceof Uint8Array) return new AsnTable(buf);
    if (buf instanceof ArrayBuffer) return new AsnTable(new Uint8Array(buf));
    return fail('expected an ArrayBuffer or a Uint8Array');
  }

  /** The AS announcing a public address, or null (not an address, non-public scope, or unannounced space). */
  lookup(ip: string | ParsedIp): AsnInfo | null {
    // Text, what the worker hands over, takes a path of its own rather than `recordOf`'s, which also serves parsed
    // addresses (measured 2026-12-03: see BENCHMARKS.md, "IP lookup cost targets, third pass").
    return this.answer(typeof ip === 'string' ? this.recordOfText(ip) : this.recordOf(ip));
  }

  /** The answer for a record: the frozen object built on its first lookup, or null. */
  private answer(index: number): AsnInfo | null {
    if (!(index < this.recordCount)) return null;
    return this.infoCache[index] ?? this.info(index);
  }

  /**
   * The record an address is in: a number below the AS count for a plain AS, above it for an extra record (an AS plus
   * a prefix layer's label); UNANNOUNCED (or, on a corrupt table, any number past the records) when `lookup` answers
   * null. No object is made: `lookup` builds (once per record) the answer for callers that need it.
   */
  recordOf(ip: string | ParsedIp): number {
    if (typeof ip === 'string') return this.recordOfText(ip);
    if (ip !== null && typeof ip === 'object' && ip.version === 4) return this.indexV4(ip.v4 >>> 0);
    if (ip !== null && typeof ip === 'object' && ip.version === 6 && Array.isArray(ip.words)) {
      const w = ip.words;
      return this.indexV6(w[0] >>> 0, w[1] >>> 0, w[2] >>> 0, w[3] >>> 0);
    }
    return UNANNOUNCED;
  }

  /** `recordOf` for text: a dotted quad read straight into a number, any other text parsed into the scratch words. */
  private recordOfText(ip: string): number {
    const v4 = parseDottedQuad(ip);
    if (v4 >= 0) return this.indexV4(v4);
    const s = this.scratch;
    return parseIpv6Into(ip, s) ? this.indexV6(s[0]!, s[1]!, s[2]!, s[3]!) : UNANNOUNCED;
  }

  /** Every AS number in the table, ascending (for data checks such as "is this provider's ASN known?"). */
  asNumbersList(): readonly number[] {
    return Array.from(this.asSection()?.numbers ?? []);
  }

  private info(index: number): AsnInfo | null {
    let info = this.infoCache[index];
    if (info === undefined) {
      const found = index < this.asCount ? this.plainInfo(index) : this.recordInfo(index - this.asCount);
      if (found === null) return null;
      info = found;
      this.infoCache[index] = info;
    }
    return info;
  }

  private plainInfo(asIndex: number): AsnInfo | null {
    const section = this.asSection();
    if (section === null) return null;
    const { numbers, offsets } = section;
    const name = UTF8.decode(this.names.subarray(offsets[asIndex]!, offsets[asIndex + 1]!));
    return Object.freeze({ asn: numbers[asIndex]!, name });
  }

  /** An AS (or none) plus what a prefix layer says; a malformed overlay is dropped, never trusted. */
  private recordInfo(extra: number): AsnInfo | null {
    const asIndex = this.extraAs[extra]!;
    const base = asIndex === UNANNOUNCED ? { asn: 0, name: '' } : this.plainInfo(asIndex);
    if (base === null) return null;
    const o = this.extraOverlay[extra]!;
    let overlay: Pick<AsnInfo, 'published' | 'registration' | 'announced'> = {};
    try {
      const parsed = JSON.parse(UTF8.decode(this.overlays.subarray(this.overlayOffsets[o]!, this.overlayOffsets[o + 1]!))) as unknown;
      if (parsed !== null && typeof parsed === 'object') {
        const { published, registration, announced } = parsed as Pick<AsnInfo, 'published' | 'registration' | 'announced'>;
        if (published && typeof published.providerId === 'string') overlay = { published: Object.freeze(published) };
        else if (registration && typeof registration.country === 'string') overlay = { registration: Object.freeze(registration) };
        // Says what the AS rests on; it comes with either label above or alone.
        if (announced && typeof announced.date === 'string' && typeof announced.source === 'string') overlay = { ...overlay, announced: Object.freeze(announced) };
      }
    } catch {
      overlay = {};
    }
    return Object.freeze({ ...base, ...overlay });
  }

  /** AS index for an IPv4 address, UNANNOUNCED when none (a corrupt table yields UNANNOUNCED or a wrong AS, never a throw). */
  private indexV4(v4: number): number {
    if (ipv4Scope(v4) !== 'public') return UNANNOUNCED;
    const bucket = v4Bucket(v4);
    const memo = this.v4MemoPays ? (this.v4Memo ??= new Int32Array(INDEX_BUCKETS)) : null;
    const m = memo === null ? MEMO_SEARCH : memo[bucket]!;
    if (m > 0) return m - 1;
    if (m === MEMO_UNANNOUNCED) return UNANNOUNCED;
    // One call site for the search, the bucket's first lookup included (it fills the memo on the way): a separate
    // fill call on the hot path took the inlining room the search needed (2026-12-03, "fourth pass").
    return this.searchV4(bucket, v4 & 0xffff, m === MEMO_UNFILLED ? memo : null);
  }

  /**
   * The record of the last entry starting at or before `low` in the bucket, or of the one in force before it. Given the
   * memo (the bucket's first lookup), also writes there what the bucket's later lookups need: record + 1 when every
   * address of the /16 is in one entry (no entry starts in it: the one before is in force; or a single entry starts
   * at its first address), MEMO_UNANNOUNCED when that entry is unannounced, else MEMO_SEARCH. Decided from the index
   * alone, never from the order of the keys, so on a corrupt table too the memo answers exactly what the search would.
   */
  private searchV4(bucket: number, low: number, memo: Int32Array | null): number {
    const buckets = this.v4Buckets;
    const slot = buckets.slot(bucket);
    const first = buckets.firsts[slot]!;
    const end = buckets.firsts[slot + buckets.occupied(bucket)]!;
    // Out of bounds only on a corrupt table; the memo then stays unfilled and every lookup there answers this.
    if (!(first <= end && end <= this.v4As.length)) return UNANNOUNCED;
    // Last entry starting in this bucket at or before the address; none means the one active from before (first - 1).
    const lows = this.v4Lows;
    let lo = first - 1;
    let hi = end - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (lows[mid]! <= low) lo = mid;
      else hi = mid - 1;
    }
    const record = lo >= 0 ? this.v4As[lo]! : UNANNOUNCED;
    if (memo !== null) memo[bucket] = memoEntry(end === first || (end === first + 1 && lows[first] === 0), record);
    return record;
  }

  /** The IPv6 /64 entries as (hi, lo, record) triples, decoded once (see `v6Decoded`). */
  private decodeV6(): Uint32Array {
    const n = this.v6Keys.count;
    const p = this.v6Keys.planes;
    const records = this.v6Records;
    const triples = new Uint32Array(V6_ENTRY_WORDS * n);
    // Written out rather than through hi()/lo(): a cold worker's interpreter may run this loop, and calls cost there.
    for (let i = 0, t = 0; i < n; i++, t += 3) {
      triples[t] = p[i]! | (p[n + i]! << 8) | (p[2 * n + i]! << 16) | (p[3 * n + i]! << 24);
      triples[t + 1] = p[4 * n + i]! | (p[5 * n + i]! << 8) | (p[6 * n + i]! << 16) | (p[7 * n + i]! << 24);
      triples[t + 2] = records[i]!;
    }
    this.v6Decoded = triples;
    return triples;
  }

  private indexV6(w0: number, w1: number, w2: number, w3: number): number {
    const embedded = embeddedIpv4Words(w0, w1, w2, w3);
    if (embedded !== null) return this.indexV4(embedded);
    if (ipv6Scope(w0, w1, w2, w3) !== 'public') return UNANNOUNCED; // public implies inside 2000::/3
    const bucket = v6Bucket(w0);
    const buckets = this.v6Buckets;
    const slot = buckets.slot(bucket);
    // From the entry in force at the bucket's start to the last one starting inside it.
    const first = buckets.firsts[slot]! - 1;
    const last = buckets.firsts[slot + buckets.occupied(bucket)]! - 1;
    if (!(first >= 0 && first <= last && last < this.counts.v6Entries)) return UNANNOUNCED;
    // Narrow on the cached skip keys first, then finish inside one run of SKIP entries.
    const run = searchPairs(this.v6Skip, first >>> SKIP_SHIFT, last >>> SKIP_SHIFT, w0, w1) << SKIP_SHIFT;
    const triples = this.v6Decoded ?? this.decodeV6();
    const as = triples[3 * searchTriples(triples, Math.max(run, first), Math.min(run + SKIP - 1, last), w0, w1) + 2]!;
    if (as === UNANNOUNCED || as < FINE_BLOCK_FLAG) return as;
    // This /64 is shared by several ranges: search its block on the low 64 bits.
    const block = (as & ~FINE_BLOCK_FLAG) >>> 0;
    const from = this.v6FineFirst[block];
    const to = this.v6FineFirst[block + 1];
    if (from === undefined || to === undefined || !(from < to && to <= this.counts.v6FineEntries)) return UNANNOUNCED;
    return this.v6Fine[3 * searchTriples(this.v6Fine, from, to - 1, w2, w3) + 2]!;
  }
}

/** IPv4 memo values besides record + 1 (see `v4Memo`). */
const MEMO_UNFILLED = 0;
const MEMO_UNANNOUNCED = -1;
const MEMO_SEARCH = -2;

/**
 * What the IPv4 memo keeps for a bucket whose search found `record`: in a bucket held by one entry (`whole`), the
 * record found for any address is the record of all of them. A record too large for the memo (only on a corrupt
 * table) is searched every time.
 */
function memoEntry(whole: boolean, record: number): number {
  if (!whole) return MEMO_SEARCH;
  if (record === UNANNOUNCED) return MEMO_UNANNOUNCED;
  return record < 0x7fffffff ? record + 1 : MEMO_SEARCH;
}

const SKIP_SHIFT = 4;
const SKIP = 1 << SKIP_SHIFT;

/** The (hi, lo) keys of entries 0, SKIP, 2*SKIP, ... of the IPv6 keys. */
function skipKeys(planes: V6KeyPlanes): Uint32Array {
  const count = Math.ceil(planes.count / SKIP);
  const keys = new Uint32Array(2 * count);
  for (let k = 0; k < count; k++) {
    keys[2 * k] = planes.hi(k << SKIP_SHIFT);
    keys[2 * k + 1] = planes.lo(k << SKIP_SHIFT);
  }
  return keys;
}

/**
 * Index of the last (hi, lo) pair in [from, to] that is <= the key (or `from` if none is). Without a branch on the
 * keys: the range halves each step and the comparison only moves its base, so a step costs no mispredicted jump.
 */
function searchPairs(pairs: Uint32Array, from: number, to: number, keyHi: number, keyLo: number): number {
  let base = from;
  let n = to - from + 1;
  while (n > 1) {
    const half = n >>> 1;
    const mid = base + half;
    const midHi = pairs[2 * mid]!;
    const le = (+(midHi < keyHi) | (+(midHi === keyHi) & +(pairs[2 * mid + 1]! <= keyLo)));
    base += le * half;
    n -= half;
  }
  return base;
}

/** Whether the (hi, lo) start at words[at] is at or before (keyHi, keyLo). */
function startAtOrBefore(words: Uint32Array, at: number, keyHi: number, keyLo: number): boolean {
  const hi = words[at]!;
  return hi < keyHi || (hi === keyHi && words[at + 1]! <= keyLo);
}

/** Index of the last (hi, lo, as) triple in [from, to] whose (hi, lo) is <= the key (or `from` if none is). */
function searchTriples(triples: Uint32Array, from: number, to: number, keyHi: number, keyLo: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    const midHi = triples[3 * mid]!;
    if (midHi < keyHi || (midHi === keyHi && triples[3 * mid + 1]! <= keyLo)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
