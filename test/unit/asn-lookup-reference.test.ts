/**
 * The lookup against a plain reference on the real generated tables (full and providers-only): every answer must be
 * the same record. The reference reads the table's sections with none of the lookup's structures (no bucket index,
 * no skip keys, no decoded key pairs): every IPv4 start rebuilt in full and one binary search over all of them, every
 * IPv6 key read byte by byte from its planes and one binary search over all of them, the fine blocks scanned in order.
 * Addresses: every entry's start -1, 0 and +1 (IPv4 entries, IPv6 /64 keys, IPv6 fine entries), random addresses,
 * IPv4-mapped and NAT64 forms, the same addresses as text, and malformed text.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ASN_TABLE_PATH } from '../../scripts/build-asn-table.ts';
import { HOT_TABLE_PATH } from '../../scripts/build-hot-table.ts';
import { AsnTable, BUCKET_MAP_WORDS, FINE_BLOCK_FLAG, UNANNOUNCED, asnTableLayout, headerCounts } from '../../src/core/asn-table.ts';
import { embeddedIpv4, formatIp, ipScope, parseIp, type ParsedIp } from '../../src/core/ip.ts';
import { seededRandom } from '../fixtures/seeded-random.ts';

/** The table's sections, read plainly. */
class Reference {
  readonly v4Starts: Float64Array;
  readonly v4Records: Uint32Array;
  readonly v6Hi: Uint32Array;
  readonly v6Lo: Uint32Array;
  readonly v6Records: Uint32Array;
  readonly fineFirst: Uint32Array;
  readonly fine: Uint32Array;
  readonly recordCount: number;

  constructor(bytes: Uint8Array) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const c = headerCounts(view);
    const l = asnTableLayout(c);
    const u32 = (at: number): number => view.getUint32(at, true);
    this.recordCount = c.asCount + c.extraRecords;
    // IPv4: an entry's high 16 bits are the /16 bucket it starts in; walk the buckets' bits in order.
    this.v4Starts = new Float64Array(c.v4Entries);
    this.v4Records = new Uint32Array(c.v4Entries);
    let slot = 0;
    for (let b = 0; b < 65536; b++) {
      if (((u32(l.v4BucketMap + 4 * (2 * (b >>> 5) + 1)) >>> (b & 31)) & 1) === 0) continue;
      const from = u32(l.v4BucketFirsts + 4 * slot);
      const to = u32(l.v4BucketFirsts + 4 * (slot + 1));
      for (let i = from; i < to; i++) this.v4Starts[i] = b * 65536 + view.getUint16(l.v4Lows + 2 * i, true);
      slot++;
    }
    expect(slot).toBe(c.v4Buckets);
    expect(BUCKET_MAP_WORDS).toBe(4096);
    for (let i = 0; i < c.v4Entries; i++) this.v4Records[i] = u32(l.v4As + 4 * i);
    // IPv6 /64 keys: byte k of a key's high word is in plane k, of its low word in plane 4 + k.
    const n = c.v6Entries;
    const plane = (p: number, i: number): number => bytes[l.v6Keys + p * n + i]!;
    this.v6Hi = new Uint32Array(n);
    this.v6Lo = new Uint32Array(n);
    this.v6Records = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      this.v6Hi[i] = plane(0, i) + 256 * plane(1, i) + 65536 * plane(2, i) + 16777216 * plane(3, i);
      this.v6Lo[i] = plane(4, i) + 256 * plane(5, i) + 65536 * plane(6, i) + 16777216 * plane(7, i);
      this.v6Records[i] = u32(l.v6Records + 4 * i);
    }
    this.fineFirst = new Uint32Array(bytes.buffer.slice(bytes.byteOffset + l.v6FineFirst, bytes.byteOffset + l.v6FineFirst + 4 * (c.v6FineBlocks + 1)));
    this.fine = new Uint32Array(bytes.buffer.slice(bytes.byteOffset + l.v6Fine, bytes.byteOffset + l.v6Fine + 12 * c.v6FineEntries));
  }

  /** The record in force at an address, as the table's format defines it; UNANNOUNCED where lookup answers null. */
  record(ip: ParsedIp): number {
    const embedded = embeddedIpv4(ip);
    if (ipScope(ip) !== 'public') return UNANNOUNCED;
    if (ip.version === 4 || embedded !== null) {
      const v4 = ip.version === 4 ? ip.v4 : embedded!;
      return this.v4Records[lastAtOrBefore(this.v4Starts.length, (i) => this.v4Starts[i]! <= v4)]!;
    }
    const [w0, w1, w2, w3] = ip.words;
    const entry = lastAtOrBefore(this.v6Hi.length, (i) => this.v6Hi[i]! < w0 || (this.v6Hi[i] === w0 && this.v6Lo[i]! <= w1));
    const record = this.v6Records[entry]!;
    if (record === UNANNOUNCED || record < FINE_BLOCK_FLAG) return record;
    const block = record - FINE_BLOCK_FLAG;
    let found = UNANNOUNCED;
    for (let i = this.fineFirst[block]!; i < this.fineFirst[block + 1]!; i++) {
      const hi = this.fine[3 * i]!;
      if (hi < w2 || (hi === w2 && this.fine[3 * i + 1]! <= w3)) found = this.fine[3 * i + 2]!;
    }
    return found;
  }
}

/** The last index in [0, count) whose predicate holds (the predicate holds on a prefix of the indexes, and on 0). */
function lastAtOrBefore(count: number, atOrBefore: (i: number) => boolean): number {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (atOrBefore(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const v4 = (n: number): ParsedIp => ({ version: 4, v4: n >>> 0 });
/** The 128-bit address (w0, w1, w2, w3) plus `delta` (-1, 0 or +1), wrapping within the address space. */
function v6Plus(w: [number, number, number, number], delta: number): ParsedIp {
  const words = [...w] as [number, number, number, number];
  for (let k = 3; k >= 0; k--) {
    const next = words[k]! + delta;
    words[k] = next >>> 0;
    if (next >= 0 && next <= 0xffffffff) break;
  }
  return { version: 6, words };
}

describe.each([
  ['full table', ASN_TABLE_PATH],
  ['providers table', HOT_TABLE_PATH],
])('lookup on the %s answers as the plain reference', (_name, path) => {
  let table: AsnTable;
  let reference: Reference;
  beforeAll(() => {
    const bytes = new Uint8Array(readFileSync(path));
    table = AsnTable.fromBuffer(bytes);
    reference = new Reference(bytes);
  }, 60_000);

  /** Compares every address; returns how many, and fails listing the first differences. */
  function compare(addresses: Iterable<ParsedIp>): number {
    const wrong: string[] = [];
    let checked = 0;
    for (const ip of addresses) {
      const expected = reference.record(ip);
      const actual = table.recordOf(ip);
      checked++;
      if (actual !== expected && wrong.length < 5) wrong.push(`${formatIp(ip)}: record ${actual}, reference ${expected}`);
      // The answer object is null exactly where the record is not one.
      if ((table.lookup(ip) === null) !== !(expected < reference.recordCount) && wrong.length < 5) wrong.push(`${formatIp(ip)}: answer ${JSON.stringify(table.lookup(ip))}`);
    }
    expect(wrong).toEqual([]);
    return checked;
  }

  it('at every IPv4 entry start -1, 0 and +1', () => {
    function* around(): Generator<ParsedIp> {
      for (const start of reference.v4Starts) for (const n of [start - 1, start, start + 1]) if (n >= 0 && n <= 0xffffffff) yield v4(n);
    }
    expect(compare(around())).toBe(3 * reference.v4Starts.length - 1);
  });

  it('in every /16, at its first, second, second-last and last address and two random ones, twice in a shuffled order', () => {
    // A fresh table, so that in the full table the first pass is what fills each /16's memo and the second reads it
    // (the providers table is too small to keep a memo: both passes search).
    const fresh = AsnTable.fromBuffer(new Uint8Array(readFileSync(path)));
    const next = seededRandom(20261203);
    const addresses: number[] = [];
    for (let b = 0; b < 65536; b++) {
      for (const low of [0, 1, 0xfffe, 0xffff, Math.floor(next() * 65536), Math.floor(next() * 65536)]) addresses.push(b * 65536 + low);
    }
    for (let i = addresses.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [addresses[i], addresses[j]] = [addresses[j]!, addresses[i]!];
    }
    const wrong: string[] = [];
    let checked = 0;
    let announced = 0;
    for (const pass of ['filling', 'filled']) {
      for (const a of addresses) {
        const expected = reference.record(v4(a));
        const actual = fresh.recordOf(v4(a));
        checked++;
        if (expected < reference.recordCount) announced++;
        if (actual !== expected && wrong.length < 5) wrong.push(`${pass} ${formatIp(v4(a))}: record ${actual}, reference ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBe(2 * 6 * 65536);
    // Not a comparison of nothing: the full table announces ~85% of these addresses, the providers table ~10%.
    expect(announced).toBeGreaterThan(checked / 20);
  });

  it('at every IPv6 /64 key and fine entry start -1, 0 and +1', () => {
    function* around(): Generator<ParsedIp> {
      for (let i = 0; i < reference.v6Hi.length; i++) {
        for (const d of [-1, 0, 1]) yield v6Plus([reference.v6Hi[i]!, reference.v6Lo[i]!, 0, 0], d);
      }
      for (let block = 0; block + 1 < reference.fineFirst.length; block++) {
        // The /64 a fine block belongs to: the key whose record names it.
        const entry = reference.v6Records.indexOf(FINE_BLOCK_FLAG + block);
        for (let i = reference.fineFirst[block]!; i < reference.fineFirst[block + 1]!; i++) {
          for (const d of [-1, 0, 1]) yield v6Plus([reference.v6Hi[entry]!, reference.v6Lo[entry]!, reference.fine[3 * i]!, reference.fine[3 * i + 1]!], d);
        }
      }
    }
    expect(compare(around())).toBeGreaterThan(3 * reference.v6Hi.length);
  });

  it('at random addresses, IPv4, IPv6 anywhere, in 2000::/3 and near keys, IPv4-mapped and NAT64', () => {
    const next = seededRandom(20261202);
    const word = (): number => Math.floor(next() * 4294967296) >>> 0;
    function* addresses(): Generator<ParsedIp> {
      for (let i = 0; i < 100_000; i++) {
        const a = word();
        yield v4(a);
        yield { version: 6, words: [0, 0, 0xffff, a] };
        yield { version: 6, words: [0x0064ff9b, 0, 0, a] };
        yield { version: 6, words: [word(), word(), word(), word()] };
        yield { version: 6, words: [(0x20000000 + (word() & 0x1fffffff)) >>> 0, word(), word(), word()] };
        const k = Math.floor(next() * reference.v6Hi.length);
        yield { version: 6, words: [reference.v6Hi[k]!, (reference.v6Lo[k]! + (word() & 0xffff)) >>> 0, word(), word()] };
      }
    }
    expect(compare(addresses())).toBe(600_000);
  });

  it('gives the same record for an address as text as for the parsed address, and UNANNOUNCED for malformed text', () => {
    const next = seededRandom(7);
    const word = (): number => Math.floor(next() * 4294967296) >>> 0;
    const wrong: string[] = [];
    const same = (text: string, actual: number, expected: number): void => {
      if (actual !== expected && wrong.length < 5) wrong.push(`${JSON.stringify(text.slice(0, 40))}: record ${actual}, reference ${expected}`);
    };
    let checked = 0;
    for (let i = 0; i < 10_000; i++) {
      const k = Math.floor(next() * reference.v6Hi.length);
      const ips: ParsedIp[] = [v4(word()), { version: 6, words: [0, 0, 0xffff, word()] }, { version: 6, words: [reference.v6Hi[k]!, reference.v6Lo[k]!, word(), word()] }];
      for (const ip of ips) {
        const text = formatIp(ip);
        // Brackets are for IPv6 only ("[1.2.3.4]" is not an address), and no form takes spaces.
        const forms = ip.version === 4 ? [text] : [text, text.toUpperCase(), `[${text}]`];
        for (const form of forms) same(form, table.recordOf(form), reference.record(ip));
        same(` ${text}`, table.recordOf(` ${text}`), UNANNOUNCED);
        checked += forms.length + 1;
      }
    }
    expect(checked).toBe(100_000);
    const malformed = fc.sample(fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.array(fc.constantFrom(...'0123456789abcdefABCDEF:.%[]'.split('')), { maxLength: 50 }).map((c) => c.join('')),
    ), { numRuns: 5_000, seed: 11 });
    for (const text of [...malformed, '', '1.2.3.4.5', '::ffff:1.2.3.256', '1::2::3', '[::1]:443', '2001:db8::1', 'x'.repeat(100_000)]) {
      const ip = parseIp(text);
      same(text, table.recordOf(text), ip === null ? UNANNOUNCED : reference.record(ip));
    }
    expect(wrong).toEqual([]);
    // Not an address at all: no record, no answer, no throw.
    for (const bad of [null, undefined, 42, {}, { version: 4 }, { version: 6, words: 'x' }] as unknown as ParsedIp[]) {
      expect(table.recordOf(bad)).toBe(UNANNOUNCED);
      expect(table.lookup(bad)).toBeNull();
    }
  });
});
