/**
 * IP -> AS engine figures: lookup speed (IPv4, IPv6) against the `maxmind` reader on the same addresses, table load
 * time, file size, and a fuzz run of adversarial strings. Prints medians over repeated rounds.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import maxmind, { Reader } from 'maxmind';
import { ASN_TABLE_PATH, buildAsnTableFile, compileAsnTable, defaultSource } from '../scripts/build-asn-table.ts';
import { ASN_TABLE_HEADER_BYTES, AsnTable, asnTableLayout, headerCounts } from '../src/core/asn-table.ts';
import { formatIp, ipv4Scope, parseIp, parseIpInto } from '../src/core/ip.ts';
import { mainThreadClock } from './fixtures/process-cpu.ts';

const ROUNDS = 21;
const WARMUP_ROUNDS = 3;
const SAMPLE = 100_000;
const MMDB = fileURLToPath(new URL('../node_modules/@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb', import.meta.url));
const V6_CSV = fileURLToPath(new URL('../node_modules/@ip-location-db/asn/asn-ipv6-num.csv', import.meta.url));

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Compressed cost of each section of a table file (header, then the sections in file order), in kB of 1024 bytes. */
function sectionSizes(file: Uint8Array): Array<[string, number]> {
  const layout = asnTableLayout(headerCounts(new DataView(file.buffer, file.byteOffset, file.byteLength)));
  const starts = Object.entries(layout).filter(([name]) => name !== 'totalBytes');
  const cuts: Array<[string, number, number]> = [['header', 0, ASN_TABLE_HEADER_BYTES]];
  starts.forEach(([name, at], i) => cuts.push([name, at, starts[i + 1]?.[1] ?? layout.totalBytes]));
  return cuts.map(([name, from, to]) => [name, gzipSync(file.subarray(from, to), { level: 9 }).byteLength / 1024]);
}

/** Deterministic PRNG so every run measures the same addresses. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomPublicV4(count: number, random: () => number): string[] {
  const out: string[] = [];
  while (out.length < count) {
    const v4 = Math.floor(random() * 4294967296) >>> 0;
    if (ipv4Scope(v4) === 'public') out.push(formatIp({ version: 4, v4 }));
  }
  return out;
}

/** Random addresses inside randomly chosen rows of the IPv6 CSV, so lookups land in announced space. */
export function randomAnnouncedV6(count: number, random: () => number): string[] {
  const rows = readFileSync(V6_CSV, 'utf8').split('\n').filter(Boolean).map((line) => line.split(',', 2).map(BigInt) as [bigint, bigint]);
  const out: string[] = [];
  while (out.length < count) {
    const [start, end] = rows[Math.floor(random() * rows.length)]!;
    const offset = (BigInt(Math.floor(random() * 2 ** 32)) << 32n | BigInt(Math.floor(random() * 2 ** 32))) % (end - start + 1n);
    const n = start + offset;
    const words = [96n, 64n, 32n, 0n].map((s) => Number((n >> s) & 0xffffffffn)) as [number, number, number, number];
    out.push(formatIp({ version: 6, words }));
  }
  return out;
}

export type Batch = (inputs: string[]) => number;

/** One batch's figures, in ns per item: medians and every round's figure, by wall clock and by time on a core. */
export interface BatchFigures {
  median: number;
  rounds: number[];
  /** Time the main thread ran on a core (Linux `schedstat`; NaN elsewhere): a batch's waits for a busy core left out. */
  cpuMedian: number;
  cpuRounds: number[];
  /** Share of the measured rounds' wall time the thread spent waiting for a core (NaN off Linux). */
  waitShare: number;
}

/**
 * Runs the batches over the same inputs in interleaved rounds (so a busy machine slows them alike), after warm-up
 * rounds, and returns per batch the median nanoseconds per item and every round's figure, by wall clock and by time on
 * a core. The order is shuffled each round (seeded): a fixed rotation gave each batch the same predecessor every round,
 * and so the same cache state (two readers of one table differed by 10-18% with identical code). Each batch runs one
 * call per input and returns a count so the work is kept; each measurement passes its own batch function so its
 * inner call site stays monomorphic, as it is in real use.
 */
export function interleaved(inputs: string[], batches: Record<string, Batch>): Record<string, BatchFigures> {
  const names = Object.keys(batches);
  const wall: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const cpu: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const waited: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  const clock = mainThreadClock();
  const shuffle = prng(names.length * 7919 + inputs.length);
  let sink = 0;
  for (let r = 0; r < ROUNDS + WARMUP_ROUNDS; r++) {
    const order = [...names];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(shuffle() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const name of order) {
      const c0 = clock?.();
      const t0 = performance.now();
      sink += batches[name]!(inputs);
      const t1 = performance.now();
      const c1 = clock?.();
      if (r < WARMUP_ROUNDS) continue;
      wall[name]!.push(((t1 - t0) * 1e6) / inputs.length);
      cpu[name]!.push(c0 && c1 ? (c1.runNs - c0.runNs) / inputs.length : NaN);
      waited[name]! += c0 && c1 ? c1.waitNs - c0.waitNs : NaN;
    }
  }
  if (sink < 0) console.log(sink);
  return Object.fromEntries(names.map((n) => {
    const wallNs = wall[n]!.reduce((a, b) => a + b, 0) * inputs.length;
    return [n, { median: median(wall[n]!), rounds: wall[n]!, cpuMedian: median(cpu[n]!), cpuRounds: cpu[n]!, waitShare: waited[n]! / wallNs }];
  }));
}

/** The p10-p90 range of a batch's rounds, in whole ns: how far one round's figure can be from the median. */
export function spread(rounds: number[]): string {
  const s = [...rounds].sort((a, b) => a - b);
  const at = (q: number) => s[Math.round(q * (s.length - 1))]!.toFixed(0);
  return `${at(0.1)}-${at(0.9)}`;
}

/** A batch's figures in one phrase: median wall clock, median on a core, the spread of both, the wait for a core. */
export function describeFigures(f: BatchFigures): string {
  if (Number.isNaN(f.cpuMedian)) return `${f.median.toFixed(0)} ns (rounds p10-p90 ${spread(f.rounds)})`;
  return `${f.median.toFixed(0)} ns wall, ${f.cpuMedian.toFixed(0)} ns on a core (rounds p10-p90 ${spread(f.rounds)} / ${spread(f.cpuRounds)}; waited for a core ${(100 * f.waitShare).toFixed(0)}% of the time)`;
}

/** Load averages (1, 5, 15 min) as printed by the benches. */
export const loadAverages = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');

/** Median over rounds of (slower / faster) measured in the same round. */
export function medianRatio(slow: number[], fast: number[]): number {
  return median(slow.map((s, i) => s / fast[i]!));
}

/** Fresh sequential strings, as the browser hands them over (strings built by concatenation are slower to read). */
export const flat = (xs: string[]): string[] => JSON.parse(JSON.stringify(xs)) as string[];

export default async function (): Promise<void> {
  buildAsnTableFile(defaultSource());
  const file = readFileSync(ASN_TABLE_PATH);
  const arrayBuffer = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;

  // Load: the first (cold) one is what a service-worker start pays; the median is after JIT warm-up.
  const loads: number[] = [];
  const coldStart = performance.now();
  let table = AsnTable.fromBuffer(arrayBuffer);
  const cold = performance.now() - coldStart;
  for (let i = 0; i < 31; i++) {
    const t0 = performance.now();
    table = AsnTable.fromBuffer(arrayBuffer);
    loads.push(performance.now() - t0);
  }
  console.log(`table        ${table.meta.source}, data of ${table.meta.dataDate}; ${table.meta.v4Ranges} IPv4 + ${table.meta.v6Ranges} IPv6 rows, ${table.meta.asCount} ASes`);
  console.log(`size         ${file.byteLength} bytes, gzip -9 ${gzipSync(file, { level: 9 }).byteLength} bytes`);
  console.log(`sections     gzip -9 of each section alone, kB: ${sectionSizes(file).map(([name, kb]) => `${name} ${kb.toFixed(1)}`).join(', ')}`);
  console.log(`load         first (cold) ${cold.toFixed(2)} ms; median ${median(loads).toFixed(2)} ms over ${loads.length} more loads (target <= 10 ms)`);
  // Not in the load: a table decodes its IPv6 entries into (hi, lo, record) triples on its first IPv6 lookup (docs/asn-table.md).
  // After a first IPv4 lookup, which builds what every answer needs (AS numbers, name offsets).
  const decodeClock = mainThreadClock();
  const decodes: number[] = [];
  const decodesOnCore: number[] = [];
  for (let i = 0; i < 11; i++) {
    const fresh = AsnTable.fromBuffer(arrayBuffer);
    fresh.lookup('51.91.0.1');
    const c0 = decodeClock?.();
    const t0 = performance.now();
    fresh.lookup('2a01:4f8::1');
    decodes.push(performance.now() - t0);
    const c1 = decodeClock?.();
    decodesOnCore.push(c0 && c1 ? (c1.runNs - c0.runNs) / 1e6 : NaN);
  }
  const v6Entries = headerCounts(new DataView(arrayBuffer)).v6Entries;
  console.log(
    `v6 decode    first IPv6 lookup of a fresh table (after its first IPv4 one), which decodes its ${v6Entries} IPv6 entries (${12 * v6Entries} bytes kept): ` +
      `first ${decodes[0]!.toFixed(2)} ms wall, ${decodesOnCore[0]!.toFixed(2)} ms on a core; median ${median(decodes).toFixed(2)} / ${median(decodesOnCore).toFixed(2)} ms over ${decodes.length}`,
  );

  // What the prefix layers (published ranges, registrations) cost: the same routing rows compiled without them.
  const src = defaultSource();
  const plainBytes = compileAsnTable(readFileSync(src.v4Path, 'utf8'), readFileSync(src.v6Path, 'utf8'), src).bytes;
  const routingOnly = AsnTable.fromBuffer(plainBytes);
  console.log(`layers       without the prefix layers: ${plainBytes.byteLength} bytes, gzip -9 ${gzipSync(plainBytes, { level: 9 }).byteLength} bytes`);

  const random = prng(20260617);
  const v4 = flat(randomPublicV4(SAMPLE, random));
  const v6 = flat(randomAnnouncedV6(SAMPLE, random));
  const v4Hit = v4.filter((ip) => table.lookup(ip) !== null).length;
  const v6Hit = v6.filter((ip) => table.lookup(ip) !== null).length;
  console.log(`sample       ${SAMPLE} random public IPv4 (${((100 * v4Hit) / SAMPLE).toFixed(1)}% announced), ${SAMPLE} random IPv6 in announced rows (${((100 * v6Hit) / SAMPLE).toFixed(1)}% found)`);

  const cached = await maxmind.open(MMDB);
  const uncached = new Reader(readFileSync(MMDB));
  // Each batch is its own loop: one shared loop calling five different closures would make its call site
  // megamorphic (no inlining) and add that call to every figure, as the figures before 2026-12-02 did.
  const readers = {
    vigie: (xs: string[]) => {
      let n = 0;
      for (let i = 0; i < xs.length; i++) if (table.lookup(xs[i]!) !== null) n++;
      return n;
    },
    routingOnly: (xs: string[]) => {
      let n = 0;
      for (let i = 0; i < xs.length; i++) if (routingOnly.lookup(xs[i]!) !== null) n++;
      return n;
    },
    parse: (xs: string[]) => {
      let n = 0;
      for (let i = 0; i < xs.length; i++) if (parseIp(xs[i]!) !== null) n++;
      return n;
    },
    maxmind: (xs: string[]) => {
      let n = 0;
      for (let i = 0; i < xs.length; i++) if (cached.get(xs[i]!) !== null) n++;
      return n;
    },
    reader: (xs: string[]) => {
      let n = 0;
      for (let i = 0; i < xs.length; i++) if (uncached.get(xs[i]!) !== null) n++;
      return n;
    },
  };
  const loadBefore = loadAverages();
  const f4 = interleaved(v4, readers) as Record<keyof typeof readers, BatchFigures>;
  const f6 = interleaved(v6, readers) as Record<keyof typeof readers, BatchFigures>;
  console.log(
    `machine      load average ${loadBefore} before these rounds, ${loadAverages()} after, on ${cpus().length} cores (figures are medians of ${ROUNDS} rounds ` +
      `after ${WARMUP_ROUNDS} warm-up rounds, batches in a shuffled order each round; "on a core": the main thread's run time, its waits for a busy core left out)`,
  );
  console.log(`lookup IPv4  from a string: ${describeFigures(f4.vigie)} (target <= 150 ns); parseIp alone ${f4.parse.median.toFixed(0)} ns wall, ${f4.parse.cpuMedian.toFixed(0)} on a core`);
  console.log(`lookup IPv6  from a string: ${describeFigures(f6.vigie)} (target <= 400 ns); parseIp alone ${f6.parse.median.toFixed(0)} ns wall, ${f6.parse.cpuMedian.toFixed(0)} on a core`);
  console.log(`layers cost  same lookups on the table without prefix layers: IPv4 ${f4.routingOnly.median.toFixed(0)} ns, IPv6 ${f6.routingOnly.median.toFixed(0)} ns`);
  console.log(`maxmind      maxmind.open (default LRU cache): IPv4 ${f4.maxmind.median.toFixed(0)} ns, IPv6 ${f6.maxmind.median.toFixed(0)} ns; mmdb Reader without cache: IPv4 ${f4.reader.median.toFixed(0)} ns, IPv6 ${f6.reader.median.toFixed(0)} ns`);
  console.log(
    `ratio        Vigie faster than maxmind.open: IPv4 ${medianRatio(f4.maxmind.rounds, f4.vigie.rounds).toFixed(1)}x, IPv6 ${medianRatio(f6.maxmind.rounds, f6.vigie.rounds).toFixed(1)}x; ` +
      `than the uncached Reader: IPv4 ${medianRatio(f4.reader.rounds, f4.vigie.rounds).toFixed(1)}x, IPv6 ${medianRatio(f6.reader.rounds, f6.vigie.rounds).toFixed(1)}x (target >= 8x; median of per-round ratios)`,
  );

  // Layers of one lookup, in a second pass (lookup then also sees parsed addresses, which the figures above must not):
  // parsing into a reused scratch array (what lookup does, no allocation), then the search and the answer from the
  // same addresses parsed beforehand, and the whole lookup again in the same rounds.
  const scratch = new Uint32Array(4);
  const layerReaders = (xs: string[]): Record<string, Batch> => {
    const parsedXs = xs.map((ip) => parseIp(ip)!);
    return {
      whole: readers.vigie,
      parseInto: (ys: string[]) => {
        let n = 0;
        for (let i = 0; i < ys.length; i++) if (parseIpInto(ys[i]!, scratch) !== 0) n++;
        return n;
      },
      // The same addresses as `ys`, parsed: the batch's time is the search's.
      searchParsed: () => {
        let n = 0;
        for (let i = 0; i < parsedXs.length; i++) if (table.lookup(parsedXs[i]!) !== null) n++;
        return n;
      },
    };
  };
  const l4 = interleaved(v4, layerReaders(v4));
  const l6 = interleaved(v6, layerReaders(v6));
  const layers = (l: Record<string, BatchFigures>, on: 'median' | 'cpuMedian') =>
    `parse into scratch ${l.parseInto![on].toFixed(0)} ns + search and answer from a parsed address ${l.searchParsed![on].toFixed(0)} ns (whole lookup in the same rounds ${l.whole![on].toFixed(0)} ns)`;
  console.log(`per layer    IPv4, wall: ${layers(l4, 'median')}; on a core: ${layers(l4, 'cpuMedian')}`);
  console.log(`per layer    IPv6, wall: ${layers(l6, 'median')}; on a core: ${layers(l6, 'cpuMedian')}`);

  // Fuzz: random and adversarial strings through the whole path; nothing may throw.
  const hostile = fc.oneof(
    fc.string({ maxLength: 100 }),
    fc.string({ unit: 'binary', maxLength: 100 }),
    fc.array(fc.constantFrom(...'0123456789abcdefABCDEF:.%[]/ -x'.split('')), { maxLength: 70 }).map((c) => c.join('')),
    fc.tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 999 }))
      .map((p) => p.join('.')),
    fc.constantFrom('::::', '1::2::3', '1.2.3.4.5', '', '[::1]:443', 'x'.repeat(1_000_000), '::ffff:999.1.1.1', '%', '[%]', '[]'),
  );
  const strings = fc.sample(hostile, { numRuns: SAMPLE, seed: 42 });
  let throws = 0;
  let parsed = 0;
  let found = 0;
  const t0 = performance.now();
  for (const s of strings) {
    try {
      if (parseIp(s) !== null) parsed++;
      if (table.lookup(s) !== null) found++;
    } catch {
      throws++;
    }
  }
  console.log(`fuzz         ${strings.length} strings in ${(performance.now() - t0).toFixed(0)} ms: ${throws} threw, ${parsed} parsed as addresses, ${found} found in the table`);

  // The round-trip property at bench scale (the unit test runs 2,000).
  let roundTripFailures = 0;
  const word = fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.constant(0), fc.integer({ min: 0, max: 0xffff }));
  const addresses = fc.sample(
    fc.oneof(
      fc.integer({ min: 0, max: 0xffffffff }).map((n) => ({ version: 4 as const, v4: n })),
      fc.tuple(word, word, word, word).map((words) => ({ version: 6 as const, words })),
    ),
    { numRuns: SAMPLE, seed: 7 },
  );
  for (const ip of addresses) {
    const back = parseIp(formatIp(ip));
    if (JSON.stringify(back) !== JSON.stringify(ip)) roundTripFailures++;
  }
  console.log(`round trip   parse(format(x)) over ${addresses.length} random addresses: ${roundTripFailures} failures`);
}
