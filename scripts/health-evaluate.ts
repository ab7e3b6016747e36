/**
 * What the training script and the bench share to measure the health classifier: the three kinds of input the browser
 * gives (full page, degraded, URL only) and the counts, precision, recall and F1 computed from them.
 */
import { degradedSignals, titleOnlySignals, urlOnlySignals, type LabelledPage } from './health-corpus.ts';
import type { PageSignals } from '../src/core/types.ts';

/**
 * Full signals; title + URL + 200 characters of text (a client-rendered page early on); a title alone (the corpus has
 * no titles: the excerpt's first line stands in); the URL alone.
 */
export type InputMode = 'full' | 'degraded' | 'titleOnly' | 'urlOnly';
export const INPUT_MODES: readonly InputMode[] = ['full', 'degraded', 'titleOnly', 'urlOnly'];

/** A page's signals as the browser would give them in one mode. */
export function signalsFor(page: LabelledPage, mode: InputMode): PageSignals {
  if (mode === 'degraded') return degradedSignals(page.signals);
  if (mode === 'titleOnly') return titleOnlySignals(page.signals);
  if (mode === 'urlOnly') return urlOnlySignals(page.signals);
  return page.signals;
}

export interface Counts {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** Confusion counts of labelled predictions; a row with a weight counts that much (a reweighted mix of pages). */
export function countsOf(rows: readonly { label: boolean; predicted: boolean; weight?: number }[]): Counts {
  const c = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (const r of rows) {
    const w = r.weight ?? 1;
    if (r.label && r.predicted) c.tp += w;
    else if (!r.label && r.predicted) c.fp += w;
    else if (!r.label && !r.predicted) c.tn += w;
    else c.fn += w;
  }
  return c;
}

/** Precision, recall and F1 (an empty denominator counts as 1 for precision and recall). */
export function prf(c: Counts): { precision: number; recall: number; f1: number } {
  const precision = c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** One line of figures. */
export function formatCounts(c: Counts): string {
  const { precision, recall, f1 } = prf(c);
  return `P ${precision.toFixed(3)}  R ${recall.toFixed(3)}  F1 ${f1.toFixed(3)}  (tp ${c.tp} fp ${c.fp} tn ${c.tn} fn ${c.fn})`;
}
