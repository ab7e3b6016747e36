import { describe, expect, it } from 'vitest';
import { hdsOf, offerById, providerById, SECNUMCLOUD_OFFERS } from '../../src/core/catalog.ts';
import { RECHECK_DAYS, assessSovereignty, currentQualifiedOffers, hdsCheckOverdue, hdsStatus, lastVerified, qualificationEnd, qualificationState, qualificationStatus, qualificationWording } from '../../src/core/sovereignty.ts';
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

  it('says "past its recorded end, renewal not verified" after a recorded end with no renewal row, and stops counting', () => {
    expect(qualificationState(outscale, new Date('2026-11-29T23:59:59Z'))).toBe('qualified');
    expect(qualificationState(outscale, new Date('2026-11-30T00:00:00Z'))).toBe('past-recorded-end');
    expect(qualificationState(outscale, at('2027-03-01'))).toBe('past-recorded-end');
    // A row the sources say lapsed keeps its own word.
    expect(qualificationState({ ...outscale, status: 'expired' }, at('2027-03-01'))).toBe('expired');
  });

  it('never invents an end for an offer without one: it is re-checked, then reads "not verified since" its last check', () => {
    const listed: SecNumCloudOffer & { listedOn: string } = {
      id: 'x', providerId: 'whaller', offer: 'X', serviceTypes: ['SaaS'], status: 'qualified', listedOn: '2026-09-15',
      sources: [{ note: 'catalogue', date: '2026-09-26' }],
    };
    expect(qualificationEnd(listed)).toBeNull();
    expect(lastVerified(listed)).toBe('2026-09-26');
    const lastDay = new Date(Date.parse('2026-09-26T00:00:00Z') + RECHECK_DAYS * 86_400_000 - 1);
    expect(qualificationState(listed, lastDay)).toBe('qualified');
    expect(qualificationState(listed, new Date(lastDay.getTime() + 1))).toBe('not-verified-since');
    expect(qualificationStatus(listed, new Date(lastDay.getTime() + 1))).toBe('expired');
    expect(qualificationState({ ...listed, verifiedOn: '2027-06-01' }, at('2027-07-01'))).toBe('qualified');
    // Whaller's real row: counted today, not three years after its listing.
    const whaller = offerById('whaller-donjon')!;
    expect(qualificationState(whaller, TODAY)).toBe('qualified');
    expect(qualificationState(whaller, at('2029-01-01'))).toBe('not-verified-since');
  });

  it('dates an offer without a recorded end from the catalogue it was last checked in, not from the day an older snapshot was read', () => {
    // Whaller's row cites a February 2026 snapshot read on 2026-11-28: that reading checked nothing after the relay of
    // the 2026-09-15 catalogue consulted on 2026-09-26, so the offer stops counting 183 days after that, not after 11-28.
    for (const id of ['whaller-donjon', 'wimi-saas', 'index-education-offer']) {
      const offer = offerById(id)!;
      expect(lastVerified(offer), id).toBe('2026-09-26');
      expect(qualificationState(offer, at('2027-04-01')), id).toBe('not-verified-since');
      expect(qualificationWording(offer, at('2027-04-01'), '2026-09-15').status, id).toEqual({ key: 'qual_status_not_verified_since', args: ['2026-09-26'] });
    }
  });

  it('does not count anything on an invalid clock', () => {
    expect(qualificationStatus(outscale, new Date('nope'))).toBe('expired');
  });
});

describe('qualificationWording', () => {
  it('names the list date and the end for a row past its recorded end, and what to check, with keys both locales have', async () => {
    const { readFileSync } = await import('node:fs');
    const fr = JSON.parse(readFileSync('_locales/fr/messages.json', 'utf8')) as Record<string, unknown>;
    const en = JSON.parse(readFileSync('_locales/en/messages.json', 'utf8')) as Record<string, unknown>;
    const outscale = offerById('outscale-iaas-cloud-on-demand')!;
    const past = qualificationWording(outscale, at('2026-12-02'), '2026-09-15');
    expect(past).toEqual({
      state: 'past-recorded-end',
      status: { key: 'qual_status_past_recorded_end', args: [] },
      detail: { key: 'qual_past_end_detail', args: ['2026-09-15', '2026-11-30'] },
    });
    const stale = qualificationWording(offerById('wimi-saas')!, at('2027-06-01'), '2026-09-15');
    expect(stale.state).toBe('not-verified-since');
    expect(stale.status).toEqual({ key: 'qual_status_not_verified_since', args: ['2026-09-26'] });
    for (const offer of SECNUMCLOUD_OFFERS) {
      for (const when of ['2026-01-01', '2026-12-02', '2030-01-01']) {
        const w = qualificationWording(offer, at(when), '2026-09-15');
        for (const key of [w.status.key, w.detail?.key].filter((k): k is string => k !== undefined)) {
          expect(fr[key], key).toBeDefined();
          expect(en[key], key).toBeDefined();
        }
      }
    }
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

  it('never gives a qualified level on an access, transit, corporate or payment network of a qualified group', () => {
    for (const role of ['access', 'transit', 'corporate', 'payment'] as const) {
      expect(assessSovereignty(provider('orange'), 'origin', TODAY, undefined, role), role).toBe('eu');
      expect(assessSovereignty(provider('worldline'), 'origin', TODAY, undefined, role), role).toBe('eu');
    }
    expect(assessSovereignty(provider('orange'), 'origin', TODAY, undefined, 'hosting')).toBe('secnumcloud-provider');
    expect(assessSovereignty(provider('worldline'), 'origin', TODAY, undefined, 'hosting')).toBe('secnumcloud-provider');
  });

  it('rates Chinese groups and US subsidiaries of French providers extra-eu, and other foreign subsidiaries unknown', () => {
    for (const id of ['alibaba', 'tencent-cloud', 'huawei-cloud', 'ovh-us', 'outscale-inc', 'scaleway-us']) {
      expect(assessSovereignty(provider(id), 'origin', TODAY, undefined, 'cloud'), id).toBe('extra-eu');
    }
    for (const id of ['ovh-ca', 'cloud-temple-tn']) expect(assessSovereignty(provider(id), 'origin', TODAY, undefined, 'cloud'), id).toBe('unknown');
    expect(provider('tencent-cloud').jurisdiction.extraEuLaws.join()).toMatch(/National Intelligence Law 2017 \(art\. 7, 14\)/);
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

  it('stops counting a certificate without an end date RECHECK_DAYS after its last check, like an offer without an end', () => {
    const cert = { providerId: 'x', activities: [], status: 'certified' as const, sources: [{ note: 'n', date: '2026-05-16' }] };
    const lastDay = new Date(Date.parse('2026-05-16T00:00:00Z') + RECHECK_DAYS * 86_400_000 - 1);
    expect(hdsStatus(cert, lastDay)).toBe('certified');
    expect(hdsCheckOverdue(cert, lastDay)).toBe(false);
    expect(hdsStatus(cert, new Date(lastDay.getTime() + 1))).toBe('unknown');
    expect(hdsCheckOverdue(cert, new Date(lastDay.getTime() + 1))).toBe(true);
    // A later check (verifiedOn) counts again; a dated certificate follows its end date, whatever the age of the check.
    expect(hdsStatus({ ...cert, verifiedOn: '2026-12-03' }, at('2027-01-15'))).toBe('certified');
    expect(hdsStatus({ ...cert, certifiedUntil: '2028-01-01' }, at('2027-06-01'))).toBe('certified');
    expect(hdsCheckOverdue({ ...cert, status: 'unknown' as const }, at('2027-06-01'))).toBe(false);
    // An invalid clock must not make anything count.
    expect(hdsStatus(cert, new Date(Number.NaN))).toBe('unknown');
  });

  it('no longer counts the rows whose only source is the 2026-05-16 matrix (Cegedim, ITS Integra) on 2026-12-03', () => {
    const now = at('2026-12-03');
    for (const id of ['cegedim', 'its-integra']) {
      const cert = hdsOf(id)[0]!;
      expect(cert.status).toBe('certified');
      expect(lastVerified(cert)).toBe('2026-05-16');
      expect(hdsStatus(cert, now)).toBe('unknown');
      expect(hdsStatus(cert, at('2026-11-01'))).toBe('certified');
    }
    // Rows checked on 2026-11-28 still count.
    expect(hdsStatus(hdsOf('microsoft')[0]!, now)).toBe('certified');
  });
});
