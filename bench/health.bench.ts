/**
 * Health classifier figures: precision/recall/F1 on the labelled corpus (overall, per category, hard cases, and the
 * held-out third used to check for over-fitting), then the cost of readPageSignals + classifyHealth on a typical
 * fixture and on a ~2 MB page built by repeating real corpus content. `npm run bench -- health`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseHTML } from 'linkedom';
import { classifyHealth } from '../src/core/health.ts';
import { readPageSignals } from '../src/core/page-signals.ts';
import { signalsFromInput } from '../src/cli/html-signals.ts';

interface Fixture {
  file: string;
  url: string;
  label: boolean;
  category: string;
  hard: boolean;
}

const CORPUS = join(import.meta.dirname, '..', 'test', 'fixtures', 'health');

/** Fixed split: a file is held out when its name hashes to 0 mod 3 (stable as the corpus grows). */
export function isHeldOut(file: string): boolean {
  let hash = 2166136261;
  for (let i = 0; i < file.length; i++) hash = Math.imul(hash ^ file.charCodeAt(i), 16777619) >>> 0;
  return hash % 3 === 0;
}

interface Counts {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

function count(rows: { label: boolean; predicted: boolean }[]): Counts {
  const c = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (const r of rows) {
    if (r.label && r.predicted) c.tp++;
    else if (!r.label && r.predicted) c.fp++;
    else if (!r.label && !r.predicted) c.tn++;
    else c.fn++;
  }
  return c;
}

function prf(c: Counts): string {
  const p = c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp);
  const r = c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn);
  const f1 = p + r === 0 ? 0 : (2 * p * r) / (p + r);
  return `precision ${p.toFixed(3)}  recall ${r.toFixed(3)}  F1 ${f1.toFixed(3)}  (tp ${c.tp} fp ${c.fp} tn ${c.tn} fn ${c.fn})`;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

function timeRuns(run: () => void, runs: number): number {
  for (let i = 0; i < 5; i++) run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  return median(times);
}

export default async function (): Promise<void> {
  const index = JSON.parse(readFileSync(join(CORPUS, 'index.json'), 'utf8')) as Fixture[];
  const rows = index.map((f) => {
    const bytes = readFileSync(join(CORPUS, f.file));
    const verdict = classifyHealth(signalsFromInput(bytes, f.url).signals);
    return { ...f, predicted: verdict.health, score: verdict.score, heldOut: isHeldOut(f.file) };
  });

  console.log(`corpus: ${rows.length} pages (${rows.filter((r) => r.label).length} health, ${rows.filter((r) => !r.label).length} not)`);
  console.log(`overall        ${prf(count(rows))}`);
  console.log(`training 2/3   ${prf(count(rows.filter((r) => !r.heldOut)))}`);
  console.log(`held-out 1/3   ${prf(count(rows.filter((r) => r.heldOut)))}`);
  const hardNegatives = rows.filter((r) => r.hard && !r.label);
  const hardSet = count([...rows.filter((r) => r.label), ...hardNegatives]);
  console.log(`health + hard negatives  ${prf(hardSet)}`);
  const hardCorrect = hardNegatives.filter((r) => !r.predicted).length;
  console.log(`hard negatives kept negative: ${hardCorrect}/${hardNegatives.length} (${(hardCorrect / hardNegatives.length).toFixed(3)})`);

  console.log('\nper category (label: correct/total):');
  const categories = [...new Set(rows.map((r) => `${r.label ? '+' : '-'} ${r.category}`))].sort();
  for (const key of categories) {
    const inCat = rows.filter((r) => `${r.label ? '+' : '-'} ${r.category}` === key);
    const ok = inCat.filter((r) => r.label === r.predicted).length;
    console.log(`  ${key.padEnd(28)} ${ok}/${inCat.length}`);
  }
  const wrong = rows.filter((r) => r.label !== r.predicted);
  if (wrong.length > 0) {
    console.log('\nmisclassified:');
    for (const r of wrong) console.log(`  ${r.label ? 'FN' : 'FP'} ${r.score.toString().padStart(6)} ${r.heldOut ? '[held-out] ' : ''}${r.file}`);
  }

  // Cost on the DOM already parsed (as in the content script); parsing is linkedom's, shown apart.
  const htmlFixtures = index.filter((f) => f.file.endsWith('.html'));
  const sizes = htmlFixtures.map((f) => readFileSync(join(CORPUS, f.file), 'utf8'));
  const typicalHtml = [...sizes].sort((a, b) => a.length - b.length)[Math.floor(sizes.length / 2)] as string;
  const typicalUrl = htmlFixtures[sizes.indexOf(typicalHtml)]?.url ?? 'https://example.org/';
  const typicalDoc = parseHTML(typicalHtml).document as unknown as Document;
  const typicalMs = timeRuns(() => classifyHealth(readPageSignals(typicalDoc, typicalUrl)), 400);

  const bodies = sizes.map((html) => /<main>([\s\S]*)<\/main>/.exec(html)?.[1] ?? '').join('\n');
  const chrome = '<nav><ul>' + '<li><a href="/x">Accueil</a></li>'.repeat(40) + '</ul></nav>';
  const script = '<script>' + 'var a = 1;'.repeat(2_000) + '</script>';
  let big = `<!doctype html><html lang="fr"><head><title>${/<title>(.*?)<\/title>/.exec(typicalHtml)?.[1] ?? ''}</title>${script}</head><body>${chrome}<main>`;
  while (big.length < 2 * 1024 * 1024) big += `<section><div>${bodies}</div></section>`;
  big += '</main></body></html>';
  const t0 = performance.now();
  const bigDoc = parseHTML(big).document as unknown as Document;
  const parseMs = performance.now() - t0;
  const bigMs = timeRuns(() => classifyHealth(readPageSignals(bigDoc, typicalUrl)), 40);
  const signalsOnlyMs = timeRuns(() => readPageSignals(bigDoc, typicalUrl), 40);

  console.log(`\ncost (median, readPageSignals + classifyHealth on a parsed linkedom document):`);
  console.log(`  typical fixture (${typicalHtml.length} chars): ${typicalMs.toFixed(3)} ms`);
  console.log(`  ~2 MB page (${(big.length / 1024 / 1024).toFixed(2)} MB): ${bigMs.toFixed(3)} ms (readPageSignals alone ${signalsOnlyMs.toFixed(3)} ms); linkedom parse once ${parseMs.toFixed(0)} ms, not counted`);
}
