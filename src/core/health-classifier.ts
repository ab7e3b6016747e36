/**
 * Is this page health-related? User overrides first, then the curated domain list (a listed site is health on every
 * page), then the page's schema.org declaration (`schemaDecision`: a human-care provider or a vet type), then a learned
 * model (src/core/health-model.ts: logistic regression over the hashed features of src/core/health-features.ts,
 * trained by `npm run health:train` on the corpus's train and dev splits). The verdict names the
 * words and signals that weighed most, as message codes the popup translates. Pure and fast; the data is given
 * (`HealthData`): Node binds the committed files (src/core/health.ts), the extension's background loads packaged
 * copies (src/background/health-data.ts) so its worker does not compile them at start.
 */
import { parse } from 'tldts';
import type { HealthDomainList } from './health-domains.ts';
import { foldText, lexiconSign, MAX_SCHEMA_TYPES, pageFeatures, parseHttpUrl, type FeatureField, type FeatureOwner, type ListSignal } from './health-features.ts';
import { inputKindOf, scoreFeatures, type HealthModel } from './health-model.ts';
import {
  CARE_NEIGHBOUR_SCHEMA_TYPES,
  MEDICAL_CONTENT_SCHEMA_TYPES,
  MEDICAL_PROVIDER_SCHEMA_TYPES,
  OTHER_SCHEMA_TYPES,
  VETERINARY_SCHEMA_TYPES,
} from './health-vocabulary.ts';
import type { HealthVerdict, PageSignals } from './types.ts';

/** What the classifier decides from: the learned model and the curated domain list. */
export interface HealthData {
  model: HealthModel;
  domains: HealthDomainList;
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
  // 'address' and 'addressOther' came from the hand-tuned scorer; reports stored by it may still carry them.
  | 'address'
  | 'addressOther'
  | 'mentions'
  | 'mentionsOther'
  | 'hostName'
  | 'hostNameOther'
  | 'overrideHealth'
  | 'overrideNotHealth';

/** One reason as a message key and its arguments (domain, category id, field id, term...). */
export type HealthReasonCode = NonNullable<HealthVerdict['reasonCodes']>[number];

/** Where a term was found: a page field, or the address (`healthField_<id>` in `_locales`). */
export type HealthFieldId = 'title' | 'headings' | 'description' | 'siteName' | 'keywords' | 'text' | 'address';

/** Reasons shown: the domain-list or override note, then the signals that weighed most. */
const MAX_REASONS = 6;
/** Signals against the verdict, shown after those for it. */
const MAX_AGAINST = 1;
/** How much more a vocabulary word counts than another word when choosing which to name. */
const LEXICON_PREFERENCE = 1.5;
/** A signal weighing less than this (in log-odds) is not worth a line. */
const MIN_REASON_WEIGHT = 0.05;

const FIELD_LABELS: Record<HealthFieldId, string> = {
  title: 'the title',
  headings: 'the headings',
  description: 'the description',
  siteName: 'the site name',
  keywords: 'the keywords',
  text: 'the text',
  address: 'the address',
};

/** Category ids whose words are not the id itself, for the English phrases (the popup says them from _locales). */
const CATEGORY_WORDS: Readonly<Record<string, string>> = {
  'hospital-clinic': 'hospital or clinic',
  'booking-teleconsultation': 'appointment booking and teleconsultation',
};

type Code = HealthReasonCode & { key: HealthReasonKey };

interface Reason {
  reason: string;
  code: Code;
}

function reason(key: HealthReasonKey, text: string, ...args: string[]): Reason {
  return { reason: text, code: { key, args } };
}

/** Classifies page signals as health-related or not, with readable reasons, from `data`; user overrides win. */
export function classifyHealthWith(data: HealthData, signals: PageSignals, options: ClassifyOptions = {}): HealthVerdict {
  const url = parseHttpUrl(signals.url);
  const listed = url ? data.domains.verdict(url) : null;
  const notes: Reason[] = [];
  let category: string | undefined;
  const list: ListSignal = { otherPage: false };

  if (listed) {
    const { entry } = listed.match;
    const label = `${entry.domain} (${Object.hasOwn(CATEGORY_WORDS, entry.category) ? CATEGORY_WORDS[entry.category] : entry.category.replace(/-/g, ' ')})`;
    if (!listed.healthPage) {
      list.otherPage = true;
      notes.push(reason('listedOtherPage', `domain listed for its health pages only (${entry.domain}); this page is not one`, entry.domain));
    } else {
      category = entry.category;
      notes.push(entry.scope === 'paths'
        ? reason('listedPaths', `domain listed for its health pages: ${label}`, entry.domain, entry.category)
        : reason('listed', `domain listed: ${label}`, entry.domain, entry.category));
    }
  }

  // A page's own schema.org declaration decides when the list did not: the model cannot weigh what no corpus page has.
  const declared = category === undefined ? schemaDecision(signals.schemaTypes) : null;
  if (declared) {
    notes.push(declared.health
      ? reason('schema', `schema.org type ${declared.type}`, declared.type)
      : reason('schemaOther', `schema.org type ${declared.type} (not human health care)`, declared.type));
  }

  const features = pageFeatures(signals, list);
  const { logit, byOwner } = scoreFeatures(data.model, features);
  const margin = logit - data.model.thresholds[inputKindOf(signals)];
  // A listed site is a health site on every page (the question is who hosts the site); then the page's declaration;
  // others need the model.
  const health = category !== undefined || (declared ? declared.health : margin >= 0);
  // The deciding type is already the first note: the model's line on it would repeat it.
  const evidence = explain(data.model, signals, features.owners, byOwner, health).filter((e) => !declared || !isSchemaReason(e, declared.type));
  const shown = [...notes, ...evidence].slice(0, MAX_REASONS);
  // Rounded to two decimals without crossing zero: a margin just below the threshold (-0.004) would round to -0, and
  // `-0 >= 0` would contradict a not-health verdict.
  const rounded = Math.round(margin * 100) / 100;
  const verdict: HealthVerdict = {
    health,
    score: margin < 0 && rounded >= 0 ? -0.01 : rounded,
    reasons: shown.map((r) => r.reason),
    reasonCodes: shown.map((r) => r.code),
  };
  if (category) verdict.category = category;

  const override = url ? findOverride(options.overrides, url.hostname, listed?.match.registrableDomain) : undefined;
  if (override) {
    verdict.health = override === 'health';
    verdict.override = override;
    const note = override === 'health'
      ? reason('overrideHealth', 'you marked this site as health-related')
      : reason('overrideNotHealth', 'you marked this site as not health-related');
    verdict.reasons.unshift(note.reason);
    verdict.reasonCodes?.unshift(note.code);
  }
  return verdict;
}

/** What a page's schema.org types decide on their own (health.ts keeps the lists): null when the model must judge. */
export interface SchemaDecision {
  health: boolean;
  /** The type that decided, as the page wrote it. */
  type: string;
}

/**
 * The schema.org rule, outside the learned part: a veterinary type says not health, whatever medical type comes with it
 * (VeterinaryCare is itself a MedicalOrganization, and vets declare both); else a human-care provider type
 * (MedicalOrganization, MedicalBusiness and their subtypes) says health, unless a beauty, spa or fitness type makes the
 * declaration ambiguous (an aesthetic clinic). Medical content types (MedicalWebPage, Drug) decide nothing: a news
 * article or a beauty blog carries them too. The types are read as the features read them.
 */
export function schemaDecision(types: readonly string[]): SchemaDecision | null {
  const read = types.slice(0, MAX_SCHEMA_TYPES);
  const vet = read.find((t) => VETERINARY_SCHEMA_TYPES.has(t));
  if (vet) return { health: false, type: vet };
  const provider = read.find((t) => MEDICAL_PROVIDER_SCHEMA_TYPES.has(t));
  if (!provider || read.some((t) => CARE_NEIGHBOUR_SCHEMA_TYPES.has(t))) return null;
  return { health: true, type: provider };
}

/** The schema.org types explanations may name: those of a listed subject. */
const NAMED_SCHEMA_TYPES = [MEDICAL_PROVIDER_SCHEMA_TYPES, MEDICAL_CONTENT_SCHEMA_TYPES, VETERINARY_SCHEMA_TYPES, CARE_NEIGHBOUR_SCHEMA_TYPES, OTHER_SCHEMA_TYPES];

/**
 * The words and schema.org types that weighed most, for the verdict first, then against it. Only words of the
 * model's vocabulary are named (a rare word sharing a hashed weight with "médecin" must not be shown as the reason),
 * as written on the page.
 */
function explain(model: HealthModel, signals: PageSignals, owners: readonly FeatureOwner[], byOwner: Float64Array, health: boolean): Reason[] {
  // One line per word: its weight summed over the fields that hold it, named by the field where it weighed most.
  const merged = new Map<string, { owner: FeatureOwner; weight: number; largest: number }>();
  owners.forEach((owner, i) => {
    if (owner.kind === 'other' || (owner.kind === 'word' && !model.vocabulary.has(owner.token))) return;
    // A type of no listed subject (WebPage, Article) has no weight of its own: the corpus records no types, so its
    // weight is a hashed neighbour's, and naming it would explain nothing.
    if (owner.kind === 'schema' && !NAMED_SCHEMA_TYPES.some((types) => types.has(owner.token))) return;
    const weight = byOwner[i] as number;
    const key = `${owner.kind} ${owner.field === 'address' ? 'address' : 'page'} ${owner.token}`;
    const entry = merged.get(key);
    if (!entry) merged.set(key, { owner, weight, largest: Math.abs(weight) });
    else {
      entry.weight += weight;
      if (Math.abs(weight) > entry.largest) [entry.owner, entry.largest] = [owner, Math.abs(weight)];
    }
  });
  // A host label the model also knows as a word ("doctolib") is named once, as the address's word, with both weights.
  for (const [key, entry] of merged) {
    if (entry.owner.kind !== 'host-name') continue;
    const word = merged.get(`word address ${entry.owner.token}`);
    if (!word) continue;
    word.weight += entry.weight;
    merged.delete(key);
  }
  // Words of the hand-written vocabulary read as reasons ("vétérinaire", "médecin"): they come first at equal weight,
  // and are never named against what they mean (a vet page's "médecine générale" is not "another subject").
  const rank = (e: { owner: FeatureOwner; weight: number }) => Math.abs(e.weight) * (lexiconSign(e.owner.token) !== 0 ? LEXICON_PREFERENCE : 1);
  const readable = (e: { owner: FeatureOwner; weight: number }) => {
    const sign = lexiconSign(e.owner.token);
    return Math.abs(e.weight) >= MIN_REASON_WEIGHT && (sign === 0 || sign > 0 === e.weight > 0);
  };
  const ranked = [...merged.values()].filter(readable).sort((a, b) => rank(b) - rank(a));
  const supports = ranked.filter((e) => e.weight > 0 === health);
  // Signals against are context for the signals for; alone they would read as the reasons for the verdict.
  const against = supports.length > 0 ? ranked.filter((e) => e.weight > 0 !== health).slice(0, MAX_AGAINST) : [];
  const shown = [...supports.slice(0, MAX_REASONS - against.length), ...against];
  const wanted = new Map<FeatureField, Set<string>>();
  for (const { owner } of shown) {
    if (owner.kind === 'word' && owner.field !== 'address') wanted.set(owner.field, (wanted.get(owner.field) ?? new Set()).add(owner.token));
  }
  const surfaces = new Map<string, string>();
  for (const [field, tokens] of wanted) {
    for (const [folded, surface] of surfaceForms(fieldText(signals, field), tokens)) surfaces.set(`${field} ${folded}`, surface);
  }
  return shown.map(({ owner, weight }) => describe(owner, weight > 0, surfaces.get(`${owner.field} ${owner.token}`) ?? owner.token));
}

function isSchemaReason({ code }: Reason, type: string): boolean {
  return (code.key === 'schema' || code.key === 'schemaOther') && code.args[0] === type;
}

function describe(owner: FeatureOwner, forHealth: boolean, term: string): Reason {
  if (owner.kind === 'host-name') {
    return forHealth
      ? reason('hostName', `the site's name “${owner.token}” resembles health sites' names`, owner.token)
      : reason('hostNameOther', `the site's name “${owner.token}” resembles names of sites on other subjects`, owner.token);
  }
  if (owner.kind === 'schema') {
    return forHealth
      ? reason('schema', `schema.org type ${owner.token}`, owner.token)
      : reason('schemaOther', `schema.org type ${owner.token} (not human health care)`, owner.token);
  }
  const field = owner.field as HealthFieldId;
  return forHealth
    ? reason('mentions', `“${term}” in ${FIELD_LABELS[field]}`, field, term)
    : reason('mentionsOther', `“${term}” in ${FIELD_LABELS[field]} (another subject)`, field, term);
}

function fieldText(signals: PageSignals, field: FeatureField): string {
  if (field === 'headings') return signals.headings.join(' ');
  if (field === 'siteName') return signals.ogSiteName;
  if (field === 'title' || field === 'description' || field === 'keywords' || field === 'text') return signals[field];
  return '';
}

/** How the page first writes each wanted folded word ("medecin" -> "médecin"); stops once all are found. */
function surfaceForms(text: string, wanted: ReadonlySet<string>): Map<string, string> {
  const forms = new Map<string, string>();
  for (const match of text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
    const lower = match[0].toLowerCase();
    // Most words are plain ASCII: folding (a Unicode normalisation) only for the others.
    const folded = /^[a-z0-9]*$/.test(lower) ? lower : foldText(lower);
    if (wanted.has(folded) && !forms.has(folded)) {
      forms.set(folded, lower);
      if (forms.size === wanted.size) break;
    }
  }
  return forms;
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
    if (!Object.hasOwn(overrides, key)) continue;
    const value = overrides[key];
    if (value === 'health' || value === 'not-health') return value;
  }
  return undefined;
}
