/**
 * Another build's routing tables and reader against this one's, on the same addresses: `VIGIE_BASELINE_SRC=<dir>
 * npm run bench -- asn-baseline`, where <dir> holds another checkout (e.g. main) with its tables built (`npm run
 * data:build` there). For a change of the table format: first every answer of both tables (providers-only and full)
 * is compared on millions of addresses (every range boundary of the routing rows and the prefix layers, -1, 0, +1,
 * every routing row's midpoint, and random ones, IPv4, IPv6 near the bounds and anywhere in 2000::/3; parsed, then as
 * text in several forms so the string parsers are compared too), then on malformed or unusual text made from the
 * rows (leading zeros, spaces, out-of-range octets, IPv4-mapped, zone ids, brackets, overlong), lookups and parses
 * alike, and any difference fails the bench; then lookup speed and wrap time, side by side
 * in interleaved rounds of one run. Skipped when the variable is unset.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ASN_TABLE_PATH, defaultSource } from '../scripts/build-asn-table.ts';
import { HOT_TABLE_PATH } from '../scripts/build-hot-table.ts';
import { buildPrefixLayers } from '../scripts/prefix-layers.ts';
import { AsnTable } from '../src/core/asn-table.ts';
import { formatIp, parseIp, type ParsedIp } from '../src/core/ip.ts';
import type { AsnInfo } from '../src/core/types.ts';
import { flat, interleaved, loadAverages, median, medianRatio, prng, randomAnnouncedV6, randomPublicV4, spread, type BatchFigures } from './asn.bench.ts';

const SAMPLE = 100_000;
const RANDOM_CHECKS = 1_000_000;

/** What both readers offer. */
interface Reader {
  lookup(ip: string | ParsedIp): AsnInfo | null;
}

/**
 * The same addresses as text, in turn canonical, upper case, in brackets and with a zone id (IPv6; IPv4 as a dotted
 * quad and IPv4-mapped), so the readers' string parsers are compared too.
 */
function* asText(addresses: Iterable<ParsedIp>): Generator<string> {
  let i = 0;
  for (const ip of addresses) {
    const text = formatIp(ip);
    const form = i++ % 4;
    if (ip.version === 4) yield form === 3 ? `::ffff:${text}` : text;
    else yield form === 0 ? text : form === 1 ? text.toUpperCase() : form === 2 ? `[${text}]` : `${text}%eth0`;
  }
}

const v4 = (n: bigint): ParsedIp => ({ version: 4, v4: Number(n) });
const v6 = (n: bigint): ParsedIp => ({
  version: 6,
  words: [Number((n >> 96n) & 0xffffffffn), Number((n >> 64n) & 0xffffffffn), Number((n >> 32n) & 0xffffffffn), Number(n & 0xffffffffn)],
});

/** The (start, end) of each routing row (start,end,... CSV). */
function rows(csv: string): Array<{ start: bigint; end: bigint }> {
  const out: Array<{ start: bigint; end: bigint }> = [];
  for (const line of csv.split('\n')) {
    const c1 = line.indexOf(',');
    const c2 = line.indexOf(',', c1 + 1);
    if (c1 < 0 || c2 < 0) continue;
    out.push({ start: BigInt(line.slice(0, c1)), end: BigInt(line.slice(c1 + 1, c2)) });
  }
  return out;
}

/** Every bound of the routing rows and of the prefix layers' rows. */
function boundaries(routing: Array<{ start: bigint; end: bigint }>, layerRows: Array<{ start: bigint; end: bigint }>): bigint[] {
  const out: bigint[] = [];
  for (const row of [...routing, ...layerRows]) out.push(row.start, row.end);
  return out;
}

/** The middle address of each routing row. */
function* midpoints(routing: Array<{ start: bigint; end: bigint }>, toIp: (n: bigint) => ParsedIp): Generator<ParsedIp> {
  for (const row of routing) yield toIp((row.start + row.end) >> 1n);
}

/** Counts the addresses on which the two readers disagree (same AS, name, published range and registration). */
function disagreements(base: Reader, next: Reader, addresses: Iterable<ParsedIp | string>, examples: string[]): { checked: number; differ: number } {
  const agreed = new WeakMap<AsnInfo, AsnInfo>();
  let checked = 0;
  let differ = 0;
  for (const ip of addresses) {
    const a = base.lookup(ip);
    const b = next.lookup(ip);
    checked++;
    if (a === b || (a !== null && agreed.get(a) === b)) continue;
    const same = a !== null && b !== null && a.asn === b.asn && a.name === b.name &&
      JSON.stringify(a.published) === JSON.stringify(b.published) && JSON.stringify(a.registration) === JSON.stringify(b.registration);
    if (same) {
      agreed.set(a, b);
      continue;
    }
    differ++;
    if (examples.length < 5) examples.push(`${JSON.stringify(ip)}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  }
  return { checked, differ };
}

function* around(bounds: bigint[], max: bigint, toIp: (n: bigint) => ParsedIp): Generator<ParsedIp> {
  for (const n of bounds) for (const m of [n - 1n, n, n + 1n]) if (m >= 0n && m <= max) yield toIp(m);
}

function* randomV4(count: number, random: () => number): Generator<ParsedIp> {
  for (let i = 0; i < count; i++) yield { version: 4, v4: Math.floor(random() * 4294967296) >>> 0 };
}

/** Anywhere in 2000::/3 (global unicast; mostly unannounced at this scale). */
function* randomGlobalV6(count: number, random: () => number): Generator<ParsedIp> {
  const word = () => Math.floor(random() * 4294967296) >>> 0;
  for (let i = 0; i < count; i++) yield { version: 6, words: [((0x2000 << 16) | (word() & 0x1fffffff)) >>> 0, word(), word(), word()] };
}

/**
 * Text that is not an address, or is one only in a form the parsers must read alike, made from `samples` (dotted
 * quads and IPv6 text): leading zeros, spaces, out-of-range octets, IPv4-mapped forms, zone ids good and bad,
 * brackets, overlong text, and a few fixed traps.
 */
function* malformed(samples: string[]): Generator<string> {
  yield* ['', ' ', '.', ':', '::', ':::', '[]', '[::]', '[::1]:443', '%', '::%', '::1%', '1.2.3.4%eth0', '[1.2.3.4]', '0.0.0.0', '255.255.255.255',
    '256.0.0.1', '1.2.3.256', '999.999.999.999', '1.2.3', '1.2.3.4.5', '1..2.3', '.1.2.3', '1.2.3.', '0x7f.0.0.1', '0177.0.0.1', '1e2.0.0.1',
    '::ffff:1.2.3.4', '::FFFF:1.2.3.4', '::ffff:01.2.3.4', '::ffff:256.1.1.1', '::ffff:1.2.3', '64:ff9b::1.2.3.4', '::1.2.3.4', '1::2::3',
    '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', '12345::', 'g::1', '2001:db8::1/64', 'x'.repeat(200), '1'.repeat(129), `${'1:'.repeat(64)}1`];
  for (const text of samples) {
    const v4 = !text.includes(':');
    const at = text.indexOf(v4 ? '.' : ':');
    const variants = v4
      ? [`0${text}`, `${text.slice(0, at + 1)}0${text.slice(at + 1)}`, ` ${text}`, `${text} `, `${text}\n`, `${text.slice(0, at)} ${text.slice(at)}`,
          `${text.slice(0, at)}6${text.slice(at)}`, `${Number(text.slice(0, at)) + 256}${text.slice(at)}`, `${text}.1`, `::ffff:${text}`,
          `::ffff:${text}%eth0`, `[::ffff:${text}]`, `64:ff9b::${text}`, `${text}%eth0`, `[${text}]`, `${text}${'0'.repeat(120)}`]
      : [`0${text}`, `00000${text}`, ` ${text}`, `${text} `, `[${text}`, `${text}]`, `[${text}]`, `${text}%`, `${text}%eth0`, `${text}%a b`,
          `[${text}%25eth0]`, `${text}%${'z'.repeat(120)}`, `${text}:`, `:${text}`, `${text}::1`, text.replace(':', '::'), text.toUpperCase(),
          `${text.slice(0, at)}g${text.slice(at)}`, `${text}.1.2.3.4`];
    yield* variants;
  }
}

/** Half anywhere in 2000::/3 (mostly unannounced), half near the given bounds (announced space, finer than a /64). */
function* randomV6(count: number, bounds: bigint[], random: () => number): Generator<ParsedIp> {
  const word = () => BigInt(Math.floor(random() * 4294967296));
  for (let i = 0; i < count; i++) {
    const r = (word() << 96n) | (word() << 64n) | (word() << 32n) | word();
    yield v6(i % 2 ? (0x2000n << 112n) | (r & ((1n << 125n) - 1n)) : bounds[Math.floor(random() * bounds.length)]! + (r & 0xffffffffffffn));
  }
}

export default async function (): Promise<void> {
  const dir = process.env.VIGIE_BASELINE_SRC;
  if (!dir) {
    console.log('skipped: set VIGIE_BASELINE_SRC to another checkout with its tables built');
    return;
  }
  const { AsnTable: BaseTable } = (await import(pathToFileURL(join(dir, 'src', 'core', 'asn-table.ts')).href)) as { AsnTable: typeof AsnTable };
  const read = (path: string): ArrayBuffer => {
    const file = readFileSync(path);
    return file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
  };
  const files = {
    hot: { base: read(join(dir, 'generated', 'asn-hot.bin')), next: read(HOT_TABLE_PATH) },
    full: { base: read(join(dir, 'generated', 'asn-table.bin')), next: read(ASN_TABLE_PATH) },
  };
  const tables = {
    hot: { base: BaseTable.fromBuffer(files.hot.base), next: AsnTable.fromBuffer(files.hot.next) },
    full: { base: BaseTable.fromBuffer(files.full.base), next: AsnTable.fromBuffer(files.full.next) },
  };
  console.log(`baseline     ${dir}`);
  console.log(`sizes        providers table ${files.hot.base.byteLength} -> ${files.hot.next.byteLength} bytes; full table ${files.full.base.byteLength} -> ${files.full.next.byteLength} bytes`);

  // Answers: every boundary +-1 and random addresses, both families, both tables.
  const src = defaultSource();
  const v4Csv = readFileSync(src.v4Path, 'utf8');
  const v6Csv = readFileSync(src.v6Path, 'utf8');
  const { layers } = buildPrefixLayers(v4Csv, v6Csv);
  const v4Rows = rows(v4Csv);
  const v6Rows = rows(v6Csv);
  const v4Bounds = boundaries(v4Rows, [...layers.published.v4, ...layers.registration.v4]);
  const v6Bounds = boundaries(v6Rows, [...layers.published.v6, ...layers.registration.v6]);
  // Text to garble: every 50th row's start, as text.
  const garbleSamples = [
    ...v4Rows.filter((_, i) => i % 50 === 0).map((row) => formatIp(v4(row.start))),
    ...v6Rows.filter((_, i) => i % 50 === 0).map((row) => formatIp(v6(row.start))),
  ];
  const { parseIp: baseParseIp } = (await import(pathToFileURL(join(dir, 'src', 'core', 'ip.ts')).href)) as { parseIp: typeof parseIp };
  let failed = false;
  for (const [name, pair] of Object.entries(tables)) {
    const examples: string[] = [];
    const random = prng(20261202);
    const t0 = performance.now();
    const results = [
      disagreements(pair.base, pair.next, around(v4Bounds, (1n << 32n) - 1n, v4), examples),
      disagreements(pair.base, pair.next, randomV4(RANDOM_CHECKS, random), examples),
      disagreements(pair.base, pair.next, around(v6Bounds, (1n << 128n) - 1n, v6), examples),
      disagreements(pair.base, pair.next, randomV6(RANDOM_CHECKS, v6Bounds, random), examples),
      // As text: the random addresses again (other draws), and the IPv6 boundaries.
      disagreements(pair.base, pair.next, asText(randomV4(RANDOM_CHECKS / 2, random)), examples),
      disagreements(pair.base, pair.next, asText(randomV6(RANDOM_CHECKS / 2, v6Bounds, random)), examples),
      disagreements(pair.base, pair.next, asText(around(v6Bounds, (1n << 128n) - 1n, v6)), examples),
      disagreements(pair.base, pair.next, midpoints(v4Rows, v4), examples),
      disagreements(pair.base, pair.next, midpoints(v6Rows, v6), examples),
      disagreements(pair.base, pair.next, asText(midpoints(v4Rows, v4)), examples),
      disagreements(pair.base, pair.next, asText(midpoints(v6Rows, v6)), examples),
      disagreements(pair.base, pair.next, randomGlobalV6(RANDOM_CHECKS, random), examples),
      disagreements(pair.base, pair.next, asText(randomGlobalV6(RANDOM_CHECKS / 2, random)), examples),
      disagreements(pair.base, pair.next, malformed(garbleSamples), examples),
    ];
    const checked = results.reduce((n, r) => n + r.checked, 0);
    const differ = results.reduce((n, r) => n + r.differ, 0);
    failed ||= differ > 0;
    console.log(
      `answers      ${name}: ${differ} of ${checked} addresses differ (IPv4 boundaries +-1 ${results[0]!.checked}, random ${results[1]!.checked}; ` +
        `IPv6 boundaries +-1 ${results[2]!.checked}, random ${results[3]!.checked}; as text: random IPv4 ${results[4]!.checked}, random IPv6 ${results[5]!.checked}, ` +
        `IPv6 boundaries +-1 ${results[6]!.checked}; row midpoints IPv4 ${results[7]!.checked}, IPv6 ${results[8]!.checked}, as text ${results[9]!.checked} + ${results[10]!.checked}; ` +
        `random in 2000::/3 ${results[11]!.checked}, as text ${results[12]!.checked}; malformed or unusual text ${results[13]!.checked}) in ${((performance.now() - t0) / 1000).toFixed(1)} s${examples.length ? `; e.g. ${examples.join('; ')}` : ''}`,
    );
  }
  // The parsers themselves on the malformed text: the same address or the same null, and which of them read as one.
  let parseDiffer = 0;
  let parseChecked = 0;
  let readAsAddress = 0;
  for (const text of malformed(garbleSamples)) {
    const a = baseParseIp(text);
    const b = parseIp(text);
    parseChecked++;
    if (b !== null) readAsAddress++;
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      parseDiffer++;
      if (parseDiffer <= 5) console.log(`parse differs on ${JSON.stringify(text)}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }
  }
  failed ||= parseDiffer > 0;
  console.log(`parse        malformed or unusual text: ${parseDiffer} of ${parseChecked} differ (this build reads ${readAsAddress} as an address, the rest as null)`);

  // Wrap time, alternating the two readers (the first wrap of each is the one a worker start pays, JIT cold).
  for (const name of ['hot', 'full'] as const) {
    const times = { base: [] as number[], next: [] as number[] };
    for (let i = 0; i < 31; i++) {
      for (const which of i % 2 ? (['next', 'base'] as const) : (['base', 'next'] as const)) {
        const t0 = performance.now();
        (which === 'base' ? BaseTable : AsnTable).fromBuffer(files[name][which]);
        times[which].push(performance.now() - t0);
      }
    }
    console.log(`wrap         ${name}: median ${median(times.base).toFixed(3)} -> ${median(times.next).toFixed(3)} ms (31 alternating wraps each, after one)`);
  }

  // Lookup speed: both readers on the same addresses, each batch its own loop (monomorphic call sites), interleaved.
  const random = prng(20260617);
  const v4Sample = flat(randomPublicV4(SAMPLE, random));
  const v6Sample = flat(randomAnnouncedV6(SAMPLE, random));
  // One literal per batch: closures of one literal share their feedback, which would make `lookup` polymorphic.
  const { full, hot } = tables;
  const batches = {
    baseFull: (xs: string[]) => {
      let n = 0;
      for (let i = 0; i < xs.length; i++) if (full.base.lookup(xs[i]!) !== null) n++;
      return n;
    },
    nextFull: (xs: string[]) => {
      let n = 0;
      for (let i = 0; i < xs.length; i++) if (full.next.lookup(xs[i]!) !== null) n++;
      return n;
    },
    baseHot: (xs: string[]) => {
      let n = 0;
      for (let i = 0; i < xs.length; i++) if (hot.base.lookup(xs[i]!) !== null) n++;
      return n;
    },
    nextHot: (xs: string[]) => {
      let n = 0;
      for (let i = 0; i < xs.length; i++) if (hot.next.lookup(xs[i]!) !== null) n++;
      return n;
    },
  };
  const loadBefore = loadAverages();
  for (const [family, sample] of [['IPv4', v4Sample], ['IPv6', v6Sample]] as const) {
    const f = interleaved(sample, batches) as Record<keyof typeof batches, BatchFigures>;
    const pair = (base: BatchFigures, next: BatchFigures) =>
      `${base.median.toFixed(0)} -> ${next.median.toFixed(0)} ns wall, ${base.cpuMedian.toFixed(0)} -> ${next.cpuMedian.toFixed(0)} on a core ` +
      `(this build / baseline, median of per-round ratios: ${medianRatio(next.rounds, base.rounds).toFixed(3)} wall, ${medianRatio(next.cpuRounds, base.cpuRounds).toFixed(3)} on a core; ` +
      `rounds p10-p90 on a core ${spread(base.cpuRounds)} -> ${spread(next.cpuRounds)})`;
    console.log(`lookup ${family}  from a string: full table ${pair(f.baseFull, f.nextFull)}; providers table ${pair(f.baseHot, f.nextHot)}`);
  }
  console.log(`machine      load average ${loadBefore} before the lookup rounds, ${loadAverages()} after, on ${cpus().length} cores`);
  if (failed) throw new Error('the two builds answer differently (see "answers" and "parse" above)');
}
