/**
 * Trains the health model (`npm run health:train`): logistic regression by seeded stochastic gradient descent with a
 * fixed number of epochs over the hashed features of src/core/health-features.ts, on the corpus's train and dev pages
 * (every batch) plus the old fixtures, each page also as its degraded, title-only and URL-only copies. Grouped 5-fold
 * cross-validation by registrable domain: the committed weights are the average of the five fold models (int8), and
 * one threshold per kind of input (page, short, URL only) is calibrated on their held-out scores for a precision of at
 * least 0.95 in a stated mix of pages (BROWSING_MIX); writes data/health-model.json. Deterministic: the same corpus
 * gives the same bytes (a unit test retrains and compares). The held-out pages still in use (test, test-2, test-6, test-7, test-8, test-9, test-10) are never read here.
 *
 *   npx tsx scripts/health-train.ts            train and write the model
 *   npx tsx scripts/health-train.ts --search   cross-validation figures for a few hyper-parameter changes (writes
 *                                              nothing; HEALTH_SEARCH='[{"l2":0.003}]' to try others; --detail adds
 *                                              figures by language, category, titled pages and old fixtures; --seeds
 *                                              averages each over four seeds instead; HEALTH_MIXES='[null, {...}]'
 *                                              compares calibration mixes on the same cross-validation)
 *   npx tsx scripts/health-train.ts --learning-curve   cross-validation F1 on shares of the training sites, and the
 *                                              number of pages a power law through them needs for issue 12's targets
 */
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { argv, env } from 'node:process';
import { domainListVerdict } from '../src/core/health.ts';
import { schemaDecision } from '../src/core/health-classifier.ts';
import { FEATURE_BITS, FEATURE_OPTIONS, pageFeatures, parseHttpUrl, PRIORS, type PageFeatures } from '../src/core/health-features.ts';
import { inputKindOf, loadHealthModel, scoreFeatures, type HealthModel, type HealthModelData, type InputKind } from '../src/core/health-model.ts';
import type { PageSignals } from '../src/core/types.ts';
import { seededRandom } from '../test/fixtures/seeded-random.ts';
import { ALL_BATCHES, type Batch, loadCorpus, loadFixtures, titleOrFirstLine, TRAINING_BATCHES, type LabelledPage } from './health-corpus.ts';
import { countsOf, formatCounts, INPUT_MODES, prf, signalsFor, type InputMode } from './health-evaluate.ts';
import { isTrainingSplit, ROOT } from './health-split.ts';

export const MODEL_FILE = join(ROOT, 'data', 'health-model.json');

/** Shares of health pages, hard negatives and other negatives in a mix of pages (they add up to 1). */
export interface PageMix {
  health: number;
  hard: number;
  easy: number;
}

/**
 * The mix the precision target is meant for, and cross-validation is judged on: issue 12's corpus specification (at
 * least 500 health pages, 500 others of which at least 200 hard negatives), written before any model. The corpus
 * drifted from it as batches aimed at the model's weak spots (train + dev: 51% health, 35% hard, 14% easy), and
 * precision calibrated on that drift counts hard negatives far above their share of what a browser meets. No measured
 * browsing mix was found (docs/health.md, "The calibration mix").
 */
export const BROWSING_MIX: PageMix = { health: 0.5, hard: 0.2, easy: 0.3 };

/** Hyper-parameters (chosen by cross-validation with --search). */
export interface TrainConfig {
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
  /** Models trained with seeds seed, seed + 1...; their weights are averaged (one seed's luck matters less). */
  ensemble: number;
  /** Weight of the old fixture pages relative to corpus pages. */
  fixtureWeight: number;
  /** Weight of each page's degraded, title-only and URL-only copies relative to the full page. */
  degradedWeight: number;
  titleOnlyWeight: number;
  urlOnlyWeight: number;
  /**
   * Train a title-less corpus page's full and degraded copies with its first line as the title, as the browser always
   * gives one (evaluation keeps the page as it is).
   */
  titleFromText: boolean;
  /**
   * Weight of one more copy of each page: its title, URL and text cut at a seeded random length (truncation.min to
   * truncation.max characters), so the inputs between a bare URL and a full page are learned, not hoped for (0: none).
   */
  truncatedWeight: number;
  truncation: { min: number; max: number };
  /** The mix of pages the thresholds are calibrated for (null: the corpus's own mix; see BROWSING_MIX). */
  calibrationMix: PageMix | null;
  /** The mix the training pages are weighted to (null: every page weighs alike). */
  trainingMix: PageMix | null;
  /**
   * A hashed feature is given to training only if it occurs on pages of at least this many registrable domains among
   * the training pages of the fold (1: every feature). A feature of one site only (its name, street, doctors) can only
   * teach the model that site. Features with a prior keep it either way. Chosen by the rule in docs/health.md.
   */
  minSites: number;
}

export const TRAIN_CONFIG: TrainConfig = { epochs: 12, learningRate: 0.3, l2: 0.001, seed: 20261202, ensemble: 4, fixtureWeight: 0.5, degradedWeight: 1, titleOnlyWeight: 0.5, urlOnlyWeight: 0.5, titleFromText: false, truncatedWeight: 0.5, truncation: { min: 40, max: 400 }, calibrationMix: BROWSING_MIX, trainingMix: BROWSING_MIX, minSites: 2 };

/** Precision the thresholds are calibrated for, on held-out cross-validation scores. */
export const TARGET_PRECISION = 0.95;

/** A page's group in a mix. */
function mixGroup(page: LabelledPage): keyof PageMix {
  return page.label ? 'health' : page.hard ? 'hard' : 'easy';
}

/** Weights giving each group of these pages its share of the mix (pages of a group weigh alike); 1 each without a mix. */
export function mixWeights(pages: readonly LabelledPage[], mix: PageMix | null): number[] {
  if (!mix) return pages.map(() => 1);
  const counts = { health: 0, hard: 0, easy: 0 };
  for (const page of pages) counts[mixGroup(page)]++;
  return pages.map((page) => (mix[mixGroup(page)] * pages.length) / counts[mixGroup(page)]);
}
/** Grammar words: they move scores a little on every page and explain nothing. */
const STOP_WORDS = new Set(
  `les des une aux du au et ou en la le un de que qui dans par pour sur avec est sont pas plus vos votre nos notre vous
   nous ils elle ce cette ces son sa ses leur leurs mais comme tout tous aussi ainsi entre sans chez lors dont été etre
   the and for with you your our are was were from that this these those not all any can will has have had its their
   they them his her him she who what when where which how why into about than then there here more most also www
   http https com html php fr org net`.split(/\s+/),
);

/** Words the explanations may name. */
const VOCABULARY_SIZE = 4000;

interface Example {
  features: PageFeatures;
  label: boolean;
  weight: number;
}

/** The features of a page as health.ts computes them (a path-scoped company's other pages are flagged). */
export function featuresOf(signals: PageSignals): PageFeatures {
  const url = parseHttpUrl(signals.url);
  const listed = url ? domainListVerdict(url) : null;
  return pageFeatures(signals, { otherPage: listed !== null && !listed.healthPage });
}

/**
 * What health.ts decides without the model: the domain list (health), then the page's schema.org declaration (either
 * way; the corpus has no types, the old fixtures none either); null when the model judges.
 */
export function decidedWithoutModel(signals: PageSignals): boolean | null {
  const url = parseHttpUrl(signals.url);
  const listed = url ? domainListVerdict(url) : null;
  if (listed !== null && listed.healthPage) return true;
  return schemaDecision(signals.schemaTypes)?.health ?? null;
}

/** Training examples per page: one per input mode, then the truncated copy (TrainConfig.truncatedWeight). */
function copiesPerPage(config: TrainConfig): number {
  return INPUT_MODES.length + (config.truncatedWeight > 0 ? 1 : 0);
}

/**
 * Every page in every input mode, page by page in INPUT_MODES order, then its truncated copy if any (example
 * `p * copiesPerPage(config) + m` is page p in mode m); an example weighing 0 stays in the list and is left out of training.
 */
function examplesOf(pages: readonly LabelledPage[], config: TrainConfig): Example[] {
  const weights: Record<InputMode, number> = { full: 1, degraded: config.degradedWeight, titleOnly: config.titleOnlyWeight, urlOnly: config.urlOnlyWeight };
  const titled = (page: LabelledPage, mode: InputMode): PageSignals => {
    const signals = signalsFor(page, mode);
    if (!config.titleFromText || signals.title || (mode !== 'full' && mode !== 'degraded')) return signals;
    return { ...signals, title: titleOrFirstLine(page.signals) };
  };
  const mix = mixWeights(pages, config.trainingMix);
  const cut = seededRandom(config.seed ^ 0x5eed);
  const { min, max } = config.truncation;
  return pages.flatMap((page, p) => {
    const pageWeight = (page.origin === 'fixture' ? config.fixtureWeight : 1) * (mix[p] as number);
    const copies = INPUT_MODES.map((mode) => ({ features: featuresOf(titled(page, mode)), label: page.label, weight: weights[mode] * pageWeight }));
    if (config.truncatedWeight <= 0) return copies;
    const length = min + Math.floor(cut() * (max - min + 1));
    const truncated: PageSignals = { ...page.signals, text: page.signals.text.slice(0, length), headings: [], description: '' };
    return [...copies, { features: featuresOf(truncated), label: page.label, weight: config.truncatedWeight * pageWeight }];
  });
}

/**
 * The examples with only the features found on pages of at least `minSites` registrable domains among them (`domains[i]`
 * is example i's page's domain); the examples themselves when minSites <= 1.
 */
export function withSharedFeatures(examples: readonly Example[], domains: readonly string[], minSites: number): Example[] {
  if (minSites <= 1) return [...examples];
  // Per hashed feature: the first domain met and how many distinct domains (counted up to minSites). Each domain's
  // examples are walked together, so a feature counts once per domain.
  const byDomain = new Map<string, number[]>();
  examples.forEach((_, i) => {
    const domain = domains[i] as string;
    byDomain.set(domain, [...(byDomain.get(domain) ?? []), i]);
  });
  const sites = new Uint8Array(1 << FEATURE_BITS);
  const lastDomain = new Int32Array(1 << FEATURE_BITS).fill(-1);
  let domainId = 0;
  for (const indices of byDomain.values()) {
    for (const i of indices) {
      for (const index of (examples[i] as Example).features.index) {
        if (lastDomain[index] === domainId) continue;
        lastDomain[index] = domainId;
        if ((sites[index] as number) < minSites) sites[index] = (sites[index] as number) + 1;
      }
    }
    domainId++;
  }
  return examples.map((example) => {
    const { index, value, owner, owners } = example.features;
    const keep = index.map((i) => (sites[i] as number) >= minSites);
    if (keep.every(Boolean)) return example;
    const features: PageFeatures = {
      index: index.filter((_, f) => keep[f]),
      value: value.filter((_, f) => keep[f]),
      owner: owner.filter((_, f) => keep[f]),
      owners,
    };
    return { ...example, features };
  });
}

/** Logistic regression by SGD (AdaGrad steps, seeded shuffle each epoch, L2 on touched weights), averaged. */
function fit(examples: readonly Example[], config: TrainConfig): { weights: Float64Array; bias: number } {
  const weights = new Float64Array(1 << FEATURE_BITS);
  const prior = new Float64Array(1 << FEATURE_BITS);
  for (const [index, value] of PRIORS) prior[index] = weights[index] = value;
  let bias = 0;
  const random = seededRandom(config.seed);
  const order = examples.map((_, i) => i);
  // The weights are averaged over the second half of the epochs: SGD's last steps are noisy, their mean is not.
  const average = new Float64Array(weights.length);
  // AdaGrad: each weight's step shrinks with its own gradient history, so rare words and common lexicon classes both
  // learn at a sensible pace whatever their feature scale.
  const history = new Float64Array(weights.length);
  let biasHistory = 0;
  let averageBias = 0;
  let averaged = 0;
  for (let epoch = 0; epoch < config.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const k of order) {
      const { features, label, weight } = examples[k] as Example;
      let z = bias;
      for (let f = 0; f < features.index.length; f++) z += (weights[features.index[f] as number] as number) * (features.value[f] as number);
      const gradient = weight * (1 / (1 + Math.exp(-z)) - (label ? 1 : 0));
      for (let f = 0; f < features.index.length; f++) {
        const index = features.index[f] as number;
        const w = weights[index] as number;
        const g = gradient * (features.value[f] as number) + config.l2 * (w - (prior[index] as number));
        history[index] = (history[index] as number) + g * g;
        weights[index] = w - (config.learningRate * g) / (Math.sqrt(history[index] as number) + 1e-8);
      }
      biasHistory += gradient * gradient;
      bias -= (config.learningRate * gradient) / (Math.sqrt(biasHistory) + 1e-8);
    }
    if (epoch >= config.epochs / 2) {
      for (let i = 0; i < weights.length; i++) average[i] = (average[i] as number) + (weights[i] as number);
      averageBias += bias;
      averaged++;
    }
  }
  for (let i = 0; i < average.length; i++) average[i] = (average[i] as number) / averaged;
  return { weights: average, bias: averageBias / averaged };
}

/**
 * Int8 weights, base64, on a square-root scale: most weights are small and a linear int8 step (max / 127) would round
 * them away; `w = sign(q) * (q / 127)^2 * max` keeps small weights fine and large ones coarse.
 */
function quantise(weights: Float64Array): { scale: number; base64: string } {
  let max = 0;
  for (const w of weights) max = Math.max(max, Math.abs(w));
  const scale = Number(max.toPrecision(6)) || 1;
  const bytes = new Int8Array(weights.length);
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] as number;
    bytes[i] = Math.sign(w) * Math.min(127, Math.round(127 * Math.sqrt(Math.abs(w) / scale)));
  }
  return { scale, base64: Buffer.from(bytes.buffer).toString('base64') };
}

/** The folded words whose features moved the training pages' scores most: the ones explanations may name. */
function vocabularyOf(model: HealthModel, examples: readonly Example[]): string {
  const weightOf = new Map<string, number>();
  for (const { features } of examples) {
    const { byOwner } = scoreFeatures(model, features);
    features.owners.forEach((owner, i) => {
      if (owner.kind !== 'word' || owner.token.length < 3 || STOP_WORDS.has(owner.token)) return;
      weightOf.set(owner.token, (weightOf.get(owner.token) ?? 0) + Math.abs(byOwner[i] as number));
    });
  }
  const top = [...weightOf].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, VOCABULARY_SIZE);
  return top.map(([word]) => word).sort().join(' ');
}

/** The model's log-odds for a page, +-Infinity when the list or the schema.org rule decides. */
function pipelineScore(model: HealthModel, signals: PageSignals, features: PageFeatures = featuresOf(signals)): number {
  const decided = decidedWithoutModel(signals);
  if (decided !== null) return decided ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  return scoreFeatures(model, features).logit;
}

/**
 * The lowest threshold at which held-out precision is at least the target, halfway down to the next score (so a page
 * scoring exactly like the last kept one is kept); NEVER when no threshold reaches it.
 */
export function calibrate(scored: readonly { score: number; label: boolean; weight?: number }[], target = TARGET_PRECISION): number {
  const sorted = scored.filter((s) => Number.isFinite(s.score)).sort((a, b) => b.score - a.score);
  // Pages decided without the model: +Infinity counts as said health at any threshold, -Infinity never.
  const decided = scored.filter((s) => s.score === Number.POSITIVE_INFINITY);
  let tp = decided.reduce((sum, s) => sum + (s.label ? (s.weight ?? 1) : 0), 0);
  let fp = decided.reduce((sum, s) => sum + (s.label ? 0 : (s.weight ?? 1)), 0);
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < sorted.length; i++) {
    const s = sorted[i] as { score: number; label: boolean; weight?: number };
    if (s.label) tp += s.weight ?? 1;
    else fp += s.weight ?? 1;
    const next = sorted[i + 1];
    if (next && next.score === s.score) continue;
    if (tp / (tp + fp) >= target) best = next ? (s.score + next.score) / 2 : s.score - 1e-6;
  }
  // No threshold reaching the target: the model alone never says health for this kind of input.
  return Number.isFinite(best) ? Number(best.toFixed(4)) : NEVER;
}

/** A threshold no score reaches (JSON has no Infinity). */
const NEVER = 1e6;

/** Cross-validation folds over train + dev, by registrable domain. */
export const FOLDS = 5;
/** Key of the fold hash (independent of the split's key, so folds cut across the old train / dev boundary). */
const FOLD_KEY = 'vigie health folds v1';

/** The fold of a registrable domain: a keyed hash, so all pages of a site are held out together. */
export function foldOf(domain: string): number {
  return createHmac('sha256', FOLD_KEY).update(domain).digest().readUInt32BE(0) % FOLDS;
}

/** A page's score in one input mode from the fold model that never saw its domain. */
export interface HeldOutScore {
  page: LabelledPage;
  mode: InputMode;
  kind: InputKind;
  fold: number;
  score: number;
}

interface Fitted {
  weights: Float64Array;
  bias: number;
}

/** The float weights of a fitted model as a model that scores (thresholds unused). */
function asModel(fitted: Fitted): HealthModel {
  return { weights: Float32Array.from(fitted.weights), bias: fitted.bias, thresholds: { page: 0, short: 0, urlOnly: 0 }, vocabulary: new Set() };
}

/** Weights averaged over models (a linear model's average is the average of their log-odds). */
function averageOf(members: readonly Fitted[]): Fitted {
  const weights = new Float64Array(1 << FEATURE_BITS);
  let bias = 0;
  for (const member of members) {
    for (let i = 0; i < weights.length; i++) weights[i] = (weights[i] as number) + (member.weights[i] as number) / members.length;
    bias += member.bias / members.length;
  }
  return { weights, bias };
}

/**
 * Grouped k-fold cross-validation over the corpus's train and dev pages: each fold's model is trained on the other
 * folds (plus the old fixtures) and scores the pages of its fold in every input mode. Returns the fold models and
 * those held-out scores, from which the thresholds are calibrated (twice the pages dev alone gives).
 */
export function crossValidate(
  corpus: readonly LabelledPage[],
  fixtures: readonly LabelledPage[],
  config: TrainConfig = TRAIN_CONFIG,
): { members: Fitted[]; heldOut: HeldOutScore[]; fixtureHeldOut: HeldOutScore[]; examples: Example[] } {
  // A fixture page is held out with its domain's fold too: its site must not teach the model about its corpus pages.
  const folds = [...corpus, ...fixtures].map((page) => foldOf(page.domain));
  const examples = examplesOf([...corpus, ...fixtures], config);
  const modes = copiesPerPage(config);
  const members: Fitted[] = [];
  const heldOut: HeldOutScore[] = [];
  // The old fixtures scored held out too, for reports only (they have real titles; thresholds never see them).
  const fixtureHeldOut: HeldOutScore[] = [];
  for (let fold = 0; fold < FOLDS; fold++) {
    const inFold = examples.map((example, i) => example.weight > 0 && folds[Math.floor(i / modes)] !== fold);
    const pagesOf = [...corpus, ...fixtures];
    const training = withSharedFeatures(
      examples.filter((_, i) => inFold[i]),
      examples.map((_, i) => (pagesOf[Math.floor(i / modes)] as LabelledPage).domain).filter((_, i) => inFold[i]),
      config.minSites,
    );
    const seeds = Array.from({ length: config.ensemble }, (_, k) => fit(training, { ...config, seed: config.seed + 100 * fold + k }));
    const member = averageOf(seeds);
    members.push(member);
    const model = asModel(member);
    [...corpus, ...fixtures].forEach((page, p) => {
      if (folds[p] !== fold) return;
      INPUT_MODES.forEach((mode, m) => {
        const signals = signalsFor(page, mode);
        const features = config.titleFromText ? featuresOf(signals) : (examples[p * modes + m] as Example).features;
        const score = pipelineScore(model, signals, features);
        (page.origin === 'fixture' ? fixtureHeldOut : heldOut).push({ page, mode, kind: inputKindOf(signals), fold, score });
      });
    });
  }
  return { members, heldOut, fixtureHeldOut, examples };
}

/** One threshold per kind of input, calibrated on held-out scores for the target precision, in a mix of pages. */
export function thresholdsOf(heldOut: readonly HeldOutScore[], mix: PageMix | null, target = TARGET_PRECISION): Record<InputKind, number> {
  const of = (kind: InputKind) => {
    const scores = heldOut.filter((s) => s.kind === kind);
    const weights = mixWeights(scores.map((s) => s.page), mix);
    return calibrate(scores.map((s, i) => ({ score: s.score, label: s.page.label, weight: weights[i] })), target);
  };
  return { page: of('page'), short: of('short'), urlOnly: of('urlOnly') };
}

/** Each fold's thresholds, calibrated on the other folds' held-out scores only. */
function transferThresholds(heldOut: readonly HeldOutScore[], mix: PageMix | null): Record<InputKind, number>[] {
  return Array.from({ length: FOLDS }, (_, fold) => thresholdsOf(heldOut.filter((s) => s.fold !== fold), mix));
}

/** Figures of held-out scores judged at each fold's transfer threshold, in the corpus's mix and in BROWSING_MIX. */
function transferFigures(scores: readonly HeldOutScore[], transfer: readonly Record<InputKind, number>[]) {
  const rows = scores.map((s) => ({ label: s.page.label, predicted: s.score >= (transfer[s.fold] as Record<InputKind, number>)[s.kind], hard: s.page.hard }));
  const weights = mixWeights(scores.map((s) => s.page), BROWSING_MIX);
  const hard = rows.filter((r) => r.hard && !r.label);
  return {
    corpus: countsOf(rows),
    browsing: countsOf(rows.map((r, i) => ({ ...r, weight: weights[i] }))),
    hardKept: hard.filter((r) => !r.predicted).length,
    hardTotal: hard.length,
  };
}

/**
 * Cross-validation figures by input mode. "pooled": at the thresholds calibrated on all held-out scores (what the model
 * ships with; optimistic, the thresholds saw these pages). "transfer": each fold judged at thresholds calibrated on the
 * other folds only, an honest estimate of how the calibrated precision carries to pages it never saw.
 */
export function crossValidationReport(heldOut: readonly HeldOutScore[], mix: PageMix | null): string[] {
  const pooled = thresholdsOf(heldOut, mix);
  const transfer = transferThresholds(heldOut, mix);
  const lines: string[] = [];
  for (const mode of INPUT_MODES) {
    const scores = heldOut.filter((s) => s.mode === mode);
    for (const [name, thresholds] of [['pooled', sameForEveryFold(pooled)], ['transfer', transfer]] as const) {
      const f = transferFigures(scores, thresholds);
      lines.push(`cv ${name.padEnd(8)} ${mode.padEnd(9)} ${formatCounts(f.corpus)}  hard negatives kept ${f.hardKept}/${f.hardTotal}`);
      const browsing = prf(f.browsing);
      lines.push(`cv ${name.padEnd(8)} ${mode.padEnd(9)} browsing mix: P ${browsing.precision.toFixed(3)}  R ${browsing.recall.toFixed(3)}  F1 ${browsing.f1.toFixed(3)}`);
    }
  }
  return lines;
}

/** The same thresholds for every fold. */
function sameForEveryFold(thresholds: Record<InputKind, number>): Record<InputKind, number>[] {
  return Array.from({ length: FOLDS }, () => thresholds);
}

/** Seeds over which `--search --seeds` averages (one seed's held-out F1 moves by about +-0.01: the thresholds sit on a steep part of the precision curve). */
const SEARCH_SEEDS = [TRAIN_CONFIG.seed, 7, 99, 12345];

/**
 * Transfer figures of one configuration, per input mode, averaged over SEARCH_SEEDS (with each seed's F1), in the
 * corpus's mix and in BROWSING_MIX; once for each calibration mix given (one cross-validation per seed serves them all).
 */
export function seedAveragedReport(
  corpus: readonly LabelledPage[],
  fixtures: readonly LabelledPage[],
  change: Partial<TrainConfig>,
  calibrationMixes: readonly (PageMix | null)[] = [{ ...TRAIN_CONFIG, ...change }.calibrationMix],
): string[] {
  type Sum = { precision: number; recall: number; f1: number; f1s: number[]; browsingPrecision: number; browsingF1: number; browsingF1s: number[]; hardKept: number; hardTotal: number };
  const sums = new Map<string, Sum>();
  for (const seed of SEARCH_SEEDS) {
    const { heldOut } = crossValidate(corpus, fixtures, { ...TRAIN_CONFIG, ...change, seed });
    for (const mix of calibrationMixes) {
      const transfer = transferThresholds(heldOut, mix);
      for (const mode of INPUT_MODES) {
        const f = transferFigures(heldOut.filter((s) => s.mode === mode), transfer);
        const corpusFigures = prf(f.corpus);
        const browsing = prf(f.browsing);
        const key = `calibrated ${mix ? JSON.stringify(mix) : 'corpus mix'} ${mode}`;
        const sum = sums.get(key) ?? { precision: 0, recall: 0, f1: 0, f1s: [], browsingPrecision: 0, browsingF1: 0, browsingF1s: [], hardKept: 0, hardTotal: 0 };
        sums.set(key, {
          precision: sum.precision + corpusFigures.precision,
          recall: sum.recall + corpusFigures.recall,
          f1: sum.f1 + corpusFigures.f1,
          f1s: [...sum.f1s, corpusFigures.f1],
          browsingPrecision: sum.browsingPrecision + browsing.precision,
          browsingF1: sum.browsingF1 + browsing.f1,
          browsingF1s: [...sum.browsingF1s, browsing.f1],
          hardKept: sum.hardKept + f.hardKept,
          hardTotal: sum.hardTotal + f.hardTotal,
        });
      }
    }
  }
  const n = SEARCH_SEEDS.length;
  return [...sums].map(([key, s]) =>
    `cv transfer ${key.padEnd(24)} mean of ${n} seeds: corpus mix P ${(s.precision / n).toFixed(3)}  R ${(s.recall / n).toFixed(3)}  F1 ${(s.f1 / n).toFixed(3)} (seeds: ${s.f1s.map((f) => f.toFixed(3)).join(' ')}); browsing mix P ${(s.browsingPrecision / n).toFixed(3)}  F1 ${(s.browsingF1 / n).toFixed(4)} (seeds: ${s.browsingF1s.map((f) => f.toFixed(4)).join(' ')}); hard negatives kept ${(s.hardKept / s.hardTotal).toFixed(3)}`);
}

/** Key of the learning curve's draws of sites (independent of the split's and the folds' keys). */
const CURVE_KEY = 'vigie health learning curve v1';
/** Shares of the training sites the learning curve trains on, and how many draws of sites each share averages. */
export const CURVE_SHARES = [0.125, 0.25, 0.5, 0.75, 1];
const CURVE_DRAWS = 2;

/** Whether a registrable domain is in draw `draw` of a share of the sites: a keyed hash, so a larger share holds a smaller one. */
export function inCurveShare(domain: string, share: number, draw: number): boolean {
  const position = createHmac('sha256', `${CURVE_KEY} ${draw}`).update(domain).digest().readUInt32BE(0) / 2 ** 32;
  return position < share;
}

/** A learning curve's point: cross-validation at transfer thresholds on a share of the training sites, in BROWSING_MIX. */
export interface CurvePoint {
  share: number;
  pages: number;
  f1: Record<InputMode, number>;
  hardKept: number;
}

/**
 * How cross-validation F1 grows with the number of training pages (`--learning-curve`): the committed configuration
 * trained, by grouped 5-fold cross-validation, on shares of the training sites (drawn by a keyed hash of the domain;
 * each share averaged over CURVE_DRAWS draws), each fold judged at thresholds calibrated on the other folds, in
 * BROWSING_MIX. Reads the training pages only, like `--search`. The old fixtures stay in every share.
 */
export function learningCurve(corpus: readonly LabelledPage[], fixtures: readonly LabelledPage[], config: TrainConfig = TRAIN_CONFIG): CurvePoint[] {
  return CURVE_SHARES.map((share) => {
    const draws = share === 1 ? 1 : CURVE_DRAWS;
    const sum: CurvePoint = { share, pages: 0, f1: { full: 0, degraded: 0, titleOnly: 0, urlOnly: 0 }, hardKept: 0 };
    for (let draw = 0; draw < draws; draw++) {
      const pages = corpus.filter((page) => inCurveShare(page.domain, share, draw));
      const { heldOut } = crossValidate(pages, fixtures, config);
      const transfer = transferThresholds(heldOut, BROWSING_MIX);
      sum.pages += pages.length / draws;
      for (const mode of INPUT_MODES) {
        const figures = transferFigures(heldOut.filter((s) => s.mode === mode), transfer);
        sum.f1[mode] += prf(figures.browsing).f1 / draws;
        if (mode === 'full') sum.hardKept += figures.hardKept / figures.hardTotal / draws;
      }
    }
    return sum;
  });
}

/**
 * The least-squares line of log(1 - F1) against log(pages) over a curve's points, and the number of training pages at
 * which that line reaches `targetF1`. A power law with no floor is the most hopeful extrapolation: a curve that
 * levels off reaches the target later, or never.
 */
export function powerLawReach(points: readonly { pages: number; f1: number }[], targetF1: number): { exponent: number; pagesAtTarget: number } {
  const xs = points.map((p) => Math.log(p.pages));
  const ys = points.map((p) => Math.log(1 - p.f1));
  const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(xs);
  const my = mean(ys);
  const slope = xs.reduce((acc, x, i) => acc + (x - mx) * ((ys[i] as number) - my), 0) / xs.reduce((acc, x) => acc + (x - mx) ** 2, 0);
  const pagesAtTarget = slope < 0 ? Math.exp(mx + (Math.log(1 - targetF1) - my) / slope) : Number.POSITIVE_INFINITY;
  return { exponent: slope, pagesAtTarget };
}

/**
 * Cross-validation figures by language, by category, for titled pages and for the old fixtures (held out, each fold at
 * the thresholds calibrated on the other folds), for `--search`: where the weak areas are.
 */
export function detailedReport(heldOut: readonly HeldOutScore[], fixtureHeldOut: readonly HeldOutScore[], mix: PageMix | null): string[] {
  const transfer = transferThresholds(heldOut, mix);
  const predicted = (s: HeldOutScore) => s.score >= (transfer[s.fold] as Record<InputKind, number>)[s.kind];
  const rowsOf = (scores: readonly HeldOutScore[]) => scores.map((s) => ({ label: s.page.label, predicted: predicted(s) }));
  const lines: string[] = [];
  for (const mode of ['full', 'degraded'] as const) {
    const scores = heldOut.filter((s) => s.mode === mode);
    for (const lang of ['fr', 'en']) lines.push(`cv ${mode.padEnd(9)} ${lang}       ${formatCounts(countsOf(rowsOf(scores.filter((s) => s.page.lang === lang))))}`);
    const titled = scores.filter((s) => s.page.signals.title.trim() !== '');
    if (titled.length) lines.push(`cv ${mode.padEnd(9)} titled   ${formatCounts(countsOf(rowsOf(titled)))}`);
    const fixtures = fixtureHeldOut.filter((s) => s.mode === mode);
    if (fixtures.length) lines.push(`cv ${mode.padEnd(9)} fixtures ${formatCounts(countsOf(rowsOf(fixtures)))}`);
    const categories = [...new Set(scores.map((s) => `${s.page.label ? '+' : '-'}${s.page.category}`))].sort();
    lines.push(`cv ${mode.padEnd(9)} by category (right / pages): ${categories.map((c) => {
      const of = scores.filter((s) => `${s.page.label ? '+' : '-'}${s.page.category}` === c);
      return `${c} ${of.filter((s) => predicted(s) === s.page.label).length}/${of.length}`;
    }).join(', ')}`);
  }
  return lines;
}

/**
 * Trains the committed model: the average of the cross-validation's fold models (a small bagged ensemble, each member
 * trained on four fifths of the corpus), with thresholds calibrated on their held-out scores. The same inputs give
 * the same model, byte for byte. Test pages must not be passed here.
 */
export function trainHealthModel(corpus: readonly LabelledPage[], fixtures: readonly LabelledPage[], config: TrainConfig = TRAIN_CONFIG): HealthModelData {
  if (corpus.some((p) => !isTrainingSplit(p.split))) throw new Error('held-out pages still in use are never trained or tuned on');
  const { members, heldOut, examples } = crossValidate(corpus, fixtures, config);
  const { weights, bias } = averageOf(members);
  const { scale, base64 } = quantise(weights);
  const draft: HealthModelData = {
    version: 1,
    featureBits: FEATURE_BITS,
    scale,
    bias: Number(bias.toFixed(6)),
    thresholds: thresholdsOf(heldOut, config.calibrationMix),
    weights: base64,
    vocabulary: '',
    training: {},
  };
  const model = loadHealthModel(draft);
  // The words of the full pages (the first mode of each page's examples).
  draft.vocabulary = vocabularyOf(model, examples.filter((_, i) => i % copiesPerPage(config) === 0));
  draft.training = {
    command: 'npm run health:train',
    config,
    folds: FOLDS,
    corpusPages: Object.fromEntries(TRAINING_BATCHES.map((batch) => [`batch${batch}`, corpus.filter((p) => p.batch === batch).length])),
    fixturePages: fixtures.length,
    crossValidation: crossValidationReport(heldOut, config.calibrationMix),
  };
  return draft;
}

/**
 * The pages trained and tuned on: the train and dev splits of every training batch (the third has no other), the
 * retired held-out sets test-3, test-4 and test-5 (RETIRED_SPLITS) except their pages of a domain held out in a set still in use,
 * and the old fixtures; test, test-2 and any held-out set still in use are left out.
 */
export function trainingPages(): { corpus: LabelledPage[]; fixtures: LabelledPage[] } {
  const all = loadCorpus(undefined, { batches: ALL_BATCHES });
  // A retired set's page whose site is also in a held-out set still in use stays out (34 of test-3 and test-4's 241
  // pages are of test or test-2 domains: bfmtv.com, tf1.fr, allianz.fr...). Only the held-out pages' domains are read.
  const heldOutDomains = new Set(all.filter((p) => !isTrainingSplit(p.split)).map((p) => p.domain));
  const training = new Set<Batch>(TRAINING_BATCHES);
  const corpus = all.filter((p) => training.has(p.batch) && isTrainingSplit(p.split) && !heldOutDomains.has(p.domain));
  return { corpus, fixtures: loadFixtures() };
}

/** The committed JSON text of a model (stable key order, one line per key). */
export function modelJson(data: HealthModelData): string {
  return `${JSON.stringify(data, null, 1)}\n`;
}

async function main(): Promise<void> {
  // HEALTH_FEATURES='{"hostGrams":0.5}': candidate features compared by --search (docs/health.md); never for training.
  if (env.HEALTH_FEATURES) {
    if (!argv.includes('--search')) throw new Error('HEALTH_FEATURES is for --search only: the committed model uses the committed features');
    Object.assign(FEATURE_OPTIONS, JSON.parse(env.HEALTH_FEATURES));
    console.log(`features ${JSON.stringify(FEATURE_OPTIONS)}`);
  }
  const { corpus, fixtures } = trainingPages();
  console.log(`${corpus.length} corpus pages (${corpus.filter((p) => p.label).length} health) in ${FOLDS} folds by domain, plus ${fixtures.length} fixture pages`);
  if (argv.includes('--learning-curve')) {
    const points = learningCurve(corpus, fixtures);
    for (const p of points) {
      console.log(`share ${p.share.toFixed(3)}  ${p.pages.toFixed(0).padStart(5)} pages  F1 full ${p.f1.full.toFixed(4)}  degraded ${p.f1.degraded.toFixed(4)}  title only ${p.f1.titleOnly.toFixed(4)}  URL only ${p.f1.urlOnly.toFixed(4)}  hard negatives kept ${p.hardKept.toFixed(3)}`);
    }
    for (const [mode, target] of [['full', 0.95], ['degraded', 0.9]] as const) {
      const reach = powerLawReach(points.map((p) => ({ pages: p.pages, f1: p.f1[mode] })), target);
      console.log(`${mode}: 1 - F1 ~ pages^${reach.exponent.toFixed(3)}; F1 ${target} at about ${Number.isFinite(reach.pagesAtTarget) ? reach.pagesAtTarget.toFixed(0) : 'never'} training pages (power law with no floor)`);
    }
    return;
  }
  if (argv.includes('--search')) {
    const grid = (env.HEALTH_SEARCH ? JSON.parse(env.HEALTH_SEARCH) : [{}, { l2: 0.0003 }, { epochs: 12 }, { epochs: 12, l2: 0.0003 }]) as Partial<TrainConfig>[];
    // HEALTH_MIXES='[null, {"health":0.5,"hard":0.2,"easy":0.3}]': calibration mixes compared on the same cross-validation.
    const mixes = env.HEALTH_MIXES ? (JSON.parse(env.HEALTH_MIXES) as (PageMix | null)[]) : undefined;
    if (argv.includes('--seeds')) {
      for (const change of grid) console.log(`\n${JSON.stringify(change)}\n${seedAveragedReport(corpus, fixtures, change, mixes).join('\n')}`);
      return;
    }
    for (const change of grid) {
      const config = { ...TRAIN_CONFIG, ...change };
      const { heldOut, fixtureHeldOut } = crossValidate(corpus, fixtures, config);
      console.log(`\n${JSON.stringify(change)} thresholds ${JSON.stringify(thresholdsOf(heldOut, config.calibrationMix))}`);
      for (const line of crossValidationReport(heldOut, config.calibrationMix)) console.log(line);
      if (argv.includes('--detail')) for (const line of detailedReport(heldOut, fixtureHeldOut, config.calibrationMix)) console.log(line);
    }
    return;
  }
  const data = trainHealthModel(corpus, fixtures);
  const json = modelJson(data);
  writeFileSync(MODEL_FILE, json);
  console.log(`wrote ${MODEL_FILE} (${(json.length / 1024).toFixed(0)} KB), thresholds ${JSON.stringify(data.thresholds)}`);
  for (const line of data.training.crossValidation as string[]) console.log(line);
}

if (argv[1] && import.meta.url === pathToFileURL(resolve(argv[1])).href) await main();
