/**
 * Appends not-health pages to corpus/health/not-health.jsonl and checks the whole file against corpus/health/FORMAT.md.
 *
 *   npx tsx scripts/corpus-add-negatives.ts [picked.jsonl ...] [--remove=URL ...]   (no argument: only check the file)
 *
 * A picked line is what was read in one search result, in short keys:
 *   {"u": url, "l": "fr"|"en", "c": category, "h"?: hard, "r"?: rule, "ti"?: title, "d"?: description,
 *    "t": excerpt text, "q"?: the query, "seen"?: "YYYY-MM-DD"}
 * The script computes the registrable domain (tldts), fills label, seen, source and the default rule of the category,
 * skips pages from the fixtures' domains, repeated urls and domains already holding 8 pages, then sorts by url and
 * validates every line. --remove=URL drops a page judged doubtful on review. It exits non-zero when the file breaks
 * the format.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { getDomain } from 'tldts';
import { NOT_HEALTH_RULES as CATEGORIES } from './corpus-categories.ts';

const CORPUS_PATH = 'corpus/health/not-health.jsonl';
const FIXTURES_PATH = 'test/fixtures/health/index.json';
const MAX_PAGES_PER_DOMAIN = 8;
const MAX_TEXT_CHARS = 2000;

const KEYS = ['url', 'domain', 'lang', 'seen', 'label', 'category', 'hard', 'rule', 'title', 'description', 'text', 'source'];

interface Page {
  url: string;
  domain: string;
  lang: 'fr' | 'en';
  seen: string;
  label: 'not-health';
  category: string;
  hard: boolean;
  rule: string;
  title: string;
  description: string;
  text: string;
  source: string;
}

interface Picked {
  u: string;
  l: 'fr' | 'en';
  c: string;
  h?: boolean;
  r?: string;
  ti?: string;
  d?: string;
  t: string;
  seen?: string;
}

const today = new Date().toISOString().slice(0, 10);

function fixtureDomains(): Set<string> {
  const fixtures = JSON.parse(readFileSync(FIXTURES_PATH, 'utf8')) as { url: string }[];
  return new Set(fixtures.map((f) => getDomain(f.url) ?? new URL(f.url).hostname));
}

/** Keeps the excerpt as found: trims surrounding whitespace and cuts at most MAX_TEXT_CHARS, on a word boundary. */
function clip(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length <= MAX_TEXT_CHARS) return trimmed;
  const cut = trimmed.slice(0, MAX_TEXT_CHARS);
  const space = cut.lastIndexOf(' ');
  return (space > MAX_TEXT_CHARS - 200 ? cut.slice(0, space) : cut).trim();
}

function toPage(p: Picked): Page {
  const rule = CATEGORIES[p.c];
  if (!rule) throw new Error(`unknown category ${p.c} for ${p.u}`);
  const seen = p.seen ?? today;
  return {
    url: p.u,
    domain: getDomain(p.u) ?? '',
    lang: p.l,
    seen,
    label: 'not-health',
    category: p.c,
    hard: p.h ?? rule[1],
    rule: p.r ?? rule[0],
    title: (p.ti ?? '').trim(),
    description: (p.d ?? '').trim(),
    text: clip(p.t),
    source: `search tool, pages corpus, result address ${p.u}, ${seen}`,
  };
}

function validate(pages: Page[], excluded: Set<string>): string[] {
  const errors: string[] = [];
  const perDomain = new Map<string, number>();
  pages.forEach((page, i) => {
    const at = `line ${i + 1} (${page.url})`;
    const keys = Object.keys(page);
    if (keys.join() !== KEYS.join()) errors.push(`${at}: keys ${keys.join()}`);
    if (!/^https?:\/\/[^\s]+$/.test(page.url)) errors.push(`${at}: url`);
    if (page.domain === '' || page.domain !== getDomain(page.url)) errors.push(`${at}: domain ${page.domain}`);
    if (excluded.has(page.domain)) errors.push(`${at}: domain ${page.domain} is in the fixtures`);
    if (page.lang !== 'fr' && page.lang !== 'en') errors.push(`${at}: lang`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(page.seen)) errors.push(`${at}: seen`);
    if (page.label !== 'not-health') errors.push(`${at}: label`);
    if (!CATEGORIES[page.category]) errors.push(`${at}: category ${page.category}`);
    if (typeof page.hard !== 'boolean') errors.push(`${at}: hard`);
    for (const field of ['rule', 'title', 'description', 'text', 'source'] as const) {
      if (typeof page[field] !== 'string') errors.push(`${at}: ${field}`);
    }
    if (page.rule.length === 0 || page.source.length === 0) errors.push(`${at}: empty rule or source`);
    if (page.text.length === 0 || page.text.length > MAX_TEXT_CHARS) errors.push(`${at}: text length ${page.text.length}`);
    const previous = pages[i - 1];
    if (previous && previous.url >= page.url) errors.push(`${at}: not sorted or repeated`);
    perDomain.set(page.domain, (perDomain.get(page.domain) ?? 0) + 1);
  });
  for (const [domain, count] of perDomain) {
    if (count > MAX_PAGES_PER_DOMAIN) errors.push(`${domain}: ${count} pages`);
  }
  return errors;
}

function main(): void {
  const excluded = fixtureDomains();
  const args = process.argv.slice(2);
  const removed = new Set(args.filter((a) => a.startsWith('--remove=')).map((a) => a.slice('--remove='.length)));
  const loaded: Page[] = existsSync(CORPUS_PATH)
    ? readFileSync(CORPUS_PATH, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Page)
    : [];
  const pages = loaded.filter((p) => !removed.has(p.url));
  for (const url of removed) {
    if (!loaded.some((p) => p.url === url)) console.error(`not in the corpus, nothing removed: ${url}`);
  }
  const urls = new Set(pages.map((p) => p.url));
  const perDomain = new Map<string, number>();
  for (const p of pages) perDomain.set(p.domain, (perDomain.get(p.domain) ?? 0) + 1);
  const skipped: string[] = [];
  for (const file of args.filter((a) => !a.startsWith('--'))) {
    const lines = readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '');
    for (const line of lines) {
      const page = toPage(JSON.parse(line) as Picked);
      const count = perDomain.get(page.domain) ?? 0;
      const why = excluded.has(page.domain)
        ? 'fixture domain'
        : urls.has(page.url)
          ? 'repeated url'
          : count >= MAX_PAGES_PER_DOMAIN
            ? 'domain full'
            : page.domain === ''
              ? 'no registrable domain'
              : '';
      if (why) {
        skipped.push(`${why}: ${page.url}`);
        continue;
      }
      pages.push(page);
      urls.add(page.url);
      perDomain.set(page.domain, count + 1);
    }
  }
  pages.sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  const errors = validate(pages, excluded);
  if (errors.length > 0) {
    console.error(errors.join('\n'));
    process.exit(1);
  }
  writeFileSync(CORPUS_PATH, pages.map((p) => JSON.stringify(p)).join('\n') + '\n');
  for (const s of skipped) console.log(`skipped ${s}`);
  const count = (key: (p: Page) => string) => {
    const m = new Map<string, number>();
    for (const p of pages) m.set(key(p), (m.get(key(p)) ?? 0) + 1);
    return [...m].sort().map(([k, v]) => `${k} ${v}`).join(', ');
  };
  console.log(`${pages.length} pages, ${perDomain.size} domains, hard ${pages.filter((p) => p.hard).length}`);
  console.log(`lang: ${count((p) => p.lang)}`);
  console.log(`category: ${count((p) => p.category)}`);
}

main();
