/**
 * Builds `generated/asn-hot.bin`: the routing table restricted to the ASNs of the provider catalog, in the same format
 * as the full table. The extension loads this small table at worker start (a few milliseconds), answers every address of
 * a known provider from it, and loads the full table in the background for the rest (AS names of other networks).
 * Exact by construction: the source ranges do not overlap, so an address in another AS's range is simply absent here.
 * It carries the same prefix layers (published ranges, registrations) as the full table; in a published range that
 * another AS announces it answers the provider without that AS's number, which the full table adds once loaded.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compileAsnTable, defaultSource, layerInputs, type AsnSourceFiles } from './build-asn-table.ts';
import { buildPrefixLayers } from './prefix-layers.ts';
import { PROVIDERS } from '../src/core/catalog.ts';

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

/** Every ASN of the catalog. */
export function catalogAsns(): Set<number> {
  return new Set(PROVIDERS.flatMap((p) => p.asns));
}

/** Builds the hot table unless it is newer than its inputs; returns its size, or null when it was up to date. */
export function buildHotTable(src: AsnSourceFiles = defaultSource(), out = HOT_TABLE_PATH, force = false): number | null {
  const inputs = [src.v4Path, src.v6Path, fileURLToPath(import.meta.url), ...layerInputs()];
  const mtime = (p: string) => (existsSync(p) ? statSync(p).mtimeMs : 0);
  if (!force && existsSync(out) && inputs.every((p) => mtime(p) < mtime(out))) return null;
  const asns = catalogAsns();
  const v4Csv = readFileSync(src.v4Path, 'utf8');
  const v6Csv = readFileSync(src.v6Path, 'utf8');
  // The same prefix layers as the full table, so a published or subsidiary range answers the same from the start.
  const { layers } = buildPrefixLayers(v4Csv, v6Csv);
  const { bytes } = compileAsnTable(rowsOfAsns(v4Csv, asns), rowsOfAsns(v6Csv, asns), src, layers);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, bytes);
  return bytes.byteLength;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const size = buildHotTable(defaultSource(), HOT_TABLE_PATH, process.argv.includes('--force'));
  console.log(size === null ? `asn-hot: ${HOT_TABLE_PATH} is up to date` : `asn-hot: ${catalogAsns().size} catalog ASNs, ${size} bytes -> ${HOT_TABLE_PATH}`);
}
