/**
 * The blind second labelling of the held-out sets (corpus/health/README.md, "Blind second labelling"): one line per page
 * of each set it covers, no more, each a label the definition allows, so the bench's "second reader" line compares like
 * with like.
 */
import { describe, expect, it } from 'vitest';
import { ALL_BATCHES, BLIND_RELABELLED_SPLITS, loadBlindLabels, loadCorpus } from '../../scripts/health-corpus.ts';
import { HEALTH_RULES, NOT_HEALTH_RULES } from '../../scripts/corpus-categories.ts';

describe('blind second labelling of the held-out sets', () => {
  const blind = loadBlindLabels();
  const covered = new Set<string>(BLIND_RELABELLED_SPLITS);
  const pages = loadCorpus(undefined, { batches: ALL_BATCHES }).filter((page) => covered.has(page.split));

  it('labels every page of the sets it covers once, and nothing else', () => {
    expect(pages.length).toBeGreaterThan(0);
    const expected = pages.map((page) => page.url).sort();
    expect([...blind.keys()].sort()).toEqual(expected);
  });

  it('gives each page a category of its label, a reader, a confidence and a reason', () => {
    for (const row of blind.values()) {
      const categories = row.label === 'health' ? HEALTH_RULES : NOT_HEALTH_RULES;
      expect(Object.hasOwn(categories, row.category), `${row.url}: ${row.label}/${row.category}`).toBe(true);
      if (row.label === 'health') expect(row.hard, row.url).toBe(false);
      expect(['a', 'b']).toContain(row.labeller);
      expect(['sure', 'doubtful']).toContain(row.confidence);
      expect(row.why.trim().length, row.url).toBeGreaterThan(0);
    }
  });
});
