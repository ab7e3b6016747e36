/**
 * IP address parsing, classification and formatting (IPv4 and IPv6), without BigInt: this is the hot path of every
 * webRequest event, so parsing is hand-written over char codes and writes into plain numbers.
 */
import type { IpScope } from './types.ts';

/** A parsed address: IPv4 as one uint32, IPv6 as four uint32 words, most significant first. */
export type ParsedIp =
  | { version: 4; v4: number }
  | { version: 6; words: [number, number, number, number] };

/** A parsed CIDR block; host bits of `ip` are always zero. */
export type Cidr = { ip: ParsedIp; prefix: number };

// Longest textual address worth reading: a full IPv6 with dotted tail is 45 chars, plus brackets and a zone id.
const MAX_TEXT_LENGTH = 128;

/**
 * Parses `text` into `out` (out[0] for IPv4, out[0..3] for IPv6) and returns 4 or 6, or 0 when it is not an address.
 * The lookup hot path calls its two halves itself (`parseDottedQuad`, then `parseIpv6Into`), without a ParsedIp.
 */
export function parseIpInto(text: string, out: Uint32Array): 0 | 4 | 6 {
  const v4 = parseDottedQuad(text);
  if (v4 >= 0) {
    out[0] = v4;
    return 4;
  }
  return parseIpv6Into(text, out) ? 6 : 0;
}

/**
 * An IPv4 address written as a plain dotted quad ("192.0.2.1", nothing around it) as a uint32, or -1 for any other
 * text. Small on purpose: the lookup inlines it and keeps the value in a register (measured 2026-12-03: see
 * BENCHMARKS.md, "IPv4 and IPv6 from a string, fourth pass").
 */
export function parseDottedQuad(text: string): number {
  if (typeof text !== 'string') return -1;
  const length = text.length;
  // A dotted quad starts with a digit and has at most 15 characters ("255.255.255.255"), so most IPv6 text skips the
  // attempt (2026-12-03: IPv6 parse 0.91-0.92x).
  if (length === 0 || length > 15) return -1;
  const first = text.charCodeAt(0);
  if (first < 0x30 || first > 0x39) return -1;
  return parseIpv4(text, 0, length);
}

/**
 * Any textual IPv6 form into out[0..3] (compressed, dotted IPv4 tail, in brackets, with a zone id); false for anything
 * else, a dotted quad included.
 */
export function parseIpv6Into(text: string, out: Uint32Array): boolean {
  if (typeof text !== 'string') return false;
  let start = 0;
  let end = text.length;
  if (end === 0 || end > MAX_TEXT_LENGTH) return false;
  if (text.charCodeAt(0) === 0x5b) {
    // '[' must be closed by ']' at the very end: "[::1]:443" is a socket address, not an IP.
    if (text.charCodeAt(end - 1) !== 0x5d) return false;
    start = 1;
    end -= 1;
  }
  // Parsed whole first: the IPv6 parser refuses '%', so a success means there was no zone id to take off.
  if (parseIpv6(text, start, end, out)) return true;
  // A zone id ("%eth0") only exists on IPv6; it names an interface and is not part of the address.
  const percent = text.indexOf('%', start);
  if (percent === -1 || percent >= end) return false;
  if (!isValidZone(text, percent + 1, end)) return false;
  return parseIpv6(text, start, percent, out);
}

const scratch = new Uint32Array(4);

/** Parses an IPv4 or IPv6 address in any standard textual form; returns null for anything else, never throws. */
export function parseIp(text: string): ParsedIp | null {
  const version = parseIpInto(text, scratch);
  if (version === 4) return { version: 4, v4: scratch[0]! };
  if (version === 6) return { version: 6, words: [scratch[0]!, scratch[1]!, scratch[2]!, scratch[3]!] };
  return null;
}

function isValidZone(text: string, from: number, to: number): boolean {
  if (to <= from) return false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    // Printable ASCII except the characters that delimit addresses in URLs.
    if (c <= 0x20 || c >= 0x7f || c === 0x25 || c === 0x5b || c === 0x5d || c === 0x2f) return false;
  }
  return true;
}

/**
 * Strict dotted quad in text[from, to): returns the uint32 value or -1. Read octet by octet, each octet's second and
 * third digit unrolled (measured 25-45% faster on 2026-12-02 than the one loop over every character with a digit
 * counter it replaced, whose branches depended on where each octet ended): at most three digits an octet, no leading
 * zero ("010" could mean octal 8 to some parsers, such as inet_aton: the ambiguity is refused), octets up to 255,
 * exactly four of them separated by single dots, nothing before or after.
 */
function parseIpv4(text: string, from: number, to: number): number {
  let i = from;
  let value = 0;
  for (let octets = 1; ; octets++) {
    if (i >= to) return -1;
    let octet = text.charCodeAt(i++) - 0x30;
    if (octet < 0 || octet > 9) return -1;
    if (i < to) {
      let d = text.charCodeAt(i) - 0x30;
      if (d >= 0 && d <= 9) {
        if (octet === 0) return -1;
        octet = octet * 10 + d;
        i++;
        if (i < to) {
          d = text.charCodeAt(i) - 0x30;
          if (d >= 0 && d <= 9) {
            octet = octet * 10 + d;
            i++;
            if (octet > 255) return -1;
          }
        }
      }
    }
    value = (value << 8) | octet;
    if (octets === 4) return i === to ? value >>> 0 : -1;
    // Anything after an octet but a dot (a fourth digit included) is refused here.
    if (i >= to || text.charCodeAt(i) !== 0x2e) return -1;
    i++;
  }
}

/** Hex digit value by char code (-1 for non-hex), so the inner loop is one load instead of branches. */
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let d = 0; d < 10; d++) HEX_VALUE[0x30 + d] = d;
for (let d = 0; d < 6; d++) {
  HEX_VALUE[0x41 + d] = 10 + d;
  HEX_VALUE[0x61 + d] = 10 + d;
}

/**
 * Value of the hex digit at text[i], or -1 (a non-hex character, or past the end: NaN reads entry 0). Without a branch:
 * a code above 0x7f ORs -1 into whatever its low bits read (measured 0.70-0.74x the parse time of the `c < 128 ? ... :
 * -1` it replaced, 2026-12-03, with the change below).
 */
function hexAt(text: string, i: number): number {
  return hexOf(text.charCodeAt(i));
}

/** Value of the hex digit of char code c, or -1 (see `hexAt`). */
function hexOf(c: number): number {
  return HEX_VALUE[c & 0x7f]! | ((0x7f - c) >> 31);
}

/**
 * IPv6 in text[from, to) (compressed "::", dotted IPv4 tail, any case) into out[0..3]; false when invalid (`out` is
 * then left as it was). Each group's second to fourth digits are unrolled (measured 0.76x the time of the one loop over
 * every character it replaced, 2026-12-02); the groups are shifted into four local words instead of an array of eight
 * that was moved and packed at the end (2026-12-03, 0.86-0.91x), and the character a group starts with is read once
 * (0.97x). Every character of the range is read and '%' is none of the accepted ones, so a success means the range
 * holds no zone id.
 */
function parseIpv6(text: string, from: number, to: number, out: Uint32Array): boolean {
  if (to - from < 2) return false;
  // The groups read so far, shifted in from the right as a 128-bit number (a0 most significant); at "::" they move to
  // h0..h3 and the groups after it start again from zero.
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let h0 = 0;
  let h1 = 0;
  let h2 = 0;
  let h3 = 0;
  let count = 0; // groups read
  let gapAt = -1; // groups before "::"
  let i = from;
  // The character a group starts with, read once: it is tested for a second ':' ("::") and read as the first digit.
  let c = text.charCodeAt(i);
  if (c === 0x3a) {
    // A leading ':' is only valid as part of "::".
    if (text.charCodeAt(i + 1) !== 0x3a) return false;
    gapAt = 0;
    i += 2;
    if (i === to) {
      out[0] = out[1] = out[2] = out[3] = 0;
      return true;
    }
    c = text.charCodeAt(i);
  }
  while (true) {
    if (count === 8) return false;
    const groupStart = i;
    // One to four hex digits; `i < to` holds here (every path below that continues has checked it).
    let value = hexOf(c);
    if (value < 0) return false;
    i++;
    let h: number;
    if (i < to && (h = hexAt(text, i)) >= 0) {
      value = (value << 4) | h;
      i++;
      if (i < to && (h = hexAt(text, i)) >= 0) {
        value = (value << 4) | h;
        i++;
        if (i < to && (h = hexAt(text, i)) >= 0) {
          value = (value << 4) | h;
          i++;
        }
      }
    }
    if (i === to) {
      a0 = (a0 << 16) | (a1 >>> 16);
      a1 = (a1 << 16) | (a2 >>> 16);
      a2 = (a2 << 16) | (a3 >>> 16);
      a3 = (a3 << 16) | value;
      count++;
      break;
    }
    const next = text.charCodeAt(i);
    if (next === 0x2e) {
      // Dotted IPv4 tail: takes the last two groups, and must end the address.
      if (count > 6) return false;
      const v4 = parseIpv4(text, groupStart, to);
      if (v4 < 0) return false;
      a0 = a1;
      a1 = a2;
      a2 = a3;
      a3 = v4;
      count += 2;
      break;
    }
    // Anything else after a group but ':' is refused here, a fifth hex digit included.
    if (next !== 0x3a) return false;
    a0 = (a0 << 16) | (a1 >>> 16);
    a1 = (a1 << 16) | (a2 >>> 16);
    a2 = (a2 << 16) | (a3 >>> 16);
    a3 = (a3 << 16) | value;
    count++;
    i++;
    if (i === to) return false; // trailing single ':'
    c = text.charCodeAt(i);
    if (c === 0x3a) {
      if (gapAt !== -1) return false; // a second "::"
      gapAt = count;
      h0 = a0;
      h1 = a1;
      h2 = a2;
      h3 = a3;
      a0 = a1 = a2 = a3 = 0;
      i++;
      if (i === to) break; // trailing "::"
      c = text.charCodeAt(i);
    }
  }
  if (gapAt === -1) {
    if (count !== 8) return false;
  } else {
    // "::" stands for at least one zero group: the groups before it move up by the groups it stands for plus those after it.
    if (count > 7) return false;
    for (let k = gapAt === 0 ? 0 : 8 - gapAt; k > 0; k--) {
      h0 = (h0 << 16) | (h1 >>> 16);
      h1 = (h1 << 16) | (h2 >>> 16);
      h2 = (h2 << 16) | (h3 >>> 16);
      h3 = h3 << 16;
    }
    a0 |= h0;
    a1 |= h1;
    a2 |= h2;
    a3 |= h3;
  }
  out[0] = a0 >>> 0;
  out[1] = a1 >>> 0;
  out[2] = a2 >>> 0;
  out[3] = a3 >>> 0;
  return true;
}

/**
 * The IPv4 address carried inside an IPv6 one that stands for it (IPv4-mapped ::ffff:a.b.c.d, NAT64 well-known
 * prefix 64:ff9b::/96), or null. An IPv4 address returns null: nothing is embedded.
 */
export function embeddedIpv4(ip: ParsedIp): number | null {
  if (ip.version === 4) return null;
  return embeddedIpv4Words(ip.words[0], ip.words[1], ip.words[2], ip.words[3]);
}

/** embeddedIpv4 over raw words, for the allocation-free lookup path. */
export function embeddedIpv4Words(w0: number, w1: number, w2: number, w3: number): number | null {
  if (w0 === 0 && w1 === 0 && w2 === 0xffff) return w3; // ::ffff:0:0/96
  if (w0 === 0x0064ff9b && w1 === 0 && w2 === 0) return w3; // 64:ff9b::/96
  return null;
}

/** True when `ip` (uint32) lies in prefix/len, len in 1..32. */
function inV4(ip: number, prefix: number, len: number): boolean {
  return (ip >>> (32 - len)) === (prefix >>> (32 - len));
}

/**
 * 1 for the first octets under which some addresses are not public (0, 10, 100, 127, 169, 172, 192, 198, 203 and
 * 224-255): every other address is public after one load, which keeps the scope test out of a lookup's cost.
 */
const V4_SPECIAL_FIRST_OCTET = new Uint8Array(256);
for (const a of [0, 10, 100, 127, 169, 172, 192, 198, 203]) V4_SPECIAL_FIRST_OCTET[a] = 1;
V4_SPECIAL_FIRST_OCTET.fill(1, 224);

/**
 * Scope of an IPv4 address given as uint32. Two lines, so that the lookup inlines it and still has room to inline
 * the parser and the search (measured 2026-12-03: BENCHMARKS.md, "IPv4 and IPv6 from a string, fourth pass").
 */
export function ipv4Scope(v4: number): IpScope {
  return V4_SPECIAL_FIRST_OCTET[v4 >>> 24] === 0 ? 'public' : specialIpv4Scope(v4);
}

/** Scope of an IPv4 address whose first octet is one of V4_SPECIAL_FIRST_OCTET's. */
function specialIpv4Scope(v4: number): IpScope {
  const a = v4 >>> 24;
  if (v4 === 0) return 'unspecified';
  if (a === 0) return 'reserved'; // 0/8 "this network"
  if (a === 10) return 'private';
  if (a === 127) return 'loopback';
  if (a >= 224 && a <= 239) return 'multicast';
  if (a >= 240) return 'reserved'; // 240/4 and the 255.255.255.255 broadcast
  if (inV4(v4, 0x64400000, 10)) return 'cgnat'; // 100.64/10
  if (inV4(v4, 0xa9fe0000, 16)) return 'link-local'; // 169.254/16
  if (inV4(v4, 0xac100000, 12)) return 'private'; // 172.16/12
  if (inV4(v4, 0xc0a80000, 16)) return 'private'; // 192.168/16
  if (inV4(v4, 0xc0000200, 24)) return 'documentation'; // 192.0.2/24 TEST-NET-1
  if (inV4(v4, 0xc6336400, 24)) return 'documentation'; // 198.51.100/24 TEST-NET-2
  if (inV4(v4, 0xcb007100, 24)) return 'documentation'; // 203.0.113/24 TEST-NET-3
  if (inV4(v4, 0xc0000000, 24)) return 'reserved'; // 192.0.0/24 IETF protocol assignments
  if (inV4(v4, 0xc6120000, 15)) return 'reserved'; // 198.18/15 benchmarking
  return 'public';
}

/** Scope of an IPv6 address given as four words (embedded IPv4 forms take their IPv4's scope). */
export function ipv6Scope(w0: number, w1: number, w2: number, w3: number): IpScope {
  const embedded = embeddedIpv4Words(w0, w1, w2, w3);
  if (embedded !== null) return ipv4Scope(embedded);
  if (w0 === 0 && w1 === 0 && w2 === 0) {
    if (w3 === 0) return 'unspecified';
    if (w3 === 1) return 'loopback';
    return 'reserved'; // deprecated IPv4-compatible ::a.b.c.d
  }
  const top16 = w0 >>> 16;
  if (top16 >>> 9 === 0x7e) return 'private'; // fc00::/7 unique local
  if (top16 >>> 6 === 0x3fa) return 'link-local'; // fe80::/10
  if (top16 >>> 8 === 0xff) return 'multicast'; // ff00::/8
  if (w0 === 0x20010db8) return 'documentation'; // 2001:db8::/32
  if (w0 >>> 12 === 0x3fff0) return 'documentation'; // 3fff::/20 (RFC 9637)
  if (w0 === 0x0064ff9b && (w1 >>> 16) === 1) return 'private'; // 64:ff9b:1::/48 local-use NAT64 (RFC 8215)
  if (top16 >>> 13 !== 1) return 'reserved'; // outside 2000::/3, the only space allocated for global unicast
  if (w0 === 0x20010002 && w1 >>> 16 === 0) return 'reserved'; // 2001:2::/48 benchmarking
  if (w0 >>> 4 === 0x2001001 || w0 >>> 4 === 0x2001002) return 'reserved'; // 2001:10::/28, 2001:20::/28 ORCHID identifiers
  if (top16 === 0x2002) {
    // 6to4 (deprecated, RFC 7526): the IPv4 inside names a router reached through relays nobody sees, never the host.
    const scope = ipv4Scope(((w0 & 0xffff) << 16 | w1 >>> 16) >>> 0);
    return scope === 'public' ? 'reserved' : scope;
  }
  return 'public';
}

/** How an address is classified before any table lookup (private, loopback, documentation, ...). */
export function ipScope(ip: ParsedIp): IpScope {
  if (ip.version === 4) return ipv4Scope(ip.v4);
  return ipv6Scope(ip.words[0], ip.words[1], ip.words[2], ip.words[3]);
}

function formatV4(v4: number): string {
  return `${v4 >>> 24}.${(v4 >>> 16) & 255}.${(v4 >>> 8) & 255}.${v4 & 255}`;
}

/** Canonical text of an address: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run compressed). */
export function formatIp(ip: ParsedIp): string {
  if (ip.version === 4) return formatV4(ip.v4);
  const [w0, w1, w2, w3] = ip.words;
  if (w0 === 0 && w1 === 0 && w2 === 0xffff) return `::ffff:${formatV4(w3)}`; // RFC 5952 §5 mixed notation
  const g = [w0 >>> 16, w0 & 0xffff, w1 >>> 16, w1 & 0xffff, w2 >>> 16, w2 & 0xffff, w3 >>> 16, w3 & 0xffff];
  let bestStart = -1;
  let bestLen = 1; // a single zero group is never compressed (RFC 5952 §4.2.2)
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number): string => g.slice(from, to).map((x) => x.toString(16)).join(':');
  if (bestStart === -1) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLen, 8)}`;
}

/** Parses "address/prefix" (a bare address is a host block); host bits are cleared. Null when invalid. */
export function parseCidr(text: string): Cidr | null {
  if (typeof text !== 'string' || text.length > MAX_TEXT_LENGTH) return null;
  const slash = text.indexOf('/');
  const ip = parseIp(slash === -1 ? text : text.slice(0, slash));
  if (ip === null) return null;
  const max = ip.version === 4 ? 32 : 128;
  let prefix = max;
  if (slash !== -1) {
    const digits = text.slice(slash + 1);
    if (!/^(0|[1-9][0-9]{0,2})$/.test(digits)) return null;
    prefix = Number(digits);
    if (prefix > max) return null;
  }
  if (ip.version === 4) return { ip: { version: 4, v4: maskWord(ip.v4, prefix) }, prefix };
  const words = ip.words.map((w, k) => maskWord(w, prefix - 32 * k)) as [number, number, number, number];
  return { ip: { version: 6, words }, prefix };
}

/** Keeps the first `bits` bits of a uint32 word (bits may be <= 0 or >= 32). */
function maskWord(word: number, bits: number): number {
  if (bits <= 0) return 0;
  if (bits >= 32) return word >>> 0;
  return (word & (0xffffffff << (32 - bits))) >>> 0;
}

/** Whether `ip` falls inside `cidr`; an IPv4-mapped or NAT64 IPv6 address is tested as its IPv4. */
export function cidrContains(cidr: Cidr, ip: ParsedIp): boolean {
  const block = cidr.ip;
  if (block.version === 4) {
    const v4 = ip.version === 4 ? ip.v4 : embeddedIpv4(ip);
    return v4 !== null && maskWord(v4, cidr.prefix) === block.v4;
  }
  if (ip.version !== 6) return false;
  for (let k = 0; k < 4; k++) {
    if (maskWord(ip.words[k]!, cidr.prefix - 32 * k) !== block.words[k]) return false;
  }
  return true;
}
