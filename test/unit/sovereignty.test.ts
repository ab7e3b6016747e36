import { describe, expect, it } from 'vitest';
import { offerById, providerById } from '../../src/core/catalog.ts';
import { assessSovereignty, currentQualifiedOffers, hdsStatus, qualificationStatus } from '../../src/core/sovereignty.ts';
import type { Provider, SecNumCloudOffer } from '../../src/core/types.ts';

const TODAY = new Date('2026-11-28T12:00:00Z');
const at = (iso: string): Date => new Date(`${iso}T12:00:00Z`);
const provider = (id: string): Provider => {
  const p = providerById(id);
  if (!p) throw new Error(`no provider ${id}`);
  return p;
};

describe('qualificationStatus', () => {
  const outscale = offerById('outscale-iaas-cloud-on-demand')!;

  it('counts a qualification until the day before its expiry, and stops on that date', () => {
    expect(qualificationStatus(outscale, TODAY)).toBe('qualified');
    expect(qualificationStatus(outscale, new Date('2026-11-29T23:59:59Z'))).toBe('qualified');
    expect(qualificationStatus(outscale, new Date('2026-11-30T00:00:00Z'))).toBe('expired');
    expect(qualificationStatus(outscale, at('2027-03-01'))).toBe('expired');
  });

  it('is not qualified before its decision date', () => {
    expect(qualificationStatus(offerById('ovhcloud-snc-cloud-platform')!, at('2026-07-30'))).toBe('in-progress');
    expect(qualificationStatus(offerById('ovhcloud-snc-cloud-platform')!, at('2026-07-31'))).toBe('qualified');
  });

  it('keeps in-progress offers in progress, whatever the date', () => {
    expect(qualificationStatus(offerById('bleu-cloud-de-confiance')!, at('2030-01-01'))).toBe('in-progress');
  });

  it('bounds an offer without a known expiry to three years after its listing', () => {
    const listed: SecNumCloudOffer & { listedOn: string } = { id: 'x', providerId: 'whaller', offer: 'X', serviceTypes: ['SaaS'], status: 'qualified', sources: [], listedOn: '2026-09-15' };
    expect(qualificationStatus(listed, at('2029-09-14'))).toBe('qualified');
    expect(qualificationStatus(listed, at('2029-09-15'))).toBe('expired');
  });

  it('does not count anything on an invalid clock', () => {
    expect(qualificationStatus(outscale, new Date('nope'))).toBe('expired');
  });
});

describe('assessSovereignty', () => {
  it('rates the US hyperscalers and CDNs extra-eu, whatever else is known', () => {
    for (const id of ['microsoft', 'aws', 'google', 'cloudflare', 'akamai', 'fastly']) {
      expect(assessSovereignty(provider(id), 'origin', TODAY), id).toBe('extra-eu');
      expect(assessSovereignty(provider(id), 'cdn', TODAY), id).toBe('extra-eu');
    }
  });

  it('gives secnumcloud-provider, not secnumcloud, to a provider with a valid qualified offer seen from its IP', () => {
    expect(assessSovereignty(provider('ovhcloud'), 'origin', TODAY)).toBe('secnumcloud-provider');
    expect(assessSovereignty(provider('s3ns'), 'origin', TODAY)).toBe('secnumcloud-provider');
  });

  it('gives secnumcloud only when evidence pins a currently qualified offer of that provider', () => {
    expect(assessSovereignty(provider('ovhcloud'), 'origin', TODAY, 'ovhcloud-bare-metal-pod')).toBe('secnumcloud');
    expect(assessSovereignty(provider('ovhcloud'), 'origin', TODAY, 'outscale-iaas-cloud-on-demand')).toBe('secnumcloud-provider');
    expect(assessSovereignty(provider('ovhcloud'), 'origin', at('2026-12-29'), 'ovhcloud-hosted-private-cloud')).toBe('secnumcloud-provider');
  });

  it('drops Outscale to eu on 2026-11-30, when its only qualification expires unrenewed', () => {
    expect(assessSovereignty(provider('outscale'), 'origin', TODAY)).toBe('secnumcloud-provider');
    expect(assessSovereignty(provider('outscale'), 'origin', at('2026-11-30'))).toBe('eu');
    expect(assessSovereignty(provider('outscale'), 'origin', at('2026-11-30'), 'outscale-iaas-cloud-on-demand')).toBe('eu');
  });

  it('keeps OVHcloud a secnumcloud-provider after its Hosted Private Cloud expires, thanks to its other offers', () => {
    expect(currentQualifiedOffers('ovhcloud', 'origin', at('2026-12-29')).map((o) => o.id)).not.toContain('ovhcloud-hosted-private-cloud');
    expect(assessSovereignty(provider('ovhcloud'), 'origin', at('2026-12-29'))).toBe('secnumcloud-provider');
  });

  it('rates EU providers without a current qualification eu (Scaleway is only in progress; Bleu at J1)', () => {
    expect(assessSovereignty(provider('scaleway'), 'origin', TODAY)).toBe('eu');
    expect(assessSovereignty(provider('bleu'), 'origin', TODAY)).toBe('eu');
    expect(assessSovereignty(provider('hetzner'), 'origin', TODAY)).toBe('eu');
  });

  it('does not count IaaS/SaaS qualifications for a provider seen acting as a CDN', () => {
    expect(assessSovereignty(provider('ovhcloud'), 'cdn', TODAY)).toBe('eu');
  });

  it('says unknown without a provider, or for a non-EU provider without recorded extra-EU law', () => {
    expect(assessSovereignty(null, 'unknown', TODAY)).toBe('unknown');
    expect(assessSovereignty(provider('infomaniak'), 'origin', TODAY)).toBe('unknown');
    expect(assessSovereignty(provider('planethoster'), 'origin', TODAY)).toBe('unknown');
  });
});

describe('hdsStatus', () => {
  it('expires a dated HDS certificate on its end date', () => {
    const cert = { providerId: 'aphp', activities: [], certifiedFrom: '2025-06-04', certifiedUntil: '2026-09-07', status: 'certified' as const, sources: [] };
    expect(hdsStatus(cert, at('2026-09-06'))).toBe('certified');
    expect(hdsStatus(cert, at('2026-09-07'))).toBe('expired');
  });
});
