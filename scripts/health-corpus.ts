/**
 * The labelled health pages, as the training script and the bench read them: the corpus (corpus/health/*.jsonl, see
 * corpus/health/README.md) and the old fixtures (test/fixtures/health, train only), each with its page signals and
 * its split (scripts/health-split.ts).
 *
 * The corpus comes in batches (BATCH_FILES), each read only when asked for by number (`batches`, or
 * `loadHeldOut('test-4')`): the first made the frozen test split, the second the frozen test-2 split, the third holds
 * train and dev domains only, the fourth to seventh are the held-out sets test-3 to test-6, and the eighth and ninth hold
 * train and dev domains only (collected 2026-12-03), and the tenth and eleventh are one collection split by domain
 * (10: train and dev pages; 11: the held-out set test-7), and so are the twelfth and thirteenth (12: train and dev
 * pages; 13: the held-out set test-8), and the fourteenth and fifteenth (14: train and dev pages; 15: the held-out set
 * test-9), and the sixteenth and seventeenth (16: train and dev pages; 17: the held-out set test-10). Training reads
 * TRAINING_BATCHES, never a held-out batch; a batch joins the training data only when the model is retrained on it, so
 * that the committed model stays what `npm run health:train` makes from what it reads
 * (test/unit/health-model.test.ts checks that).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { env } from 'node:process';
import { signalsFromInput } from '../src/cli/html-signals.ts';
import { emptyPageSignals } from '../src/core/page-signals.ts';
import type { PageSignals } from '../src/core/types.ts';
import {
  fixtureDomains,
  frozenTestUrls,
  HELD_OUT_SPLITS,
  type HeldOutSplit,
  registrableDomainOf,
  ROOT,
  splitOfDomain,
  splitOfPage,
  type Split,
} from './health-split.ts';

/** One labelled page. */
export interface LabelledPage {
  url: string;
  domain: string;
  lang: string;
  label: boolean;
  category: string;
  hard: boolean;
  origin: 'corpus' | 'fixture';
  /** Corpus batch (BATCH_FILES); fixtures are 1. */
  batch: Batch;
  split: Split;
  signals: PageSignals;
}

/** One line of corpus/health/*.jsonl (corpus/health/FORMAT.md). */
interface CorpusLine {
  url: string;
  lang: string;
  label: 'health' | 'not-health';
  category: string;
  hard: boolean;
  title: string;
  description: string;
  text: string;
}

/** A corpus batch number. */
export type Batch = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15 | 16 | 17;
/**
 * The files of each batch, in reading order: 1 made the frozen test split and 2 the frozen test-2 split; 3 holds train
 * and dev domains only; 4 to 7 hold test domains only, the held-out sets test-3 to test-6 (HELD_OUT_SPLITS), never
 * trained or tuned on while held out; 8 and 9 (2026-12-03) hold train and dev domains only, like 3. 10 and 11 are one
 * collection (2026-12-03) split by domain: 10 its train and dev pages (a training batch like 3), 11 its test-domain pages,
 * the held-out set test-7. 12 and 13 are a later collection of the same day split the same way: 12 a training batch,
 * 13 the held-out set test-8. 14 and 15 are a third collection of that day split the same way: 14 a training batch,
 * 15 the held-out set test-9. 16 and 17 are a fourth collection of that day split the same way: 16 a training batch,
 * 17 the held-out set test-10.
 */
export const BATCH_FILES: ReadonlyMap<Batch, readonly string[]> = new Map<Batch, readonly string[]>([
  [1, ['health.jsonl', 'not-health.jsonl']],
  [2, ['health-2.jsonl', 'not-health-2.jsonl']],
  [3, ['health-3.jsonl', 'not-health-3.jsonl']],
  [4, ['health-4.jsonl', 'not-health-4.jsonl']],
  [5, ['health-5.jsonl', 'not-health-5.jsonl']],
  [6, ['health-6.jsonl', 'not-health-6.jsonl']],
  [7, ['health-7.jsonl', 'not-health-7.jsonl']],
  [8, ['health-8.jsonl', 'not-health-8.jsonl']],
  [9, ['health-9.jsonl', 'not-health-9.jsonl']],
  [10, ['health-10.jsonl', 'not-health-10.jsonl']],
  [11, ['health-11.jsonl', 'not-health-11.jsonl']],
  [12, ['health-12.jsonl', 'not-health-12.jsonl']],
  [13, ['health-13.jsonl', 'not-health-13.jsonl']],
  [14, ['health-14.jsonl', 'not-health-14.jsonl']],
  [15, ['health-15.jsonl', 'not-health-15.jsonl']],
  [16, ['health-16.jsonl', 'not-health-16.jsonl']],
  [17, ['health-17.jsonl', 'not-health-17.jsonl']],
]);
/** The batches collected for training only, after the held-out lists were frozen: train and dev domains only (3, 8, 9, 10, 12, 14, 16). */
export const TRAINING_ONLY_BATCHES: readonly Batch[] = [3, 8, 9, 10, 12, 14, 16];
/**
 * The batches training reads (their train and dev splits, and the retired held-out sets test-3, test-4 and test-5:
 * RETIRED_SPLITS); never a held-out batch still in use (batch 7, test-6; batch 11, test-7; batch 13, test-8; batch 15, test-9; batch 17, test-10).
 */
export const TRAINING_BATCHES: readonly Batch[] = [1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 14, 16];
export const ALL_BATCHES: readonly Batch[] = [...BATCH_FILES.keys()];
const FIXTURES = join(ROOT, 'test', 'fixtures', 'health');

/** The corpus directory: corpus/health, or HEALTH_CORPUS_DIR (to try a corpus not yet merged). */
export function corpusDir(): string {
  return env.HEALTH_CORPUS_DIR ?? join(ROOT, 'corpus', 'health');
}

/** Which batches loadCorpus reads (e.g. [5] for test-4 alone); the first alone by default. */
export interface CorpusOptions {
  batches?: readonly Batch[];
}

/**
 * Corpus pages (no fixtures), in file order, of the batches asked for (CorpusOptions); a URL seen twice keeps its first
 * line.
 */
export function loadCorpus(dir: string = corpusDir(), { batches = [1] }: CorpusOptions = {}): LabelledPage[] {
  const trainOnly = fixtureDomains();
  const frozenTest = frozenTestUrls();
  const pages: LabelledPage[] = [];
  const seen = new Set<string>();
  const wanted = new Set<Batch>(batches);
  const files = ALL_BATCHES.filter((batch) => wanted.has(batch)).flatMap((batch) => BATCH_FILES.get(batch)!.map((file) => ({ file, batch })));
  for (const { file, batch } of files) {
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as CorpusLine;
      if (seen.has(row.url)) continue;
      seen.add(row.url);
      const domain = registrableDomainOf(row.url);
      pages.push({
        url: row.url,
        domain,
        lang: row.lang,
        label: row.label === 'health',
        category: row.category,
        hard: row.hard === true,
        origin: 'corpus',
        batch,
        split: splitOfPage(row.url, splitOfDomain(domain, trainOnly), frozenTest, batch),
        signals: {
          ...emptyPageSignals(row.url),
          lang: row.lang,
          title: row.title ?? '',
          description: row.description ?? '',
          text: stripDateLine(row.text ?? ''),
        },
      });
    }
  }
  return pages;
}

/** The pages of one held-out set (test-3 to test-6), read from its batch alone: what the bench measures it on. */
export function loadHeldOut(split: HeldOutSplit, dir: string = corpusDir()): LabelledPage[] {
  const batch = [...HELD_OUT_SPLITS].find(([, name]) => name === split)![0] as Batch;
  return loadCorpus(dir, { batches: [batch] }).filter((p) => p.split === split);
}

/**
 * Drops the "date 2019-04" line the stored pages corpus puts before some excerpts: it is the store's metadata, not page
 * text, more frequent on news (not health) than on health pages, and no browser would give it.
 */
export function stripDateLine(text: string): string {
  return text.replace(/^date \d{4}-\d{2}(-\d{2})?\s+/, '');
}

/** The old fixture pages (HTML or text excerpts read as the CLI reads them); always train. */
export function loadFixtures(): LabelledPage[] {
  const index = JSON.parse(readFileSync(join(FIXTURES, 'index.json'), 'utf8')) as {
    file: string;
    url: string;
    label: boolean;
    category: string;
    hard: boolean;
  }[];
  return index.map((f) => {
    const signals = signalsFromInput(readFileSync(join(FIXTURES, f.file)), f.url).signals;
    return {
      url: f.url,
      domain: registrableDomainOf(f.url),
      lang: signals.lang.slice(0, 2) || (f.file.startsWith('en-') || f.file.startsWith('us-') ? 'en' : 'fr'),
      label: f.label,
      category: f.category,
      hard: f.hard,
      origin: 'fixture' as const,
      batch: 1 as const,
      split: 'train' as const,
      signals,
    };
  });
}

/** What the browser gives before a client-rendered page has its text: title, URL and 200 characters of text. */
export function degradedSignals(signals: PageSignals): PageSignals {
  return { ...emptyPageSignals(signals.url), lang: signals.lang, title: signals.title, text: signals.text.slice(0, 200) };
}

/**
 * A title and the URL, nothing else: the page's title when it has one, else the first line of its text (up to 100
 * characters, cut at a word), which in the corpus excerpts is usually the page's heading.
 */
export function titleOnlySignals(signals: PageSignals): PageSignals {
  return { ...emptyPageSignals(signals.url), lang: signals.lang, title: titleOrFirstLine(signals) };
}

/** The page's title, else the first line of its text (up to 100 characters, cut at a word). */
export function titleOrFirstLine(signals: PageSignals): string {
  if (signals.title) return signals.title;
  const firstLine = signals.text.trim().split('\n')[0]?.trim() ?? '';
  return firstLine.length <= 100 ? firstLine : firstLine.slice(0, 100).replace(/\s+\S*$/, '');
}

/** The URL alone (the content script ran before the page had any text). */
export function urlOnlySignals(signals: PageSignals): PageSignals {
  return emptyPageSignals(signals.url);
}

/** The file of the blind second labelling of the held-out sets (corpus/health/README.md, "Blind second labelling"). */
export const BLIND_RELABEL_FILE = join(ROOT, 'corpus', 'health', 'blind-relabel-2026-12-03.jsonl');
/** The held-out sets that file covers, every page of each once: the sets in use on 2026-12-03. */
export const BLIND_RELABELLED_SPLITS: readonly Split[] = ['test', 'test-2', 'test-6', 'test-7', 'test-8', 'test-9'];

/** One line of the blind second labelling: a second reader's label for a held-out page, from the same inputs. */
export interface BlindLabel {
  url: string;
  /** Which of the two readers (each labelled one half of the pages, in a keyed random order). */
  labeller: 'a' | 'b';
  label: 'health' | 'not-health';
  category: string;
  hard: boolean;
  /** "doubtful" when the reader judged that a careful reader could go either way. */
  confidence: 'sure' | 'doubtful';
  why: string;
}

/** The blind second labels by URL (empty when the file is absent). */
export function loadBlindLabels(file: string = BLIND_RELABEL_FILE): ReadonlyMap<string, BlindLabel> {
  if (!existsSync(file)) return new Map();
  const lines = readFileSync(file, 'utf8').split('\n').filter((line) => line.trim());
  return new Map(lines.map((line) => JSON.parse(line) as BlindLabel).map((row) => [row.url, row]));
}
