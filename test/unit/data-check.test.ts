import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import providersJson from '../../data/providers.json' with { type: 'json' };
import { AsnTable } from '../../src/core/asn-table.ts';
import { publishedRows, readRangeLists, readSnapshot } from '../../scripts/published-ranges.ts';
import { dataProblems, staleRows, STALE_AFTER_DAYS } from '../../scripts/data-check.ts';
import { networkRoleOf, PROVIDERS } from '../../src/core/catalog.ts';

describe('data:check', () => {
  it('finds no row without a source, a date or a role, and every range snapshot matches its pinned hash', () => {
    expect(dataProblems()).toEqual([]);
    for (const p of PROVIDERS) for (const asn of p.asns) expect(networkRoleOf(asn), `AS${asn} of ${p.id}`).not.toBeNull();
  });

  it('lists rows whose last verification is older than six months, and none that are fresh', () => {
    const now = new Date('2026-12-02T12:00:00Z');
    const later = new Date(now.getTime() + (STALE_AFTER_DAYS + 400) * 86_400_000);
    expect(staleRows(later).length).toBeGreaterThan(PROVIDERS.length);
    expect(staleRows(later).some((l) => l.startsWith('offer outscale-iaas-cloud-on-demand: last verified'))).toBe(true);
    // Fastly's list was last published in 2024 in every stored mirror: already old on the day it was committed.
    expect(staleRows(now).some((l) => l.startsWith('range list fastly'))).toBe(true);
    expect(staleRows(now).some((l) => l.startsWith('range list aws'))).toBe(false);
    expect(staleRows(now).some((l) => l.startsWith('provider ovh-us'))).toBe(false);
  });

  it('checks every confirmed ASN against the AS name the routing table gives it', () => {
    const table = AsnTable.fromBuffer(readFileSync('generated/asn-table.bin'));
    const known = new Set(table.asNumbersList());
    for (const p of providersJson.providers) {
      for (const c of p.asnChecks) expect(known.has(c.asn), `AS${c.asn} of ${p.id} (confirmed: ${c.confirmed})`).toBe(c.confirmed);
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
});
