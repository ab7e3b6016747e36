import { describe, expect, it } from 'vitest';
import { identifyHost, type IdentifyContext } from '../../src/core/identify.ts';
import { formatIp, type ParsedIp } from '../../src/core/ip.ts';
import { FINGERPRINT_RULES } from '../../src/core/catalog.ts';
import { matchHeaders, matchSoftwareBuilds } from '../../src/core/fingerprints.ts';
import { compileRules } from '../../src/core/rules.ts';
import type { AsnInfo, HostObservation } from '../../src/core/types.ts';
import { renderPlainEnglish } from '../../src/shared/evidence-text.ts';

const TODAY = new Date('2026-11-28T12:00:00Z');
/** The packaged routing data's meta, as build-asn-table.ts writes it. */
const PACKAGED_ROUTING = { source: '@ip-location-db/asn 2.3.2026061719 (npm)', dataDate: '2026-06-17' };

/** A routing table in miniature: exact addresses -> AS, as the real table would answer for them. */
function context(routes: Record<string, AsnInfo>, rules?: IdentifyContext['rules']): IdentifyContext & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    rules,
    routingData: PACKAGED_ROUTING,
    lookupAsn(ip: ParsedIp): AsnInfo | null {
      const text = formatIp(ip);
      asked.push(text);
      return routes[text] ?? null;
    },
  };
}

const MICROSOFT = { asn: 8075, name: 'Microsoft Corporation' };
const AMAZON = { asn: 16509, name: 'Amazon.com, Inc.' };
const OVH = { asn: 16276, name: 'OVH SAS' };
const CLOUDFLARE = { asn: 13335, name: 'Cloudflare, Inc.' };
const FASTLY = { asn: 54113, name: 'Fastly, Inc.' };
const OUTSCALE = { asn: 50624, name: 'Outscale SASU' };
const UNLISTED = { asn: 64512, name: 'Petit Hebergeur SARL' };
const SCALEWAY = { asn: 12876, name: 'SCALEWAY S.A.S.' };
const S3NS = { asn: 202045, name: 'S3NS' };
const BLEU = { asn: 2376, name: 'Bleu' };

const ctx = context({
  '20.74.1.10': MICROSOFT,
  '13.36.1.1': AMAZON,
  '51.91.1.1': OVH,
  '2001:41d0:301::21': OVH,
  '104.16.1.1': CLOUDFLARE,
  '185.199.108.153': FASTLY,
  '171.33.64.1': OUTSCALE,
  '203.0.114.9': UNLISTED,
  '163.172.5.5': SCALEWAY,
  '34.155.1.1': S3NS,
  '4.211.1.1': BLEU,
});
const identify = (obs: HostObservation, at = TODAY) => identifyHost(obs, ctx, at);

describe('identifyHost: address -> provider', () => {
  it('identifies Azure Front Door from its header and Microsoft IP, as a CDN, extra-eu', () => {
    const v = identify({ host: 'www.health-data-hub.fr', ip: '20.74.1.10', headers: { 'x-azure-ref': '20261128T120000Z-abc' } });
    expect(v.provider?.id).toBe('microsoft');
    expect(v.role).toBe('cdn');
    expect(v.level).toBe('extra-eu');
    expect(v.confidence).toBe('high');
    expect(v.asn).toBe(8075);
    expect(v.evidence.map((e) => e.kind)).toEqual(['asn', 'header']);
  });

  it('rates an OVHcloud address secnumcloud-provider: the offer cannot be seen', () => {
    const v = identify({ host: 'www.chu-exemple.fr', ip: '51.91.1.1', headers: { server: 'nginx' } });
    expect(v).toMatchObject({ provider: { id: 'ovhcloud', country: 'FR' }, role: 'origin', level: 'secnumcloud-provider', confidence: 'high' });
  });

  it('follows the Outscale expiry: secnumcloud-provider today, eu from 2026-11-30', () => {
    expect(identify({ host: 'a.example', ip: '171.33.64.1' }).level).toBe('secnumcloud-provider');
    expect(identify({ host: 'a.example', ip: '171.33.64.1' }, new Date('2026-11-30T08:00:00Z')).level).toBe('eu');
  });

  it('shows the AS name of an operator not in the catalog, with no provider and level unknown', () => {
    const v = identify({ host: 'cabinet.example', ip: '203.0.114.9' });
    expect(v.provider).toBeNull();
    expect(v.asName).toBe('Petit Hebergeur SARL');
    expect(v.level).toBe('unknown');
    expect(renderPlainEnglish(v.evidence[0]!.message)).toMatch(/belongs to AS\d+ \(.*\), an operator not in Vigie's provider list, whose country and jurisdiction are not guessed, in the routing data of /);
  });

  it('says so when no routed network covers a public address', () => {
    const v = identify({ host: 'x.example', ip: '45.12.0.1' });
    expect(v.asn).toBeNull();
    expect(v.level).toBe('unknown');
    expect(v.evidence[0]!.kind).toBe('ip');
  });

  it('accepts IPv6 in any spelling and reports the canonical form', () => {
    const v = identify({ host: 'x.example', ip: '2001:41D0:0301:0000:0000:0000:0000:0021' });
    expect(v.ip).toBe('2001:41d0:301::21');
    expect(v.provider?.id).toBe('ovhcloud');
  });

  it('uses the IPv4 inside an IPv4-mapped IPv6 address', () => {
    const c = context({ '::ffff:51.91.1.1': OVH });
    const v = identifyHost({ host: 'x.example', ip: '::ffff:51.91.1.1' }, c, TODAY);
    expect(v.ipScope).toBe('public');
    expect(v.provider?.id).toBe('ovhcloud');
  });

  it('takes the address from an IP-literal host when none is reported', () => {
    const v = identify({ host: '[2001:41d0:301::21]', ip: null });
    expect(v.ip).toBe('2001:41d0:301::21');
    expect(v.provider?.id).toBe('ovhcloud');
  });
});

describe('identifyHost: special addresses, cache, proxy', () => {
  it('never looks up private, loopback or link-local addresses', () => {
    for (const ip of ['10.1.2.3', '127.0.0.1', '::1', 'fe80::1', '192.168.1.20', 'fd00::5', '::ffff:10.0.0.1']) {
      const c = context({});
      const v = identifyHost({ host: 'intranet.local', ip }, c, TODAY);
      expect(v.level, ip).toBe('unknown');
      expect(v.provider, ip).toBeNull();
      expect(v.evidence[0]!.kind, ip).toBe('special-ip');
      expect(c.asked, ip).toEqual([]);
    }
  });

  it('lets a rule name the provider of a private address', () => {
    const { rules } = compileRules([{ match: '10.0.0.0/8', providerId: 'cloud-temple', origin: 'managed' }]);
    const v = identifyHost({ host: 'dpi.chu.local', ip: '10.4.5.6' }, context({}, rules), TODAY);
    expect(v).toMatchObject({ provider: { id: 'cloud-temple' }, level: 'secnumcloud-provider', confidence: 'high' });
    expect(v.evidence.map((e) => e.kind)).toEqual(['special-ip', 'rule']);
  });

  it('gives unknown for a cached response with nothing else, and says why', () => {
    const v = identify({ host: 'www.ameli.fr', ip: null, fromCache: true });
    expect(v).toMatchObject({ ip: null, provider: null, role: 'unknown', level: 'unknown', confidence: 'low' });
    expect(v.evidence[0]!.kind).toBe('cache');
  });

  it('still reads the CDN from the headers of a cached response, with low confidence', () => {
    const v = identify({ host: 'www.example.fr', ip: null, fromCache: true, headers: { 'cf-ray': '8e1f2a3b4c5d6e7f-CDG', server: 'cloudflare' } });
    expect(v).toMatchObject({ provider: { id: 'cloudflare' }, role: 'cdn', level: 'extra-eu', confidence: 'low' });
  });

  it('ignores the address behind a proxy: it is the proxy\'s', () => {
    const v = identify({ host: 'www.example.fr', ip: '51.91.1.1', viaProxy: true });
    expect(v).toMatchObject({ provider: null, asn: null, level: 'unknown' });
    expect(v.evidence[0]!.kind).toBe('proxy');
    expect(renderPlainEnglish(v.evidence[0]!.message)).toMatch(/proxy's, not the site's server/);
  });

  it('ignores an address that is not an IP, without crashing', () => {
    const v = identify({ host: 'www.example.fr', ip: 'not-an-ip' });
    expect(v.ip).toBeNull();
    expect(v.level).toBe('unknown');
    expect(v.evidence[0]!.kind).toBe('no-ip');
  });

  it('survives an observation missing its fields and a throwing lookup', () => {
    const broken: IdentifyContext = { lookupAsn: () => { throw new Error('table gone'); }, routingData: PACKAGED_ROUTING };
    expect(identifyHost({} as HostObservation, broken, TODAY).level).toBe('unknown');
    expect(identifyHost({ host: 'x.example', ip: '51.91.1.1' }, broken, TODAY).provider).toBeNull();
  });
});

describe('identifyHost: combining headers, CNAMEs and the address', () => {
  it('sees CloudFront in front of S3 on an Amazon address as an AWS CDN', () => {
    const v = identify({ host: 'www.doctolib.fr', ip: '13.36.1.1', headers: { 'x-amz-cf-id': 'Zq0==', via: '1.1 abc.cloudfront.net (CloudFront)', server: 'AmazonS3' }, cnames: ['d1234.cloudfront.net'] });
    expect(v).toMatchObject({ provider: { id: 'aws' }, role: 'cdn', level: 'extra-eu', confidence: 'high' });
  });

  it('sees GitHub Pages on a Fastly address as a Fastly CDN, with GitHub as the origin', () => {
    const v = identify({ host: 'asso-sante.github.io', ip: '185.199.108.153', headers: { server: 'GitHub.com', 'x-served-by': 'cache-cdg20771-CDG' } });
    expect(v).toMatchObject({ provider: { id: 'fastly' }, role: 'cdn', level: 'extra-eu' });
    expect(v.evidence.some((e) => e.providerId === 'github')).toBe(true);
    expect(v.evidence.some((e) => e.kind === 'conflict')).toBe(false);
  });

  it('names a platform without its own network (Vercel) as the operator, running on the address owner\'s network', () => {
    const v = identify({ host: 'app.example', ip: '13.36.1.1', headers: { 'x-vercel-id': 'cdg1::abc', server: 'Vercel' } });
    expect(v).toMatchObject({ provider: { id: 'vercel' }, role: 'origin', level: 'extra-eu', asn: 16509 });
  });

  it('never rates a platform better than the network it runs on: Scalingo (FR) on an AWS address reads as AWS, extra-eu', () => {
    // The data sits on the address owner's servers: a French platform there does not take it out of US law.
    const onAws = identify({ host: 'rdv.clinique.example', ip: '13.36.1.1', cnames: ['rdv-clinique.osc-fr1.scalingo.io'] });
    expect(onAws).toMatchObject({ provider: { id: 'aws' }, role: 'origin', level: 'extra-eu', asn: 16509 });
    expect(onAws.evidence.some((e) => e.providerId === 'scalingo' && /Amazon Web Services.*where the data sits/.test(renderPlainEnglish(e.message)))).toBe(true);
    // On an unlisted operator's network nothing is known of where the data sits: not "eu".
    expect(identify({ host: 'rdv.clinique.example', ip: '203.0.114.9', cnames: ['rdv-clinique.osc-fr1.scalingo.io'] }).level).toBe('unknown');
    // On an EU network the platform's own level stands.
    expect(identify({ host: 'rdv.clinique.example', ip: '171.33.64.1', cnames: ['rdv-clinique.osc-fr1.scalingo.io'] }).level).toBe('eu');
  });

  it('records a conflict when a CDN header disagrees with the address, and trusts the address', () => {
    // CDN77 has no documented exposure to extra-EU law: its header does not reveal an extra-EU origin.
    const v = identify({ host: 'www.example.fr', ip: '51.91.1.1', headers: { server: 'CDN77-Turbo' } });
    expect(v).toMatchObject({ provider: { id: 'ovhcloud' }, level: 'secnumcloud-provider', confidence: 'medium' });
    const conflict = v.evidence.find((e) => e.kind === 'conflict');
    expect(conflict?.providerId).toBe('cdn77');
    expect(renderPlainEnglish(conflict!.message)).toMatch(/Vigie trusts the address/);
    expect(v.revealedOrigin).toBeUndefined();
  });

  it('identifies from the CNAME alone when the address is unknown to the routing data', () => {
    const v = identify({ host: 'www.example.fr', ip: '45.12.0.1', cnames: ['www.example.fr.azurefd.net'] });
    expect(v).toMatchObject({ provider: { id: 'microsoft' }, role: 'cdn', level: 'extra-eu', confidence: 'medium' });
  });

  it('prefers the CDN when fingerprints alone show both a CDN and an origin', () => {
    const v = identify({ host: 'x.example', ip: null, headers: { server: 'AmazonS3', 'cf-ray': 'abc' } });
    expect(v.provider?.id).toBe('cloudflare');
    expect(v.role).toBe('cdn');
  });

  it('lets a rule win over the address and headers, recording what disagreed', () => {
    const { rules } = compileRules([{ match: 'portail.chu-exemple.fr', providerId: 'ovhcloud-bare-metal-pod', origin: 'managed' }]);
    const v = identifyHost({ host: 'portail.chu-exemple.fr', ip: '104.16.1.1', headers: { 'cf-ray': 'abc' } }, context({ '104.16.1.1': CLOUDFLARE }, rules), TODAY);
    expect(v).toMatchObject({ provider: { id: 'ovhcloud' }, level: 'secnumcloud', confidence: 'high' });
    expect(v.evidence.find((e) => e.kind === 'conflict')?.providerId).toBe('cloudflare');
  });

  it('matches rules on unicode and punycode host names alike', () => {
    const { rules } = compileRules([{ match: 'hôpital.example', providerId: 'scaleway', origin: 'user' }]);
    const c = context({}, rules);
    expect(identifyHost({ host: 'www.xn--hpital-ixa.example', ip: null }, c, TODAY).provider?.id).toBe('scaleway');
    expect(identifyHost({ host: 'www.hôpital.example', ip: null }, c, TODAY).provider?.id).toBe('scaleway');
  });
});

describe('identifyHost: an extra-EU origin named by a response header behind the network in front', () => {
  it('reads extra-eu when an OVHcloud address answers with an S3 header: OVHcloud in front, AWS named as the origin', () => {
    expect(identify({ host: 'rdv.chu-exemple.fr', ip: '51.91.1.1' }).level).toBe('secnumcloud-provider');
    const v = identify({ host: 'rdv.chu-exemple.fr', ip: '51.91.1.1', headers: { server: 'AmazonS3', 'x-amz-request-id': 'TX1' } });
    expect(v).toMatchObject({ provider: { id: 'ovhcloud' }, asn: 16276, attribution: 'routing', level: 'extra-eu' });
    expect(v.revealedOrigin).toEqual({ provider: { id: 'aws', name: 'Amazon Web Services', country: 'US' }, header: 'server: AmazonS3' });
    const revealed = v.evidence.filter((e) => e.kind === 'revealed-origin');
    expect(revealed).toHaveLength(1);
    expect(renderPlainEnglish(revealed[0]!.message)).toMatch(/names .*Amazon Web Services \(US\)\) behind OVHcloud \(FR\).*only to make this verdict less reassuring/);
    // The origin is said once, as what it is: not also as a clue Vigie overrode.
    expect(v.evidence.some((e) => e.kind === 'conflict' && e.providerId === 'aws')).toBe(false);
  });

  it.each([
    ['Google Cloud Storage on an EU (Scaleway) address', '163.172.5.5', { 'x-goog-generation': '1700000000000000' }, 'eu', 'google'],
    ['a Fastly cache named by x-served-by behind OVHcloud', '51.91.1.1', { 'x-served-by': 'cache-cdg20771-CDG' }, 'secnumcloud-provider', 'fastly'],
    ['Azure storage behind Outscale', '171.33.64.1', { 'x-ms-request-id': 'a1b2' }, 'secnumcloud-provider', 'microsoft'],
    ['Cloudflare upstream of an OVHcloud server', '51.91.1.1', { 'cf-ray': '8e1f-CDG' }, 'secnumcloud-provider', 'cloudflare'],
    ['Amazon S3 behind an operator Vigie does not list', '203.0.114.9', { server: 'AmazonS3' }, 'unknown', 'aws'],
  ])('%s: extra-eu, the origin named', (_what, ip, headers, without, origin) => {
    expect(identify({ host: 'site.example', ip }).level).toBe(without);
    const v = identify({ host: 'site.example', ip, headers });
    expect(v.level).toBe('extra-eu');
    expect(v.revealedOrigin?.provider.id ?? v.provider?.id).toBe(origin);
  });

  it('lets an origin header cap a rule too, but not a header of the address the rule deliberately overrides', () => {
    const { rules } = compileRules([{ match: 'portail.chu-exemple.fr', providerId: 'ovhcloud-bare-metal-pod', origin: 'managed' }]);
    const c = context({ '51.91.1.1': OVH, '104.16.1.1': CLOUDFLARE }, rules);
    expect(identifyHost({ host: 'portail.chu-exemple.fr', ip: '51.91.1.1' }, c, TODAY).level).toBe('secnumcloud');
    const behind = identifyHost({ host: 'portail.chu-exemple.fr', ip: '51.91.1.1', headers: { server: 'AmazonS3' } }, c, TODAY);
    expect(behind).toMatchObject({ provider: { id: 'ovhcloud' }, attribution: 'rule', level: 'extra-eu', revealedOrigin: { provider: { id: 'aws' } } });
    // The rule names OVHcloud for a host on a Cloudflare address: Cloudflare's own header says nothing more than its address.
    expect(identifyHost({ host: 'portail.chu-exemple.fr', ip: '104.16.1.1', headers: { 'cf-ray': 'abc' } }, c, TODAY).level).toBe('secnumcloud');
  });

  it('does not take the licensed technology of S3NS (Google) or Bleu (Microsoft) for an extra-EU origin', () => {
    for (const [ip, headers] of [['34.155.1.1', { via: '1.1 google', server: 'Google Frontend' }], ['4.211.1.1', { 'x-azure-ref': '20261128T120000Z-abc', 'x-ms-request-id': 'x' }]] as const) {
      const bare = identify({ host: 'site.example', ip });
      const v = identify({ host: 'site.example', ip, headers });
      expect(v.level, ip).toBe(bare.level);
      expect(v.revealedOrigin).toBeUndefined();
    }
  });

  it('does not count a DNS alias: a DNS-only service (Azure Traffic Manager) in the chain says nothing of where the data goes', () => {
    const v = identify({ host: 'site.example', ip: '51.91.1.1', cnames: ['site-example.trafficmanager.net'] });
    expect(v.level).toBe('secnumcloud-provider');
    expect(v.evidence.some((e) => e.kind === 'conflict' && e.providerId === 'microsoft')).toBe(true);
  });

  it('never reads more reassuring with a header or an alias than without, for any rule of the catalog, on any kind of address', () => {
    const { rules } = compileRules([{ match: 'pinned.example', providerId: 'ovhcloud-bare-metal-pod', origin: 'user' }]);
    const c = context({ '51.91.1.1': OVH, '171.33.64.1': OUTSCALE, '163.172.5.5': SCALEWAY, '34.155.1.1': S3NS, '4.211.1.1': BLEU, '13.36.1.1': AMAZON, '104.16.1.1': CLOUDFLARE, '203.0.114.9': UNLISTED }, rules);
    const REASSURANCE = ['extra-eu', 'unknown', 'eu', 'secnumcloud-provider', 'secnumcloud'];
    const addresses = ['51.91.1.1', '171.33.64.1', '163.172.5.5', '34.155.1.1', '4.211.1.1', '13.36.1.1', '104.16.1.1', '203.0.114.9', '45.12.0.1', '10.0.0.1', null];
    const hosts = ['site.example', 'pinned.example'];
    const bare = new Map(hosts.flatMap((host) => addresses.map((ip) => [`${host} ${ip}`, identifyHost({ host, ip }, c, TODAY).level] as const)));
    let checked = 0;
    for (const rule of FINGERPRINT_RULES) {
      if (rule.header === undefined) continue;
      const first = (rule.pattern ?? 'x').split('|')[0]!.replace(/^\^/, '').replace(/\$$/, '');
      const headers = { [rule.header]: first || 'x' };
      const software = rule.role === 'software';
      // A software build is evidence only: it must leave the level exactly as it was.
      if (software) expect(matchSoftwareBuilds(headers).some((m) => m.rule === rule), rule.id).toBe(true);
      else expect(matchHeaders(headers).some((m) => m.rule === rule), rule.id).toBe(true);
      for (const host of hosts) {
        for (const ip of addresses) {
          const without = bare.get(`${host} ${ip}`)!;
          const seen = identifyHost({ host, ip, headers }, c, TODAY).level;
          expect(REASSURANCE.indexOf(seen), `${rule.id} on ${host} ${ip}: ${without} -> ${seen}`).toBeLessThanOrEqual(REASSURANCE.indexOf(without));
          if (software) expect(seen, `${rule.id} on ${host} ${ip}`).toBe(without);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
    // Nor does a DNS alias (CNAME) of any rule.
    for (const rule of FINGERPRINT_RULES) {
      if (rule.cnameSuffix === undefined) continue;
      for (const host of hosts) {
        for (const ip of addresses) {
          const seen = identifyHost({ host, ip, cnames: [`x.${rule.cnameSuffix}`] }, c, TODAY).level;
          const without = bare.get(`${host} ${ip}`)!;
          expect(REASSURANCE.indexOf(seen), `${rule.id} on ${host} ${ip}: ${without} -> ${seen}`).toBeLessThanOrEqual(REASSURANCE.indexOf(without));
        }
      }
    }
  });
});

describe('identifyHost: what the AS of an address rests on', () => {
  it('gives an IPv4 AS from the routing data, announcement where RouteViews sees one, with high confidence', () => {
    const v = identify({ host: 'www.chu-exemple.fr', ip: '51.91.1.1' });
    expect(v.routing).toEqual({ kind: 'announcement-or-delegation', dataDate: '2026-06-17' });
    expect(v.confidence).toBe('high');
    expect(renderPlainEnglish(v.evidence[0]!.message)).toBe(
      'The server address 51.91.1.1 belongs to AS16276 (OVH SAS), a network of OVHcloud (FR), in the routing data of 2026-06-17 (the announcement RouteViews observes where it sees one, registry delegation data elsewhere).',
    );
  });

  it('says an IPv6 AS comes from registry delegation, not an announcement, and never names its provider with high confidence', () => {
    const v = identify({ host: 'www.chu-exemple.fr', ip: '2001:41d0:301::21' });
    expect(v).toMatchObject({ provider: { id: 'ovhcloud' }, attribution: 'routing', level: 'secnumcloud-provider', confidence: 'medium' });
    expect(v.routing).toEqual({ kind: 'delegation', dataDate: '2026-06-17' });
    expect(renderPlainEnglish(v.evidence[0]!.message)).toMatch(/^The server address 2001:41d0:301::21 is attributed to AS16276 \(OVH SAS\), a network of OVHcloud \(FR\), by registry delegation data of 2026-06-17, not by an observed announcement\./);
  });

  it('keeps high confidence on IPv6 when the provider\'s own published list covers the address', () => {
    const published = context({ '2600:1f18::1': { ...AMAZON, published: { providerId: 'aws', list: 'aws', listDate: '2026-08-22', region: 'us-east-1' } } });
    const v = identifyHost({ host: 'a.example', ip: '2600:1f18::1' }, published, TODAY);
    expect(v).toMatchObject({ provider: { id: 'aws' }, attribution: 'published-range', confidence: 'high', routing: { kind: 'delegation' } });
  });

  it('looks an IPv4-mapped address up as IPv4, and names no source it does not know', () => {
    const mapped = identifyHost({ host: 'a.example', ip: '::ffff:51.91.1.1' }, context({ '::ffff:51.91.1.1': OVH }), TODAY);
    expect(mapped).toMatchObject({ routing: { kind: 'announcement-or-delegation' }, confidence: 'high' });
    const custom: IdentifyContext = { ...ctx, routingData: { source: 'pfx2as rebuilt by hand', dataDate: '2026-10-01' } };
    const v = identifyHost({ host: 'a.example', ip: '2001:41d0:301::21' }, custom, TODAY);
    expect(v.routing).toEqual({ kind: 'unspecified', dataDate: '2026-10-01' });
    expect(renderPlainEnglish(v.evidence[0]!.message)).toMatch(/in the routing data of 2026-10-01 \(a source whose make-up Vigie does not know\)/);
  });

  it('carries no routing source where no AS was found', () => {
    expect(identify({ host: 'a.example', ip: '10.0.0.1' }).routing).toBeUndefined();
    expect(identify({ host: 'a.example', ip: '198.51.100.200' }).routing).toBeUndefined();
  });
});

describe('identifyHost: a server header naming a software build (Apache built for Amazon Linux)', () => {
  const AMAZON_LINUX_BUILDS = ['Apache/2.4.62 () (Amazon)', 'Apache/2.4.62 (Amazon Linux)'];
  /** The verdict without its evidence list: what a user reads as provider, level, role and confidence. */
  const decision = (v: ReturnType<typeof identify>) => {
    const { evidence: _evidence, ...rest } = v;
    return rest;
  };

  it.each([
    ['an OVHcloud address', '51.91.1.1'],
    ['an address of an operator not in the catalog', '203.0.114.9'],
    ['an address no network announces', '198.51.100.200'],
    ['no address (browser cache)', null],
  ])('leaves the verdict on %s exactly as the address makes it, and says what the header is', (_what, ip) => {
    const plain = identify({ host: 'www.chu-exemple.fr', ip, fromCache: ip === null });
    for (const server of AMAZON_LINUX_BUILDS) {
      const v = identify({ host: 'www.chu-exemple.fr', ip, fromCache: ip === null, headers: { server } });
      expect(decision(v), server).toEqual(decision(plain));
      expect(v.revealedOrigin, server).toBeUndefined();
      const build = v.evidence.filter((e) => e.kind === 'software');
      expect(build, server).toMatchObject([
        {
          kind: 'software',
          subject: `server: ${server}`,
          software: { name: 'Apache', builtFor: 'Amazon Linux' },
        },
      ]);
      expect(renderPlainEnglish(build[0]!.message)).toBe(
        `The response header "server: ${server}" says Apache built for Amazon Linux: software packaged for a system that runs on any host, so it says nothing of who hosts the site or what is in front of it.`,
      );
      expect(v.evidence.filter((e) => e.kind !== 'software')).toEqual(plain.evidence);
    }
  });

  it('keeps an OVHcloud address secnumcloud-provider with high confidence: no extra-EU origin, no conflict', () => {
    const v = identify({ host: 'www.chu-exemple.fr', ip: '51.91.1.1', headers: { server: 'Apache/2.4.62 () (Amazon)' } });
    expect(v).toMatchObject({ provider: { id: 'ovhcloud' }, level: 'secnumcloud-provider', confidence: 'high', role: 'origin' });
    expect(v.evidence.some((e) => e.kind === 'conflict' || e.providerId === 'aws')).toBe(false);
  });
});
