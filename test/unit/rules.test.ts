import { describe, expect, it } from 'vitest';
import { compileRules, matchRule, normaliseHost } from '../../src/core/rules.ts';
import type { ProviderRule } from '../../src/core/types.ts';

const rule = (match: string, providerId: string, origin: ProviderRule['origin'] = 'user'): ProviderRule => ({ match, providerId, origin });

describe('compileRules', () => {
  it('reports each invalid rule with a clear message and keeps the valid ones', () => {
    const { rules, errors } = compileRules([
      rule('10.20.0.0/16', 'ovhcloud'),
      rule('10.0.0.0/33', 'ovhcloud'),
      rule('300.1.2.0/24', 'ovhcloud'),
      rule('chu-exemple.fr', 'no-such-provider'),
      rule('   ', 'ovhcloud'),
      rule('a*b.example', 'aws'),
    ]);
    expect(rules.cidrs).toHaveLength(1);
    expect(errors.map((e) => e.rule.match)).toEqual(['10.0.0.0/33', '300.1.2.0/24', 'chu-exemple.fr', '   ', 'a*b.example']);
    expect(errors[0]!.message).toMatch(/not a valid CIDR block/);
    expect(errors[2]!.message).toMatch(/Unknown provider id "no-such-provider"/);
    expect(errors[3]!.message).toMatch(/nothing to match/);
    expect(errors[4]!.message).toMatch(/neither a CIDR block nor a host name/);
  });

  it('survives input that is not a rule list', () => {
    expect(compileRules(null as unknown as ProviderRule[]).errors).toEqual([]);
    expect(compileRules([null, 42] as unknown as ProviderRule[]).rules.hosts).toEqual([]);
  });
});

describe('matchRule', () => {
  const { rules } = compileRules([
    rule('*.chu-exemple.fr', 'outscale'),
    rule('intranet.chu-exemple.fr', 'cloud-temple'),
    rule('192.0.2.0/24', 'ovhcloud'),
    rule('192.0.2.128/25', 'cegedim'),
    rule('2001:db8::/32', 'scaleway'),
    rule('hôpital.example', 'oodrive'),
  ]);

  it('matches subdomains for *.suffix but not the bare domain', () => {
    expect(matchRule(rules, 'www.chu-exemple.fr', null)?.provider.id).toBe('outscale');
    expect(matchRule(rules, 'chu-exemple.fr', null)).toBeNull();
  });

  it('matches a bare domain and its subdomains, the most specific rule winning', () => {
    expect(matchRule(rules, 'intranet.chu-exemple.fr', null)?.provider.id).toBe('cloud-temple');
    expect(matchRule(rules, 'a.intranet.chu-exemple.fr', null)?.provider.id).toBe('cloud-temple');
  });

  it('matches the longest CIDR prefix, IPv4-mapped addresses included', () => {
    expect(matchRule(rules, 'x.example', '192.0.2.10')?.provider.id).toBe('ovhcloud');
    expect(matchRule(rules, 'x.example', '192.0.2.200')?.provider.id).toBe('cegedim');
    expect(matchRule(rules, 'x.example', '::ffff:192.0.2.200')?.provider.id).toBe('cegedim');
    expect(matchRule(rules, 'x.example', '2001:DB8:0:1::5')?.provider.id).toBe('scaleway');
    expect(matchRule(rules, 'x.example', '198.51.100.1')).toBeNull();
  });

  it('treats unicode and punycode host names alike', () => {
    expect(matchRule(rules, 'www.xn--hpital-ixa.example', null)?.provider.id).toBe('oodrive');
    expect(matchRule(rules, 'WWW.Hôpital.example.', null)?.provider.id).toBe('oodrive');
  });

  it('puts managed rules before user rules', () => {
    const both = compileRules([rule('192.0.2.0/24', 'ovhcloud', 'user'), rule('192.0.2.0/24', 'aws', 'managed')]).rules;
    expect(matchRule(both, 'x.example', '192.0.2.1')?.provider.id).toBe('aws');
  });

  it('pins an offer when the rule names a SecNumCloud offer id', () => {
    const pinned = compileRules([rule('192.0.2.0/24', 'ovhcloud-bare-metal-pod')]).rules;
    const match = matchRule(pinned, 'x.example', '192.0.2.1');
    expect(match?.provider.id).toBe('ovhcloud');
    expect(match?.offerId).toBe('ovhcloud-bare-metal-pod');
  });

  it('ignores unusable hosts and addresses', () => {
    expect(matchRule(rules, 'not a host', 'garbage')).toBeNull();
  });
});

describe('normaliseHost', () => {
  it('lower-cases, drops the trailing dot and brackets, converts IDN to punycode, rejects garbage', () => {
    expect(normaliseHost('WWW.Example.ORG.')).toBe('www.example.org');
    expect(normaliseHost('[2001:db8::1]')).toBe('2001:db8::1');
    expect(normaliseHost('bücher.example')).toBe('xn--bcher-kva.example');
    expect(normaliseHost('a b')).toBeNull();
    expect(normaliseHost('example.org:443')).toBeNull();
  });
});

describe('rules wider than a /8 (IPv4) or a /32 (IPv6)', () => {
  it('are refused with a code unless explicitly confirmed', async () => {
    const { compileRules, isWideCidr, matchRule } = await import('../../src/core/rules.ts');
    for (const match of ['0.0.0.0/0', '::/0', '10.0.0.0/7', '2001::/16']) {
      const { errors, rules } = compileRules([{ match, providerId: 'ovhcloud', origin: 'user' }]);
      expect(errors.map((e) => e.code), match).toEqual(['too-wide']);
      expect(rules.cidrs).toHaveLength(0);
      expect(isWideCidr(match)).toBe(true);
    }
    const confirmed = compileRules([{ match: '0.0.0.0/0', providerId: 'ovhcloud', origin: 'user', wide: true }]);
    expect(confirmed.errors).toEqual([]);
    expect(matchRule(confirmed.rules, 'any.example', '8.8.8.8')?.subject).toBe('0.0.0.0/0');
    for (const match of ['10.0.0.0/8', '2001:db8::/32', '192.0.2.1']) {
      expect(compileRules([{ match, providerId: 'ovhcloud', origin: 'user' }]).errors, match).toEqual([]);
      expect(isWideCidr(match)).toBe(false);
    }
  });

  it('every refusal carries a code a UI can translate without reading English', async () => {
    const { compileRules } = await import('../../src/core/rules.ts');
    const codes = compileRules([
      { match: '', providerId: 'ovhcloud', origin: 'user' },
      { match: 'example.org', providerId: 'nope', origin: 'user' },
      { match: '10.0.0.0/99', providerId: 'ovhcloud', origin: 'user' },
      { match: 'exa mple', providerId: 'ovhcloud', origin: 'user' },
    ]).errors.map((e) => e.code);
    expect(codes).toEqual(['empty', 'unknown-provider', 'bad-cidr', 'bad-host']);
  });
});
