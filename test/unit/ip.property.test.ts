import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIp, parseCidr, parseIp, type ParsedIp } from '../../src/core/ip.ts';

const RUNS = 2_000;
const uint32 = fc.integer({ min: 0, max: 0xffffffff });
const arbV4: fc.Arbitrary<ParsedIp> = uint32.map((v4) => ({ version: 4, v4 }));
// Bias towards zero words so compressed "::" forms and embedded-IPv4 forms are exercised, not only dense addresses.
const word = fc.oneof(uint32, fc.constant(0), fc.constant(0xffff), fc.integer({ min: 0, max: 0xffff }));
const arbV6: fc.Arbitrary<ParsedIp> = fc.tuple(word, word, word, word).map((words) => ({ version: 6, words }));

/** Expands an address to the uncompressed, zero-padded text form another tool might print. */
function expandV6(words: number[]): string {
  return words.flatMap((w) => [w >>> 16, w & 0xffff]).map((g) => g.toString(16).padStart(4, '0').toUpperCase()).join(':');
}

describe('parseIp / formatIp properties', () => {
  it('parse(format(x)) is x for IPv4', () => {
    fc.assert(fc.property(arbV4, (ip) => {
      expect(parseIp(formatIp(ip))).toEqual(ip);
    }), { numRuns: RUNS });
  });

  it('parse(format(x)) is x for IPv6, and the expanded upper-case form parses to the same address', () => {
    fc.assert(
      fc.property(arbV6, (ip) => {
        expect(parseIp(formatIp(ip))).toEqual(ip);
        if (ip.version === 6) expect(parseIp(expandV6(ip.words))).toEqual(ip);
      }),
      { numRuns: RUNS },
    );
  });

  it('formatting is canonical: format(parse(format(x))) is format(x)', () => {
    fc.assert(fc.property(fc.oneof(arbV4, arbV6), (ip) => {
      expect(formatIp(parseIp(formatIp(ip))!)).toBe(formatIp(ip));
    }), { numRuns: RUNS });
  });

  it('random strings never throw and only return well-formed results', () => {
    const alphabet = fc.constantFrom(...'0123456789abcdefABCDEF:.%[]/ x\u0000é'.split(''));
    const ipLike = fc.array(alphabet, { maxLength: 60 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 80 }), ipLike), (text) => {
        const ip = parseIp(text);
        if (ip !== null) {
          // Whatever was accepted must survive a round trip through canonical text.
          expect(parseIp(formatIp(ip))).toEqual(ip);
        }
        parseCidr(text);
      }),
      { numRuns: RUNS },
    );
  });
});
