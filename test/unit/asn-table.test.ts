import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileAsnTable, type AsnSourceMeta } from '../../scripts/build-asn-table.ts';
import { AsnTable, ASN_TABLE_HEADER_BYTES, HEADER, asnTableLayout, headerCounts, toBytePlanes, V6KeyPlanes } from '../../src/core/asn-table.ts';
import { ipScope, type ParsedIp } from '../../src/core/ip.ts';

const META: AsnSourceMeta = { source: 'test CSV', dataDate: '2026-06-17', licence: 'test' };
const pkg = (file: string): string => fileURLToPath(new URL(`../../node_modules/@ip-location-db/asn/${file}`, import.meta.url));

function build(v4Csv: string, v6Csv: string): AsnTable {
  return AsnTable.fromBuffer(compileAsnTable(v4Csv, v6Csv, META).bytes);
}

const v4 = (n: number | bigint): ParsedIp => ({ version: 4, v4: Number(n) });
const v6 = (n: bigint): ParsedIp => ({
  version: 6,
  words: [Number((n >> 96n) & 0xffffffffn), Number((n >> 64n) & 0xffffffffn), Number((n >> 32n) & 0xffffffffn), Number(n & 0xffffffffn)],
});
const asnOf = (table: AsnTable, ip: string | ParsedIp): number | null => table.lookup(ip)?.asn ?? null;

describe('AsnTable on small in-memory sources', () => {
  const v4Csv = [
    '16777216,16777471,13335,"Cloudflare, Inc."', // 1.0.0.0/24
    '16778240,16779263,38803,Gtelecom Pty Ltd', // 1.0.4.0 - 1.0.7.255
    '16779264,16779519,38803,Gtelecom Pty Ltd', // adjacent, same AS
    '33554432,50331647,3215,Orange S.A.', // 2.0.0.0/8 enclosing ...
    '2.1.0.0,2.1.0.255,16276,OVH SAS', // ... 2.1.0.0/24 more specific (textual bounds work too)
    '3758096384,4294967295,64500,Top', // 224.0.0.0 - end: multicast/reserved scope, never returned
    '4278190080,4278190081,0,Not routed', // AS 0: refused, a gap
  ].join('\n');
  const v6Csv = [
    '2a01:4f8::,2a01:4f9:ffff:ffff:ffff:ffff:ffff:ffff,24940,Hetzner Online GmbH',
    '2001:500:30ff::,2001:500:30ff::2f,396585,VeriSign Global Registry Services',
    '2001:500:30ff::30,2001:500:30ff::30,396552,VeriSign Global Registry Services',
    '2001:500:30ff::31,2001:500:30ff:ffff:ffff:ffff:ffff:ffff,396585,VeriSign Global Registry Services',
    '2001:678:4::,2001:678:4:0:8000::,64501,Half a /64',
  ].join('\r\n');
  let table: AsnTable;
  beforeAll(() => {
    table = build(v4Csv, v6Csv);
  });

  it('finds the range an address is in, with its name (quoted names keep their comma)', () => {
    expect(table.lookup('1.0.0.1')).toEqual({ asn: 13335, name: 'Cloudflare, Inc.' });
    expect(asnOf(table, '1.0.4.0')).toBe(38803);
    expect(asnOf(table, '1.0.8.255')).toBe(38803);
  });

  it('returns null in unannounced gaps rather than the previous range', () => {
    expect(asnOf(table, '1.0.1.0')).toBeNull();
    expect(asnOf(table, '1.0.3.255')).toBeNull();
    expect(asnOf(table, '1.0.9.0')).toBeNull();
    expect(asnOf(table, '0.255.255.255')).toBeNull();
    expect(asnOf(table, '3.0.0.0')).toBeNull();
  });

  it('lets a more specific range win inside an enclosing one, which resumes after it', () => {
    expect(asnOf(table, '2.0.255.255')).toBe(3215);
    expect(asnOf(table, '2.1.0.0')).toBe(16276);
    expect(asnOf(table, '2.1.0.255')).toBe(16276);
    expect(asnOf(table, '2.1.1.0')).toBe(3215);
    expect(asnOf(table, '2.255.255.255')).toBe(3215);
  });

  it('returns null for non-public scopes even when a range covers them', () => {
    expect(asnOf(table, '224.0.0.1')).toBeNull();
    expect(asnOf(table, '255.0.0.0')).toBeNull();
  });

  it('is exact for IPv6 ranges narrower than a /64', () => {
    expect(asnOf(table, '2001:500:30ff::2f')).toBe(396585);
    expect(asnOf(table, '2001:500:30ff::30')).toBe(396552);
    expect(asnOf(table, '2001:500:30ff::31')).toBe(396585);
    expect(asnOf(table, '2001:500:30ff:1::')).toBe(396585);
    expect(asnOf(table, '2001:500:3100::')).toBeNull();
    expect(asnOf(table, '2001:678:4::8000:0:0:0')).toBe(64501);
    expect(asnOf(table, '2001:678:4::8000:0:0:1')).toBeNull();
    expect(asnOf(table, '2001:678:4:1::')).toBeNull();
  });

  it('looks up IPv4-mapped and NAT64 addresses as their IPv4, and accepts ParsedIp', () => {
    expect(asnOf(table, '::ffff:1.0.0.1')).toBe(13335);
    expect(asnOf(table, '64:ff9b::2.1.0.9')).toBe(16276);
    expect(asnOf(table, '[2a01:4f8:c17::1]')).toBe(24940);
    expect(asnOf(table, { version: 4, v4: 0x01000001 })).toBe(13335);
  });

  it('answers null to anything that is not an address', () => {
    for (const bad of ['', 'example.com', '1.0.0.1:443', '[::1]:443', 'x'.repeat(100_000), null, undefined, 7, {}, { version: 6 }]) {
      expect(table.lookup(bad as unknown as string)).toBeNull();
    }
  });

  it('reports its source, date and counts', () => {
    expect(table.meta).toMatchObject({ source: 'test CSV', dataDate: '2026-06-17', v4Ranges: 6, v6Ranges: 5 });
    expect(table.meta.asCount).toBe(9);
  });

  it('counts refused rows and keeps them out of the table', () => {
    const { stats } = compileAsnTable('1,2,x,bad asn\n5,4,1,end before start\n10,20,65000,ok\nnot,a,row\n', '', META);
    expect(stats.v4Rows).toBe(1);
    expect(stats.rejectedRows).toBe(3);
  });

  it('bridges short same-AS gaps only when asked', () => {
    const csv = '16777216,16777471,65000,A\n16777728,16777983,65000,A'; // 1.0.0.0/24, gap 1.0.1.0/24, 1.0.2.0/24
    expect(asnOf(build(csv, ''), '1.0.1.1')).toBeNull();
    const bridged = AsnTable.fromBuffer(compileAsnTable(csv, '', { ...META, bridgeGap: 256 }).bytes);
    expect(asnOf(bridged, '1.0.1.1')).toBe(65000);
  });
});

describe('byte planes (how the table stores its IPv6 keys)', () => {
  it('give back every (hi, lo) pair, including 0, 0xFFFFFFFF and words with all four bytes set', () => {
    const hi = [0, 1, 0xff, 0x100, 0xffff, 0x12345678, 0x80000000, 0xfedcba98, 0xffffffff];
    const lo = [...hi].reverse();
    const planes = new Uint8Array([...toBytePlanes(hi), ...toBytePlanes(lo)]);
    expect(Array.from(planes.subarray(0, hi.length))).toEqual(hi.map((w) => w & 0xff));
    const keys = new V6KeyPlanes(planes, hi.length);
    expect(hi.map((_, i) => [keys.hi(i), keys.lo(i)])).toEqual(hi.map((h, i) => [h, lo[i]]));
  });
});

describe('AsnTable refuses corrupt or truncated buffers at load time', () => {
  const good = compileAsnTable('16777216,16777471,13335,Cloudflare\n', '2a01:4f8::,2a01:4f8::ffff,24940,Hetzner\n', META).bytes;
  const mutated = (change: (bytes: Uint8Array, view: DataView) => void): Uint8Array => {
    const copy = good.slice();
    change(copy, new DataView(copy.buffer));
    return copy;
  };

  it('loads the good one, also from an unaligned Uint8Array slice', () => {
    expect(asnOf(AsnTable.fromBuffer(good.buffer as ArrayBuffer), '1.0.0.7')).toBe(13335);
    const shifted = new Uint8Array(good.byteLength + 1);
    shifted.set(good, 1);
    expect(asnOf(AsnTable.fromBuffer(shifted.subarray(1)), '2a01:4f8::1')).toBe(24940);
  });

  it.each([
    ['empty', new Uint8Array(0), /shorter than the header/],
    ['truncated', good.subarray(0, good.byteLength - 4), /size mismatch/],
    ['header only', good.subarray(0, ASN_TABLE_HEADER_BYTES), /size mismatch/],
    ['bad magic', mutated((b) => { b[0] = 0x58; }), /bad magic/],
    ['future version', mutated((_, v) => v.setUint32(HEADER.version, 99, true)), /format version 99/],
    ['huge count', mutated((_, v) => v.setUint32(HEADER.v4Entries, 0xfffffff0, true)), /exceeds the file size|size mismatch/],
    ['AS index out of range', mutated((_, v) => v.setUint32(layoutOf(v).v4As + 4, 7, true)), /missing AS/],
    // Entries 1 and 2 (1.0.0.0 and 1.0.1.0) share a /16 bucket: giving entry 2 the low bits of entry 1 breaks the order.
    ['starts out of order', mutated((_, v) => v.setUint16(layoutOf(v).v4Lows + 4, 0, true)), /entry 2 is out of order/],
    // IPv6 keys are byte planes: a high-word byte set in the first (only) entry moves it off ::.
    ['IPv6 entries not starting at ::', mutated((b, v) => { b[layoutOf(v).v6Keys] = 1; }), /IPv6 entries do not start at ::/],
    // Bucket 0 (0.0.0.0) holds entry 0, bucket 256 (1.0.0.0) entries 1-2: its first entry now points past them.
    ['index pointing past the entries', mutated((_, v) => v.setUint32(layoutOf(v).v4BucketFirsts + 4, 99, true)), /IPv4 index slot \d+ is wrong/],
    ['index map counting other buckets than its bits', mutated((_, v) => v.setUint32(layoutOf(v).v4BucketMap + 4 * 1, 0b11, true)), /IPv4 bucket map is inconsistent/],
    ['IPv6 index pointing outside its bucket', mutated((_, v) => v.setUint32(layoutOf(v).v6BucketFirsts, 0, true)), /IPv6 index slot 0 is wrong/],
    ['format 3 (dense indexes, before this reader)', mutated((_, v) => v.setUint32(HEADER.version, 3, true)), /format version 3, this build reads only version 4/],
  ])('%s', (_name, bytes, message) => {
    expect(() => AsnTable.fromBuffer(bytes)).toThrow(message);
  });

  it('refuses things that are not buffers', () => {
    expect(() => AsnTable.fromBuffer('abc' as unknown as ArrayBuffer)).toThrow(/ArrayBuffer/);
  });
});

/** Section offsets of a serialized table, read from its header. */
function layoutOf(v: DataView): ReturnType<typeof asnTableLayout> {
  return asnTableLayout(headerCounts(v));
}

describe('AsnTable against the full @ip-location-db/asn CSVs', () => {
  const v4Csv = readFileSync(pkg('asn-ipv4-num.csv'), 'utf8');
  const v6Csv = readFileSync(pkg('asn-ipv6-num.csv'), 'utf8');
  let compiled: Uint8Array;
  let table: AsnTable;
  // Compiling 500,000 rows takes seconds; more on a loaded machine.
  beforeAll(() => {
    compiled = compileAsnTable(v4Csv, v6Csv, META).bytes;
    table = AsnTable.fromBuffer(compiled);
  }, 60_000);

  it('knows facts read from the CSV rows', () => {
    // 1.1.1.0,1.1.1.255,13335,"Cloudflare, Inc." / 8.8.8.0,8.8.8.255,15169,Google LLC / 51.91.0.0,51.91.255.255,16276,OVH SAS
    expect(table.lookup('1.1.1.1')).toEqual({ asn: 13335, name: 'Cloudflare, Inc.' });
    expect(table.lookup('8.8.8.8')).toEqual({ asn: 15169, name: 'Google LLC' });
    expect(table.lookup('51.91.0.1')).toEqual({ asn: 16276, name: 'OVH SAS' });
    // 2001:41d0::,2001:41d0:fbff:...,16276,OVH SAS / 2a01:4f8::,2a01:4f9:ffff:...,24940,Hetzner Online GmbH
    expect(asnOf(table, '2001:41d0:1::1')).toBe(16276);
    expect(asnOf(table, '2a01:4f9:ffff::1')).toBe(24940);
    expect(asnOf(table, '::ffff:51.15.0.1')).toBe(12876); // 51.15.0.0,51.15.255.255,12876,Scaleway SAS
  });

  it('finds a corrupt entry deep inside a full table with verify(), and lookups on it still never throw', () => {
    const bytes = compiled.slice();
    const view = new DataView(bytes.buffer);
    const layout = layoutOf(view);
    const victim = 123_457; // an entry the load-time sample does not visit
    view.setUint32(layout.v4As + 4 * victim, 0x7ffffff0, true);
    const corrupt = AsnTable.fromBuffer(bytes);
    expect(() => corrupt.verify()).toThrow(/IPv4 entry 123457 points to a missing AS/);
    // The victim's start: its /16 bucket (the occupied bucket whose first entries reach it) and its low 16 bits.
    let bucket = -1;
    for (let b = 0, slot = 0; b < 65536 && bucket < 0; b++) {
      if (((view.getUint32(layout.v4BucketMap + 8 * (b >>> 5) + 4, true) >>> (b & 31)) & 1) === 0) continue;
      if (view.getUint32(layout.v4BucketFirsts + 4 * (slot + 1), true) > victim) bucket = b;
      slot++;
    }
    const start = bucket * 65536 + view.getUint16(layout.v4Lows + 2 * victim, true);
    expect(corrupt.lookup({ version: 4, v4: start })).toBeNull();
    expect(table.lookup({ version: 4, v4: start })).not.toBeNull();
    expect(() => table.verify()).not.toThrow();
  });

  it('finds a bucket map count the load-time sample skips with verify(), and lookups on it never throw', () => {
    const bytes = compiled.slice();
    const view = new DataView(bytes.buffer);
    const group = 1002; // its count is checked with groups 1001 and 1002; the load check samples every 16th group
    const at = layoutOf(view).v4BucketMap + 8 * group;
    view.setUint32(at, view.getUint32(at, true) + 3, true);
    const corrupt = AsnTable.fromBuffer(bytes);
    expect(() => corrupt.verify()).toThrow(/IPv4 bucket map is inconsistent/);
    for (let v4 = group * 32 * 65536; v4 < (group + 2) * 32 * 65536; v4 += 4099) expect(() => corrupt.lookup({ version: 4, v4 })).not.toThrow();
  });

  /** Every row: start and end map to its ASN (a later-starting overlapping row wins), neighbours in gaps map to null. */
  function roundTrip(csv: string, toIp: (n: bigint) => ParsedIp, max: bigint): { checked: number; failures: string[] } {
    const rows = csv.split('\n').filter(Boolean).map((line) => {
      const [start, end, asn] = line.split(',');
      return { start: BigInt(start!), end: BigInt(end!), asn: Number(asn) };
    });
    const failures: string[] = [];
    let checked = 0;
    const expectAt = (n: bigint, asn: number | null, what: string): void => {
      const ip = toIp(n);
      const expected = ipScope(ip) === 'public' ? asn : null;
      const actual = asnOf(table, ip);
      checked++;
      if (actual !== expected && failures.length < 10) failures.push(`${what} ${n}: expected ${expected}, got ${actual}`);
    };
    rows.forEach((row, i) => {
      const next = rows[i + 1];
      const previous = rows[i - 1];
      expectAt(row.start, row.asn, 'start');
      expectAt(row.end, next && next.start <= row.end ? next.asn : row.asn, 'end');
      if (row.start > 0n && (!previous || previous.end < row.start - 1n)) expectAt(row.start - 1n, null, 'before');
      if (row.end < max && (!next || next.start > row.end + 1n)) expectAt(row.end + 1n, null, 'after');
    });
    return { checked, failures };
  }

  it('maps the start and end of every IPv4 range to its AS, and gaps to null', () => {
    const { checked, failures } = roundTrip(v4Csv, v4, (1n << 32n) - 1n);
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(800_000);
  });

  it('maps the start and end of every IPv6 range to its AS, and gaps to null', () => {
    const { checked, failures } = roundTrip(v6Csv, v6, (1n << 128n) - 1n);
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(200_000);
  });
});

describe('prefix layers compiled into the table', () => {
  const routing = ['1.0.0.0,1.0.255.255,16509,"Amazon.com, Inc."', '2.0.0.0,2.0.255.255,16276,OVH SAS'].join('\n');
  const bounds = (from: string, to: string) => {
    const n = (ip: string) => BigInt(ip.split('.').reduce((x, o) => x * 256 + Number(o), 0));
    return { start: n(from), end: n(to) };
  };
  const labels = [
    JSON.stringify({ published: { providerId: 'aws', list: 'aws', listDate: '2025-07-24' } }),
    JSON.stringify({ published: { providerId: 'aws', list: 'aws', listDate: '2025-07-24', region: 'eu-west-3', service: 'CLOUDFRONT' } }),
    JSON.stringify({ registration: { country: 'US', providerId: 'ovh-us', announcedBy: 'ovhcloud' } }),
  ];
  const table = AsnTable.fromBuffer(
    compileAsnTable(routing, '', META, {
      labels,
      published: { v4: [{ ...bounds('1.0.0.0', '1.0.255.255'), label: 0 }, { ...bounds('1.0.4.0', '1.0.4.255'), label: 1 }, { ...bounds('3.0.0.0', '3.0.0.255'), label: 0 }], v6: [] },
      registration: { v4: [{ ...bounds('2.0.128.0', '2.0.255.255'), label: 2 }, { ...bounds('1.0.4.0', '1.0.4.255'), label: 2 }], v6: [] },
    }).bytes,
  );

  it('keeps the AS and adds what the layer says; the narrower published prefix speaks', () => {
    expect(table.lookup('1.0.0.1')).toEqual({ asn: 16509, name: 'Amazon.com, Inc.', published: { providerId: 'aws', list: 'aws', listDate: '2025-07-24' } });
    expect(table.lookup('1.0.4.1')?.published).toMatchObject({ region: 'eu-west-3', service: 'CLOUDFRONT' });
  });

  it('gives an identical prefix in two published lists to the later list (sources.json puts GitHub after Azure)', () => {
    const twice = [JSON.stringify({ published: { providerId: 'microsoft', list: 'azure', listDate: '2025-11-09' } }), JSON.stringify({ published: { providerId: 'github', list: 'github', listDate: '2026-08-22' } })];
    const same = bounds('1.0.8.0', '1.0.8.255');
    const t = AsnTable.fromBuffer(compileAsnTable(routing, '', META, { labels: twice, published: { v4: [{ ...same, label: 0 }, { ...same, label: 1 }], v6: [] }, registration: { v4: [], v6: [] } }).bytes);
    expect(t.lookup('1.0.8.1')?.published?.providerId).toBe('github');
  });

  it('puts a published range above a registration, and a registration above the bare AS', () => {
    expect(table.lookup('1.0.4.1')?.registration).toBeUndefined();
    expect(table.lookup('2.0.200.1')).toEqual({ asn: 16276, name: 'OVH SAS', registration: { country: 'US', providerId: 'ovh-us', announcedBy: 'ovhcloud' } });
    expect(table.lookup('2.0.1.1')).toEqual({ asn: 16276, name: 'OVH SAS' });
  });

  it('answers a published range no AS announces, with AS 0, and leaves other unannounced space null', () => {
    expect(table.lookup('3.0.0.9')).toMatchObject({ asn: 0, name: '', published: { providerId: 'aws' } });
    expect(table.lookup('3.0.1.9')).toBeNull();
  });

  it('answers null, never a wrong AS, when the AS section is corrupt, and verify() says so', () => {
    const bytes = compileAsnTable(routing, '', META).bytes.slice();
    const view = new DataView(bytes.buffer);
    view.setUint32(layoutOf(view).asDeltas + 4, 0, true); // the second AS now repeats the first
    const broken = AsnTable.fromBuffer(bytes);
    expect(broken.lookup('2.0.0.1')).toBeNull();
    expect(broken.lookup('1.0.0.1')).toBeNull();
    expect(() => broken.verify()).toThrow(/out of order/);
  });
});

/**
 * The sparse bucket index (format 4) must give the same answer as the rows themselves everywhere: random tables,
 * dense and nearly empty, checked at every row boundary +-1, every bucket edge and random addresses against a plain
 * search of the rows.
 */
describe('sparse bucket index: every answer equals the rows it was compiled from', () => {
  interface Span { start: bigint; end: bigint; asn: number }
  function random(seed: number): () => number {
    let x = seed >>> 0;
    return () => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return (x >>> 0) / 4294967296;
    };
  }
  const big = (next: () => number, below: bigint): bigint => {
    let n = 0n;
    for (let i = 0; i < 4; i++) n = (n << 32n) | BigInt(Math.floor(next() * 4294967296));
    return n % below;
  };

  /**
   * Non-overlapping sorted rows between `floor` and `max`: bounds on bucket edges (+-1), bounds crowded into four
   * buckets from `crowd`, and bounds anywhere (rows spanning many buckets, gaps). A bucket is 2^bucketShift addresses.
   */
  function spans(next: () => number, count: number, floor: bigint, max: bigint, bucketShift: bigint, crowd: bigint): Span[] {
    const starts = new Set<bigint>();
    const bucket = 1n << bucketShift;
    while (starts.size < 2 * count) {
      const kind = next();
      const base = floor + big(next, max - floor);
      const at = kind < 0.3 ? (base / bucket) * bucket + BigInt(Math.floor(next() * 3)) - 1n : kind < 0.6 ? crowd + (base % (4n * bucket)) : base;
      if (at >= floor && at <= max) starts.add(at);
    }
    const points = [...starts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const rows: Span[] = [];
    for (let i = 0; i + 1 < points.length; i += 2) rows.push({ start: points[i]!, end: points[i + 1]!, asn: 64500 + Math.floor(next() * 40) });
    return rows;
  }

  const asnAt = (rows: Span[], n: bigint): number | null => {
    let lo = 0;
    let hi = rows.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (rows[mid]!.end < n) lo = mid + 1;
      else if (rows[mid]!.start > n) hi = mid - 1;
      else return rows[mid]!.asn;
    }
    return null;
  };

  function compare(v4Rows: Span[], v6Rows: Span[], seed: number): number {
    const csv = (rows: Span[]) => rows.map((r) => `${r.start},${r.end},${r.asn},AS${r.asn}`).join('\n');
    const table = AsnTable.fromBuffer(compileAsnTable(csv(v4Rows), csv(v6Rows), META).bytes);
    const next = random(seed);
    const wrong: string[] = [];
    let checked = 0;
    const check = (family: 4 | 6, rows: Span[], n: bigint, max: bigint): void => {
      if (n < 0n || n > max) return;
      const ip = family === 4 ? v4(n) : v6(n);
      const expected = ipScope(ip) === 'public' ? asnAt(rows, n) : null;
      const actual = asnOf(table, ip);
      checked++;
      if (actual !== expected && wrong.length < 5) wrong.push(`IPv${family} ${n}: expected ${expected}, got ${actual}`);
    };
    const V4_MAX = (1n << 32n) - 1n;
    const V6_MAX = (1n << 128n) - 1n;
    for (const [family, rows, max] of [[4, v4Rows, V4_MAX], [6, v6Rows, V6_MAX]] as const) {
      for (const r of rows) for (const n of [r.start - 1n, r.start, r.start + 1n, r.end - 1n, r.end, r.end + 1n]) check(family, rows, n, max);
      for (let i = 0; i < 20_000; i++) check(family, rows, big(next, max + 1n), max);
    }
    // Every bucket edge: IPv4 /16s, IPv6 /19s of 2000::/3 and the ends of that space.
    for (let b = 0n; b <= 65536n; b++) {
      for (const n of [(b << 16n) - 1n, b << 16n]) check(4, v4Rows, n, V4_MAX);
      const v6Edge = (0x2000n << 112n) + (b << 109n);
      for (const n of [v6Edge - 1n, v6Edge]) check(6, v6Rows, n, V6_MAX);
    }
    expect(wrong).toEqual([]);
    return checked;
  }

  it.each([
    ['one row each', 1, 1],
    ['a few rows (most buckets empty, as in the providers table)', 40, 20],
    ['thousands of rows (buckets crowded and spanned)', 3000, 1500],
  ])('%s', (_name, v4Count, v6Count) => {
    const next = random(v4Count * 7919 + v6Count);
    const v4Rows = spans(next, v4Count, 0n, (1n << 32n) - 1n, 16n, 0x01000000n);
    // IPv6 rows mostly inside 2000::/3, some below and above it (the index must still find the entry in force).
    const v6Rows = spans(next, v6Count, 0x1f00n << 112n, (0x4400n << 112n) - 1n, 109n, 0x2a01n << 112n);
    expect(compare(v4Rows, v6Rows, v4Count)).toBeGreaterThan(280_000);
  });
});
