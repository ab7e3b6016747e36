/**
 * How often the routing table names the right operator for addresses the providers themselves publish
 * (test/fixtures/provider-ips.json), per provider, with every miss listed. The expected ASNs per provider are those of
 * Vigie's own catalog (data/providers.json), so a hit means the extension names the right provider. Also measures what bridging short same-AS gaps would change.
 */
import { providerById } from '../src/core/catalog.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileAsnTable, packageSource } from '../scripts/build-asn-table.ts';
import { AsnTable } from '../src/core/asn-table.ts';
import { cidrContains, parseCidr, parseIp } from '../src/core/ip.ts';

interface LabelledIp {
  ip: string;
  provider: string;
  prefix: string;
  source: string;
}

const FIXTURE = fileURLToPath(new URL('../test/fixtures/provider-ips.json', import.meta.url));
/** Expected ASNs per fixture provider: the ASNs Vigie's own catalog (data/providers.json) gives that provider. */
function expectedAsns(entries: LabelledIp[]): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const id of new Set(entries.map((e) => e.provider))) {
    const provider = providerById(id);
    if (!provider) throw new Error(`fixture provider "${id}" is not in data/providers.json`);
    out.set(id, new Set(provider.asns));
  }
  return out;
}

function score(table: AsnTable, entries: LabelledIp[], expected: Map<string, Set<number>>): { hits: number; misses: string[]; perProvider: Map<string, [number, number]> } {
  const perProvider = new Map<string, [number, number]>();
  const misses: string[] = [];
  let hits = 0;
  for (const e of entries) {
    const info = table.lookup(e.ip);
    const ok = info !== null && (expected.get(e.provider)?.has(info.asn) ?? false);
    const tally = perProvider.get(e.provider) ?? [0, 0];
    tally[1]++;
    if (ok) {
      tally[0]++;
      hits++;
    } else {
      misses.push(`${e.provider.padEnd(12)} ${e.ip.padEnd(24)} in ${e.prefix.padEnd(20)} -> ${info ? `AS${info.asn} ${info.name}` : 'null (unannounced in the table)'}`);
    }
    perProvider.set(e.provider, tally);
  }
  return { hits, misses, perProvider };
}

export default async function (): Promise<void> {
  const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { entries: LabelledIp[] };
  const entries = fixture.entries;
  const outside = entries.filter((e) => {
    const block = parseCidr(e.prefix);
    const ip = parseIp(e.ip);
    return !block || !ip || !cidrContains(block, ip);
  });
  console.log(`fixture      ${entries.length} labelled IPs, ${new Set(entries.map((e) => e.provider)).size} providers, ${outside.length} outside their declared prefix`);

  const expected = expectedAsns(entries);
  const src = packageSource();
  const v4Csv = readFileSync(src.v4Path, 'utf8');
  const v6Csv = readFileSync(src.v6Path, 'utf8');
  const plain = compileAsnTable(v4Csv, v6Csv, src);
  const table = AsnTable.fromBuffer(plain.bytes);
  const result = score(table, entries, expected);
  console.log(`accuracy     ${result.hits}/${entries.length} = ${((100 * result.hits) / entries.length).toFixed(1)}% (an answer counts if its ASN is one of the provider's ASNs in data/providers.json, i.e. Vigie names the right provider)`);
  for (const [provider, [ok, n]] of [...result.perProvider].sort()) {
    const asns = [...(expected.get(provider) ?? [])].join(',');
    console.log(`  ${provider.padEnd(13)} ${String(ok).padStart(3)}/${String(n).padEnd(3)} ${((100 * ok) / n).toFixed(1).padStart(5)}%   expected AS ${asns}`);
  }
  console.log(`misses       ${result.misses.length}`);
  for (const miss of result.misses) console.log(`  ${miss}`);

  // Bridging: would filling short unannounced gaps between two ranges of one AS change size or accuracy?
  for (const gap of [256, 4096]) {
    const bridged = compileAsnTable(v4Csv, v6Csv, { ...src, bridgeGap: gap });
    const hits = score(AsnTable.fromBuffer(bridged.bytes), entries, expected).hits;
    console.log(
      `bridge <=${String(gap).padEnd(5)} ${bridged.stats.bridgedGaps} gaps bridged, IPv4 entries ${plain.stats.v4Entries} -> ${bridged.stats.v4Entries}, ` +
        `bytes ${plain.stats.bytes} -> ${bridged.stats.bytes} (${((100 * (bridged.stats.bytes - plain.stats.bytes)) / plain.stats.bytes).toFixed(2)}%), accuracy ${result.hits} -> ${hits}`,
    );
  }
}
