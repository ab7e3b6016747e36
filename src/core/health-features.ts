/**
 * The features of the learned health model (src/core/health-model.ts), shared by training (scripts/health-train.ts)
 * and the extension so both see exactly the same thing: hashed word unigrams, bigrams, character 5-grams and 5-letter
 * prefixes of the page fields; URL path tokens with their 4-grams; character 4-grams of the host's labels; counts of the
 * hand-written vocabulary's classes in each field, the path and the host; and the structured signals (schema.org types, a multi-line company's other pages,
 * language). Each field's word features are scaled to one length, so a short title weighs each of its words
 * more than a long text does. Pure and bounded.
 */
import { parse } from 'tldts';
import { decodeSafe } from './health-domains.ts';
import {
  healthVocabulary,
  hostStems as vocabularyHostStems,
  MEDICAL_CONTENT_SCHEMA_TYPES,
  MEDICAL_PROVIDER_SCHEMA_TYPES,
  OTHER_SCHEMA_TYPES,
  urlTokens,
  type VocabularyTerm,
} from './health-vocabulary.ts';
import type { PageSignals } from './types.ts';

/** Hashed feature space: 2^FEATURE_BITS weights. */
export const FEATURE_BITS = 17;
const FEATURE_MASK = (1 << FEATURE_BITS) - 1;
const FNV_OFFSET = 0x811c9dc5;

/** Where a feature comes from; `address` is the URL path and host, `page` the structured signals. */
export type FeatureField = 'title' | 'headings' | 'description' | 'siteName' | 'keywords' | 'text' | 'address' | 'page';

/** What a feature is about, for explanations: a word of a field, a schema.org type, or neither. */
export interface FeatureOwner {
  field: FeatureField;
  /**
   * The folded word (or host/path token) for word features; the schema.org type for schema features; the host label
   * for the character grams of a host name (`host-name`).
   */
  token: string;
  kind: 'word' | 'schema' | 'host-name' | 'other';
}

/** A page's features: parallel arrays of hashed index, value and owner (index into `owners`). */
export interface PageFeatures {
  index: number[];
  value: number[];
  owner: number[];
  owners: FeatureOwner[];
}

/**
 * What the domain list says about a page the model has to judge. A listed site is health without the model (health.ts),
 * so the model never learns "listed means health" (it would learn less from those pages' words); it only learns from
 * a multi-line company's other pages (an insurer's car insurance) that being listed for some paths is no evidence.
 */
export interface ListSignal {
  /** The host is listed for its health paths only and this page is not on one. */
  otherPage: boolean;
}

/** Any schema.org type of human health care; any type of another subject (the corpus records no types: see PRIORS). */
const SCHEMA_MEDICAL = 'schema:+medical';
const SCHEMA_OTHER = 'schema:+other';

/**
 * Weights that start from a prior instead of zero and are pulled back to it by the L2 term: the corpus excerpts carry no
 * schema.org types, so training cannot learn them. They only decide the pages the schema.org rule leaves to the model
 * (health-classifier.ts, `schemaDecision`: a provider or vet type decides on its own): medical content types
 * (MedicalWebPage, Drug...), the other-subject types, and a provider type next to a beauty or fitness type. With no
 * training page holding the feature, its weight stays at the prior.
 */
export const PRIORS: ReadonlyMap<number, number> = new Map([
  [featureHash(SCHEMA_MEDICAL), 4],
  [featureHash(SCHEMA_OTHER), -4],
]);

/** schema.org types read per page (the content script keeps as many). */
export const MAX_SCHEMA_TYPES = 24;

/** The page fields read as words. */
const WORD_FIELDS = ['title', 'headings', 'description', 'siteName', 'keywords', 'text'] as const;

/**
 * The page fields share their features: the corpus excerpts have text only (no title, headings or description), so a
 * word learned from their text must count in a title too. A field still weighs by its length (short fields weigh
 * each word more), and explanations still name the field.
 */
const PAGE_PREFIX = '*';

/** Words read per field: the text slice is already bounded (2,000 characters), this bounds the work on any input. */
const MAX_WORDS = 600;
const PREFIX_LENGTH = 5;
const GRAM = 4;
/**
 * Character grams of page words: 5 letters, for words of 6 letters or more (4-grams of every word matched too much by
 * chance: "audience" took health weight from "audition"; equal held-out F1).
 */
const TEXT_GRAM = 5;
const TEXT_GRAM_MIN = 5;

/**
 * Feature options compared by cross-validation (`scripts/health-train.ts --search` sets them from HEALTH_FEATURES); the
 * committed model is trained and used with these values.
 */
export interface FeatureOptions {
  /**
   * Character 4-grams of the host's labels, in a block of this length relative to a field's (0: none). Parts of host
   * names shared by sites ("pharm", "dent", "nurs", "news", "radio") tell a journal for pharmacists from a newspaper;
   * kept at half a field's length by the pre-registered comparison of 2026-12-03 (docs/health.md; a whole field's
   * length gained nothing).
   */
  hostGrams: number;
}

export const FEATURE_OPTIONS: FeatureOptions = { hostGrams: 0.5 };

/** Lower-case, accents and ligatures folded: "Médecin" and "MEDECIN" are one word, "cœur" is "coeur". */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss');
}

const WORD = /[\p{L}\p{N}]+/gu;

/** The folded words of a text (letters and digits; a run of digits is one number word "0"). */
export function words(text: string, max = MAX_WORDS): string[] {
  const out: string[] = [];
  // Page signals are already bounded; this bounds the folding work for any other caller (a 10 MB title).
  for (const match of foldText(text.slice(0, max * 40)).matchAll(WORD)) {
    const word = match[0];
    const first = word.charCodeAt(0);
    const digit = first >= 48 && first <= 57;
    if (word.length < 2 && !digit) continue;
    out.push(digit && /^\d+$/.test(word) ? '0' : word);
    if (out.length >= max) break;
  }
  return out;
}

/**
 * The hand-written vocabulary (health-vocabulary.ts) as a handful of features: how many strong, medium and weak health
 * terms, and other-subject terms, each field holds. Their weights are learned like any other; they carry what a small
 * corpus cannot teach (a word no training page used still counts through its class).
 */
/**
 * Value of a vocabulary class feature at nine or more matches (chosen by cross-validation: raising it from 2 to 4 took
 * held-out recall from 0.94 to 0.96 at the same precision; the classes carry what unseen sites share).
 */
const LEXICON_SCALE = 4;

type LexiconClass = 'strong' | 'medium' | 'weak' | 'other' | 'otherContext';

interface LexiconTerm {
  tokens: string[];
  lexiconClass: LexiconClass;
}

type Lexicon = Map<string, LexiconTerm[]>;

function lexiconClassOf(weight: number): LexiconClass {
  if (weight >= 4) return 'strong';
  if (weight >= 2) return 'medium';
  if (weight > 0) return 'weak';
  return weight <= -5 ? 'other' : 'otherContext';
}

function compileLexicon(list: readonly VocabularyTerm[]): Lexicon {
  const lexicon: Lexicon = new Map();
  for (const { term, weight } of list) {
    const tokens = words(term, 8);
    const first = tokens[0];
    if (!first) continue;
    const bucket = lexicon.get(first) ?? [];
    bucket.push({ tokens, lexiconClass: lexiconClassOf(weight) });
    // Longest phrases first, so "clinique vétérinaire" wins over "clinique".
    bucket.sort((x, y) => y.tokens.length - x.tokens.length);
    lexicon.set(first, bucket);
  }
  return lexicon;
}

/** The vocabulary compiled for matching, built at first use (a worker that classifies no page never pays for it). */
interface Lexicons {
  page: Lexicon;
  url: Lexicon;
  /** What each folded word points to (see lexiconSign). */
  signs: ReadonlyMap<string, -1 | 0 | 1>;
  hostStems: { stem: string; lexiconClass: LexiconClass }[];
}

let compiled: Lexicons | undefined;

function lexicons(): Lexicons {
  if (compiled) return compiled;
  const page = compileLexicon(healthVocabulary());
  const url = compileLexicon(urlTokens());
  const signs = new Map<string, -1 | 0 | 1>();
  for (const term of [...page.values(), ...url.values()].flat()) {
    const sign = term.lexiconClass === 'other' || term.lexiconClass === 'otherContext' ? -1 : 1;
    for (const token of term.tokens) signs.set(token, signs.has(token) && signs.get(token) !== sign ? 0 : sign);
  }
  const hostStems = vocabularyHostStems().map((t) => ({ stem: words(t.term).join(''), lexiconClass: lexiconClassOf(t.weight) }));
  compiled = { page, url, signs, hostStems };
  return compiled;
}

/**
 * What the hand-written vocabulary says a folded word points to: 1 health, -1 another subject, 0 neither or both
 * ("clinique" is health, and also in "clinique vétérinaire").
 */
export function lexiconSign(word: string): -1 | 0 | 1 {
  return lexicons().signs.get(word) ?? 0;
}

/** Counts the lexicon's classes in a field's words (longest phrase at each position, a plural "s" allowed). */
function addLexicon(out: PageFeatures, ownerOf: (owner: FeatureOwner) => number, field: FeatureField, prefix: string, list: readonly string[], lexicon: Lexicon): void {
  const found = new Map<LexiconClass, { count: number; tokens: Set<string> }>();
  let i = 0;
  while (i < list.length) {
    const word = list[i] as string;
    const candidates = lexicon.get(word) ?? (word.length > 4 && word.endsWith('s') ? lexicon.get(word.slice(0, -1)) : undefined);
    let advance = 1;
    for (const term of candidates ?? []) {
      if (!term.tokens.every((t, k) => k === 0 || list[i + k] === t || list[i + k] === `${t}s`)) continue;
      const entry = found.get(term.lexiconClass) ?? { count: 0, tokens: new Set<string>() };
      entry.count++;
      entry.tokens.add(longest(list.slice(i, i + term.tokens.length)));
      found.set(term.lexiconClass, entry);
      advance = term.tokens.length;
      break;
    }
    i += advance;
  }
  // One feature per class; its value is shared among the words that matched, so explanations can name each of them.
  for (const [lexiconClass, { count, tokens }] of found) {
    const index = featureHash(`${prefix}!${lexiconClass}`);
    const share = (LEXICON_SCALE * Math.sqrt(Math.min(count, 9))) / 3 / tokens.size;
    for (const token of tokens) {
      out.index.push(index);
      out.value.push(share);
      out.owner.push(ownerOf({ field, token, kind: 'word' }));
    }
  }
}

function longest(tokens: readonly string[]): string {
  return tokens.reduce((a, b) => (b.length > a.length ? b : a));
}

/** FNV-1a continued over `text` (from `begin` to `end`) from state `hash` (hashing "a" then "b" equals hashing "ab"). */
function fnv(hash: number, text: string, end = text.length, begin = 0): number {
  for (let i = begin; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash;
}

/** 32-bit FNV-1a of a feature name, masked to the feature space. */
export function featureHash(name: string): number {
  return (fnv(FNV_OFFSET, name) >>> 0) & FEATURE_MASK;
}

/** The index of a feature from a hash state (a name hashed so far, without building the string). */
function indexOf(hash: number): number {
  return (hash >>> 0) & FEATURE_MASK;
}

/**
 * Length of each field's word features against the lexicon classes (up to 2) and structured signals (1): the words carry
 * most of what is learned, the classes what a small corpus cannot teach (chosen on the dev split, kept by cross-validation).
 */
const WORD_BLOCK_LENGTH = 4;

/**
 * Where closed blocks put their features: the page, or a merge that keeps each feature once at its largest value (the
 * page fields share their features, and a browser page repeats its words in title, heading and text while a corpus
 * excerpt has text only: summed, three fields saying "Mesure" weighed three times what any one of them says).
 */
interface FeatureSink {
  push(index: number, value: number, owner: number): void;
}

/** Features of several fields, each kept once at its largest value. */
class LargestOf implements FeatureSink {
  private readonly kept = new Map<number, { value: number; owner: number }>();

  push(index: number, value: number, owner: number): void {
    const current = this.kept.get(index);
    if (!current || value > current.value) this.kept.set(index, { value, owner });
  }

  flush(out: FeatureSink): void {
    for (const [index, { value, owner }] of this.kept) out.push(index, value, owner);
  }
}

/** Collects one field's features (deduplicated), then scales them to the same length whatever the field's size. */
class FieldBlock {
  private readonly seen = new Map<number, number>();

  constructor(
    private readonly out: FeatureSink,
    private readonly length = WORD_BLOCK_LENGTH,
  ) {}

  /** Adds a feature by index, owned by `owner` (an index into `out.owners`); a repeat counts once. */
  addIndex(index: number, owner: number): void {
    if (!this.seen.has(index)) this.seen.set(index, owner);
  }

  close(): void {
    if (this.seen.size === 0) return;
    const value = this.length / Math.sqrt(this.seen.size);
    for (const [index, owner] of this.seen) this.out.push(index, value, owner);
  }
}

/** The page itself as a sink. */
function sinkOf(out: PageFeatures): FeatureSink {
  return {
    push(index, value, owner) {
      out.index.push(index);
      out.value.push(value);
      out.owner.push(owner);
    },
  };
}

/** The features of a page, from its signals and what the domain list says about its host. */
export function pageFeatures(signals: PageSignals, list: ListSignal): PageFeatures {
  const out: PageFeatures = { index: [], value: [], owner: [], owners: [] };
  const ownerIds = new Map<string, number>();
  const ownerOf = (owner: FeatureOwner): number => {
    const key = `${owner.field}\u0000${owner.kind}\u0000${owner.token}`;
    let id = ownerIds.get(key);
    if (id === undefined) {
      id = out.owners.length;
      out.owners.push(owner);
      ownerIds.set(key, id);
    }
    return id;
  };

  const pageWords = new LargestOf();
  for (const field of WORD_FIELDS) {
    const raw = field === 'headings' ? signals.headings.join(' \n ') : field === 'siteName' ? signals.ogSiteName : signals[field];
    if (!raw) continue;
    const list = words(raw);
    const block = new FieldBlock(pageWords);
    addWords(block, ownerOf, field, PAGE_PREFIX, list, false);
    block.close();
    addLexicon(out, ownerOf, field, PAGE_PREFIX, list, lexicons().page);
  }
  pageWords.flush(sinkOf(out));

  const url = parseHttpUrl(signals.url);
  if (url) {
    const pathWords = words(decodeSafe(url.pathname), 40);
    const path = new FieldBlock(sinkOf(out));
    addWords(path, ownerOf, 'address', 'p', pathWords, true);
    path.close();
    addLexicon(out, ownerOf, 'address', 'p', pathWords, lexicons().url);
    addHost(url.hostname, out, ownerOf);
  }

  const structured = (name: string, owner: FeatureOwner): void => addStructured(out, ownerOf, name, owner);
  const lang = signals.lang.slice(0, 2).toLowerCase();
  structured(`lang:${lang === 'fr' || lang === 'en' ? lang : lang ? 'other' : 'none'}`, { field: 'page', token: '', kind: 'other' });
  for (const type of new Set(signals.schemaTypes.slice(0, MAX_SCHEMA_TYPES))) {
    const schema: FeatureOwner = { field: 'page', token: type, kind: 'schema' };
    structured(`schema:${type}`, schema);
    if (MEDICAL_PROVIDER_SCHEMA_TYPES.has(type) || MEDICAL_CONTENT_SCHEMA_TYPES.has(type)) structured(SCHEMA_MEDICAL, schema);
    if (OTHER_SCHEMA_TYPES.has(type)) structured(SCHEMA_OTHER, schema);
  }
  if (list.otherPage) structured('list:other-page', { field: 'page', token: '', kind: 'other' });
  return out;
}

/**
 * Word features of one field: the word, the pair of neighbours, its character grams (URL slugs run words together;
 * in text, "kinésithérapeute", "physiothérapie" and "psychothérapeute" share parts an unseen word can match: held-out
 * F1 up 0.01 by cross-validation) and, in text, the 5-letter prefix ("médecin", "médecins", "médecine" share it).
 */
function addWords(
  block: FieldBlock,
  ownerOf: (owner: FeatureOwner) => number,
  field: FeatureField,
  prefix: string,
  list: readonly string[],
  grams: boolean,
): void {
  let owner = list.length > 0 ? ownerOf({ field, token: list[0] as string, kind: 'word' }) : 0;
  const start = fnv(FNV_OFFSET, `${prefix}:`);
  const prefixStart = fnv(FNV_OFFSET, `${prefix}~`);
  const gramStart = fnv(FNV_OFFSET, `${prefix}#`);
  for (let i = 0; i < list.length; i++) {
    const word = list[i] as string;
    // Hash states instead of names: `${prefix}:${word}`, `${prefix}:${word} ${next}`, `${prefix}~${first 5 letters}`.
    const unigram = fnv(start, word);
    block.addIndex(indexOf(unigram), owner);
    const next = list[i + 1];
    const nextOwner = next === undefined ? owner : ownerOf({ field, token: next, kind: 'word' });
    // A pair is owned by its longer word, so "rendez vous" explains as "rendez" and "prise sang" as "prise".
    if (next !== undefined) block.addIndex(indexOf(fnv(fnv(unigram, ' '), next)), next.length > word.length ? nextOwner : owner);
    if (!grams && word.length > PREFIX_LENGTH) block.addIndex(indexOf(fnv(prefixStart, word, PREFIX_LENGTH)), owner);
    if (grams) addGrams(block, gramStart, word, owner, GRAM);
    else if (word.length > TEXT_GRAM_MIN) addGrams(block, gramStart, word, owner, TEXT_GRAM);
    owner = nextOwner;
  }
}

/** The character `length`-grams of `<word>`, hashed on from `start` (the hash of `${prefix}#`). */
function addGrams(block: FieldBlock, start: number, word: string, owner: number, length: number): void {
  const padded = `<${word}>`;
  for (let i = 0; i + length <= padded.length; i++) block.addIndex(indexOf(fnv(start, padded, i + length, i)), owner);
}

/**
 * The host, read only through the vocabulary: its tokens' classes (URL lexicon) and the stems found inside compound
 * labels, plus the public suffix. The host's own words are not features: a corpus has a few pages per site, so the
 * model learned site names ("parc", "lyon") instead of what the pages say (measured on dev: recall up, all modes); as
 * tokens split on hyphens and digits at half a field's length, cross-validation over four seeds on 2,858 pages gave
 * URL-only F1 0.724 -> 0.708 and full 0.850 -> 0.846.
 */
function addHost(hostname: string, out: PageFeatures, ownerOf: (owner: FeatureOwner) => number): void {
  const parsed = parse(hostname);
  const structured = (name: string, token: string): void =>
    addStructured(out, ownerOf, name, { field: 'address', token, kind: token ? 'word' : 'other' });
  if (parsed.isIp) {
    structured('o:ip', '');
    return;
  }
  structured(`o.tld:${parsed.publicSuffix ?? ''}`, '');
  // An internationalised label is read as written ("xn--mdecin-paris-bbb" is "médecin-paris"), as its words are.
  const name = [parsed.subdomain ?? '', parsed.domainWithoutSuffix ?? ''].join('.').split('.').map(unicodeLabel).join('.');
  const hostWords = name
    .split('.')
    .filter((label) => label && label !== 'www')
    .flatMap((label) => words(label, 8));
  addLexicon(out, ownerOf, 'address', 'o', hostWords, lexicons().url);
  if (FEATURE_OPTIONS.hostGrams > 0) {
    // Parts of host names shared across sites ("pharm", "dent", "news", "radio"); a gram of one site only is not
    // trained (minSites). Explained by the label that holds them ("the site's name resembles..."): a gram is not a word.
    const block = new FieldBlock(sinkOf(out), WORD_BLOCK_LENGTH * FEATURE_OPTIONS.hostGrams);
    const gramStart = fnv(FNV_OFFSET, 'o#');
    for (const label of name.split('.')) {
      const folded = words(label, 8).join('-');
      if (!folded || folded === 'www') continue;
      addGrams(block, gramStart, folded, ownerOf({ field: 'address', token: label, kind: 'host-name' }), GRAM);
    }
    block.close();
  }
  // Compound host names ("santepubliquefrance", "cliniqueveterinaire") hide words the token lexicon cannot see.
  const stems = new Map<LexiconClass, string>();
  for (const { stem, lexiconClass } of lexicons().hostStems) {
    const word = hostWords.find((w) => w.length > 6 && w.includes(stem));
    if (word && !stems.has(lexiconClass)) stems.set(lexiconClass, word);
  }
  for (const [lexiconClass, word] of stems) structured(`o!stem:${lexiconClass}`, word);
}

/** A host label as written: an IDN label ("xn--...") decoded from punycode; any other label, or one that does not decode, as it is. */
function unicodeLabel(label: string): string {
  if (!label.startsWith('xn--')) return label;
  return decodePunycode(label.slice(4)) ?? label.slice(4);
}

/** RFC 3492 punycode (the part after "xn--") to text; null when it is not valid punycode. */
export function decodePunycode(input: string): string | null {
  const BASE = 36;
  const T_MIN = 1;
  const T_MAX = 26;
  const adapt = (delta: number, points: number, first: boolean): number => {
    delta = first ? Math.floor(delta / 700) : delta >> 1;
    delta += Math.floor(delta / points);
    let k = 0;
    for (; delta > ((BASE - T_MIN) * T_MAX) >> 1; k += BASE) delta = Math.floor(delta / (BASE - T_MIN));
    return Math.floor(k + ((BASE - T_MIN + 1) * delta) / (delta + 38));
  };
  const basic = Math.max(input.lastIndexOf('-'), 0);
  const out: number[] = [];
  for (let j = 0; j < basic; j++) out.push(input.charCodeAt(j));
  let n = 128;
  let i = 0;
  let bias = 72;
  for (let at = basic > 0 ? basic + 1 : 0; at < input.length; ) {
    const before = i;
    for (let w = 1, k = BASE; ; k += BASE) {
      if (at >= input.length) return null;
      const c = input.charCodeAt(at++);
      const digit = c >= 0x30 && c <= 0x39 ? c - 22 : c >= 0x61 && c <= 0x7a ? c - 0x61 : c >= 0x41 && c <= 0x5a ? c - 0x41 : BASE;
      if (digit >= BASE) return null;
      i += digit * w;
      const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
      if (digit < t) break;
      w *= BASE - t;
      if (i > 0x10ffff * (out.length + 1) || w > 0x7fffffff) return null; // a code point no text has
    }
    bias = adapt(i - before, out.length + 1, before === 0);
    n += Math.floor(i / (out.length + 1));
    i %= out.length + 1;
    if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return null;
    out.splice(i++, 0, n);
  }
  return String.fromCodePoint(...out);
}

/** A feature of value 1: structured signals are not scaled (one medical schema.org type counts the same on any page). */
function addStructured(out: PageFeatures, ownerOf: (owner: FeatureOwner) => number, name: string, owner: FeatureOwner): void {
  out.index.push(featureHash(name));
  out.value.push(1);
  out.owner.push(ownerOf(owner));
}

/** The URL of an http(s) page, or null (other schemes and garbage have no host to judge). */
export function parseHttpUrl(raw: string): URL | null {
  const trimmed = raw.trim();
  if (!trimmed) return null;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(trimmed) ? trimmed : `http://${trimmed}`);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

