/**
 * Is this page health-related? A small weighted scorer over the page signals: the curated domain list (matched on the
 * registrable domain through the Public Suffix List), schema.org medical types, URL tokens and a French/English
 * vocabulary with negative contexts for the pages that borrow medical words (animal care, gyms, spas, recipes, other
 * insurance, banks, CBD, sports nutrition, accident news). Pure and fast: the vocabulary is compiled once.
 */
import { parse } from 'tldts';
import domainsJson from '../../data/health-domains.json' with { type: 'json' };
import {
  HEALTH_VOCABULARY,
  HOST_STEMS,
  MEDICAL_SCHEMA_TYPES,
  OTHER_SCHEMA_TYPES,
  URL_TOKENS,
  type VocabularyTerm,
} from './health-vocabulary.ts';
import type { HealthVerdict, PageSignals } from './types.ts';

/** One entry of data/health-domains.json. */
export interface HealthDomain {
  domain: string;
  category: string;
  name: string;
  /** 'paths': a multi-line company; only URLs whose path contains one of `paths` count as health. */
  scope?: 'paths';
  paths?: string[];
}

/** A host matched against the domain list. */
export interface HealthDomainMatch {
  entry: HealthDomain;
  /** The registrable domain of the host (what user overrides are keyed by). */
  registrableDomain: string;
}

export interface ClassifyOptions {
  /** User or managed decisions by registrable domain (or exact host); they win over the classifier. */
  overrides?: Record<string, 'health' | 'not-health'>;
}

/** What each reason says, as a message key the popup can translate (`healthReason_<key>` in `_locales`). */
export type HealthReasonKey =
  | 'listed'
  | 'listedPaths'
  | 'listedOtherPage'
  | 'schema'
  | 'schemaOther'
  | 'address'
  | 'addressOther'
  | 'mentions'
  | 'mentionsOther'
  | 'overrideHealth'
  | 'overrideNotHealth';

/** One reason as a message key and its arguments (domain, category id, field id, term...). */
export type HealthReasonCode = NonNullable<HealthVerdict['reasonCodes']>[number];

/** Where a term was found: a page field, or the address for URL tokens (`healthField_<id>` in `_locales`). */
export type HealthFieldId = 'title' | 'headings' | 'description' | 'siteName' | 'keywords' | 'text' | 'address';

/** Score from which a page counts as health-related (tuned on the training two thirds of the corpus). */
export const HEALTH_THRESHOLD = 7;

const LISTED_DOMAIN_POINTS = 15;
const SCHEMA_POINTS = 8;
const MAX_SCHEMA_HITS = 2;
const MAX_REASONS = 6;

/** How much a match counts in each field, and how many repeats of one term count. */
const FIELDS = [
  { key: 'title', id: 'title', label: 'title', factor: 2.5, repeats: 1 },
  { key: 'headings', id: 'headings', label: 'headings', factor: 1.5, repeats: 2 },
  { key: 'description', id: 'description', label: 'description', factor: 1.5, repeats: 1 },
  { key: 'ogSiteName', id: 'siteName', label: 'site name', factor: 1.5, repeats: 1 },
  { key: 'keywords', id: 'keywords', label: 'keywords', factor: 0.5, repeats: 1 },
  { key: 'text', id: 'text', label: 'text', factor: 0.6, repeats: 3 },
] as const;

interface CompiledTerm {
  tokens: string[];
  weight: number;
  display: string;
}

type TermIndex = Map<string, CompiledTerm[]>;

const PAGE_INDEX = compileTerms(HEALTH_VOCABULARY);
const URL_INDEX = compileTerms(URL_TOKENS);
const HOST_STEM_LIST = HOST_STEMS.map((t) => ({ stem: fold(t.term).replace(/ /g, ''), weight: t.weight }));

const DOMAINS: ReadonlyMap<string, HealthDomain> = new Map(
  (domainsJson as { domains: HealthDomain[] }).domains.map((d) => [d.domain.toLowerCase(), d]),
);

/** Lower-cases and strips accents, then keeps letters and digits separated by single spaces. */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function compileTerms(list: readonly VocabularyTerm[]): TermIndex {
  const index: TermIndex = new Map();
  const seen = new Set<string>();
  for (const { term, weight } of list) {
    const folded = fold(term);
    if (!folded || seen.has(folded)) continue;
    seen.add(folded);
    const tokens = folded.split(' ');
    const first = tokens[0] as string;
    const bucket = index.get(first) ?? [];
    bucket.push({ tokens, weight, display: term });
    // Longest phrases first, so "clinique vétérinaire" wins over "clinique".
    bucket.sort((a, b) => b.tokens.length - a.tokens.length);
    index.set(first, bucket);
  }
  return index;
}

/** Counts the vocabulary terms in already-folded tokens, consuming the longest phrase at each position. */
function countTerms(tokens: readonly string[], index: TermIndex): Map<CompiledTerm, number> {
  const hits = new Map<CompiledTerm, number>();
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i] as string;
    let candidates = index.get(token);
    // A plural "s" is dropped only for one-word terms (maladies -> maladie).
    let pluralOnly = false;
    if (!candidates && token.length > 4 && token.endsWith('s')) {
      candidates = index.get(token.slice(0, -1));
      pluralOnly = true;
    }
    let advanced = 1;
    if (candidates) {
      for (const term of candidates) {
        if (pluralOnly && term.tokens.length > 1) continue;
        if (matchesAt(tokens, i, term.tokens)) {
          hits.set(term, (hits.get(term) ?? 0) + 1);
          advanced = term.tokens.length;
          break;
        }
      }
    }
    i += advanced;
  }
  return hits;
}

function matchesAt(tokens: readonly string[], start: number, phrase: readonly string[]): boolean {
  for (let k = 1; k < phrase.length; k++) {
    const token = tokens[start + k];
    // The last word of a phrase may take a plural "s" ("animal hospitals").
    if (token !== phrase[k] && !(k === phrase.length - 1 && token === `${phrase[k]}s`)) return false;
  }
  return true;
}

/** Finds the domain-list entry for a host: exact zone first, up to the registrable domain. IPs never match. */
export function matchHealthDomain(host: string): HealthDomainMatch | null {
  const hostname = normaliseHost(host);
  if (!hostname) return null;
  const parsed = parse(hostname);
  if (parsed.isIp || !parsed.domain) return null;
  const registrableDomain = parsed.domain;
  const labels = hostname.split('.');
  const floor = registrableDomain.split('.').length;
  for (let start = 0; labels.length - start >= floor; start++) {
    const candidate = labels.slice(start).join('.');
    const entry = DOMAINS.get(candidate);
    if (entry) return { entry, registrableDomain };
  }
  return null;
}

/** Lower-case ASCII (punycode) host name from a host or URL-ish string, or '' when unusable. */
function normaliseHost(host: string): string {
  const trimmed = host.trim().toLowerCase().replace(/\.$/, '');
  if (!trimmed) return '';
  try {
    // URL does the IDN -> punycode conversion the table is written in.
    const url = new URL(trimmed.includes('://') ? trimmed : `http://${trimmed}`);
    return url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  } catch {
    return '';
  }
}

interface Contribution {
  points: number;
  reason: string;
  /** The same reason as a message key and arguments; one code always goes with one English phrase. */
  code: Code;
  /** Vocabulary and address evidence can be borrowed by other subjects; listed domains and schema types cannot. */
  borrowable?: boolean;
}

/**
 * Evidence for another subject (animal care, gym, spa, recipe, bank...) dampens the medical vocabulary instead of
 * merely subtracting: a vet page uses "consultation", "vaccins" and "chirurgie" in earnest, for animals.
 */
const OTHER_SUBJECT_DAMPING = 8;

type Code = HealthReasonCode & { key: HealthReasonKey };

function code(key: HealthReasonKey, ...args: string[]): Code {
  return { key, args };
}

/** Classifies page signals as health-related or not, with readable reasons; user overrides win. */
export function classifyHealth(signals: PageSignals, options: ClassifyOptions = {}): HealthVerdict {
  const contributions: Contribution[] = [];
  const url = parseUrl(signals.url);
  const match = url ? matchHealthDomain(url.hostname) : null;
  let category: string | undefined;

  if (match) {
    const { entry } = match;
    const label = `${entry.domain} (${entry.category.replace(/-/g, ' ')})`;
    if (entry.scope === 'paths') {
      const path = url ? fold(decodeSafe(url.pathname)) : '';
      const onHealthPath = (entry.paths ?? []).some((p) => fold(p) && ` ${path} `.includes(` ${fold(p)}`));
      if (onHealthPath) {
        contributions.push({
          points: LISTED_DOMAIN_POINTS,
          reason: `domain listed for its health pages: ${label}`,
          code: code('listedPaths', entry.domain, entry.category),
        });
        category = entry.category;
      } else {
        contributions.push({
          points: 0,
          reason: `domain listed for its health pages only (${entry.domain}); this page is not one`,
          code: code('listedOtherPage', entry.domain),
        });
      }
    } else {
      contributions.push({ points: LISTED_DOMAIN_POINTS, reason: `domain listed: ${label}`, code: code('listed', entry.domain, entry.category) });
      category = entry.category;
    }
  }

  scoreSchemaTypes(signals.schemaTypes, contributions);
  if (url) scoreUrl(url, contributions);
  scoreFields(signals, contributions);

  const otherSubject = -contributions.reduce((sum, c) => sum + (c.points < 0 ? c.points : 0), 0);
  const damping = 1 / (1 + otherSubject / OTHER_SUBJECT_DAMPING);
  for (const c of contributions) if (c.borrowable && c.points > 0) c.points *= damping;
  const raw = contributions.reduce((sum, c) => sum + c.points, 0);
  const score = Math.round(raw * 10) / 10;
  const top = topReasons(contributions);
  const verdict: HealthVerdict = {
    // A listed site is a health site on every page (the question is who hosts the site); others need the score.
    health: category !== undefined || score >= HEALTH_THRESHOLD,
    score,
    reasons: top.map((c) => c.reason),
    reasonCodes: top.map((c) => c.code),
  };
  if (category) verdict.category = category;

  const override = url ? findOverride(options.overrides, url.hostname, match?.registrableDomain) : undefined;
  if (override) {
    verdict.health = override === 'health';
    verdict.override = override;
    verdict.reasons.unshift(override === 'health' ? 'you marked this site as health-related' : 'you marked this site as not health-related');
    verdict.reasonCodes?.unshift(code(override === 'health' ? 'overrideHealth' : 'overrideNotHealth'));
  }
  return verdict;
}

function scoreSchemaTypes(types: readonly string[], out: Contribution[]): void {
  let medical = 0;
  for (const type of types) {
    if (MEDICAL_SCHEMA_TYPES.has(type) && medical < MAX_SCHEMA_HITS) {
      medical++;
      out.push({ points: SCHEMA_POINTS, reason: `schema.org type ${type}`, code: code('schema', type) });
    } else if (OTHER_SCHEMA_TYPES.has(type)) {
      out.push({ points: -SCHEMA_POINTS, reason: `schema.org type ${type} (not human health care)`, code: code('schemaOther', type) });
    }
  }
}

function scoreUrl(url: URL, out: Contribution[]): void {
  const hostTokens = fold(url.hostname.replace(/^www\./, ''));
  const pathTokens = fold(decodeSafe(url.pathname));
  const tokens = `${hostTokens} ${pathTokens}`.trim().split(' ').filter(Boolean);
  const hits = countTerms(tokens, URL_INDEX);
  const matched = new Set<string>();
  for (const term of hits.keys()) {
    matched.add(term.tokens.join(''));
    out.push({ points: term.weight, ...describe('address', 'address', term), borrowable: true });
  }
  // Compound host names ("santepubliquefrance", "cliniqueveterinaire") hide words; stems find them once each.
  const hostLabels = hostTokens.split(' ').filter((l) => l.length > 6);
  for (const { stem, weight } of HOST_STEM_LIST) {
    if ([...matched].some((m) => m.startsWith(stem))) continue;
    if (hostLabels.some((label) => label.includes(stem))) {
      out.push({
        points: weight / 2,
        reason: `${weight > 0 ? 'address contains' : 'address points to another subject:'} '${stem}'`,
        code: code(weight > 0 ? 'address' : 'addressOther', stem),
        borrowable: true,
      });
    }
  }
}

function scoreFields(signals: PageSignals, out: Contribution[]): void {
  for (const field of FIELDS) {
    const value = field.key === 'headings' ? signals.headings.join(' \n ') : signals[field.key];
    if (!value) continue;
    const hits = countTerms(fold(value).split(' '), PAGE_INDEX);
    for (const [term, count] of hits) {
      const points = term.weight * field.factor * Math.min(count, field.repeats);
      out.push({ points, ...describe(field.id, field.label, term), borrowable: true });
    }
  }
}

function describe(field: HealthFieldId, label: string, term: CompiledTerm): Pick<Contribution, 'reason' | 'code'> {
  return term.weight > 0
    ? { reason: `${label} mentions '${term.display}'`, code: code('mentions', field, term.display) }
    : { reason: `${label} mentions '${term.display}' (another subject)`, code: code('mentionsOther', field, term.display) };
}

/** The strongest reasons first, each phrase once (with its code); the domain-list note is always kept. */
function topReasons(contributions: Contribution[]): { reason: string; code: Code }[] {
  const byReason = new Map<string, { reason: string; code: Code; points: number }>();
  for (const c of contributions) {
    const entry = byReason.get(c.reason);
    if (entry) entry.points += c.points;
    else byReason.set(c.reason, { reason: c.reason, code: c.code, points: c.points });
  }
  const sorted = [...byReason.values()].sort((a, b) => Math.abs(b.points) - Math.abs(a.points));
  return sorted.filter((r) => r.points !== 0 || r.reason.startsWith('domain')).slice(0, MAX_REASONS);
}

function findOverride(
  overrides: ClassifyOptions['overrides'],
  hostname: string,
  registrableDomain: string | undefined,
): 'health' | 'not-health' | undefined {
  if (!overrides) return undefined;
  const domain = registrableDomain ?? parse(hostname).domain ?? undefined;
  const keys = [hostname, hostname.replace(/^www\./, ''), domain].filter((k): k is string => Boolean(k));
  for (const key of keys) {
    const value = overrides[key];
    if (value === 'health' || value === 'not-health') return value;
  }
  return undefined;
}

function parseUrl(raw: string): URL | null {
  const trimmed = raw.trim();
  if (!trimmed) return null;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(trimmed) ? trimmed : `http://${trimmed}`);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

function decodeSafe(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
