import { describe, expect, it } from 'vitest';
import { cidrContains, embeddedIpv4, formatIp, ipScope, parseCidr, parseIp, type ParsedIp } from '../../src/core/ip.ts';

const v4 = (a: number, b: number, c: number, d: number): ParsedIp => ({ version: 4, v4: ((a << 24) | (b << 16) | (c << 8) | d) >>> 0 });
const scopeOf = (text: string): string => {
  const ip = parseIp(text);
  if (ip === null) throw new Error(`test address ${text} did not parse`);
  return ipScope(ip);
};

describe('parseIp: IPv4', () => {
  it('reads dotted quads into a uint32', () => {
    expect(parseIp('1.2.3.4')).toEqual(v4(1, 2, 3, 4));
    expect(parseIp('0.0.0.0')).toEqual({ version: 4, v4: 0 });
    expect(parseIp('255.255.255.255')).toEqual({ version: 4, v4: 0xffffffff });
    expect(parseIp('192.168.0.10')).toEqual(v4(192, 168, 0, 10));
  });

  it('refuses octets over 255, leading zeros (octal ambiguity), wrong part counts and junk', () => {
    for (const bad of ['256.1.1.1', '1.2.3.256', '01.2.3.4', '1.2.3.04', '1.2.3.00', '1.2.3', '1.2.3.4.5', '1..2.3', '.1.2.3',
      '1.2.3.', '1.2.3.4 ', ' 1.2.3.4', '1.2.3.4/24', '1.2.3.4:80', '1.2.3.x', '0x7f.0.0.1', '1234.1.1.1', '+1.2.3.4', '-1.2.3.4',
      '１.２.３.４', '1.2.3.4\n', '[1.2.3.4]', '1.2.3.4%eth0', '127.1', '2130706433']) {
      expect(parseIp(bad), bad).toBeNull();
    }
  });
});

describe('parseIp: IPv6', () => {
  it('reads full, compressed and mixed-case forms to the same words', () => {
    const expected = { version: 6, words: [0x20010db8, 0, 0, 1] };
    for (const text of ['2001:db8::1', '2001:DB8::1', '2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8:0:0:0:0:0:1', '2001:db8::0:1',
      '[2001:db8::1]', '2001:0DB8::0001']) {
      expect(parseIp(text), text).toEqual(expected);
    }
  });

  it('reads "::" at the start, the end, and alone', () => {
    expect(parseIp('::')).toEqual({ version: 6, words: [0, 0, 0, 0] });
    expect(parseIp('::1')).toEqual({ version: 6, words: [0, 0, 0, 1] });
    expect(parseIp('fe80::')).toEqual({ version: 6, words: [0xfe800000, 0, 0, 0] });
    expect(parseIp('1:2:3:4:5:6:7::')).toEqual({ version: 6, words: [0x00010002, 0x00030004, 0x00050006, 0x00070000] });
    expect(parseIp('::2:3:4:5:6:7:8')).toEqual({ version: 6, words: [0x00000002, 0x00030004, 0x00050006, 0x00070008] });
  });

  it('reads an embedded dotted IPv4 tail', () => {
    expect(parseIp('::ffff:192.0.2.1')).toEqual({ version: 6, words: [0, 0, 0xffff, 0xc0000201] });
    expect(parseIp('64:ff9b::8.8.8.8')).toEqual({ version: 6, words: [0x0064ff9b, 0, 0, 0x08080808] });
    expect(parseIp('1:2:3:4:5:6:1.2.3.4')).toEqual({ version: 6, words: [0x00010002, 0x00030004, 0x00050006, 0x01020304] });
  });

  it('drops a zone id, inside or outside brackets', () => {
    const expected = { version: 6, words: [0xfe800000, 0, 0, 1] };
    expect(parseIp('fe80::1%eth0')).toEqual(expected);
    expect(parseIp('[fe80::1%25en0]')).toEqual(expected);
    expect(parseIp('fe80::1%')).toBeNull();
    expect(parseIp('fe80::1%eth 0')).toBeNull();
  });

  it('refuses malformed and hostile strings', () => {
    for (const bad of ['', ':', ':::', '::::', '1::2::3', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8::', '12345::1', ':1::2',
      '1::2:', 'g::1', '[::1]:443', '[::1', '::1]', '[]', '::ffff:1.2.3', '::ffff:1.2.3.4.5', '::1.2.3.4:5', '1:2:3:4:5:6:7:1.2.3.4',
      '::ffff:256.1.1.1', 'ａ::1', '::1 ', 'localhost', 'example.com', 'x'.repeat(10_000), '1:'.repeat(5000) + '1', '\u0000']) {
      expect(parseIp(bad), JSON.stringify(bad.slice(0, 40))).toBeNull();
    }
  });

  it('returns null for non-strings instead of throwing', () => {
    for (const bad of [undefined, null, 42, {}, ['1.2.3.4']]) expect(parseIp(bad as unknown as string)).toBeNull();
  });
});

describe('ipScope', () => {
  const cases: Array<[string, string]> = [
    ['8.8.8.8', 'public'], ['1.1.1.1', 'public'], ['10.1.2.3', 'private'], ['172.16.0.1', 'private'], ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'], ['192.168.1.1', 'private'], ['127.0.0.1', 'loopback'], ['127.255.0.2', 'loopback'],
    ['169.254.1.1', 'link-local'], ['100.64.0.1', 'cgnat'], ['100.127.255.255', 'cgnat'], ['100.128.0.1', 'public'],
    ['192.0.2.7', 'documentation'], ['198.51.100.7', 'documentation'], ['203.0.113.7', 'documentation'], ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'], ['240.0.0.1', 'reserved'], ['255.255.255.255', 'reserved'], ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'reserved'], ['198.18.0.1', 'reserved'],
    ['2606:4700::1', 'public'], ['::1', 'loopback'], ['::', 'unspecified'], ['fc00::1', 'private'], ['fd12:3456::1', 'private'],
    ['fe80::1', 'link-local'], ['febf::1', 'link-local'], ['ff02::1', 'multicast'], ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation'], ['4000::1', 'reserved'], ['::ffff:10.0.0.1', 'private'], ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::127.0.0.1', 'loopback'], ['64:ff9b::1.1.1.1', 'public'], ['64:ff9b:1::1', 'private'],
    // 6to4 (2002::/16, deprecated by RFC 7526): the embedded IPv4 names a router behind relays nobody sees, never a host;
    // a private or loopback one keeps its scope. ORCHID identifiers (2001:10::/28, 2001:20::/28) are not routable.
    ['2002:a00:1::1', 'private'], ['2002:7f00:1::1', 'loopback'], ['2002:335b:1::1', 'reserved'],
    ['2001:10::1', 'reserved'], ['2001:2f:ffff::1', 'reserved'], ['2001:30::1', 'public'],
  ];
  it.each(cases)('%s is %s', (text, scope) => {
    expect(scopeOf(text)).toBe(scope);
  });
});

describe('embeddedIpv4', () => {
  it('finds the IPv4 inside mapped and NAT64 addresses only', () => {
    expect(embeddedIpv4(parseIp('::ffff:1.2.3.4')!)).toBe(0x01020304);
    expect(embeddedIpv4(parseIp('::ffff:0102:0304')!)).toBe(0x01020304);
    expect(embeddedIpv4(parseIp('64:ff9b::102:304')!)).toBe(0x01020304);
    expect(embeddedIpv4(parseIp('64:ff9b:1::1.2.3.4')!)).toBeNull();
    expect(embeddedIpv4(parseIp('::1.2.3.4')!)).toBeNull();
    expect(embeddedIpv4(parseIp('2001:db8::1.2.3.4')!)).toBeNull();
    expect(embeddedIpv4(parseIp('1.2.3.4')!)).toBeNull();
  });
});

describe('formatIp', () => {
  it('writes canonical RFC 5952 text', () => {
    const cases: Array<[string, string]> = [
      ['2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
      ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // first of two equal runs
      ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // a single zero group stays
      ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], // longest run wins
      ['0:0:0:0:0:0:0:0', '::'],
      ['0:0:0:0:0:0:0:1', '::1'],
      ['fe80:0:0:0:0:0:0:0', 'fe80::'],
      ['::ffff:c000:0201', '::ffff:192.0.2.1'],
      ['1.2.3.4', '1.2.3.4'],
    ];
    for (const [input, canonical] of cases) expect(formatIp(parseIp(input)!), input).toBe(canonical);
  });
});

describe('parseCidr / cidrContains', () => {
  it('matches addresses inside an IPv4 block and not outside', () => {
    const block = parseCidr('127.0.0.2/32')!;
    expect(block).not.toBeNull();
    expect(cidrContains(block, parseIp('127.0.0.2')!)).toBe(true);
    expect(cidrContains(block, parseIp('127.0.0.3')!)).toBe(false);
    const ten = parseCidr('10.0.0.0/8')!;
    expect(cidrContains(ten, parseIp('10.255.1.1')!)).toBe(true);
    expect(cidrContains(ten, parseIp('11.0.0.0')!)).toBe(false);
    expect(cidrContains(ten, parseIp('::ffff:10.2.3.4')!)).toBe(true); // a mapped address is its IPv4
    expect(cidrContains(parseCidr('0.0.0.0/0')!, parseIp('203.0.113.9')!)).toBe(true);
  });

  it('matches IPv6 blocks at any prefix length', () => {
    const block = parseCidr('2a01:4f8::/29')!;
    expect(cidrContains(block, parseIp('2a01:4f8:c17::1')!)).toBe(true);
    expect(cidrContains(block, parseIp('2a01:500::1')!)).toBe(false);
    expect(cidrContains(parseCidr('2001:db8::1/128')!, parseIp('2001:db8::1')!)).toBe(true);
    expect(cidrContains(parseCidr('2001:db8::1/128')!, parseIp('2001:db8::2')!)).toBe(false);
    expect(cidrContains(parseCidr('2001:db8:0:0:8000::/65')!, parseIp('2001:db8::8000:0:0:1')!)).toBe(true);
    expect(cidrContains(parseCidr('2001:db8:0:0:8000::/65')!, parseIp('2001:db8::7fff:0:0:1')!)).toBe(false);
    expect(cidrContains(block, parseIp('1.2.3.4')!)).toBe(false); // other family
  });

  it('clears host bits and treats a bare address as a host block', () => {
    expect(parseCidr('10.1.2.3/8')).toEqual({ ip: v4(10, 0, 0, 0), prefix: 8 });
    expect(parseCidr('1.2.3.4')).toEqual({ ip: v4(1, 2, 3, 4), prefix: 32 });
    expect(parseCidr('::1')?.prefix).toBe(128);
  });

  it('refuses bad prefixes and bad addresses', () => {
    for (const bad of ['10.0.0.0/33', '10.0.0.0/', '10.0.0.0/-1', '10.0.0.0/08', '10.0.0.0/8/8', '::/129', '10.0.0/8', 'x/8', '', '/8',
      '10.0.0.0/ 8', '10.0.0.0/1e1']) {
      expect(parseCidr(bad), bad).toBeNull();
    }
  });
});
