/**
 * Builds `generated/asn-hot.bin`: the routing table restricted to the ASNs of the provider catalog, in the same format
 * as the full table. The extension loads this small table at worker start (a few milliseconds), answers every address of
 * a known provider from it, and loads the full table in the background for the rest (AS names of other networks).
 * Exact by construction: the source ranges do not overlap, so an address in another AS's range is simply absent here.
 * It carries the registrations, the published ranges that name another provider than their AS (or cover space no
 * catalog AS announces) and the IPv6 announcements of its ASes, so every provider is named from the start; region and
 * service come with the full table.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compileAsnTable, defaultSource, layerInputs, type AsnSourceFiles, type OverlayRow, type PrefixLayers } from './build-asn-table.ts';
import { readAnnouncementLayer, spanAtOrBefore, spanUnion, tableMatchesLayer } from './announcements.ts';
import { buildPrefixLayers, routingRowsOf } from './prefix-layers.ts';
import { AsnTable } from '../src/core/asn-table.ts';
import { PROVIDERS, providerByAsn } from '../src/core/catalog.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const HOT_TABLE_PATH = join(root, 'generated', 'asn-hot.bin');

/** Keeps the CSV rows (start,end,asn,name) whose ASN is in `asns`. */
export function rowsOfAsns(csv: string, asns: ReadonlySet<number>): string {
  const kept: string[] = [];
  for (const line of csv.split('\n')) {
    const first = line.indexOf(',');
    const second = line.indexOf(',', first + 1);
    const third = line.indexOf(',', second + 1);
    if (first < 0 || second < 0 || third < 0) continue;
    if (asns.has(Number(line.slice(second + 1, third)))) kept.push(line);
  }
  return kept.join('\n');
}

/**
 * The ASNs the hot table holds: every ASN of the catalog but those of carriers outside the EU/EEA (kind "network":
 * China's state carriers, 176 ASes and 15,500 ranges, +36 kB gzip in the package). Such an address is not in the hot
 * table, so its verdict is provisional until the full table names the carrier (extra-eu); it is never reassuring.
 */
export function hotTableAsns(): Set<number> {
  return new Set(PROVIDERS.filter((p) => p.kind !== 'network' || p.jurisdiction.euEea).flatMap((p) => p.asns));
}

/**
 * The prefix layers the providers-only table needs: the registrations, and the published ranges that name another
 * provider than the AS announcing them (or cover unannounced space). A published range that only adds region and
 * service to its own provider's AS is left to the full table (measured: 170 -> 100 kB gzip); until the full table is
 * loaded, such a verdict names the right provider without its region.
 */
export function providerChangingLayers(layers: PrefixLayers, routingOnly: AsnTable): PrefixLayers {
  const providerOfLabel = layers.labels.map((l) => (JSON.parse(l) as { published?: { providerId: string } }).published?.providerId);
  const text = (value: bigint, family: 4 | 6): string =>
    family === 4
      ? [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.')
      : Array.from({ length: 8 }, (_, i) => ((value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(':');
  const needed = (family: 4 | 6) => (row: OverlayRow): boolean => {
    const owner = providerOfLabel[row.label];
    return [row.start, row.start + (row.end - row.start) / 2n, row.end].some((at) => {
      const info = routingOnly.lookup(text(at, family));
      return info === null || providerByAsn(info.asn)?.id !== owner;
    });
  };
  return { ...layers, published: { v4: layers.published.v4.filter(needed(4)), v6: layers.published.v6.filter(needed(6)) } };
}

/**
 * The IPv6 announcements the providers-only table needs: those of its ASes, and any other AS's announcement nested in
 * the space its rows or those announcements cover (where the full table names that other AS, so must this one). The
 * rest (China's carriers' own blocks: +24 kB gzip) is left to the full table, like their routing rows.
 */
export function hotAnnouncements(announced: PrefixLayers['announced'], hotV6Csv: string, asns: ReadonlySet<number>): PrefixLayers['announced'] {
  if (!announced) return announced;
  const spans: Array<[bigint, bigint]> = routingRowsOf(hotV6Csv, asns).map(([start, end]) => [start, end]);
  for (const o of announced.origins) if (asns.has(o.asn)) spans.push([o.start, o.end]);
  const union = spanUnion(spans);
  const overlapsHot = (start: bigint, end: bigint): boolean => {
    const span = spanAtOrBefore(union, end);
    return span !== undefined && span[1] >= start;
  };
  const keep = announced.origins.map((o) => asns.has(o.asn) || overlapsHot(o.start, o.end));
  return { ...announced, origins: announced.origins.filter((_, i) => keep[i]), v6: announced.v6.filter((_, i) => keep[i]) };
}

/** Builds the hot table unless it is newer than its inputs; returns its size, or null when it was up to date. */
export function buildHotTable(src: AsnSourceFiles = defaultSource(), out = HOT_TABLE_PATH, force = false): number | null {
  const inputs = [src.v4Path, src.v6Path, fileURLToPath(import.meta.url), ...layerInputs()];
  const mtime = (p: string) => (existsSync(p) ? statSync(p).mtimeMs : 0);
  if (!force && existsSync(out) && inputs.every((p) => mtime(p) < mtime(out)) && tableMatchesLayer(readFileSync(out), readAnnouncementLayer()?.meta ?? null)) return null;
  const asns = hotTableAsns();
  const v4Csv = readFileSync(src.v4Path, 'utf8');
  const v6Csv = readFileSync(src.v6Path, 'utf8');
  const hotV4 = rowsOfAsns(v4Csv, asns);
  const hotV6 = rowsOfAsns(v6Csv, asns);
  const { layers } = buildPrefixLayers(v4Csv, v6Csv, undefined, src.dataDate);
  const hotLayers = { ...providerChangingLayers(layers, AsnTable.fromBuffer(compileAsnTable(hotV4, hotV6, src).bytes)), announced: hotAnnouncements(layers.announced, hotV6, asns) };
  const { bytes } = compileAsnTable(hotV4, hotV6, src, hotLayers);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, bytes);
  return bytes.byteLength;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const size = buildHotTable(defaultSource(), HOT_TABLE_PATH, process.argv.includes('--force'));
  console.log(size === null ? `asn-hot: ${HOT_TABLE_PATH} is up to date` : `asn-hot: ${hotTableAsns().size} catalog ASNs, ${size} bytes -> ${HOT_TABLE_PATH}`);
}
