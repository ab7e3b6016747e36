/**
 * Another build's routing tables and reader against this one's, on the same addresses: `VIGIE_BASELINE_SRC=<dir>
 * npm run bench -- asn-baseline`, where <dir> holds another checkout (e.g. main) with its tables built (`npm run
 * data:build` there). For a change of the table format: first every answer of both tables (providers-only and full)
 * is compared on millions of addresses (every range boundary of the routing rows and the prefix layers, -1, 0, +1,
 * and random ones, IPv4 and IPv6; parsed, then as text in several forms so the string parsers are compared too), and
 * any difference fails the bench; then lookup speed and wrap time, side by side
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
import { formatIp, type ParsedIp } from '../src/core/ip.ts';
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

/** Every bound of the routing rows (start,end,... CSV) and of the prefix layers' rows. */
function boundaries(csv: string, layerRows: Array<{ start: bigint; end: bigint }>): bigint[] {
  const out: bigint[] = [];
  for (const line of csv.split('\n')) {
    const c1 = line.indexOf(',');
    const c2 = line.indexOf(',', c1 + 1);
    if (c1 < 0 || c2 < 0) continue;
    out.push(BigInt(line.slice(0, c1)), BigInt(line.slice(c1 + 1, c2)));
  }
  for (const row of layerRows) out.push(row.start, row.end);
  return out;
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
  const v4Bounds = boundaries(v4Csv, [...layers.published.v4, ...layers.registration.v4]);
  const v6Bounds = boundaries(v6Csv, [...layers.published.v6, ...layers.registration.v6]);
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
    ];
    const checked = results.reduce((n, r) => n + r.checked, 0);
    const differ = results.reduce((n, r) => n + r.differ, 0);
    failed ||= differ > 0;
    console.log(
      `answers      ${name}: ${differ} of ${checked} addresses differ (IPv4 boundaries +-1 ${results[0]!.checked}, random ${results[1]!.checked}; ` +
        `IPv6 boundaries +-1 ${results[2]!.checked}, random ${results[3]!.checked}; as text: random IPv4 ${results[4]!.checked}, random IPv6 ${results[5]!.checked}, ` +
        `IPv6 boundaries +-1 ${results[6]!.checked}) in ${((performance.now() - t0) / 1000).toFixed(1)} s${examples.length ? `; e.g. ${examples.join('; ')}` : ''}`,
    );
  }

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
  if (failed) throw new Error('the two builds answer differently (see "answers" above)');
}
