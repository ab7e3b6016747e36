import { describe, expect, it } from 'vitest';
import providersJson from '../../data/providers.json' with { type: 'json' };
import secnumcloudJson from '../../data/secnumcloud.json' with { type: 'json' };
import committedCatalog from '../../src/core/committed-catalog.ts';
import { catalogProblems, dataDates, installCatalog, FINGERPRINT_RULES, HDS_CERTIFICATES, isIsoDate, PROVIDERS, providerById, SECNUMCLOUD_OFFERS } from '../../src/core/catalog.ts';
import { matchCnames, matchHeaders } from '../../src/core/fingerprints.ts';

describe('data conventions', () => {
  it('finds no problem in the data files (sources, ISO dates, unique ids, ASNs, jurisdictions, references)', () => {
    expect(catalogProblems()).toEqual([]);
  });

  it('rejects an HDS datesNote no surface can put in words: free text, an unknown kind, a missing field or a bad date', () => {
    const notes: [unknown, RegExp][] = [
      ['No certificate dates in the sources consulted', /datesNote is not an object with a kind/],
      [{ kind: 'later' }, /datesNote kind later is not known/],
      [{ kind: 'not-in-sources', date: '2026-11-28' }, /takes no other field/],
      [{ kind: 'unpublished', source: 'x#1', sourceDate: '2026-09-09', until: '2027-12-19' }, /datesNote has no certificate/],
      [{ kind: 'unpublished', source: 'x#1', sourceDate: '09/09/2026', certificate: 'FR1', until: '2027-12-19' }, /datesNote sourceDate is not an ISO date/],
    ];
    try {
      for (const [note, problem] of notes) {
        const files = structuredClone(committedCatalog!);
        files.hds.certificates[0]!.datesNote = note as never;
        installCatalog(files);
        expect(catalogProblems().join('\n')).toMatch(problem);
      }
    } finally {
      installCatalog(committedCatalog!);
    }
    expect(catalogProblems()).toEqual([]);
  });

  it('has dated lists', () => {
    for (const date of Object.values(dataDates())) expect(isIsoDate(date)).toBe(true);
  });

  it('rejects impossible dates', () => {
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-11-28')).toBe(true);
    expect(isIsoDate('28/11/2026')).toBe(false);
  });

  it('keeps at least the 45 reference providers and the stable ids other parts use', () => {
    expect(PROVIDERS.length).toBeGreaterThanOrEqual(45);
    for (const id of ['microsoft', 'aws', 'google', 'cloudflare', 'akamai', 'fastly', 'ovhcloud', 'scaleway', 'outscale', 'cloud-temple', 'oodrive', 'worldline', 'orange', 'bleu', 's3ns']) {
      expect(providerById(id), id).not.toBeNull();
    }
  });

  it('gives every ASN one owner and records how each was checked against the routing data', () => {
    const owners = new Map<number, string>();
    for (const p of providersJson.providers) {
      for (const asn of p.asns) {
        expect(Number.isInteger(asn)).toBe(true);
        expect(owners.get(asn), `AS${asn}`).toBeUndefined();
        owners.set(asn, p.id);
      }
      expect(p.asnChecks.map((c) => c.asn).sort()).toEqual([...p.asns].sort());
    }
    // Pitfalls named by the reference: AS50474 is o2switch, not Outscale.
    expect(owners.get(50474)).toBe('o2switch');
    expect(owners.get(50624)).toBe('outscale');
  });

  it('names a catalog provider in every SecNumCloud offer and HDS certificate', () => {
    for (const o of SECNUMCLOUD_OFFERS) expect(providerById(o.providerId), o.id).not.toBeNull();
    for (const c of HDS_CERTIFICATES) expect(providerById(c.providerId), c.providerId).not.toBeNull();
    expect(secnumcloudJson.meta.sources.length).toBeGreaterThan(0);
  });

  it('compiles every fingerprint rule, and each one recognises its own header or name', () => {
    for (const rule of FINGERPRINT_RULES) {
      if (rule.header !== undefined) {
        if (rule.pattern !== undefined) expect(() => new RegExp(rule.pattern!, 'i'), rule.id).not.toThrow();
      } else {
        const matches = matchCnames([`x1.${rule.cnameSuffix}`]);
        expect(matches[0]?.providerId, rule.id).toBe(rule.providerId);
      }
    }
    const presence = FINGERPRINT_RULES.filter((r) => r.header !== undefined && r.pattern === undefined);
    for (const rule of presence) {
      expect(matchHeaders({ [rule.header!]: 'x' }).some((m) => m.rule.id === rule.id), rule.id).toBe(true);
    }
  });
});
