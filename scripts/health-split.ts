/**
 * The frozen train / dev / test split of the health corpus, by registrable domain: a domain's split is decided by a
 * keyed hash of the domain alone, so a page added later lands in its domain's split and no domain straddles two splits.
 * Pages from the domains of the old fixtures (test/fixtures/health) are always train: those pages were tuned on.
 *
 * The test split is frozen as a list of URLs (test-split.txt, from the first batch of the corpus). A page of a test
 * domain that is not in that list (a later batch) belongs to a second held-out set, test-2, frozen the same way
 * (test2-split.txt) when its batch stops growing: the first test split stays byte for byte what it was. The fourth batch
 * holds only test-domain pages, collected after both lists had served to choose between models: its pages are test-3,
 * frozen in test3-split.txt before any model saw them (never read by training; measured by the bench since issue 12's
 * fourth pass). Each later held-out batch works the same way (HELD_OUT_SPLITS): the fifth batch is test-4, frozen in
 * test4-split.txt, the sixth is test-5, frozen in test5-split.txt, the seventh is test-6, frozen in test6-split.txt, and
 * the eleventh (the test-domain pages of the collection whose train and dev pages are the tenth batch) is test-7, frozen
 * in test7-split.txt, and the thirteenth (the test-domain pages of the collection whose train and dev pages are the
 * twelfth batch) is test-8, frozen in test8-split.txt, and the fifteenth (the test-domain pages of the collection whose
 * train and dev pages are the fourteenth batch) is test-9, frozen in test9-split.txt, and the seventeenth (the
 * test-domain pages of the collection whose train and dev pages are the sixteenth batch) is test-10, frozen in
 * test10-split.txt.
 *
 *   npx tsx scripts/health-split.ts               prints the split sizes
 *   npx tsx scripts/health-split.ts --write       writes corpus/health/test-split.txt and its SHA-256 (done once, frozen)
 *   npx tsx scripts/health-split.ts --write-test2 writes corpus/health/test2-split.txt and its SHA-256 (done once, frozen)
 *   npx tsx scripts/health-split.ts --write-test3 writes corpus/health/test3-split.txt and its SHA-256 (done once, frozen)
 *   npx tsx scripts/health-split.ts --write-test4 writes corpus/health/test4-split.txt and its SHA-256 (done once, frozen)
 *   npx tsx scripts/health-split.ts --write-test5 writes corpus/health/test5-split.txt and its SHA-256 (done once, frozen)
 *   npx tsx scripts/health-split.ts --write-test6 writes corpus/health/test6-split.txt and its SHA-256 (done once, frozen)
 *   npx tsx scripts/health-split.ts --write-test7 writes corpus/health/test7-split.txt and its SHA-256 (done once, frozen)
 *   npx tsx scripts/health-split.ts --write-test8 writes corpus/health/test8-split.txt and its SHA-256 (done once, frozen)
 *   npx tsx scripts/health-split.ts --write-test9 writes corpus/health/test9-split.txt and its SHA-256 (done once, frozen)
 *   npx tsx scripts/health-split.ts --write-test10 writes corpus/health/test10-split.txt and its SHA-256 (done once, frozen)
 *   npx tsx scripts/health-split.ts --check       verifies every committed frozen list against the corpus
 */
import { createHash, createHmac } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { argv, exit } from 'node:process';
import { getDomain, getHostname } from 'tldts';

/** The split of a domain. */
export type DomainSplit = 'train' | 'dev' | 'test';
/** A held-out set collected as a batch of its own, test-domain pages only (HELD_OUT_SPLITS). */
export type HeldOutSplit = 'test-3' | 'test-4' | 'test-5' | 'test-6' | 'test-7' | 'test-8' | 'test-9' | 'test-10';
/** The split of a page: its domain's, except that a test-domain page outside the frozen test list is test-2, or the
 * held-out split of its batch (HELD_OUT_SPLITS). */
export type Split = DomainSplit | 'test-2' | HeldOutSplit;

/** The key of the split hash; changing it re-deals every domain, so it never changes once the test split is frozen. */
export const SPLIT_KEY = 'vigie health split v1 2026-12-02';
/** Percent of domains in train and dev; the rest is test. */
const TRAIN_PERCENT = 60;
const DEV_PERCENT = 20;

export const ROOT = join(import.meta.dirname, '..');
export const TEST_SPLIT_FILE = join(ROOT, 'corpus', 'health', 'test-split.txt');
export const TEST_SPLIT_HASH_FILE = join(ROOT, 'corpus', 'health', 'test-split.sha256');
export const TEST2_SPLIT_FILE = join(ROOT, 'corpus', 'health', 'test2-split.txt');
export const TEST2_SPLIT_HASH_FILE = join(ROOT, 'corpus', 'health', 'test2-split.sha256');
export const TEST3_SPLIT_FILE = join(ROOT, 'corpus', 'health', 'test3-split.txt');
export const TEST3_SPLIT_HASH_FILE = join(ROOT, 'corpus', 'health', 'test3-split.sha256');
/** The corpus batches that are held-out sets of their own: each one's test-domain pages form its split. */
export const HELD_OUT_SPLITS: ReadonlyMap<number, HeldOutSplit> = new Map([
  [4, 'test-3'],
  [5, 'test-4'],
  [6, 'test-5'],
  [7, 'test-6'],
  [11, 'test-7'],
  [13, 'test-8'],
  [15, 'test-9'],
  [17, 'test-10'],
]);
/**
 * Held-out sets that have served as judges and are trained on since (test-3 and test-4 from issue 12's fifth pass, test-5
 * from 2026-12-03 after two measurements): their pages keep their
 * split's name (their frozen lists are still checked) but count as training pages, and the bench no longer measures
 * them. Their domains are test-bucket domains outside every frozen list still in use (test, test-2 and any later
 * held-out set; test/unit/health-split.test.ts checks it).
 */
export const RETIRED_SPLITS: ReadonlySet<HeldOutSplit> = new Set(['test-3', 'test-4', 'test-5']);
/** A page trained and tuned on: train, dev, or a retired held-out set. */
export function isTrainingSplit(split: Split): boolean {
  return split === 'train' || split === 'dev' || RETIRED_SPLITS.has(split as HeldOutSplit);
}
/** The frozen URL list of a later split and its hash file: corpus/health/test<N>-split.txt and .sha256. */
export function frozenListFiles(split: 'test-2' | HeldOutSplit): { file: string; hashFile: string } {
  const base = join(ROOT, 'corpus', 'health', `${split.replace('-', '')}-split`);
  return { file: `${base}.txt`, hashFile: `${base}.sha256` };
}
/** The later splits, each frozen in its own list once its batch stops growing. */
const LATER_SPLITS: readonly ('test-2' | HeldOutSplit)[] = ['test-2', ...HELD_OUT_SPLITS.values()];
const FIXTURE_INDEX = join(ROOT, 'test', 'fixtures', 'health', 'index.json');

/** The registrable domain of a URL (Public Suffix List), else its host name, else ''. */
export function registrableDomainOf(url: string): string {
  return (getDomain(url) ?? getHostname(url) ?? '').toLowerCase();
}

/** A bucket 0..99 for a domain from HMAC-SHA256(SPLIT_KEY, domain). */
export function domainBucket(domain: string): number {
  const digest = createHmac('sha256', SPLIT_KEY).update(domain.toLowerCase()).digest();
  return digest.readUInt32BE(0) % 100;
}

/** The registrable domains of the old fixture pages (tuned on by hand: train only). */
export function fixtureDomains(): ReadonlySet<string> {
  const index = JSON.parse(readFileSync(FIXTURE_INDEX, 'utf8')) as { url: string }[];
  return new Set(index.map((f) => registrableDomainOf(f.url)).filter(Boolean));
}

/** The split of a page's registrable domain. */
export function splitOfDomain(domain: string, trainOnly: ReadonlySet<string> = fixtureDomains()): DomainSplit {
  if (trainOnly.has(domain)) return 'train';
  const bucket = domainBucket(domain);
  if (bucket < TRAIN_PERCENT) return 'train';
  return bucket < TRAIN_PERCENT + DEV_PERCENT ? 'dev' : 'test';
}

/** The URLs of the frozen test split (test-split.txt), or null before it was frozen. */
export function frozenTestUrls(file: string = TEST_SPLIT_FILE): ReadonlySet<string> | null {
  return existsSync(file) ? new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean)) : null;
}

/**
 * The split of one page: its domain's split, except that a page of a test domain is `test` only when its URL is in the
 * frozen test list (all test pages, before the list was frozen), its batch's held-out split when its batch is one
 * (`test-3` to `test-10`) and `test-2` otherwise.
 */
export function splitOfPage(url: string, domainSplit: DomainSplit, frozenTest: ReadonlySet<string> | null, batch = 1): Split {
  const heldOut = HELD_OUT_SPLITS.get(batch);
  if (domainSplit === 'test' && heldOut) return heldOut;
  if (domainSplit !== 'test' || frozenTest === null || frozenTest.has(url)) return domainSplit;
  return 'test-2';
}

/** A URL list as the split files hold it (sorted, unique, one per line, trailing newline) and its SHA-256. */
export function urlListOf(urls: Iterable<string>): { list: string; sha256: string } {
  const list = [...new Set(urls)].sort().map((u) => `${u}\n`).join('');
  return { list, sha256: createHash('sha256').update(list).digest('hex') };
}

/** The sorted test-split URLs of a corpus (the first batch: the frozen list was made from it) and their SHA-256. */
export function testSplitOf(urls: readonly string[]): { list: string; sha256: string } {
  const trainOnly = fixtureDomains();
  return urlListOf(urls.filter((url) => splitOfDomain(registrableDomainOf(url), trainOnly) === 'test'));
}

/** What `--check` verifies, for the bench and the tests too: each frozen list against the corpus, in words. */
export function frozenSplitProblems(pages: readonly { url: string; batch: number; split: Split }[]): string[] {
  const problems: string[] = [];
  const verify = (name: string, file: string, hashFile: string, now: { list: string; sha256: string }) => {
    const committed = readFileSync(file, 'utf8');
    const hash = readFileSync(hashFile, 'utf8').split(/\s+/)[0];
    if (createHash('sha256').update(committed).digest('hex') !== hash) problems.push(`${name}: the list does not match its committed SHA-256`);
    if (committed !== now.list) problems.push(`${name}: the corpus gives another list (sha256 ${now.sha256}, committed ${hash})`);
  };
  verify('test split', TEST_SPLIT_FILE, TEST_SPLIT_HASH_FILE, testSplitOf(pages.filter((p) => p.batch === 1).map((p) => p.url)));
  for (const split of LATER_SPLITS) {
    const { file, hashFile } = frozenListFiles(split);
    if (existsSync(file)) verify(`${split} split`, file, hashFile, urlListOf(pages.filter((p) => p.split === split).map((p) => p.url)));
  }
  return problems;
}

/** Writes a frozen list and its hash file, once: a frozen list is never rewritten. */
function freeze(file: string, hashFile: string, { list, sha256 }: { list: string; sha256: string }): void {
  if (existsSync(file)) {
    console.error(`${file} exists: a frozen split is never rewritten`);
    exit(1);
  }
  writeFileSync(file, list);
  writeFileSync(hashFile, `${sha256}  ${basename(file)}\n`);
  console.log(`wrote ${list.split('\n').length - 1} URLs to ${basename(file)}, sha256 ${sha256}`);
}

async function main(): Promise<void> {
  const { ALL_BATCHES, loadCorpus } = await import('./health-corpus.ts');
  const pages = loadCorpus(undefined, { batches: ALL_BATCHES });
  if (argv.includes('--write')) return freeze(TEST_SPLIT_FILE, TEST_SPLIT_HASH_FILE, testSplitOf(pages.filter((p) => p.batch === 1).map((p) => p.url)));
  const toWrite = LATER_SPLITS.find((split) => argv.includes(`--write-${split.replace('-', '')}`));
  if (toWrite) {
    const { file, hashFile } = frozenListFiles(toWrite);
    return freeze(file, hashFile, urlListOf(pages.filter((p) => p.split === toWrite).map((p) => p.url)));
  }
  if (argv.includes('--check')) {
    const problems = frozenSplitProblems(pages);
    for (const problem of problems) console.log(problem);
    const state = (name: string, file: string, hashFile: string) =>
      existsSync(file) ? `${name} split unchanged (${readFileSync(hashFile, 'utf8').split(/\s+/)[0]})` : `${name} not frozen yet`;
    const later = LATER_SPLITS.map((split) => {
      const { file, hashFile } = frozenListFiles(split);
      return state(split, file, hashFile);
    });
    if (!problems.length) console.log([state('test', TEST_SPLIT_FILE, TEST_SPLIT_HASH_FILE), ...later].join(', '));
    exit(problems.length ? 1 : 0);
  }
  const counts = new Map<string, number>();
  for (const p of pages) {
    const key = `batch ${p.batch} ${p.split} ${p.label ? 'health' : 'not-health'}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const [key, n] of [...counts].sort()) console.log(`${key.padEnd(30)} ${n}`);
}

if (argv[1] && import.meta.url === pathToFileURL(resolve(argv[1])).href) void main();
