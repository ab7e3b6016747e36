/**
 * Header and CNAME fingerprints (data/fingerprints.json) -> the CDN or platform that served a host.
 * Compiled once at load; a match walks the few dozen known header names and the labels of each name, so it costs
 * microseconds and runs once per new host per tab.
 */
import { FINGERPRINT_RULES, providerById, type FingerprintRule } from './catalog.ts';

/** One fingerprint that matched, with the text a user can read. */
export interface FingerprintMatch {
  providerId: string;
  role: 'cdn' | 'origin';
  rule: FingerprintRule;
  /** What was seen: 'cf-ray: 8a1b…', or the matching host name. */
  subject: string;
  /** Plain-English explanation. */
  evidence: string;
}

interface CompiledHeaderRule {
  rule: FingerprintRule;
  /** Null: the header's presence is enough. */
  test: RegExp | null;
}

/** Header values are truncated in evidence: enough to recognise, not a dump of the response. */
const MAX_EVIDENCE_VALUE = 60;

const headerRules = new Map<string, CompiledHeaderRule[]>();
const cnameRules = new Map<string, FingerprintRule[]>();
for (const rule of FINGERPRINT_RULES) {
  if (rule.header !== undefined) {
    const list = headerRules.get(rule.header) ?? [];
    list.push({ rule, test: rule.pattern ? new RegExp(rule.pattern, 'i') : null });
    headerRules.set(rule.header, list);
  } else if (rule.cnameSuffix !== undefined) {
    const key = rule.cnameSuffix.toLowerCase();
    const list = cnameRules.get(key) ?? [];
    list.push(rule);
    cnameRules.set(key, list);
  }
}

/** 'Azure Front Door (Microsoft)', or just 'Cloudflare' when the label already names the provider. */
function labelled(rule: FingerprintRule): string {
  const name = providerById(rule.providerId)?.name ?? rule.providerId;
  return rule.label.toLowerCase().startsWith(name.toLowerCase()) ? rule.label : `${rule.label} (${name})`;
}

function roleWords(rule: FingerprintRule): string {
  return rule.role === 'cdn' ? 'a CDN in front of the site: it carries the traffic and hides the origin server' : 'the platform serving the site';
}

function shorten(value: string): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_EVIDENCE_VALUE ? `${flat.slice(0, MAX_EVIDENCE_VALUE)}…` : flat;
}

/**
 * The fingerprints matched by a response's headers (names lower-cased, as webRequest and the CLI give them).
 * At most one match per rule; order follows the data file.
 */
export function matchHeaders(headers: Record<string, string> | undefined): FingerprintMatch[] {
  if (!headers) return [];
  const matches: FingerprintMatch[] = [];
  for (const [name, rules] of headerRules) {
    const raw = headers[name];
    if (typeof raw !== 'string') continue;
    for (const { rule, test } of rules) {
      if (test !== null && !test.test(raw)) continue;
      const subject = `${name}: ${shorten(raw)}`;
      matches.push({
        providerId: rule.providerId,
        role: rule.role,
        rule,
        subject,
        evidence: `The response header "${subject}" is set by ${labelled(rule)}, ${roleWords(rule)}.`,
      });
    }
  }
  return matches;
}

/** Lower case, no trailing dot: the form CNAME suffixes are stored in. */
function normaliseName(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** The rules whose suffix equals `name` or one of its parent domains, most specific first. */
function rulesForName(name: string): FingerprintRule[] {
  const found: FingerprintRule[] = [];
  let rest = name;
  while (rest.length > 0) {
    const rules = cnameRules.get(rest);
    if (rules) found.push(...rules);
    const dot = rest.indexOf('.');
    if (dot === -1) break;
    rest = rest.slice(dot + 1);
  }
  return found;
}

/**
 * The fingerprints matched by DNS names: each CNAME alias, first alias first. `hostName`, when given, is also tested
 * (a site on `x.azurewebsites.net` is on App Service without any alias). Only the most specific rule per name counts.
 */
export function matchCnames(cnames: readonly string[] | undefined, hostName?: string): FingerprintMatch[] {
  const matches: FingerprintMatch[] = [];
  const names: { name: string; isHost: boolean }[] = [];
  if (hostName) names.push({ name: hostName, isHost: true });
  for (const c of cnames ?? []) if (typeof c === 'string') names.push({ name: c, isHost: false });
  for (const { name, isHost } of names) {
    const normal = normaliseName(name);
    if (normal === '') continue;
    const rule = rulesForName(normal)[0];
    if (!rule) continue;
    const where = isHost
      ? `The host name ${normal} is under ${rule.cnameSuffix}`
      : `The host name is an alias (CNAME) of ${normal}, a name under ${rule.cnameSuffix}`;
    matches.push({
      providerId: rule.providerId,
      role: rule.role,
      rule,
      subject: normal,
      evidence: `${where}, used by ${labelled(rule)}, ${roleWords(rule)}.`,
    });
  }
  return matches;
}
