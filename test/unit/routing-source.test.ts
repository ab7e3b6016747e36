import { describe, expect, it } from 'vitest';
import { restsOnDelegationOnly, restsOnOlderAnnouncement, routingSource } from '../../src/core/routing-source.ts';

const PACKAGED = { source: '@ip-location-db/asn 2.3.2026061719 (npm)', dataDate: '2026-06-17' };

describe('routingSource: what the AS of an address rests on', () => {
  it('reads the packaged data as RouteViews-then-registries for IPv4 and registries only for IPv6', () => {
    expect(routingSource(PACKAGED, 4)).toEqual({ kind: 'announcement-or-delegation', dataDate: '2026-06-17' });
    expect(routingSource(PACKAGED, 6)).toEqual({ kind: 'delegation', dataDate: '2026-06-17' });
  });

  it('does not guess the make-up of another source (data:update\'s GitHub release, a custom --source)', () => {
    for (const source of ['sapics/ip-location-db GitHub release v2026.11.01', 'pfx2as rebuilt by hand', '@ip-location-db/asn-mmdb 2.3.2026061719 (npm)']) {
      expect(routingSource({ source, dataDate: '2026-11-01' }, 6)).toEqual({ kind: 'unspecified', dataDate: '2026-11-01' });
      expect(routingSource({ source, dataDate: '2026-11-01' }, 4).kind).toBe('unspecified');
    }
  });

  it('counts as delegation-only an address attribution on delegation data, never a published range or a rule', () => {
    const v6 = routingSource(PACKAGED, 6);
    expect(restsOnDelegationOnly('routing', v6)).toBe(true);
    expect(restsOnDelegationOnly('registration', v6)).toBe(true);
    expect(restsOnDelegationOnly('published-range', v6)).toBe(false);
    expect(restsOnDelegationOnly('rule', v6)).toBe(false);
    expect(restsOnDelegationOnly('routing', routingSource(PACKAGED, 4))).toBe(false);
    expect(restsOnDelegationOnly('routing', undefined)).toBe(false);
  });

  it('counts as older an announcement observed before the routing data, for an address attribution only', () => {
    const older = routingSource(PACKAGED, 6, { source: 'iptoasn-ipv6', date: '2023-12-08' });
    const newer = routingSource(PACKAGED, 6, { source: 'ris-whois-ipv6', date: '2026-12-01' });
    expect(restsOnOlderAnnouncement('routing', older, PACKAGED)).toBe(true);
    expect(restsOnOlderAnnouncement('registration', older, PACKAGED)).toBe(true);
    expect(restsOnOlderAnnouncement('published-range', older, PACKAGED)).toBe(false);
    expect(restsOnOlderAnnouncement('routing', newer, PACKAGED)).toBe(false);
    expect(restsOnOlderAnnouncement('routing', routingSource(PACKAGED, 6), PACKAGED)).toBe(false);
    expect(restsOnOlderAnnouncement('routing', older, undefined)).toBe(false);
  });
});
