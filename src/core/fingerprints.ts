/**
 * Header and CNAME fingerprints (data/fingerprints.json) -> the CDN or platform that served a host.
 * Compiled once at load. Header values come from any server, so a hostile one must not cost more than a normal one:
 * values are cut to MAX_HEADER_VALUE characters before anything looks at them, and patterns are plain text with
 * optional anchors (no regular expressions), matched in a number of steps bounded by value length x pattern length.
 */
import { phrase, type EvidenceMessage } from './evidence-message.ts';
import { catalogInstalled, FINGERPRINT_RULES, providerById, type FingerprintRule } from './catalog.ts';

/** One fingerprint that matched, with what it says. */
export interface FingerprintMatch {
  providerId: string;
  role: 'cdn' | 'origin';
  rule: FingerprintRule;
  /** What was seen: 'cf-ray: 8a1b…', or the matching host name. */
  subject: string;
  /** What it says, as a message key and its parameters. */
  message: EvidenceMessage;
}

/** One alternative of a pattern: lower-case text, anchored at the start, the end, both or neither. */
interface PatternPart {
  text: string;
  start: boolean;
  end: boolean;
}

interface CompiledHeaderRule {
  rule: FingerprintRule;
  /** Null: the header's presence is enough. */
  parts: PatternPart[] | null;
}

/** Header values are cut to this many characters before they are kept or matched. */
export const MAX_HEADER_VALUE = 256;

/** Header values are truncated in evidence: enough to recognise, not a dump of the response. */
const MAX_EVIDENCE_VALUE = 60;

/** `^now|Vercel$` -> [{text: 'now', start}, {text: 'vercel', end}]. */
export function compilePattern(pattern: string): PatternPart[] {
  return pattern.split('|').map((alternative) => {
    const start = alternative.startsWith('^');
    const end = alternative.endsWith('$') && alternative.length > (start ? 1 : 0);
    const text = alternative.slice(start ? 1 : 0, end ? -1 : undefined).toLowerCase();
    return { text, start, end };
  });
}

/** Counts character comparisons, so tests can bound the worst case in steps rather than milliseconds. */
export interface StepCounter {
  steps: number;
}

function equalAt(value: string, at: number, text: string, counter: StepCounter | undefined): boolean {
  for (let i = 0; i < text.length; i++) {
    if (counter) counter.steps++;
    if (value.charCodeAt(at + i) !== text.charCodeAt(i)) return false;
  }
  return true;
}

/** True when a (lower-case, already cut) value matches one alternative. At most value.length x text.length steps. */
function partMatches(value: string, part: PatternPart, counter: StepCounter | undefined): boolean {
  const { text } = part;
  if (text.length > value.length) return false;
  if (part.start && part.end) return value.length === text.length && equalAt(value, 0, text, counter);
  if (part.start) return equalAt(value, 0, text, counter);
  if (part.end) return equalAt(value, value.length - text.length, text, counter);
  for (let at = 0; at + text.length <= value.length; at++) if (equalAt(value, at, text, counter)) return true;
  return false;
}

/** True when a header value matches a compiled pattern (any alternative). */
export function patternMatches(value: string, parts: readonly PatternPart[], counter?: StepCounter): boolean {
  const cut = value.slice(0, MAX_HEADER_VALUE).toLowerCase();
  return parts.some((part) => partMatches(cut, part, counter));
}

interface CompiledRules {
  header: Map<string, CompiledHeaderRule[]>;
  cname: Map<string, FingerprintRule[]>;
}

let compiled: { from: readonly FingerprintRule[]; rules: CompiledRules } | null = null;

/**
 * The catalog's rules by header name and by CNAME suffix, compiled at first use (not at module load: a starting
 * worker installs its catalog after its modules are evaluated) and again if another catalog is installed.
 */
function compiledRules(): CompiledRules {
  if (compiled?.from === FINGERPRINT_RULES) return compiled.rules;
  const rules: CompiledRules = { header: new Map(), cname: new Map() };
  for (const rule of FINGERPRINT_RULES) {
    if (rule.header !== undefined) {
      const list = rules.header.get(rule.header) ?? [];
      list.push({ rule, parts: rule.pattern ? compilePattern(rule.pattern) : null });
      rules.header.set(rule.header, list);
    } else if (rule.cnameSuffix !== undefined) {
      const key = rule.cnameSuffix.toLowerCase();
      const list = rules.cname.get(key) ?? [];
      list.push(rule);
      rules.cname.set(key, list);
    }
  }
  compiled = { from: FINGERPRINT_RULES, rules };
  return rules;
}

/** 'Azure Front Door (Microsoft)', or just 'Cloudflare' when the label already names the provider. */
function labelled(rule: FingerprintRule): string {
  const name = providerById(rule.providerId)?.name ?? rule.providerId;
  return rule.label.toLowerCase().startsWith(name.toLowerCase()) ? rule.label : `${rule.label} (${name})`;
}

/** What the rule's operator does for the site, as a phrase of the clue's message. */
function rolePhrase(rule: FingerprintRule) {
  return rule.role === 'cdn' ? phrase('evidence_part_front_cdn') : phrase('evidence_part_front_origin');
}

function shorten(value: string): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_EVIDENCE_VALUE ? `${flat.slice(0, MAX_EVIDENCE_VALUE)}…` : flat;
}

/** Each header rule of `rules` that a response's headers match, with what was seen ('server: Apache/…'). */
function* headerHits(headers: Record<string, string>, software: boolean, counter: StepCounter | undefined): Generator<{ rule: FingerprintRule; subject: string }> {
  for (const [name, rules] of compiledRules().header) {
    const value = headers[name];
    if (typeof value !== 'string') continue;
    const copies = headerCopies(value);
    for (const { rule, parts } of rules) {
      if ((rule.role === 'software') !== software) continue;
      const raw = parts === null ? copies[0] : copies.find((copy) => patternMatches(copy, parts, counter));
      if (raw === undefined) continue;
      yield { rule, subject: `${name}: ${shorten(raw)}` };
    }
  }
}

/**
 * The fingerprints matched by a response's headers (names lower-cased, as webRequest and the CLI give them): the CDNs
 * and platforms they name. At most one match per rule; order follows the data file. Software rules are not among them.
 */
export function matchHeaders(headers: Record<string, string> | undefined, counter?: StepCounter): FingerprintMatch[] {
  if (!headers) return [];
  const matches: FingerprintMatch[] = [];
  for (const { rule, subject } of headerHits(headers, false, counter)) {
    matches.push({
      providerId: rule.providerId,
      role: rule.role as FingerprintMatch['role'],
      rule,
      subject,
      message: phrase('evidence_says_header', subject, labelled(rule), rolePhrase(rule)),
    });
  }
  return matches;
}

/** Server software a response header names with the system its build is for (Apache built for Amazon Linux). */
export interface SoftwareBuildMatch {
  rule: FingerprintRule;
  subject: string;
  software: string;
  builtFor: string;
  message: EvidenceMessage;
}

/**
 * The software builds a response's headers name (`server: Apache/2.4.62 () (Amazon)`). A build for a system says
 * where the software was packaged, not where it runs (Amazon Linux runs on any machine, and the origin behind a proxy
 * says nothing of the front): evidence only, never a provider.
 */
export function matchSoftwareBuilds(headers: Record<string, string> | undefined): SoftwareBuildMatch[] {
  if (!headers) return [];
  const matches: SoftwareBuildMatch[] = [];
  for (const { rule, subject } of headerHits(headers, true, undefined)) {
    const software = rule.software ?? rule.label;
    const builtFor = rule.builtFor ?? '';
    matches.push({
      rule,
      subject,
      software,
      builtFor,
      message: phrase('evidence_says_software', subject, software, builtFor),
    });
  }
  return matches;
}

/** The header names some fingerprint reads: nothing else of a response is kept. */
export function fingerprintHeaderNames(): ReadonlySet<string> {
  return new Set(compiledRules().header.keys());
}

/**
 * Joins the copies of a header a response repeats (webRequest gives each line apart: two caches' `x-cache`, a list
 * header such as `via` sent twice). A line break cannot occur in a header value, and the rules' patterns are anchored
 * to one value, so joining with a comma, as HTTP allows, would hide a copy from them.
 */
const HEADER_COPY_SEPARATOR = '\n';
/** Copies of one header kept per response (a hostile response may repeat a header thousands of times). */
const MAX_HEADER_COPIES = 8;

/**
 * The values a header's patterns are tried on, first match wins: each copy of a repeated header (keepFingerprintHeaders
 * joins them with a line break), whole, then, when it holds a comma, each of its elements. Firefox and Node give a
 * repeated header as one value joined with ", " (as HTTP allows for a list): `via: 1.1 vegur, 1.1 varnish` must still
 * name Heroku, whose pattern is anchored at the value's end. Bounded, each cut to MAX_HEADER_VALUE.
 */
function headerCopies(value: string): string[] {
  const out: string[] = [];
  for (const copy of value.split(HEADER_COPY_SEPARATOR, MAX_HEADER_COPIES)) {
    const whole = copy.slice(0, MAX_HEADER_VALUE);
    out.push(whole);
    if (!whole.includes(',')) continue;
    for (const element of whole.split(',', MAX_HEADER_COPIES)) {
      const trimmed = element.trim();
      if (trimmed && trimmed !== whole) out.push(trimmed);
    }
  }
  return out;
}

/** How many headers of one response are kept before the catalog is installed (a browser sends a few dozen). */
const MAX_HEADERS_BEFORE_CATALOG = 100;

/**
 * The fingerprint headers of a response (names lower-cased, values cut to MAX_HEADER_VALUE), or undefined when it has
 * none. This is all Vigie keeps of a response's headers. A cold worker's first responses can arrive before its
 * catalog is read: their headers are all kept (at most MAX_HEADERS_BEFORE_CATALOG), since which ones matter is not
 * known yet; matching reads only the rules' headers, and nothing keeps the rest.
 */
export function keepFingerprintHeaders(list: readonly { name: string; value?: string }[] | undefined): Record<string, string> | undefined {
  if (!list) return undefined;
  const names = catalogInstalled() ? compiledRules().header : null;
  let out: Record<string, string> | undefined;
  let kept = 0;
  for (const header of list) {
    const name = header.name.toLowerCase();
    const value = (header.value ?? '').slice(0, MAX_HEADER_VALUE).replaceAll(HEADER_COPY_SEPARATOR, ' ');
    const earlier = out?.[name];
    if (earlier !== undefined) {
      // A repeated header: every copy counts (a later one used to replace the one that named CloudFront).
      const copies = earlier.split(HEADER_COPY_SEPARATOR);
      if (copies.length < MAX_HEADER_COPIES && !copies.includes(value)) out![name] = earlier + HEADER_COPY_SEPARATOR + value;
      continue;
    }
    if (names ? !names.has(name) : kept >= MAX_HEADERS_BEFORE_CATALOG) continue;
    (out ??= {})[name] = value;
    kept++;
  }
  return out;
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
    const rules = compiledRules().cname.get(rest);
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
    matches.push({
      providerId: rule.providerId,
      role: rule.role as FingerprintMatch['role'], // software rules are header rules (catalogProblems)
      rule,
      subject: normal,
      message: isHost
        ? phrase('evidence_says_cname_host', normal, rule.cnameSuffix ?? '', labelled(rule), rolePhrase(rule))
        : phrase('evidence_says_cname_alias', normal, rule.cnameSuffix ?? '', labelled(rule), rolePhrase(rule)),
    });
  }
  return matches;
}
