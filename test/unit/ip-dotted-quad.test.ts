/**
 * The octet-by-octet dotted-quad parser (2026-12-02) against the one-pass parser it replaced, kept here as the oracle:
 * every string must get the same answer, malformed ones the same null.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDottedQuad, parseIp, parseIpInto, parseIpv6Into, type ParsedIp } from '../../src/core/ip.ts';

/** The previous parser of text[from, to), verbatim: the uint32 value or -1. */
function previousParseIpv4(text: string, from: number, to: number): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d >= 0 && d <= 9) {
      if (digits === 1 && octet === 0) return -1;
      octet = octet * 10 + d;
      if (++digits > 3) return -1;
    } else if (d === -2 && digits > 0 && octet <= 255 && dots < 3) {
      value = value * 256 + octet;
      dots++;
      octet = 0;
      digits = 0;
    } else {
      return -1;
    }
  }
  return dots === 3 && digits > 0 && octet <= 255 ? value * 256 + octet : -1;
}

/** What parseIp answered for a string starting with a digit, when the dotted quad was read by the previous parser. */
function previousAnswer(text: string): ParsedIp | null {
  const v4 = text.length > 0 && text.length <= 128 ? previousParseIpv4(text, 0, text.length) : -1;
  return v4 >= 0 ? { version: 4, v4 } : null;
}

const v4Of = (text: string): ParsedIp | null => {
  const ip = parseIp(text);
  return ip !== null && ip.version === 4 ? ip : null;
};

describe('dotted-quad parser', () => {
  it('answers as the previous parser on malformed quads: leading zeros, octets over 255, spaces, signs, empty, huge', () => {
    const cases = ['', '.', '...', '1.2.3', '1.2.3.', '1.2.3.4.', '1.2.3.4..', '.1.2.3.4', '1..2.3', '1.2..3.4', '01.2.3.4', '1.02.3.4',
      '1.2.3.00', '0.0.0.00', '00.0.0.0', '1.2.3.010', '256.1.1.1', '1.2.3.256', '1.2.3.999', '1.2.3.2555', '1.2.3.0255', '1000.1.1.1',
      ' 1.2.3.4', '1.2.3.4 ', '1. 2.3.4', '1 .2.3.4', '1.2.3.4\t', '1.2.3.4\n', '\u00a01.2.3.4', '+1.2.3.4', '1.-2.3.4', '1.2.3.+4',
      '1.2.3.4/32', '1.2.3.4:80', '1,2,3,4', '1.2.3.4e0', '１.２.３.４', '1.2.3.4\u0000', '0.0.0.0', '255.255.255.255', '9.9.9.9',
      '100.200.250.255', '10.0.0.1', '1.2.3.' + '4'.repeat(200), '9'.repeat(1_000_000), '1.'.repeat(100_000) + '1', '1.2.3.4' + ' '.repeat(1_000_000)];
    for (const text of cases) expect(v4Of(text), JSON.stringify(text.slice(0, 30))).toEqual(previousAnswer(text));
    expect(parseIp('1.2.3.4.5'.repeat(100_000))).toBeNull();
  });

  it('reads a quad of 15 characters, the longest, and refuses one of 16 (longer text is not tried as a quad: 2026-12-03)', () => {
    for (const text of ['255.255.255.255', '100.100.100.100', '255.255.255.2550', '255.255.255.0255', '2555.255.255.255', '255.255.255.255.']) {
      expect(v4Of(text), text).toEqual(previousAnswer(text));
    }
    expect(parseIp('255.255.255.255')).toEqual({ version: 4, v4: 0xffffffff });
    expect(parseIp('255.255.255.2550')).toBeNull();
    // Text past 15 characters that starts with a digit is still read as IPv6.
    expect(parseIp('2001:db8:85a3::8a2e:370:7334')).toEqual({ version: 6, words: [0x20010db8, 0x85a30000, 0x00008a2e, 0x03707334] });
  });

  it('answers as the previous parser on random strings of digits, dots and near-misses', () => {
    const chunk = fc.oneof(
      fc.integer({ min: 0, max: 300 }).map(String),
      fc.constantFrom('0', '00', '01', '007', '255', '256', '999', '1000', '.', '..', ' ', '+', '-', '/', ':', 'a', '\u0660'),
    );
    const text = fc.array(chunk, { minLength: 1, maxLength: 10 }).map((parts) => parts.join(''));
    const quad = fc.array(fc.oneof(fc.integer({ min: 0, max: 1000 }).map(String), fc.constantFrom('00', '01', '099', '')), { minLength: 3, maxLength: 5 })
      .map((parts) => parts.join('.'));
    fc.assert(fc.property(fc.oneof(text, quad), (s) => {
      expect(v4Of(s)).toEqual(previousAnswer(s));
    }), { numRuns: 5_000, seed: 20261202 });
  });

  it('reads every octet value at every position', () => {
    for (let octet = 0; octet <= 255; octet++) {
      for (let at = 0; at < 4; at++) {
        const parts = [7, 8, 9, 10];
        parts[at] = octet;
        expect(v4Of(parts.join('.'))).toEqual({ version: 4, v4: parts.reduce((v, p) => v * 256 + p, 0) });
      }
    }
  });

  it('reads an IPv4-mapped IPv6 tail with the same rules', () => {
    expect(parseIp('::ffff:1.2.3.4')).toEqual({ version: 6, words: [0, 0, 0xffff, 0x01020304] });
    expect(parseIp('[::ffff:255.255.255.255]')).toEqual({ version: 6, words: [0, 0, 0xffff, 0xffffffff] });
    for (const bad of ['::ffff:01.2.3.4', '::ffff:1.2.3.256', '::ffff:1.2.3.4.', '::ffff:1.2.3', '::ffff:1.2.3.4 ', '::ffff:1..3.4', '::ffff:1.2.3.1000',
      '::ffff:1.2.3.4%', '[::ffff:1.2.3.04]']) {
      expect(parseIp(bad), bad).toBeNull();
    }
    // A zone id is cut before the tail is read: the quad ends where the zone begins.
    expect(parseIp('::ffff:1.2.3.4%eth0')).toEqual({ version: 6, words: [0, 0, 0xffff, 0x01020304] });
  });

  it('splits as parseIpInto does: a plain dotted quad to parseDottedQuad, every other address to parseIpv6Into, never both', () => {
    const out = new Uint32Array(4);
    const texts = ['1.2.3.4', '0.0.0.0', '255.255.255.255', '01.2.3.4', ' 1.2.3.4', '1.2.3.4%eth0', '[1.2.3.4]', '::ffff:1.2.3.4', '::1', '2001:db8::1',
      '[2001:db8::1]', 'fe80::1%eth0', '1::', '12::34', '::', '', 'x', '1.2.3.4.5', '2001:db8::1'.padEnd(200, '0')];
    fc.assert(fc.property(fc.oneof(fc.constantFrom(...texts), fc.string({ maxLength: 20 }), fc.array(fc.constantFrom(...'0123456789abf:.%[] '.split('')), { maxLength: 20 }).map((c) => c.join(''))), (text) => {
      const v4 = parseDottedQuad(text);
      const v6 = parseIpv6Into(text, out);
      const ip = parseIp(text);
      expect(v4 >= 0 && v6, text).toBe(false);
      if (v4 >= 0) expect(ip).toEqual({ version: 4, v4 });
      else if (v6) expect(ip).toEqual({ version: 6, words: [...out] });
      else expect(ip).toBeNull();
      expect(parseIpInto(text, out)).toBe(v4 >= 0 ? 4 : v6 ? 6 : 0);
    }), { numRuns: 5_000, seed: 20261203 });
    expect(parseDottedQuad('1.2.3.4')).toBe(0x01020304);
    expect(parseDottedQuad('::ffff:1.2.3.4')).toBe(-1);
    expect(parseIpv6Into('1.2.3.4', out)).toBe(false);
  });
});
