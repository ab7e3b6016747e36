import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyHealth } from '../../src/core/health.ts';
import { loadHealthModel, type HealthModelData } from '../../src/core/health-model.ts';
import { FEATURE_BITS, FEATURE_OPTIONS, pageFeatures } from '../../src/core/health-features.ts';
import { loadCorpus } from '../../scripts/health-corpus.ts';
import { domainBucket, fixtureDomains, isTrainingSplit, splitOfDomain, TEST_SPLIT_FILE, TEST_SPLIT_HASH_FILE, testSplitOf } from '../../scripts/health-split.ts';
import { calibrate, inCurveShare, MODEL_FILE, mixWeights, modelJson, powerLawReach, trainHealthModel, trainingPages, withSharedFeatures } from '../../scripts/health-train.ts';
import type { LabelledPage } from '../../scripts/health-corpus.ts';

const committed = readFileSync(MODEL_FILE, 'utf8');
const data = JSON.parse(committed) as HealthModelData;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('the committed health model', () => {
  it('loads within the 300 KB budget, with one weight per hashed feature and finite thresholds', () => {
    expect(Buffer.byteLength(committed)).toBeLessThanOrEqual(300 * 1024);
    const model = loadHealthModel(data);
    expect(model.weights.length).toBe(1 << FEATURE_BITS);
    expect(Number.isFinite(model.thresholds.page)).toBe(true);
    expect(Number.isFinite(model.thresholds.urlOnly)).toBe(true);
    expect(model.vocabulary.size).toBeGreaterThan(500);
  });

  // Twenty fits (five folds, four seeds): about 20 s of CPU; the bound leaves room for a machine shared with other work.
  it('is what `npm run health:train` makes from the committed corpus, byte for byte', { timeout: 240_000 }, () => {
    const { corpus, fixtures } = trainingPages();
    expect(corpus.length).toBeGreaterThan(1000);
    expect(corpus.every((p) => isTrainingSplit(p.split))).toBe(true);
    expect(sha256(modelJson(trainHealthModel(corpus, fixtures)))).toBe(sha256(committed));
  });

  it('classifies the same page the same way every time', () => {
    const page = loadCorpus().find((p) => p.split === 'dev' && p.label);
    expect(page).toBeDefined();
    const first = classifyHealth(page!.signals);
    for (let i = 0; i < 3; i++) expect(classifyHealth(page!.signals)).toEqual(first);
  });
});

describe('explanations', () => {
  const dev = loadCorpus().filter((p) => p.split === 'dev');

  it('name words of the page (as written there) or its address, never a bare hash', () => {
    for (const page of dev) {
      const verdict = classifyHealth(page.signals);
      for (const code of verdict.reasonCodes ?? []) {
        // A host name's reason names one of the host's own labels.
        if (code.key === 'hostName' || code.key === 'hostNameOther') {
          expect(new URL(page.url).hostname.split('.'), page.url).toContain(code.args[0]);
          continue;
        }
        if (code.key !== 'mentions' && code.key !== 'mentionsOther') continue;
        const [field, term] = code.args as [string, string];
        expect(term.length, page.url).toBeGreaterThanOrEqual(3);
        const where = (field === 'address' ? decodeURIComponent(page.url) : page.signals.text).toLowerCase();
        expect(where.normalize('NFD').replace(/\p{M}/gu, ''), `${page.url}: ${term}`).toContain(term.normalize('NFD').replace(/\p{M}/gu, ''));
      }
    }
  });

  it('give the reasons for the verdict first', () => {
    let checked = 0;
    for (const page of dev) {
      const verdict = classifyHealth(page.signals);
      const first = verdict.reasonCodes?.[0];
      if (!first || verdict.category) continue;
      checked++;
      expect(['mentions', 'schema', 'hostName'].includes(first.key), page.url).toBe(verdict.health);
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe('the corpus split', () => {
  it('is a keyed hash of the registrable domain alone: stable, and the same for every page of a domain', () => {
    expect(domainBucket('chu-lyon.fr')).toBe(domainBucket('CHU-LYON.FR'));
    // Frozen values: if these change, the rule changed and the test split is no longer the frozen one.
    expect(['ameli.fr', 'example.com', 'nhs.uk'].map(domainBucket)).toEqual([16, 99, 27]);
    expect(['ameli.fr', 'example.com', 'nhs.uk'].map((d) => splitOfDomain(d, new Set()))).toEqual(['train', 'test', 'train']);
  });

  it('deals about 60/20/20 over many domains', () => {
    const counts = { train: 0, dev: 0, test: 0 };
    for (let i = 0; i < 5_000; i++) counts[splitOfDomain(`site-${i}.example`, new Set())]++;
    expect(counts.train / 5_000).toBeCloseTo(0.6, 1);
    expect(counts.dev / 5_000).toBeCloseTo(0.2, 1);
    expect(counts.test / 5_000).toBeCloseTo(0.2, 1);
  });

  it('is frozen: the corpus test split is the committed list, whose SHA-256 is the committed one', () => {
    const list = readFileSync(TEST_SPLIT_FILE, 'utf8');
    const hash = readFileSync(TEST_SPLIT_HASH_FILE, 'utf8').split(/\s+/)[0];
    expect(sha256(list)).toBe(hash);
    const now = testSplitOf(loadCorpus().map((p) => p.url));
    // A page added to a test domain lands in the test split: re-freeze (scripts/health-split.ts --write) and say so.
    expect(now.sha256).toBe(hash);
    expect(list.split('\n').filter(Boolean).length).toBeGreaterThan(200);
  });

  it('keeps the old fixture domains in train, and no domain in two splits', () => {
    const pages = loadCorpus();
    const trainOnly = fixtureDomains();
    for (const domain of trainOnly) expect(splitOfDomain(domain, trainOnly)).toBe('train');
    const splitOf = new Map<string, string>();
    for (const page of pages) {
      expect(splitOf.get(page.domain) ?? page.split, page.url).toBe(page.split);
      splitOf.set(page.domain, page.split);
      if (trainOnly.has(page.domain)) expect(page.split, page.url).toBe('train');
    }
  });
});

describe('calibration in a stated mix of pages', () => {
  const page = (label: boolean, hard: boolean) => ({ label, hard }) as LabelledPage;

  it('weighs each group of pages to its share of the mix, pages of a group alike', () => {
    const pages = [page(true, false), page(true, false), page(true, false), page(false, true), page(false, false)];
    const weights = mixWeights(pages, { health: 0.5, hard: 0.2, easy: 0.3 });
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(pages.length);
    expect(weights[0]! * 3).toBeCloseTo(0.5 * pages.length);
    expect(weights[3]).toBeCloseTo(0.2 * pages.length);
    expect(weights[4]).toBeCloseTo(0.3 * pages.length);
    expect(mixWeights(pages, null)).toEqual([1, 1, 1, 1, 1]);
  });

  it('lowers the threshold when the negatives that score high weigh less, and counts decided pages by weight', () => {
    // Scores 5..1: health, hard negative, health, health, hard negative.
    const scored = [
      { score: 5, label: true },
      { score: 4, label: false },
      { score: 3, label: true },
      { score: 2, label: true },
      { score: 1, label: false },
    ];
    expect(calibrate(scored, 0.9)).toBe(4.5);
    const light = scored.map((s) => ({ ...s, weight: s.label ? 1 : 0.1 }));
    // With score 1 too: precision 3 / 3.2 = 0.94, so the threshold goes just below the lowest score (4 decimals).
    expect(calibrate(light, 0.9)).toBe(1);
    // A negative decided without the model (+Infinity) weighs its weight at every threshold.
    expect(calibrate([{ score: Number.POSITIVE_INFINITY, label: false, weight: 10 }, ...light], 0.9)).toBe(1e6);
  });
});

describe('the learning curve (health-train.ts --learning-curve)', () => {
  it('draws nested shares of sites: a site in a smaller share is in every larger one of the same draw', () => {
    const domains = Array.from({ length: 2000 }, (_, i) => `site-${i}.example`);
    for (const draw of [0, 1]) {
      const quarter = domains.filter((d) => inCurveShare(d, 0.25, draw));
      const half = new Set(domains.filter((d) => inCurveShare(d, 0.5, draw)));
      expect(quarter.every((d) => half.has(d))).toBe(true);
      expect(quarter.length / domains.length).toBeGreaterThan(0.21);
      expect(quarter.length / domains.length).toBeLessThan(0.29);
    }
    // Two draws are two different samples.
    expect(domains.filter((d) => inCurveShare(d, 0.25, 0) !== inCurveShare(d, 0.25, 1)).length).toBeGreaterThan(300);
  });

  it('extrapolates the power law through the points to the target, and says never for a flat curve', () => {
    // 1 - F1 = 2 / sqrt(pages): F1 0.95 at (2 / 0.05)^2 = 1,600 pages.
    const points = [100, 200, 400, 800].map((pages) => ({ pages, f1: 1 - 2 / Math.sqrt(pages) }));
    const reach = powerLawReach(points, 0.95);
    expect(reach.exponent).toBeCloseTo(-0.5, 6);
    expect(reach.pagesAtTarget).toBeCloseTo(1600, 3);
    expect(powerLawReach([100, 200, 400].map((pages) => ({ pages, f1: 0.8 })), 0.95).pagesAtTarget).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('the feature filter by number of sites (TrainConfig.minSites)', () => {
  const example = (index: number[]) => ({ features: { index, value: index.map(() => 1), owner: index.map(() => 0), owners: [] }, label: true, weight: 1 });

  it('keeps a feature met on two sites, drops one met on one site only, however many pages that site has', () => {
    const examples = [example([1, 2, 3]), example([1, 3]), example([1, 4])];
    const filtered = withSharedFeatures(examples, ['a.fr', 'a.fr', 'b.fr'], 2);
    // 1 is on a.fr and b.fr; 2 and 3 are on a.fr only (3 on two of its pages); 4 on b.fr only.
    expect(filtered.map((e) => e.features.index)).toEqual([[1], [1], [1]]);
    expect(filtered.map((e) => e.features.value)).toEqual([[1], [1], [1]]);
    expect(filtered.map((e) => e.label)).toEqual([true, true, true]);
  });

  it('changes nothing at 1 (the option off)', () => {
    const examples = [example([1, 2]), example([3])];
    expect(withSharedFeatures(examples, ['a.fr', 'b.fr'], 1)).toEqual(examples);
  });
});

describe('character grams of the host (FEATURE_OPTIONS.hostGrams)', () => {
  const signals = (url: string) => ({ url, title: '', description: '', headings: [], ogSiteName: '', ogType: '', keywords: '', text: '', lang: '', schemaTypes: [] });
  const featuresOf = (url: string) => pageFeatures(signals(url), { otherPage: false });
  const shared = (a: string, b: string) => {
    const of = new Set(featuresOf(a).index);
    return new Set(featuresOf(b).index.filter((i) => of.has(i))).size;
  };

  it('are on in the committed features, at half a field length', () => {
    expect(FEATURE_OPTIONS.hostGrams).toBe(0.5);
  });

  it('let hosts sharing a part of their name share features, and leave "www" out', () => {
    expect(featuresOf('https://www.pharmageek.fr/a')).toEqual(featuresOf('https://pharmageek.fr/a'));
    // "<pha", "phar", "harm", "arma" are shared with another pharmacists' site, not with a bakery.
    expect(shared('https://pharmageek.fr/a', 'https://pharmavie.be/a') - shared('https://pharmageek.fr/a', 'https://boulangerie.be/a')).toBeGreaterThanOrEqual(4);
  });

  it('add nothing when off', () => {
    const before = FEATURE_OPTIONS.hostGrams;
    try {
      FEATURE_OPTIONS.hostGrams = 0;
      expect(shared('https://pharmageek.fr/a', 'https://pharmavie.be/a')).toBe(shared('https://pharmageek.fr/a', 'https://boulangerie.be/a'));
    } finally {
      FEATURE_OPTIONS.hostGrams = before;
    }
  });
});
