/**
 * User and managed rules: a CIDR block or a host suffix -> a provider (or one of its SecNumCloud offers).
 * An IT department declares its own ranges this way; a rule always wins over what Vigie infers.
 *
 * Match forms: `10.0.0.0/8`, `2001:db8::/32` or a bare address; `example.org` (the host and its subdomains);
 * `*.example.org` (subdomains only). `providerId` may name a provider or a SecNumCloud offer id, which pins the offer.
 * Precedence: managed before user before demo rules; then host rules before CIDR rules; then the most specific.
 */
import { offerById, providerById } from './catalog.ts';
import { cidrContains, parseCidr, parseIp, type Cidr, type ParsedIp } from './ip.ts';
import type { Provider, ProviderRule } from './types.ts';

interface CompiledRule {
  rule: ProviderRule;
  provider: Provider;
  offerId?: string;
  /** Rank of rule.origin: 0 managed, 1 user, 2 demo. */
  originRank: number;
}
interface HostRule extends CompiledRule {
  suffix: string;
  subdomainsOnly: boolean;
}
interface CidrRule extends CompiledRule {
  cidr: Cidr;
}

/** Rules ready to match; build with compileRules. */
export interface CompiledRules {
  readonly hosts: readonly HostRule[];
  readonly cidrs: readonly CidrRule[];
}

/** The rule that matched a host and what it maps to. */
export interface RuleMatch {
  rule: ProviderRule;
  provider: Provider;
  /** Set when the rule names a SecNumCloud offer rather than a provider. */
  offerId?: string;
  /** What matched: the host suffix or the CIDR text. */
  subject: string;
}

const ORIGIN_RANK: Record<ProviderRule['origin'], number> = { managed: 0, user: 1, demo: 2 };
const HOST_LABELS = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/** An empty rule set. */
export const NO_RULES: CompiledRules = { hosts: [], cidrs: [] };

/**
 * Host name in the form rules and lookups compare: lower case, no trailing dot, no brackets, IDN as punycode.
 * Returns null for something that is not a host name or address.
 */
export function normaliseHost(host: string): string | null {
  if (typeof host !== 'string') return null;
  let text = host.trim();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  if (text.endsWith('.')) text = text.slice(0, -1);
  if (text === '') return null;
  if (parseIp(text) !== null) return text.toLowerCase();
  if (/[\s/?#@:\\]/.test(text)) return null;
  let ascii: string;
  try {
    // The WHATWG URL parser applies UTS #46 (IDN -> punycode, case folding) identically in browsers and Node.
    ascii = new URL(`http://${text}/`).hostname;
  } catch {
    return null;
  }
  return HOST_LABELS.test(ascii) ? ascii : null;
}

/** Why a rule was refused: the code UIs translate; the message is English, for logs and the CLI. */
export type RuleErrorCode = 'empty' | 'unknown-provider' | 'bad-cidr' | 'bad-host' | 'too-wide';

/** A refused rule. */
export interface RuleError {
  rule: ProviderRule;
  code: RuleErrorCode;
  message: string;
}

/** Address blocks at least this long need no confirmation: a shorter prefix covers a large part of the Internet. */
export const WIDEST_UNCONFIRMED_PREFIX = { 4: 8, 6: 32 } as const;

/** True for a CIDR text wider than a /8 (IPv4) or a /32 (IPv6): such a rule needs `wide: true` to apply. */
export function isWideCidr(text: string): boolean {
  const cidr = parseCidr(text.trim().replace(/^\[|\](?=\/|$)/g, ''));
  return cidr !== null && cidr.prefix < WIDEST_UNCONFIRMED_PREFIX[cidr.ip.version];
}

/** Compiles rules, keeping the valid ones; every invalid rule is reported with a code and a message. */
export function compileRules(rules: readonly ProviderRule[]): { rules: CompiledRules; errors: RuleError[] } {
  const hosts: HostRule[] = [];
  const cidrs: CidrRule[] = [];
  const errors: RuleError[] = [];
  for (const rule of (Array.isArray(rules) ? rules : []) as ProviderRule[]) {
    const fail = (code: RuleErrorCode, message: string): void => {
      errors.push({ rule, code, message });
    };
    if (typeof rule !== 'object' || rule === null) continue;
    const match = typeof rule.match === 'string' ? rule.match.trim() : '';
    if (match === '') {
      fail('empty', 'The rule has nothing to match: give a CIDR block (10.0.0.0/8) or a host name (example.org, *.example.org).');
      continue;
    }
    const id = typeof rule.providerId === 'string' ? rule.providerId.trim() : '';
    const offer = offerById(id);
    const provider = offer ? providerById(offer.providerId) : providerById(id);
    if (!provider) {
      fail('unknown-provider', `Unknown provider id "${id}": use one of the catalog's provider ids (for example ovhcloud, outscale, microsoft) or a SecNumCloud offer id.`);
      continue;
    }
    const base: CompiledRule = { rule, provider, originRank: ORIGIN_RANK[rule.origin as ProviderRule['origin']] ?? ORIGIN_RANK.user };
    if (offer) base.offerId = offer.id;
    // Host names never hold '/' or ':', nor are they all digits and dots: anything else is meant as an address block.
    if (match.includes('/') || match.includes(':') || /^[\d.]+$/.test(match)) {
      const cidr = parseCidr(match.replace(/^\[|\](?=\/|$)/g, ''));
      if (!cidr) {
        fail('bad-cidr', `"${match}" is not a valid CIDR block: write an address and a prefix length, like 192.0.2.0/24 or 2001:db8::/32.`);
        continue;
      }
      if (cidr.prefix < WIDEST_UNCONFIRMED_PREFIX[cidr.ip.version] && rule.wide !== true) {
        fail('too-wide', `"${match}" covers a very large part of the Internet (wider than a /8 in IPv4 or a /32 in IPv6): confirm it explicitly (wide: true) to apply it.`);
        continue;
      }
      cidrs.push({ ...base, cidr });
      continue;
    }
    const subdomainsOnly = match.startsWith('*.');
    const suffix = normaliseHost(subdomainsOnly ? match.slice(2) : match);
    if (suffix === null || match.slice(subdomainsOnly ? 2 : 0).includes('*')) {
      fail('bad-host', `"${match}" is neither a CIDR block nor a host name: write example.org (with its subdomains) or *.example.org (subdomains only).`);
      continue;
    }
    hosts.push({ ...base, suffix, subdomainsOnly });
  }
  hosts.sort((a, b) => a.originRank - b.originRank || b.suffix.length - a.suffix.length);
  cidrs.sort((a, b) => a.originRank - b.originRank || b.cidr.prefix - a.cidr.prefix);
  return { rules: { hosts, cidrs }, errors };
}

function hostMatches(rule: HostRule, host: string): boolean {
  if (host === rule.suffix) return !rule.subdomainsOnly;
  return host.endsWith(`.${rule.suffix}`);
}

function toMatch(compiled: CompiledRule, subject: string): RuleMatch {
  const match: RuleMatch = { rule: compiled.rule, provider: compiled.provider, subject };
  if (compiled.offerId !== undefined) match.offerId = compiled.offerId;
  return match;
}

/** The winning rule for a host and its server IP (either may be null), or null when no rule applies. */
export function matchRule(compiled: CompiledRules, host: string | null, ip: string | ParsedIp | null): RuleMatch | null {
  const normalHost = host === null ? null : normaliseHost(host);
  const parsed = ip === null ? null : typeof ip === 'string' ? parseIp(ip) : ip;
  let i = 0;
  let j = 0;
  const { hosts, cidrs } = compiled;
  // Walk both lists by origin rank so a managed CIDR rule beats a user host rule.
  while (i < hosts.length || j < cidrs.length) {
    const h = hosts[i];
    const c = cidrs[j];
    if (h && (!c || h.originRank <= c.originRank)) {
      i++;
      if (normalHost !== null && hostMatches(h, normalHost)) return toMatch(h, h.rule.match);
    } else if (c) {
      j++;
      if (parsed !== null && cidrContains(c.cidr, parsed)) return toMatch(c, c.rule.match);
    }
  }
  return null;
}
