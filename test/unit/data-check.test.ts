import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import providersJson from '../../data/providers.json' with { type: 'json' };
import { AsnTable } from '../../src/core/asn-table.ts';
import { publishedRows, readRangeLists, readSnapshot } from '../../scripts/published-ranges.ts';
import { corroboration, dataProblems, staleRows, STALE_AFTER_DAYS } from '../../scripts/data-check.ts';
import { defaultSource } from '../../scripts/build-asn-table.ts';
import { networkRoleOf, PROVIDERS } from '../../src/core/catalog.ts';

describe('data:check', () => {
  it('finds no row without a source, a date or a role, and every range snapshot matches its pinned hash', () => {
    expect(dataProblems()).toEqual([]);
    for (const p of PROVIDERS) for (const asn of p.asns) expect(networkRoleOf(asn), `AS${asn} of ${p.id}`).not.toBeNull();
  });

  it('lists rows whose last verification is older than six months, and none that are fresh', () => {
    const now = new Date('2026-12-02T12:00:00Z');
    const later = new Date(now.getTime() + (STALE_AFTER_DAYS + 400) * 86_400_000);
    const staleLater = staleRows(later, { evidence: false });
    const staleNow = staleRows(now);
    expect(staleLater.length).toBeGreaterThan(PROVIDERS.length);
    expect(staleLater.some((l) => l.startsWith('offer outscale-iaas-cloud-on-demand: last verified'))).toBe(true);
    // Fastly's list was last published in 2024 in every stored mirror: already old on the day it was committed.
    expect(staleNow.some((l) => l.startsWith('range list fastly'))).toBe(true);
    expect(staleNow.some((l) => l.startsWith('range list aws'))).toBe(false);
    expect(staleNow.some((l) => l.startsWith('provider ovh-us'))).toBe(false);
    // A stale list's line says how much later evidence still supports it (counts: docs/data.md, data/ranges/).
    const google = staleNow.find((l) => l.startsWith('range list google-cloud'))!;
    expect(google).toMatch(/; (\d+) prefixes: \1 still in google of 2026-08-22; \1 announced by google's ASes in the routing data of \d{4}-\d{2}-\d{2}$/);
    expect(staleNow.find((l) => l.startsWith('range list fastly'))).toMatch(/21 prefixes: no later list of this provider shipped; 20 announced by fastly's ASes/);
  });

  it('counts an old list\'s prefixes inside a later list (across adjacent later prefixes) and those its ASes announce', () => {
    const later: [bigint, bigint][] = [[0n, 99n], [100n, 199n], [300n, 399n]];
    const announced: [bigint, bigint][] = [[150n, 160n], [500n, 599n]];
    // [50, 150] spans two adjacent later prefixes and touches an announcement; [250, 349] straddles a gap of the later
    // list; [400, 499] is in neither and ends where an announcement starts minus one; [590, 700] overlaps one.
    const prefixes: [bigint, bigint][] = [[50n, 150n], [250n, 349n], [400n, 499n], [590n, 700n]];
    expect(corroboration(prefixes, later, announced)).toEqual({ inLater: 1, announced: 2 });
    expect(corroboration(prefixes, [], [])).toEqual({ inLater: 0, announced: 0 });
    expect(corroboration([[0n, 99n]], [[0n, 99n]], [[99n, 99n]])).toEqual({ inLater: 1, announced: 1 });
  });

  it('checks every confirmed ASN against the routing data, and the built table knows each of them', () => {
    const table = AsnTable.fromBuffer(readFileSync('generated/asn-table.bin'));
    const known = new Set(table.asNumbersList());
    // `confirmed` says the routing CSVs hold the AS; the table may also know an AS from the IPv6 announcement layer
    // alone (IONOS's AS51862), which the CSVs do not give.
    const src = defaultSource();
    const routed = new Set<number>();
    for (const path of [src.v4Path, src.v6Path]) for (const line of readFileSync(path, 'utf8').split('\n')) routed.add(Number(line.split(',')[2]));
    for (const p of providersJson.providers) {
      for (const c of p.asnChecks) {
        expect(routed.has(c.asn), `AS${c.asn} of ${p.id} (confirmed: ${c.confirmed})`).toBe(c.confirmed);
        if (c.confirmed) expect(known.has(c.asn), `AS${c.asn} of ${p.id}`).toBe(true);
      }
    }
  });

  it('keeps the labelled evaluation out of the build: no build input reads bench/', () => {
    for (const script of ['build-asn-table.ts', 'build-hot-table.ts', 'prefix-layers.ts', 'published-ranges.ts', 'data-check.ts']) {
      expect(readFileSync(`scripts/${script}`, 'utf8'), script).not.toMatch(/bench\/|hosting-eval/);
    }
  });

  it('keeps a rejected evaluation label out of the scored entries, with its evidence', () => {
    const evaluation = JSON.parse(readFileSync('bench/fixtures/hosting-eval.json', 'utf8')) as {
      meta: { count: number };
      entries: { ip: string; prefix: string }[];
      rejectedLabels: { ip: string; prefix: string; reason: string }[];
    };
    expect(evaluation.entries.length).toBe(evaluation.meta.count);
    expect(evaluation.rejectedLabels.length).toBeGreaterThan(0);
    for (const r of evaluation.rejectedLabels) {
      expect(r.reason.length, r.ip).toBeGreaterThan(80);
      expect(evaluation.entries.some((e) => e.ip === r.ip || e.prefix === r.prefix), r.ip).toBe(false);
    }
  });

  it('reads every committed range list whole: prefixes, no refused line, the provider\'s own services only', () => {
    for (const list of readRangeLists()) {
      const { rows, rejected } = publishedRows(list, readSnapshot(list));
      expect(rejected, list.id).toEqual([]);
      expect(rows.length, list.id).toBeGreaterThan(0);
      expect(rows.every((r) => r.range.providerId === list.providerId && r.range.listDate === list.listDate)).toBe(true);
    }
    const github = readRangeLists().find((l) => l.id === 'github')!;
    const services = new Set(publishedRows(github, readSnapshot(github)).rows.map((r) => r.range.service));
    expect(services.has('actions')).toBe(false); // GitHub Actions runners are Azure addresses
    expect(services.has('Pages')).toBe(true);
  });

  it('drops the special-purpose prefixes a list gives (Vultr\'s geofeed: 6to4, ORCHID, benchmarking, documentation), and only those', () => {
    const vultr = readRangeLists().find((l) => l.id === 'vultr')!;
    const { rows, special } = publishedRows(vultr, readSnapshot(vultr));
    expect(special).toEqual(expect.arrayContaining(['2002::/16', '2001:10::/28', '2001:2::/48', '2001:db8::/32', '192.0.2.0/24']));
    expect(rows.some((r) => special.includes(r.text))).toBe(false);
    for (const list of readRangeLists().filter((l) => l.id !== 'vultr')) expect(publishedRows(list, readSnapshot(list)).special, list.id).toEqual([]);
    // A made list: a private and a public prefix.
    const made = publishedRows({ ...vultr, format: 'cidr-lines' }, '10.0.0.0/8\n45.32.0.0/16\n');
    expect(made.special).toEqual(['10.0.0.0/8']);
    expect(made.rows.map((r) => r.text)).toEqual(['45.32.0.0/16']);
  });
});
