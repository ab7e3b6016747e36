/**
 * The learned health model: logistic-regression weights over the hashed features of src/core/health-features.ts,
 * trained by scripts/health-train.ts and committed as data (data/health-model.json: int8 weights in base64 with one
 * scale, the bias, the thresholds calibrated by cross-validation, and the vocabulary that explanations may name).
 */
import { FEATURE_BITS, type PageFeatures } from './health-features.ts';
import type { PageSignals } from './types.ts';

/** The committed model, as data/health-model.json stores it. */
export interface HealthModelData {
  version: 1;
  featureBits: number;
  /** The largest weight: a weight is `sign(q) * (q / 127)^2 * scale` for its int8 `q` (fine near zero). */
  scale: number;
  bias: number;
  /** Log-odds from which a page counts as health, by what the page gave (calibrated on held-out cross-validation scores for precision >= 0.95). */
  thresholds: Record<InputKind, number>;
  /** Int8Array of 2^featureBits weights, base64. */
  weights: string;
  /** Folded words that explanations may name (the words the model learned most from), space-separated. */
  vocabulary: string;
  /** How it was trained: corpus size, hyper-parameters, cross-validation figures. */
  training: Record<string, unknown>;
}

/** What the page gave the classifier: text, a few words (a title alone), or only its address. */
export type InputKind = 'page' | 'short' | 'urlOnly';

/** Below this many characters of title, description, headings and text, a page counts as 'short'. */
export const SHORT_INPUT = 150;

/** A model ready to score. */
export interface HealthModel {
  weights: Float32Array;
  bias: number;
  thresholds: Record<InputKind, number>;
  vocabulary: ReadonlySet<string>;
}

/** Decodes the committed data into float weights (once, at load). */
export function loadHealthModel(data: HealthModelData): HealthModel {
  if (data.featureBits !== FEATURE_BITS) throw new Error(`health model has ${data.featureBits} feature bits, code expects ${FEATURE_BITS}`);
  const binary = atob(data.weights);
  // One float per int8 value, looked up: decoding 2^17 weights is a single pass over the string.
  const table = new Float32Array(256);
  for (let q = -128; q < 128; q++) table[q & 0xff] = Math.sign(q) * (q / 127) * (q / 127) * data.scale;
  const weights = new Float32Array(binary.length);
  for (let i = 0; i < binary.length; i++) weights[i] = table[binary.charCodeAt(i)] as number;
  return { weights, bias: data.bias, thresholds: data.thresholds, vocabulary: new Set(data.vocabulary.split(' ')) };
}

/** Log-odds of health and what each feature owner contributed to it. */
export interface ModelScore {
  logit: number;
  /** Contribution per owner (index into features.owners). */
  byOwner: Float64Array;
}

/** Scores page features: bias plus the weighted sum, with the share of each owner for explanations. */
export function scoreFeatures(model: HealthModel, features: PageFeatures): ModelScore {
  const byOwner = new Float64Array(features.owners.length);
  let logit = model.bias;
  for (let i = 0; i < features.index.length; i++) {
    const contribution = (model.weights[features.index[i] as number] as number) * (features.value[i] as number);
    logit += contribution;
    const owner = features.owner[i] as number;
    byOwner[owner] = (byOwner[owner] as number) + contribution;
  }
  return { logit, byOwner };
}

/**
 * How much the page gave: text, a few words, or nothing but its address. A short input holds less evidence either
 * way, so each kind has its own threshold, calibrated on held-out inputs of that kind.
 */
export function inputKindOf(signals: PageSignals): InputKind {
  let length = signals.title.trim().length + signals.description.trim().length + signals.text.trim().length;
  for (const heading of signals.headings) length += heading.trim().length;
  if (length === 0) return 'urlOnly';
  return length < SHORT_INPUT ? 'short' : 'page';
}
