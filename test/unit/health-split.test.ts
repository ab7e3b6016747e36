import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_BATCHES, BATCH_FILES, type Batch, corpusDir, loadCorpus, loadHeldOut, TRAINING_ONLY_BATCHES } from '../../scripts/health-corpus.ts';
import {
  fixtureDomains,
  frozenListFiles,
  frozenSplitProblems,
  frozenTestUrls,
  HELD_OUT_SPLITS,
  isTrainingSplit,
  registrableDomainOf,
  RETIRED_SPLITS,
  type Split,
  splitOfDomain,
  splitOfPage,
  TEST2_SPLIT_FILE,
  TEST_SPLIT_FILE,
  urlListOf,
} from '../../scripts/health-split.ts';
import { trainingPages } from '../../scripts/health-train.ts';

const frozen = frozenTestUrls()!;
const all = loadCorpus(undefined, { batches: ALL_BATCHES });
const frozenDomains = new Set(all.filter((p) => frozen.has(p.url)).map((p) => p.domain));

describe('test-2: the held-out pages of the second batch', () => {
  it('a test-domain page is test only when its URL is in the frozen list, test-2 otherwise; train and dev keep their split', () => {
    // example.com hashes to test (health-model.test.ts freezes that value).
    expect(splitOfDomain('example.com', new Set())).toBe('test');
    const listed = new Set(['https://example.com/a']);
    expect(splitOfPage('https://example.com/a', 'test', listed)).toBe('test');
    expect(splitOfPage('https://example.com/b', 'test', listed)).toBe('test-2');
    expect(splitOfPage('https://ameli.fr/x', 'train', listed)).toBe('train');
    expect(splitOfPage('https://example.org/x', 'dev', listed)).toBe('dev');
    // Before a test list was frozen, every test-domain page was test.
    expect(splitOfPage('https://example.com/b', 'test', null)).toBe('test');
  });

  it('leaves every first-batch page in the split it had, and the training data as it was unless asked for the second batch', () => {
    const first = loadCorpus();
    const trainOnly = fixtureDomains();
    expect(first.every((p) => p.batch === 1)).toBe(true);
    for (const page of first) expect(page.split, page.url).toBe(splitOfDomain(page.domain, trainOnly));
    expect(first.filter((p) => p.split === 'test').map((p) => p.url).sort()).toEqual([...frozen].sort());
    const firstInAll = all.filter((p) => p.batch === 1);
    expect(firstInAll.map((p) => `${p.url} ${p.split}`)).toEqual(first.map((p) => `${p.url} ${p.split}`));
  });

  it('puts every second-batch page of a test domain, frozen-list domains included, in test-2, never in test', () => {
    const trainOnly = fixtureDomains();
    const second = all.filter((p) => p.batch === 2);
    for (const page of second) {
      const domainSplit = splitOfDomain(page.domain, trainOnly);
      expect(page.split, page.url).toBe(domainSplit === 'test' ? 'test-2' : domainSplit);
      if (frozenDomains.has(page.domain)) expect(page.split, page.url).toBe('test-2');
    }
  });

  it('holds no held-out page in a training-only batch (3, 8, 9, 10, 12, 14, 16): every page of one is of a train or dev domain', () => {
    const trainOnly = fixtureDomains();
    expect(TRAINING_ONLY_BATCHES).toEqual([3, 8, 9, 10, 12, 14, 16]);
    const third = all.filter((p) => TRAINING_ONLY_BATCHES.includes(p.batch));
    expect(third.filter((p) => p.batch === 3).length).toBeGreaterThan(0);
    for (const page of third) {
      expect(splitOfDomain(page.domain, trainOnly), page.url).not.toBe('test');
      expect(['train', 'dev'], page.url).toContain(page.split);
      expect(frozenDomains.has(page.domain), page.url).toBe(false);
    }
  });

  it('keeps the frozen lists byte for byte, and notices a change to either', () => {
    expect(frozenSplitProblems(all)).toEqual([]);
    const intruder = { url: 'https://example.com/added-later', batch: 1, split: 'test' as const };
    expect(frozenSplitProblems([...all, intruder]).join()).toContain('test split: the corpus gives another list');
    const missing = all.filter((p) => p.url !== [...frozen][0]);
    expect(frozenSplitProblems(missing).join()).toContain('test split: the corpus gives another list');
    if (existsSync(TEST2_SPLIT_FILE)) {
      expect(readFileSync(TEST2_SPLIT_FILE, 'utf8').split('\n').filter(Boolean).length).toBe(all.filter((p) => p.split === 'test-2').length);
      const late = { url: 'https://example.com/added-after-freeze', batch: 2, split: 'test-2' as const };
      expect(frozenSplitProblems([...all, late]).join()).toContain('test-2 split: the corpus gives another list');
    }
  });
});

/** The URLs written in a batch's files (read directly, not through the loader under test). */
function urlsInFiles(batch: Batch): Set<string> {
  return new Set(
    BATCH_FILES.get(batch)!
      .map((file) => join(corpusDir(), file))
      .filter((path) => existsSync(path))
      .flatMap((path) => readFileSync(path, 'utf8').split('\n').filter(Boolean))
      .map((line) => (JSON.parse(line) as { url: string }).url),
  );
}

describe('held-out batches: each one a split of its own, frozen before any model saw it', () => {
  it('freezes every held-out batch that has pages', () => {
    for (const [batch, split] of HELD_OUT_SPLITS) {
      if (urlsInFiles(batch as Batch).size) expect(existsSync(frozenListFiles(split).file), split).toBe(true);
    }
    expect(splitOfPage('https://example.com/new', 'test', frozen, 5)).toBe('test-4');
    expect(splitOfPage('https://example.com/new', 'test', frozen, 6)).toBe('test-5');
    expect(splitOfPage('https://example.com/new', 'test', frozen, 7)).toBe('test-6');
    expect(splitOfPage('https://example.com/new', 'test', frozen, 11)).toBe('test-7');
    expect(splitOfPage('https://example.com/new', 'test', frozen, 13)).toBe('test-8');
    expect(splitOfPage('https://example.com/new', 'test', frozen, 15)).toBe('test-9');
    expect(splitOfPage('https://example.com/new', 'test', frozen, 17)).toBe('test-10');
    // The tenth, twelfth, fourteenth and sixteenth batches are their collections' train and dev side: training batches, never held-out splits.
    expect(HELD_OUT_SPLITS.has(10)).toBe(false);
    expect(HELD_OUT_SPLITS.has(12)).toBe(false);
    expect(HELD_OUT_SPLITS.has(14)).toBe(false);
    expect(HELD_OUT_SPLITS.has(16)).toBe(false);
  });

  describe.each([...HELD_OUT_SPLITS].filter(([, split]) => existsSync(frozenListFiles(split).file)))('batch %i, %s', (batch, split) => {
    const pages = all.filter((p) => p.batch === batch);
    const urls = urlsInFiles(batch as Batch);

    it('puts every page of the batch on a test domain and in its split, and no other page in that split', () => {
      const trainOnly = fixtureDomains();
      expect(pages.length).toBeGreaterThan(0);
      expect(pages.length).toBe(urls.size);
      for (const page of pages) {
        expect(splitOfDomain(page.domain, trainOnly), page.url).toBe('test');
        expect(page.split, page.url).toBe(split);
      }
      expect(all.filter((p) => p.split === split).every((p) => p.batch === batch)).toBe(true);
      expect(loadHeldOut(split).map((p) => p.url).sort()).toEqual([...urls].sort());
      // A page of this batch on a train or dev domain would keep its domain's split, never the held-out one.
      expect(splitOfPage('https://example.com/new', 'test', frozen, batch)).toBe(split);
      expect(splitOfPage('https://ameli.fr/new', 'train', frozen, batch)).toBe('train');
    });

    it('keeps the frozen list equal to the batch, with its committed hash, and notices a change', () => {
      const { file, hashFile } = frozenListFiles(split);
      const list = readFileSync(file, 'utf8');
      const hash = readFileSync(hashFile, 'utf8').split(/\s+/)[0];
      expect(createHash('sha256').update(list).digest('hex')).toBe(hash);
      expect(list).toBe(urlListOf(urls).list);
      const late = { url: `https://example.com/added-after-${split}-freeze`, batch, split };
      expect(frozenSplitProblems([...all, late]).join()).toContain(`${split} split: the corpus gives another list`);
    });

    it.runIf(!RETIRED_SPLITS.has(split))('gives training none of its pages: the training loader reads neither its files nor its URLs', () => {
      const { corpus, fixtures } = trainingPages();
      expect(corpus.some((p) => p.batch === batch || p.split === split)).toBe(false);
      expect([...corpus, ...fixtures].filter((p) => urls.has(p.url))).toEqual([]);
    });

    it.runIf(RETIRED_SPLITS.has(split))('once retired, is trained on, except its pages of a site still held out', () => {
      const { corpus } = trainingPages();
      const inUse = new Set(all.filter((p) => !isTrainingSplit(p.split)).map((p) => p.domain));
      const trained = new Set(corpus.filter((p) => p.split === split).map((p) => p.url));
      expect(trained.size).toBeGreaterThan(0);
      for (const page of pages) expect(trained.has(page.url), page.url).toBe(!inUse.has(page.domain));
    });
  });
});

describe('retired held-out sets', () => {
  it('are test-3, test-4 and test-5 only: test, test-2, test-6, test-7, test-8, test-9 and test-10 stay held out', () => {
    expect([...RETIRED_SPLITS].sort()).toEqual(['test-3', 'test-4', 'test-5']);
    for (const split of ['test', 'test-2', 'test-6', 'test-7', 'test-8', 'test-9', 'test-10'] as const) expect(isTrainingSplit(split as Split)).toBe(false);
    for (const split of ['test-3', 'test-4', 'test-5'] as const) expect(isTrainingSplit(split as Split)).toBe(true);
    expect(isTrainingSplit('train')).toBe(true);
    expect(isTrainingSplit('dev')).toBe(true);
  });

  it('leave no training site in any held-out set still in use, nor any of its URLs', () => {
    const { corpus, fixtures } = trainingPages();
    const inUse = all.filter((p) => !isTrainingSplit(p.split));
    expect(new Set(inUse.map((p) => p.split))).toContain('test');
    expect(new Set(inUse.map((p) => p.split))).toContain('test-2');
    expect(new Set(inUse.map((p) => p.split))).toContain('test-6');
    expect(new Set(inUse.map((p) => p.split))).toContain('test-7');
    expect(new Set(inUse.map((p) => p.split))).toContain('test-8');
    expect(new Set(inUse.map((p) => p.split))).toContain('test-9');
    expect(new Set(inUse.map((p) => p.split))).toContain('test-10');
    const trainingDomains = new Set([...corpus, ...fixtures].map((p) => p.domain));
    const trainingUrls = new Set([...corpus, ...fixtures].map((p) => p.url));
    // Read from the frozen lists themselves, not through the loader's split of each page.
    const frozenLists = [TEST_SPLIT_FILE, ...[...new Set(inUse.map((p) => p.split))].filter((split) => split !== 'test').map((split) => frozenListFiles(split as 'test-2').file)];
    for (const file of frozenLists) {
      const listed = readFileSync(file, 'utf8').split('\n').filter(Boolean);
      expect(listed.length, file).toBeGreaterThan(0);
      expect(listed.filter((url) => trainingUrls.has(url) || trainingDomains.has(registrableDomainOf(url))), file).toEqual([]);
    }
  });
});
