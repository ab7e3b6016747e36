/**
 * The offline IP -> AS engine: one ArrayBuffer (built by scripts/build-asn-table.ts) wrapped in typed arrays, looked
 * up by binary search. Loading never parses rows, so a service-worker restart costs a few milliseconds.
 * The byte layout is described in docs/asn-table.md; the constants below are shared with the builder.
 */
import type { AsnInfo } from './types.ts';
import { embeddedIpv4Words, ipv4Scope, ipv6Scope, parseIpInto, type ParsedIp } from './ip.ts';

/** "VASN" read as a little-endian uint32. */
export const ASN_TABLE_MAGIC = 0x4e534156;
export const ASN_TABLE_FORMAT_VERSION = 1;
export const ASN_TABLE_HEADER_BYTES = 64;
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
} as const;

/** Counts that fix the layout of every section after the header. */
export interface AsnTableCounts {
  metaBytes: number;
  v4Entries: number;
  v6Entries: number;
  v6FineBlocks: number;
  v6FineEntries: number;
  asCount: number;
  namesBytes: number;
}

/** Byte offset of each section, in file order; every section starts on a 4-byte boundary. */
export interface AsnTableLayout {
  meta: number;
  v4Starts: number;
  v4As: number;
  v6Starts: number;
  v6As: number;
  v6FineFirst: number;
  v6FineStarts: number;
  v6FineAs: number;
  asNumbers: number;
  nameOffsets: number;
  names: number;
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
  const v4Starts = take(4 * c.v4Entries);
  const v4As = take(4 * c.v4Entries);
  const v6Starts = take(8 * c.v6Entries);
  const v6As = take(4 * c.v6Entries);
  const v6FineFirst = take(4 * (c.v6FineBlocks + 1));
  const v6FineStarts = take(8 * c.v6FineEntries);
  const v6FineAs = take(4 * c.v6FineEntries);
  const asNumbers = take(4 * c.asCount);
  const nameOffsets = take(4 * (c.asCount + 1));
  const names = take(c.namesBytes);
  return { meta, v4Starts, v4As, v6Starts, v6As, v6FineFirst, v6FineStarts, v6FineAs, asNumbers, nameOffsets, names, totalBytes: at };
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
const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function fail(reason: string): never {
  throw new Error(`Vigie ASN table rejected: ${reason}`);
}

/** The loaded table; instances are immutable and safe to share. */
export class AsnTable {
  readonly meta: AsnTableMeta;
  private readonly v4Starts: Uint32Array;
  private readonly v4As: Uint32Array;
  private readonly v6Starts: Uint32Array;
  private readonly v6As: Uint32Array;
  private readonly v6FineFirst: Uint32Array;
  private readonly v6FineStarts: Uint32Array;
  private readonly v6FineAs: Uint32Array;
  private readonly asNumbers: Uint32Array;
  private readonly nameOffsets: Uint32Array;
  private readonly names: Uint8Array;
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
    if (u32(HEADER.version) !== ASN_TABLE_FORMAT_VERSION) {
      fail(`format version ${u32(HEADER.version)}, this build reads ${ASN_TABLE_FORMAT_VERSION}; run npm run data:build`);
    }
    const counts: AsnTableCounts = {
      metaBytes: u32(HEADER.metaBytes),
      v4Entries: u32(HEADER.v4Entries),
      v6Entries: u32(HEADER.v6Entries),
      v6FineBlocks: u32(HEADER.v6FineBlocks),
      v6FineEntries: u32(HEADER.v6FineEntries),
      asCount: u32(HEADER.asCount),
      namesBytes: u32(HEADER.namesBytes),
    };
    if (counts.v4Entries === 0 || counts.v6Entries === 0) fail('an address family has no entries');
    if (counts.asCount >= FINE_BLOCK_FLAG || counts.v6FineBlocks >= FINE_BLOCK_FLAG) fail('counts out of range');
    // Reject absurd counts before computing a layout from them (a corrupt header could claim gigabytes).
    if (Object.values(counts).some((n) => n > bytes.byteLength)) fail('a section count exceeds the file size');
    const layout = asnTableLayout(counts);
    const declared = u32(HEADER.totalBytes);
    if (declared !== layout.totalBytes || bytes.byteLength !== declared) {
      fail(`size mismatch (file ${bytes.byteLength} bytes, header says ${declared}, layout needs ${layout.totalBytes}); truncated or corrupt`);
    }
    const words = (offset: number, length: number): Uint32Array =>
      new Uint32Array(bytes.buffer, bytes.byteOffset + offset, length);
    this.v4Starts = words(layout.v4Starts, counts.v4Entries);
    this.v4As = words(layout.v4As, counts.v4Entries);
    this.v6Starts = words(layout.v6Starts, 2 * counts.v6Entries);
    this.v6As = words(layout.v6As, counts.v6Entries);
    this.v6FineFirst = words(layout.v6FineFirst, counts.v6FineBlocks + 1);
    this.v6FineStarts = words(layout.v6FineStarts, 2 * counts.v6FineEntries);
    this.v6FineAs = words(layout.v6FineAs, counts.v6FineEntries);
    this.asNumbers = words(layout.asNumbers, counts.asCount);
    this.nameOffsets = words(layout.nameOffsets, counts.asCount + 1);
    this.names = new Uint8Array(bytes.buffer, bytes.byteOffset + layout.names, counts.namesBytes);
    this.validate(counts);

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
    this.infoCache = new Array<AsnInfo | undefined>(counts.asCount);
  }

  /**
   * Structural checks that make every later lookup safe: sorted starts beginning at 0, every AS index in range,
   * name offsets inside the blob. One linear pass over each section (about a millisecond for the full table).
   */
  private validate(c: AsnTableCounts): void {
    const { v4Starts, v4As, v6Starts, v6As, v6FineFirst, v6FineStarts, v6FineAs, asNumbers, nameOffsets } = this;
    const asIndexOk = (x: number): boolean => x === UNANNOUNCED || x < c.asCount;
    if (v4Starts[0] !== 0) fail('IPv4 entries do not start at 0.0.0.0');
    for (let i = 0; i < c.v4Entries; i++) {
      if (i > 0 && v4Starts[i]! <= v4Starts[i - 1]!) fail(`IPv4 entry ${i} is out of order`);
      if (!asIndexOk(v4As[i]!)) fail(`IPv4 entry ${i} points to a missing AS`);
    }
    if (v6Starts[0] !== 0 || v6Starts[1] !== 0) fail('IPv6 entries do not start at ::');
    for (let i = 0; i < c.v6Entries; i++) {
      if (i > 0) {
        const hi = v6Starts[2 * i]!;
        const prevHi = v6Starts[2 * i - 2]!;
        if (hi < prevHi || (hi === prevHi && v6Starts[2 * i + 1]! <= v6Starts[2 * i - 1]!)) fail(`IPv6 entry ${i} is out of order`);
      }
      const as = v6As[i]!;
      if (as !== UNANNOUNCED && as >= FINE_BLOCK_FLAG) {
        if ((as & ~FINE_BLOCK_FLAG) >>> 0 >= c.v6FineBlocks) fail(`IPv6 entry ${i} points to a missing fine block`);
      } else if (!asIndexOk(as)) fail(`IPv6 entry ${i} points to a missing AS`);
    }
    if (v6FineFirst[0] !== 0 || v6FineFirst[c.v6FineBlocks] !== c.v6FineEntries) fail('IPv6 fine blocks are inconsistent');
    for (let b = 0; b < c.v6FineBlocks; b++) {
      const from = v6FineFirst[b]!;
      const to = v6FineFirst[b + 1]!;
      if (to <= from || v6FineStarts[2 * from] !== 0 || v6FineStarts[2 * from + 1] !== 0) fail(`IPv6 fine block ${b} is malformed`);
      for (let i = from + 1; i < to; i++) {
        const hi = v6FineStarts[2 * i]!;
        const prevHi = v6FineStarts[2 * i - 2]!;
        if (hi < prevHi || (hi === prevHi && v6FineStarts[2 * i + 1]! <= v6FineStarts[2 * i - 1]!)) fail(`IPv6 fine entry ${i} is out of order`);
      }
    }
    for (let i = 0; i < c.v6FineEntries; i++) if (!asIndexOk(v6FineAs[i]!)) fail(`IPv6 fine entry ${i} points to a missing AS`);
    if (nameOffsets[0] !== 0 || nameOffsets[c.asCount] !== c.namesBytes) fail('AS name offsets are inconsistent');
    for (let i = 0; i < c.asCount; i++) {
      if (nameOffsets[i + 1]! < nameOffsets[i]!) fail(`AS name offset ${i} is out of order`);
      if (i > 0 && asNumbers[i]! <= asNumbers[i - 1]!) fail(`AS number ${i} is out of order`);
    }
  }

  /** Wraps a table built by scripts/build-asn-table.ts; throws a clear Error if it is truncated or corrupt. */
  static fromBuffer(buf: ArrayBuffer | Uint8Array): AsnTable {
    if (buf instanceof Uint8Array) return new AsnTable(buf);
    if (buf instanceof ArrayBuffer) return new AsnTable(new Uint8Array(buf));
    return fail('expected an ArrayBuffer or a Uint8Array');
  }

  /** The AS announcing a public address, or null (not an address, non-public scope, or unannounced space). */
  lookup(ip: string | ParsedIp): AsnInfo | null {
    let index: number;
    if (typeof ip === 'string') {
      const s = this.scratch;
      const version = parseIpInto(ip, s);
      if (version === 4) index = this.indexV4(s[0]!);
      else if (version === 6) index = this.indexV6(s[0]!, s[1]!, s[2]!, s[3]!);
      else return null;
    } else if (ip !== null && typeof ip === 'object' && ip.version === 4) {
      index = this.indexV4(ip.v4 >>> 0);
    } else if (ip !== null && typeof ip === 'object' && ip.version === 6 && Array.isArray(ip.words)) {
      const [w0, w1, w2, w3] = ip.words;
      index = this.indexV6(w0 >>> 0, w1 >>> 0, w2 >>> 0, w3 >>> 0);
    } else {
      return null;
    }
    return index === UNANNOUNCED ? null : this.info(index);
  }

  /** Every AS number in the table, ascending (for data checks such as "is this provider's ASN known?"). */
  asNumbersList(): readonly number[] {
    return Array.from(this.asNumbers);
  }

  private info(index: number): AsnInfo {
    let info = this.infoCache[index];
    if (info === undefined) {
      const name = new TextDecoder().decode(this.names.subarray(this.nameOffsets[index]!, this.nameOffsets[index + 1]!));
      info = Object.freeze({ asn: this.asNumbers[index]!, name });
      this.infoCache[index] = info;
    }
    return info;
  }

  private indexV4(v4: number): number {
    if (ipv4Scope(v4) !== 'public') return UNANNOUNCED;
    const starts = this.v4Starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= v4) lo = mid;
      else hi = mid - 1;
    }
    return this.v4As[lo]!;
  }

  private indexV6(w0: number, w1: number, w2: number, w3: number): number {
    const embedded = embeddedIpv4Words(w0, w1, w2, w3);
    if (embedded !== null) return this.indexV4(embedded);
    if (ipv6Scope(w0, w1, w2, w3) !== 'public') return UNANNOUNCED;
    const entry = searchPairs(this.v6Starts, 0, this.v6As.length, w0, w1);
    const as = this.v6As[entry]!;
    if (as === UNANNOUNCED || as < FINE_BLOCK_FLAG) return as;
    // This /64 is shared by several ranges: search its block on the low 64 bits.
    const block = (as & ~FINE_BLOCK_FLAG) >>> 0;
    const fine = searchPairs(this.v6FineStarts, this.v6FineFirst[block]!, this.v6FineFirst[block + 1]!, w2, w3);
    return this.v6FineAs[fine]!;
  }
}

/** Index of the last (hi, lo) pair in pairs[from, to) that is <= (keyHi, keyLo); pairs[from] must be <= the key. */
function searchPairs(pairs: Uint32Array, from: number, to: number, keyHi: number, keyLo: number): number {
  let lo = from;
  let hi = to - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    const midHi = pairs[2 * mid]!;
    if (midHi < keyHi || (midHi === keyHi && pairs[2 * mid + 1]! <= keyLo)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
