/**
 * How often Vigie names the right provider, and whether it ever reassures where it must not, on a labelled evaluation
 * (bench/fixtures/hosting-eval.json) drawn from sources independent of the build inputs: other mirrors and other dates
 * than the range snapshots in data/ranges/, plus trap networks (access, transit, payment, foreign subsidiaries).
 * Runs the real identifyHost on the built table (generated/asn-table.bin, `npm run data:build` first) and, to show what
 * the prefix layers add, on the same routing rows without them. Every miss is listed with why it happened.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileAsnTable, defaultSource } from '../scripts/build-asn-table.ts';
import { AsnTable } from '../src/core/asn-table.ts';
import { providerById } from '../src/core/catalog.ts';
import { identifyHost } from '../src/core/identify.ts';
import type { HostVerdict, Level } from '../src/core/types.ts';

export interface Entry {
  ip: string;
  provider: string;
  family: 'provider' | 'access' | 'transit' | 'payment' | 'foreign-subsidiary';
  prefix: string;
  source: string;
}

export const EVAL = fileURLToPath(new URL('./fixtures/hosting-eval.json', import.meta.url));
const TABLE = fileURLToPath(new URL('../generated/asn-table.bin', import.meta.url));
export const NOW = new Date('2026-12-02T12:00:00Z');
export const REASSURING: readonly Level[] = ['secnumcloud', 'secnumcloud-provider'];

/** Right when Vigie names the expected entry, or a subsidiary of it (a registration moved the prefix there). */
export function namedRight(v: HostVerdict, expected: string): boolean {
  const id = v.provider?.id;
  if (id === undefined) return false;
  return id === expected || providerById(id)?.subsidiaryOf === expected;
}

/** US or Chinese law reaches the entity that controls the expected provider. */
export function foreignControlled(id: string): boolean {
  const laws = providerById(id)?.jurisdiction.extraEuLaws ?? [];
  return laws.some((law) => /US CLOUD Act|China/.test(law));
}

function why(v: HostVerdict, plain: AsnTable, e: Entry): string {
  const routed = plain.lookup(e.ip);
  if (v.provider === null) {
    if (routed === null) return 'no AS announces it in the routing data and no shipped list covers it';
    return `in AS${routed.asn} (${routed.name}) in the routing data, not a catalog network, and no shipped list covers it`;
  }
  return `named ${v.provider.id} from its ${v.attribution ?? '?'} (AS${v.asn ?? '-'} ${v.asName ?? ''})`;
}

const pct = (ok: number, n: number): string => (n === 0 ? '  -  ' : `${((100 * ok) / n).toFixed(1).padStart(5)}%`);

export default async function (): Promise<void> {
  const { entries, sources, rejectedLabels = [] } = JSON.parse(readFileSync(EVAL, 'utf8')) as {
    entries: Entry[];
    sources: Record<string, unknown>;
    rejectedLabels?: (Entry & { reason: string })[];
  };
  const layered = AsnTable.fromBuffer(readFileSync(TABLE));
  const src = defaultSource();
  const plain = AsnTable.fromBuffer(compileAsnTable(readFileSync(src.v4Path, 'utf8'), readFileSync(src.v6Path, 'utf8'), src).bytes);
  console.log(`evaluation   ${entries.length} addresses from ${Object.keys(sources).length} sources (bench/fixtures/hosting-eval.json), assessed on ${NOW.toISOString().slice(0, 10)}`);
  // Labels shown wrong by another source after the evaluation was made: listed, not scored.
  for (const r of rejectedLabels) console.log(`  not scored: ${r.ip} labelled ${r.provider} (${r.source}, ${r.prefix}): ${r.reason}`);

  const verdictOf = (table: AsnTable, e: Entry): HostVerdict => identifyHost({ host: 'eval.example', ip: e.ip }, { lookupAsn: (ip) => table.lookup(ip), routingData: table.meta }, NOW);
  const providerEntries = entries.filter((e) => e.family === 'provider');

  // Naming, per provider, with and without the prefix layers.
  const perProvider = new Map<string, { n: number; ok: number; okPlain: number }>();
  const misses: string[] = [];
  for (const e of providerEntries) {
    const v = verdictOf(layered, e);
    const tally = perProvider.get(e.provider) ?? { n: 0, ok: 0, okPlain: 0 };
    tally.n++;
    if (namedRight(v, e.provider)) tally.ok++;
    else misses.push(`${e.provider.padEnd(13)} ${e.ip.padEnd(40)} (${e.source}, ${e.prefix}): ${why(v, plain, e)}`);
    if (namedRight(verdictOf(plain, e), e.provider)) tally.okPlain++;
    perProvider.set(e.provider, tally);
  }
  const total = [...perProvider.values()].reduce((a, t) => ({ n: a.n + t.n, ok: a.ok + t.ok, okPlain: a.okPlain + t.okPlain }), { n: 0, ok: 0, okPlain: 0 });
  console.log(`named right  ${total.ok}/${total.n} = ${pct(total.ok, total.n).trim()} (routing table alone: ${total.okPlain}/${total.n} = ${pct(total.okPlain, total.n).trim()}); target >= 99%`);
  for (const [id, t] of [...perProvider].sort()) {
    console.log(`  ${id.padEnd(14)} ${String(t.ok).padStart(4)}/${String(t.n).padEnd(4)} ${pct(t.ok, t.n)}   without layers ${pct(t.okPlain, t.n)}`);
  }

  // Families: the traps, and the slices of the provider set that were hard before.
  const families = new Map<string, Entry[]>();
  const add = (name: string, e: Entry) => families.set(name, [...(families.get(name) ?? []), e]);
  for (const e of entries) {
    add(e.family, e);
    if (e.ip.includes(':')) add('ipv6', e);
    if (/China/.test((providerById(e.provider)?.jurisdiction.extraEuLaws ?? []).join())) add('chinese', e);
    if (e.family === 'provider' && plain.lookup(e.ip) === null) add('unannounced cloud ranges', e);
    // Addresses that are in a shipped list score the lists; the others score the routing table and the registrations.
    if (e.family === 'provider' && !layered.lookup(e.ip)?.published) add('in no shipped list', e);
  }
  console.log('families     named right | reassuring (secnumcloud*) | US/CN-controlled not extra-eu');
  const unsafe = new Map<string, string>(); // one line per address, whichever families it is in
  for (const [name, list] of families) {
    let ok = 0;
    let reassuring = 0;
    let notExtraEu = 0;
    let controlled = 0;
    for (const e of list) {
      const v = verdictOf(layered, e);
      if (namedRight(v, e.provider)) ok++;
      const mustNotReassure = e.family !== 'provider';
      if (mustNotReassure && REASSURING.includes(v.level)) {
        reassuring++;
        unsafe.set(e.ip, `${e.family}: ${e.ip} ${e.provider} -> ${v.level} (${why(v, plain, e)})`);
      }
      if (foreignControlled(e.provider)) {
        controlled++;
        if (v.level !== 'extra-eu') {
          notExtraEu++;
          unsafe.set(e.ip, `${e.family}: ${e.ip} ${e.provider} -> ${v.level}, not extra-eu (${why(v, plain, e)})`);
        }
      }
    }
    console.log(`  ${name.padEnd(25)} ${String(ok).padStart(4)}/${String(list.length).padEnd(4)} ${pct(ok, list.length)} | ${reassuring} | ${notExtraEu}/${controlled}`);
  }
  console.log(`unsafe       ${unsafe.size} addresses (targets: 0 reassuring verdicts on access, transit, payment or foreign-subsidiary networks; every US/CN-controlled address extra-eu)`);
  for (const line of unsafe.values()) console.log(`  ${line}`);
  console.log(`misses       ${misses.length}`);
  for (const miss of misses) console.log(`  ${miss}`);
}
