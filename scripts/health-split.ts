/**
 * The frozen train / dev / test split of the health corpus, by registrable domain: a domain's split is decided by a
 * keyed hash of the domain alone, so a page added later lands in its domain's split and no domain straddles two splits.
 * Pages from the domains of the old fixtures (test/fixtures/health) are always train: those pages were tuned on.
 *
 *   npx tsx scripts/health-split.ts          prints the split sizes
 *   npx tsx scripts/health-split.ts --write  writes corpus/health/test-split.txt and its SHA-256 (done once, frozen)
 *   npx tsx scripts/health-split.ts --check  verifies the committed test split against the corpus
 */
import { createHash, createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { argv, exit } from 'node:process';
import { getDomain, getHostname } from 'tldts';

export type Split = 'train' | 'dev' | 'test';

/** The key of the split hash; changing it re-deals every domain, so it never changes once the test split is frozen. */
export const SPLIT_KEY = 'vigie health split v1 2026-12-02';
/** Percent of domains in train and dev; the rest is test. */
const TRAIN_PERCENT = 60;
const DEV_PERCENT = 20;

export const ROOT = join(import.meta.dirname, '..');
export const TEST_SPLIT_FILE = join(ROOT, 'corpus', 'health', 'test-split.txt');
export const TEST_SPLIT_HASH_FILE = join(ROOT, 'corpus', 'health', 'test-split.sha256');
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
export function splitOfDomain(domain: string, trainOnly: ReadonlySet<string> = fixtureDomains()): Split {
  if (trainOnly.has(domain)) return 'train';
  const bucket = domainBucket(domain);
  if (bucket < TRAIN_PERCENT) return 'train';
  return bucket < TRAIN_PERCENT + DEV_PERCENT ? 'dev' : 'test';
}

/** The sorted test-split URLs of a corpus and the SHA-256 of that list (one URL per line, trailing newline). */
export function testSplitOf(urls: readonly string[]): { list: string; sha256: string } {
  const trainOnly = fixtureDomains();
  const test = urls.filter((url) => splitOfDomain(registrableDomainOf(url), trainOnly) === 'test');
  const list = [...new Set(test)].sort().map((u) => `${u}\n`).join('');
  return { list, sha256: createHash('sha256').update(list).digest('hex') };
}

async function main(): Promise<void> {
  const { loadCorpus } = await import('./health-corpus.ts');
  const pages = loadCorpus();
  const { list, sha256 } = testSplitOf(pages.map((p) => p.url));
  if (argv.includes('--write')) {
    writeFileSync(TEST_SPLIT_FILE, list);
    writeFileSync(TEST_SPLIT_HASH_FILE, `${sha256}  test-split.txt\n`);
    console.log(`wrote ${list.split('\n').length - 1} test URLs, sha256 ${sha256}`);
    return;
  }
  if (argv.includes('--check')) {
    const committed = readFileSync(TEST_SPLIT_FILE, 'utf8');
    const hash = readFileSync(TEST_SPLIT_HASH_FILE, 'utf8').split(/\s+/)[0];
    const ok = committed === list && hash === sha256;
    console.log(ok ? `test split unchanged (${sha256})` : 'test split differs from the committed one');
    exit(ok ? 0 : 1);
  }
  const counts = new Map<string, number>();
  for (const p of pages) counts.set(`${p.split} ${p.label ? 'health' : 'not-health'}`, (counts.get(`${p.split} ${p.label ? 'health' : 'not-health'}`) ?? 0) + 1);
  for (const [key, n] of [...counts].sort()) console.log(`${key.padEnd(22)} ${n}`);
  console.log(`test split sha256 ${sha256}`);
}

if (argv[1] && import.meta.url === pathToFileURL(resolve(argv[1])).href) void main();
