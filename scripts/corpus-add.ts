/**
 * Adds hand-picked search results to the health corpus and checks the whole file against CORPUS-FORMAT.md.
 *
 *   tsx scripts/corpus-add.ts corpus/health/health.jsonl [picks.jsonl ...]
 *
 * A pick is one JSON line, short to write while reading search results:
 *   {"u": url, "l": "fr"|"en", "c": category, "t": title, "x": excerpt, "r"?: rule, "d"?: description,
 *    "s"?: seen date (YYYY-MM-DD), "q"?: corpus searched (default "pages")}
 * The script computes the registrable domain (tldts), the rule from the category unless given, and the source line;
 * it refuses picks from the fixtures' domains, keeps at most 8 pages per domain and the first pick of a url, sorts by
 * url, validates every line, and rewrites the file. With no picks it only validates.
 */
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { getDomain } from 'tldts';

const HEALTH_RULES: Record<string, string> = {
  agency: 'site of a health authority',
  hospital: 'site of a health provider (hospital)',
  clinic: 'site of a health provider (clinic)',
  practice: 'site of a health provider (practice)',
  laboratory: 'site of a health provider (laboratory)',
  pharmacy: 'site of a health provider (pharmacy)',
  'optician-hearing': 'site of a health provider (optician, hearing care)',
  'health-cover': 'health-insurance cover and claims',
  'patient-association': 'site of a patient association',
  'medical-information': 'medical publisher, medical advice',
  'trade-press': 'medical trade press',
  'booking-telehealth': 'use of medical care (booking, records, teleconsultation, results)',
  'mental-health': 'mental-health care or helpline',
  'public-health-topic': 'government page about a health topic',
  'patient-guidance': 'practical patient guidance',
};
const NOT_HEALTH = [
  'health-news', 'health-tech', 'parliament', 'veterinary', 'fitness', 'spa-wellness', 'yoga', 'cbd',
  'sports-nutrition', 'beauty', 'recipes-diet', 'insurance-other', 'finance', 'shopping', 'travel', 'education',
  'software', 'general-news', 'other',
];
const MAX_PER_DOMAIN = 8;
const MAX_TEXT = 2000;
const FIELDS = ['url', 'domain', 'lang', 'seen', 'label', 'category', 'hard', 'rule', 'title', 'description', 'text', 'source'];

export interface CorpusLine {
  url: string; domain: string; lang: 'fr' | 'en'; seen: string; label: 'health' | 'not-health';
  category: string; hard: boolean; rule: string; title: string; description: string; text: string; source: string;
}

interface Pick { u: string; l: string; c: string; t?: string; x: string; r?: string; d?: string; s?: string; q?: string }

const today = new Date().toISOString().slice(0, 10);

function fixtureDomains(): Set<string> {
  const index = JSON.parse(readFileSync('test/fixtures/health/index.json', 'utf8')) as { url: string }[];
  return new Set(index.map((page) => getDomain(page.url)).filter((d): d is string => !!d));
}

function fromPick(pick: Pick): CorpusLine {
  const seen = pick.s ?? today;
  return {
    url: pick.u.trim(),
    domain: getDomain(pick.u.trim()) ?? '',
    lang: pick.l as 'fr' | 'en',
    seen,
    label: 'health',
    category: pick.c,
    hard: false,
    rule: pick.r ?? HEALTH_RULES[pick.c] ?? '',
    title: (pick.t ?? '').trim(),
    description: (pick.d ?? '').trim(),
    text: pick.x.trim().slice(0, MAX_TEXT).trim(),
    source: `search tool, ${pick.q ?? 'pages'} corpus, result address ${pick.u.trim()}, ${seen}`,
  };
}

/** Problems with one line, in words; empty when the line fits the format. */
export function problems(line: CorpusLine, excluded: Set<string>): string[] {
  const out: string[] = [];
  const keys = Object.keys(line);
  if (keys.join() !== FIELDS.join()) out.push(`fields ${keys.join()} (want ${FIELDS.join()})`);
  if (!/^https?:\/\/[^\s]+$/.test(line.url)) out.push('url is not http(s)');
  if (!line.domain || getDomain(line.url) !== line.domain) out.push(`domain ${line.domain} != tldts ${getDomain(line.url)}`);
  if (excluded.has(line.domain)) out.push(`domain ${line.domain} is in the fixtures`);
  if (line.lang !== 'fr' && line.lang !== 'en') out.push(`lang ${line.lang}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(line.seen)) out.push(`seen ${line.seen}`);
  if (line.label === 'health') {
    if (!(line.category in HEALTH_RULES)) out.push(`health category ${line.category}`);
    if (line.hard !== false) out.push('health pages are hard: false');
  } else if (line.label === 'not-health') {
    if (!NOT_HEALTH.includes(line.category)) out.push(`not-health category ${line.category}`);
    if (typeof line.hard !== 'boolean') out.push('hard is not a boolean');
  } else out.push(`label ${line.label}`);
  if (!line.rule) out.push('no rule');
  if (typeof line.title !== 'string' || typeof line.description !== 'string') out.push('title/description not strings');
  if (!line.text || line.text.length > MAX_TEXT || line.text !== line.text.trim()) out.push('text empty, too long or untrimmed');
  if (!line.source.includes(line.url)) out.push('source does not name the url');
  return out;
}

function main(): void {
  const [file, ...pickFiles] = process.argv.slice(2);
  if (!file) throw new Error('usage: tsx scripts/corpus-add.ts corpus/health/health.jsonl [picks.jsonl ...]');
  const excluded = fixtureDomains();
  const lines: CorpusLine[] = existsSync(file)
    ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as CorpusLine)
    : [];
  const urls = new Set(lines.map((l) => l.url));
  const perDomain = new Map<string, number>();
  for (const l of lines) perDomain.set(l.domain, (perDomain.get(l.domain) ?? 0) + 1);
  let added = 0;
  for (const pickFile of pickFiles) {
    const picks = readFileSync(pickFile, 'utf8').split('\n').filter((l) => l.trim()).map((l, i) => {
      try { return JSON.parse(l) as Pick; } catch { throw new Error(`${pickFile}:${i + 1}: not JSON`); }
    });
    for (const pick of picks) {
      const line = fromPick(pick);
      const why = urls.has(line.url) ? 'duplicate url'
        : excluded.has(line.domain) ? 'fixture domain'
        : (perDomain.get(line.domain) ?? 0) >= MAX_PER_DOMAIN ? `over ${MAX_PER_DOMAIN} pages for ${line.domain}`
        : problems(line, excluded).join('; ');
      if (why) { console.warn(`skipped ${line.url}: ${why}`); continue; }
      lines.push(line);
      urls.add(line.url);
      perDomain.set(line.domain, (perDomain.get(line.domain) ?? 0) + 1);
      added++;
    }
  }
  lines.sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  let bad = 0;
  const seenUrls = new Set<string>();
  const domainCount = new Map<string, number>();
  for (const line of lines) {
    const p = problems(line, excluded);
    if (seenUrls.has(line.url)) p.push('duplicate url');
    seenUrls.add(line.url);
    domainCount.set(line.domain, (domainCount.get(line.domain) ?? 0) + 1);
    if (domainCount.get(line.domain)! > MAX_PER_DOMAIN) p.push(`more than ${MAX_PER_DOMAIN} pages for ${line.domain}`);
    if (p.length) { bad++; console.error(`${line.url}: ${p.join('; ')}`); }
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + (lines.length ? '\n' : ''));
  const count = (key: (l: CorpusLine) => string) => {
    const m = new Map<string, number>();
    for (const l of lines) m.set(key(l), (m.get(key(l)) ?? 0) + 1);
    return [...m].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
  };
  console.log(`${lines.length} pages (${added} added), ${domainCount.size} domains, ${bad} invalid`);
  console.log(`lang: ${count((l) => l.lang)}`);
  console.log(`category: ${count((l) => l.category)}`);
  if (bad) process.exitCode = 1;
}

main();
