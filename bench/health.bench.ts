/**
 * Health classifier figures on the held-out sets of the corpus (scripts/health-split.ts; never trained or tuned on):
 * every split not trained on (test, test-2, test-6, test-7, test-8, test-9, test-10...; test-3, test-4 and test-5 are retired: RETIRED_SPLITS) and all of them together: precision, recall and F1
 * with 95% confidence intervals (bootstrap over domains), per category and per language, for full, degraded (title +
 * URL + 200 characters), title-only and URL-only inputs; hard negatives kept negative; URL-only recall on the sets'
 * domains; every error by URL. Then the cost of readPageSignals + classifyHealth on a typical
 * page and on a ~2 MB page, in Node (linkedom) and in Chromium. `npm run bench -- health`.
 * HEALTH_BENCH_BASELINE=model.json also measures that model on the same sets in the same run (the model kept before,
 * for a before/after read once); HEALTH_BENCH_COST_ONLY=1 gives the cost alone.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { env } from 'node:process';
import { performance } from 'node:perf_hooks';
import { parseHTML } from 'linkedom';
import { chromium } from 'playwright-core';
import { classifyHealth, HEALTH_DATA } from '../src/core/health.ts';
import { classifyHealthWith } from '../src/core/health-classifier.ts';
import { emptyPageSignals, readPageSignals } from '../src/core/page-signals.ts';
import { parseHttpUrl } from '../src/core/health-features.ts';
import { domainListVerdict } from '../src/core/health.ts';
import { loadHealthModel, type HealthModelData } from '../src/core/health-model.ts';
import type { HealthVerdict, PageSignals } from '../src/core/types.ts';
import { findBinary } from '../test/e2e/harness.ts';
import { seededRandom } from '../test/fixtures/seeded-random.ts';
import { ALL_BATCHES, loadBlindLabels, loadCorpus, type LabelledPage } from '../scripts/health-corpus.ts';
import { countsOf, formatCounts, INPUT_MODES, prf, signalsFor, type Counts, type InputMode } from '../scripts/health-evaluate.ts';
import { frozenSplitProblems, isTrainingSplit } from '../scripts/health-split.ts';
import { MODEL_FILE } from '../scripts/health-train.ts';
import { contentLogicBundle } from './pageload.bench.ts';

const FIXTURES = join(import.meta.dirname, '..', 'test', 'fixtures', 'health');
const CORPUS = join(import.meta.dirname, '..', 'corpus', 'health');

/** A classifier under measurement: the committed one, or a baseline model with the same domain list. */
type Classify = (signals: PageSignals) => HealthVerdict;
const BOOTSTRAP_ROUNDS = 1000;
const BOOTSTRAP_SEED = 12;

interface Row {
  page: LabelledPage;
  predicted: boolean;
  score: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/** Wilson score interval of a proportion, 95%. */
function wilson(successes: number, total: number): [number, number] {
  if (total === 0) return [0, 1];
  const z = 1.96;
  const p = successes / total;
  const centre = (p + (z * z) / (2 * total)) / (1 + (z * z) / total);
  const half = (z * Math.sqrt((p * (1 - p)) / total + (z * z) / (4 * total * total))) / (1 + (z * z) / total);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** 95% percentile intervals of precision, recall and F1, resampling whole domains (pages of a domain move together). */
function bootstrapByDomain(rows: readonly Row[]): Record<'precision' | 'recall' | 'f1', [number, number]> {
  const byDomain = new Map<string, Counts>();
  for (const r of rows) {
    const c = byDomain.get(r.page.domain) ?? { tp: 0, fp: 0, tn: 0, fn: 0 };
    const one = countsOf([{ label: r.page.label, predicted: r.predicted }]);
    c.tp += one.tp;
    c.fp += one.fp;
    c.tn += one.tn;
    c.fn += one.fn;
    byDomain.set(r.page.domain, c);
  }
  const domains = [...byDomain.values()];
  const random = seededRandom(BOOTSTRAP_SEED);
  const samples = { precision: [] as number[], recall: [] as number[], f1: [] as number[] };
  for (let round = 0; round < BOOTSTRAP_ROUNDS; round++) {
    const c = { tp: 0, fp: 0, tn: 0, fn: 0 };
    for (let i = 0; i < domains.length; i++) {
      const d = domains[Math.floor(random() * domains.length)] as Counts;
      c.tp += d.tp;
      c.fp += d.fp;
      c.tn += d.tn;
      c.fn += d.fn;
    }
    const f = prf(c);
    samples.precision.push(f.precision);
    samples.recall.push(f.recall);
    samples.f1.push(f.f1);
  }
  const interval = (v: number[]): [number, number] => {
    const s = [...v].sort((a, b) => a - b);
    return [s[Math.floor(0.025 * s.length)] as number, s[Math.ceil(0.975 * s.length) - 1] as number];
  };
  return { precision: interval(samples.precision), recall: interval(samples.recall), f1: interval(samples.f1) };
}

const range = ([low, high]: [number, number]) => `[${low.toFixed(3)}, ${high.toFixed(3)}]`;

function figures(rows: readonly Row[]): string {
  const c = countsOf(rows.map((r) => ({ label: r.page.label, predicted: r.predicted })));
  const f = prf(c);
  const ci = bootstrapByDomain(rows);
  return `P ${f.precision.toFixed(3)} ${range(ci.precision)}  R ${f.recall.toFixed(3)} ${range(ci.recall)}  F1 ${f.f1.toFixed(3)} ${range(ci.f1)}  (tp ${c.tp} fp ${c.fp} tn ${c.tn} fn ${c.fn})`;
}

function classifyAll(classify: Classify, pages: readonly LabelledPage[], mode: InputMode): Row[] {
  return pages.map((page) => {
    const verdict = classify(signalsFor(page, mode));
    return { page, predicted: verdict.health, score: verdict.score };
  });
}

function listed(url: string): boolean {
  const parsed = parseHttpUrl(url);
  const verdict = parsed ? domainListVerdict(parsed) : null;
  return verdict !== null && verdict.healthPage;
}

/** Every figure for one held-out set; `errors` lists its errors by URL. */
function reportQuality(classify: Classify, name: string, test: readonly LabelledPage[], errorsByUrl: boolean): void {
  const listedCount = test.filter((p) => listed(p.url)).length;
  console.log(`\n## ${name}: ${test.length} pages, ${new Set(test.map((p) => p.domain)).size} domains (${test.filter((p) => p.label).length} health, ${test.filter((p) => !p.label).length} not, ${test.filter((p) => p.hard && !p.label).length} hard negatives); ${listedCount} on a listed domain (decided by the list)`);
  console.log('');
  reportSecondReader(test);
  const errors: string[] = [];
  for (const mode of INPUT_MODES) {
    const rows = classifyAll(classify, test, mode);
    console.log(`### ${name}, ${mode}`);
    console.log(`all            ${figures(rows)}`);
    const unlisted = rows.filter((r) => !listed(r.page.url));
    console.log(`model only     ${figures(unlisted)}  (pages whose domain is not listed)`);
    for (const lang of ['fr', 'en']) console.log(`lang ${lang}        ${figures(rows.filter((r) => r.page.lang === lang))}`);
    const hard = rows.filter((r) => r.page.hard && !r.page.label);
    const kept = hard.filter((r) => !r.predicted).length;
    console.log(`hard negatives kept negative ${kept}/${hard.length} = ${(kept / Math.max(1, hard.length)).toFixed(3)} ${range(wilson(kept, hard.length))}`);
    console.log('per category (health: found / total; not health: kept negative / total):');
    const categories = [...new Set(rows.map((r) => `${r.page.label ? '+' : '-'} ${r.page.category}`))].sort();
    const cells = categories.map((key) => {
      const inCategory = rows.filter((r) => `${r.page.label ? '+' : '-'} ${r.page.category}` === key);
      const right = inCategory.filter((r) => r.predicted === r.page.label).length;
      return `  ${key.padEnd(24)} ${`${right}/${inCategory.length}`.padStart(7)} ${range(wilson(right, inCategory.length))}`;
    });
    console.log(cells.join('\n'));
    for (const r of rows.filter((x) => x.predicted !== x.page.label)) {
      errors.push(`  ${mode.padEnd(8)} ${r.page.label ? 'FN' : 'FP'} ${r.score.toFixed(2).padStart(7)} ${r.page.category.padEnd(20)} ${r.page.url}`);
    }
    console.log('');
  }
  reportDomains(classify, name, test);
  if (!errorsByUrl) return;
  console.log(`\n${name} errors by URL (${errors.length}; score = log-odds minus threshold):`);
  console.log(errors.join('\n'));
}

/** The blind second labels, read once per run. */
let blind: ReturnType<typeof loadBlindLabels> | undefined;

/**
 * A second reader's labels against the corpus's, on the same inputs (URL and excerpt), blind to them: how far the
 * labels themselves let any classifier go on this set. Printed only for a set the blind labelling covers.
 */
function reportSecondReader(test: readonly LabelledPage[]): void {
  blind ??= loadBlindLabels();
  const rows = test.flatMap((page) => {
    const second = blind!.get(page.url);
    return second ? [{ page, predicted: second.label === 'health', score: 0 }] : [];
  });
  if (rows.length === 0) return;
  const doubtful = test.filter((page) => blind!.get(page.url)?.confidence === 'doubtful').length;
  console.log(`second reader  ${figures(rows)}  (a blind second labelling of the same inputs, ${rows.length}/${test.length} pages, ${doubtful} marked doubtful)`);
  console.log('');
}

/** URL-only recall over the test split's domains: each domain's home page, as a first visit before any text. */
function reportDomains(classify: Classify, name: string, test: readonly LabelledPage[]): void {
  const domains = new Map<string, boolean>();
  for (const p of test) domains.set(p.domain, (domains.get(p.domain) ?? false) || p.label);
  const rows = [...domains].map(([domain, label]) => {
    const url = `https://${domain}/`;
    return { label, predicted: classify(emptyPageSignals(url)).health, listed: listed(url) };
  });
  const health = rows.filter((r) => r.label);
  const found = health.filter((r) => r.predicted).length;
  const byList = health.filter((r) => r.listed).length;
  const negatives = rows.filter((r) => !r.label);
  const falseAlarms = negatives.filter((r) => r.predicted).length;
  console.log(`URL-only on the ${name} domains (home page URL): health domains found ${found}/${health.length} = ${(found / Math.max(1, health.length)).toFixed(3)} ${range(wilson(found, health.length))} (${byList} by the domain list); not-health domains flagged ${falseAlarms}/${negatives.length}`);
}

function verifyFrozenSplits(pages: readonly LabelledPage[]): void {
  const problems = frozenSplitProblems(pages);
  for (const problem of problems) console.log(`WARNING: ${problem}`);
  if (problems.length) return;
  for (const file of readdirSync(CORPUS).filter((f) => f.endsWith('-split.sha256')).sort()) {
    console.log(`frozen list verified: ${readFileSync(join(CORPUS, file), 'utf8').trim()}`);
  }
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

/** A ~2 MB page made of the fixtures' real content, with navigation chrome and a large script. */
function bigPage(typicalHtml: string, bodies: string): string {
  const chrome = '<nav><ul>' + '<li><a href="/x">Accueil</a></li>'.repeat(40) + '</ul></nav>';
  const script = '<script>' + 'var a = 1;'.repeat(2_000) + '</script>';
  let big = `<!doctype html><html lang="fr"><head><title>${/<title>(.*?)<\/title>/.exec(typicalHtml)?.[1] ?? ''}</title>${script}</head><body>${chrome}<main>`;
  while (big.length < 2 * 1024 * 1024) big += `<section><div>${bodies}</div></section>`;
  return `${big}</main></body></html>`;
}

async function reportCost(): Promise<void> {
  const index = JSON.parse(readFileSync(join(FIXTURES, 'index.json'), 'utf8')) as { file: string; url: string }[];
  const htmlFixtures = index.filter((f) => f.file.endsWith('.html'));
  const sources = htmlFixtures.map((f) => readFileSync(join(FIXTURES, f.file), 'utf8'));
  const typicalHtml = [...sources].sort((a, b) => a.length - b.length)[Math.floor(sources.length / 2)] as string;
  const typicalUrl = htmlFixtures[sources.indexOf(typicalHtml)]?.url ?? 'https://example.org/';
  const big = bigPage(typicalHtml, sources.map((html) => /<main>([\s\S]*)<\/main>/.exec(html)?.[1] ?? '').join('\n'));
  const modelText = readFileSync(MODEL_FILE, 'utf8');
  const loadMs = timeRuns(() => loadHealthModel(JSON.parse(modelText) as HealthModelData), 20);
  console.log(`\nmodel data/health-model.json: ${(Buffer.byteLength(modelText) / 1024).toFixed(0)} KB (budget 300 KB); JSON.parse + decode once at start ${loadMs.toFixed(2)} ms (Node)`);

  const typicalDoc = parseHTML(typicalHtml).document as unknown as Document;
  const typicalMs = timeRuns(() => classifyHealth(readPageSignals(typicalDoc, typicalUrl)), 400);
  const bigDoc = parseHTML(big).document as unknown as Document;
  const bigMs = timeRuns(() => classifyHealth(readPageSignals(bigDoc, typicalUrl)), 40);
  const signals = readPageSignals(bigDoc, typicalUrl);
  const classifyOnlyMs = timeRuns(() => classifyHealth(signals), 200);
  console.log('cost in Node (median, readPageSignals + classifyHealth on a parsed linkedom document):');
  console.log(`  typical fixture (${(typicalHtml.length / 1024).toFixed(1)} KB): ${typicalMs.toFixed(3)} ms`);
  console.log(`  ~2 MB page (${(big.length / 1024 / 1024).toFixed(2)} MB): ${bigMs.toFixed(3)} ms, of which classifyHealth ${classifyOnlyMs.toFixed(3)} ms`);

  const browser = await chromium.launch({ executablePath: findBinary('CHROME_PATH', ['chromium', 'chromium-browser', 'google-chrome']), headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const bundle = await contentLogicBundle();
    const page = await browser.newPage();
    const inPage = async (html: string) => {
      await page.setContent(html, { waitUntil: 'load' });
      await page.addScriptTag({ content: bundle });
      // One call is near the page timer's 0.1 ms resolution: time batches of 20 and divide.
      return page.evaluate((url) => {
        const cost = (globalThis as unknown as { VigieContentCost: { measure(u: string): number } }).VigieContentCost;
        const batches: number[] = [];
        for (let b = 0; b < 12; b++) {
          const started = performance.now();
          for (let i = 0; i < 20; i++) cost.measure(url);
          batches.push((performance.now() - started) / 20);
        }
        return batches.slice(2).sort((x, y) => x - y)[5] as number;
      }, typicalUrl);
    };
    const typical = await inPage(typicalHtml);
    const large = await inPage(big);
    console.log('cost in Chromium (median of batches, readPageSignals + classifyHealth in a real page):');
    console.log(`  typical fixture: ${typical.toFixed(3)} ms (budget 1 ms); ~2 MB page: ${large.toFixed(3)} ms (budget 5 ms)`);
  } finally {
    await browser.close();
  }
}

export default async function (): Promise<void> {
  // The cost alone, for whoever may not see the held-out figures (they choose changes on cross-validation only).
  if (env.HEALTH_BENCH_COST_ONLY) return reportCost();
  // Every batch: the held-out sets are whatever splits the loader gives besides the training ones.
  const pages = loadCorpus(undefined, { batches: ALL_BATCHES });
  verifyFrozenSplits(pages);
  console.log('95% intervals: bootstrap over domains (1,000 rounds) for P/R/F1, Wilson for proportions');
  // Dev and the retired held-out sets are trained on (cross-validation): only the sets still held out are measured.
  const heldOut: string[] = [...new Set(pages.map((p) => p.split))].filter((split) => !isTrainingSplit(split)).sort();
  const models: [string, Classify][] = [['committed model', classifyHealth]];
  if (env.HEALTH_BENCH_BASELINE) {
    const baseline = { ...HEALTH_DATA, model: loadHealthModel(JSON.parse(readFileSync(env.HEALTH_BENCH_BASELINE, 'utf8')) as HealthModelData) };
    models.push([`baseline ${env.HEALTH_BENCH_BASELINE}`, (signals) => classifyHealthWith(baseline, signals)]);
  }
  for (const [modelName, classify] of models) {
    console.log(`\n# ${modelName}`);
    for (const split of heldOut) {
      const set = pages.filter((p) => p.split === split);
      reportQuality(classify, `${split} (batch ${[...new Set(set.map((p) => p.batch))].join(', ')})`, set, true);
    }
    if (heldOut.length > 1) reportQuality(classify, heldOut.join(' + '), pages.filter((p) => heldOut.includes(p.split)), false);
  }
  await reportCost();
}
