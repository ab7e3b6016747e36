/**
 * Adds hand-picked search results to the health corpus (by default to its third batch, corpus/health/health-3.jsonl and
 * not-health-3.jsonl; the first batch made the frozen test split and the second the frozen test-2 split, and neither
 * grows) and checks every corpus file against corpus/health/FORMAT.md.
 *
 *   npx tsx scripts/corpus-add.ts [picks.jsonl ...]     (no argument: only check the files)
 *   npx tsx scripts/corpus-add.ts --fourth [picks ...]  adds to the fourth batch (health-4.jsonl, not-health-4.jsonl)
 *                                                       instead: test-domain pages only, the held-out test-3 set
 *   npx tsx scripts/corpus-add.ts --fifth [picks ...]   adds to the fifth batch (health-5.jsonl, not-health-5.jsonl):
 *                                                       test-domain pages only, the held-out test-4 set
 *   npx tsx scripts/corpus-add.ts --sixth [picks ...]   adds to the sixth batch (health-6.jsonl, not-health-6.jsonl):
 *                                                       test-domain pages only, the held-out test-5 set
 *   npx tsx scripts/corpus-add.ts --seventh [picks ...] adds to the seventh batch (health-7.jsonl, not-health-7.jsonl):
 *                                                       test-domain pages only, the held-out test-6 set
 *   npx tsx scripts/corpus-add.ts --eighth [picks ...]  adds to the eighth batch (health-8.jsonl, not-health-8.jsonl):
 *                                                       a training batch like the third (train and dev domains only)
 *   npx tsx scripts/corpus-add.ts --ninth [picks ...]   adds to the ninth batch (health-9.jsonl, not-health-9.jsonl):
 *                                                       a training batch like the third and eighth
 *   npx tsx scripts/corpus-add.ts --tenth [picks ...]   adds to the tenth batch (health-10.jsonl, not-health-10.jsonl):
 *                                                       a training batch like the third (train and dev domains only)
 *   npx tsx scripts/corpus-add.ts --eleventh [picks ...] adds to the eleventh batch (health-11.jsonl, not-health-11.jsonl):
 *                                                       test-domain pages only, the held-out test-7 set (the same
 *                                                       collection's picks as --tenth: each flag keeps its side)
 *   npx tsx scripts/corpus-add.ts --twelfth [picks ...] adds to the twelfth batch (health-12.jsonl, not-health-12.jsonl):
 *                                                       a training batch like the tenth (train and dev domains only)
 *   npx tsx scripts/corpus-add.ts --thirteenth [picks ...] adds to the thirteenth batch (health-13.jsonl,
 *                                                       not-health-13.jsonl): test-domain pages only, the held-out test-8
 *                                                       set (the same collection's picks as --twelfth, like --eleventh)
 *   npx tsx scripts/corpus-add.ts --fourteenth [picks ...] adds to the fourteenth batch (health-14.jsonl,
 *                                                       not-health-14.jsonl): a training batch like the twelfth
 *   npx tsx scripts/corpus-add.ts --fifteenth [picks ...] adds to the fifteenth batch (health-15.jsonl,
 *                                                       not-health-15.jsonl): test-domain pages only, the held-out test-9
 *                                                       set (the same collection's picks as --fourteenth)
 *   npx tsx scripts/corpus-add.ts --sixteenth [picks ...] adds to the sixteenth batch (health-16.jsonl,
 *                                                       not-health-16.jsonl): a training batch like the fourteenth
 *   npx tsx scripts/corpus-add.ts --seventeenth [picks ...] adds to the seventeenth batch (health-17.jsonl,
 *                                                       not-health-17.jsonl): test-domain pages only, the held-out
 *                                                       test-10 set (the same collection's picks as --sixteenth)
 *
 * A pick is one JSON line, short to write while reading search results:
 *   {"u": url, "l": "fr"|"en", "c": category, "x": excerpt, "h"?: hard (not-health only), "r"?: rule,
 *    "t"?: title, "d"?: description, "s"?: seen date (YYYY-MM-DD), "q"?: corpus searched (default "pages")}
 * The category decides the label and the file; the script computes the registrable domain (tldts), the rule and the
 * hard flag from the category unless given, and the source line. It refuses picks from the fixtures' domains, picks
 * whose domain hashes to the test split (such a page would be held out, and both held-out lists are frozen), a url
 * already in any corpus file and a ninth page of a domain (counted over every file), sorts each file by url and
 * validates every line. With `--fourth`, `--fifth`, `--sixth`, `--seventh`, `--eleventh`, `--thirteenth`, `--fifteenth` or `--seventeenth` (a held-out batch) the domain rule is the opposite: only picks whose
 * domain hashes to test.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { argv } from 'node:process';
import { getDomain } from 'tldts';
import { ALL_BATCHES, BATCH_FILES, type Batch, corpusDir, TRAINING_ONLY_BATCHES } from './health-corpus.ts';
import { HEALTH_RULES, NOT_HEALTH_RULES } from './corpus-categories.ts';
import { fixtureDomains, HELD_OUT_SPLITS, splitOfDomain } from './health-split.ts';

/** The batch picks go to: the third (train and dev domains) unless a held-out batch's flag names another. */
const BATCH_FLAGS: ReadonlyMap<string, Batch> = new Map([
  ['--fourth', 4], ['--fifth', 5], ['--sixth', 6], ['--seventh', 7], ['--eighth', 8], ['--ninth', 9], ['--tenth', 10], ['--eleventh', 11],
  ['--twelfth', 12], ['--thirteenth', 13], ['--fourteenth', 14], ['--fifteenth', 15],
  ['--sixteenth', 16], ['--seventeenth', 17],
]);

const MAX_PER_DOMAIN = 8;
const MAX_TEXT = 2000;
const FIELDS = ['url', 'domain', 'lang', 'seen', 'label', 'category', 'hard', 'rule', 'title', 'description', 'text', 'source'];

export interface CorpusLine {
  url: string; domain: string; lang: 'fr' | 'en'; seen: string; label: 'health' | 'not-health';
  category: string; hard: boolean; rule: string; title: string; description: string; text: string; source: string;
}

interface Pick { u: string; l: string; c: string; x: string; h?: boolean; r?: string; t?: string; d?: string; s?: string; q?: string }

function fromPick(pick: Pick, today: string): CorpusLine {
  const url = pick.u.trim();
  const seen = pick.s ?? today;
  const health = pick.c in HEALTH_RULES;
  const [notHealthRule, notHealthHard] = NOT_HEALTH_RULES[pick.c] ?? ['', false];
  return {
    url,
    domain: getDomain(url) ?? '',
    lang: pick.l as 'fr' | 'en',
    seen,
    label: health ? 'health' : 'not-health',
    category: pick.c,
    hard: health ? false : (pick.h ?? notHealthHard),
    rule: pick.r ?? (health ? HEALTH_RULES[pick.c] : notHealthRule) ?? '',
    title: (pick.t ?? '').trim(),
    description: (pick.d ?? '').trim(),
    text: pick.x.trim().slice(0, MAX_TEXT).trim(),
    source: `search tool, ${pick.q ?? 'pages'} corpus, result address ${url}, ${seen}`,
  };
}

/** Problems with one line, in words; empty when the line fits the format. */
export function problems(line: CorpusLine, excluded: ReadonlySet<string>): string[] {
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
    if (!(line.category in NOT_HEALTH_RULES)) out.push(`not-health category ${line.category}`);
    if (typeof line.hard !== 'boolean') out.push('hard is not a boolean');
  } else out.push(`label ${line.label}`);
  if (!line.rule) out.push('no rule');
  if (typeof line.title !== 'string' || typeof line.description !== 'string') out.push('title/description not strings');
  if (!line.text || line.text.length > MAX_TEXT || line.text !== line.text.trim()) out.push('text empty, too long or untrimmed');
  if (!line.source.includes(line.url)) out.push('source does not name the url');
  return out;
}

/** The lines of one corpus file (none when it does not exist yet). */
function readLines(path: string): CorpusLine[] {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as CorpusLine) : [];
}

function main(): void {
  const dir = corpusDir();
  const target: Batch = [...BATCH_FLAGS].find(([flag]) => argv.includes(flag))?.[1] ?? 3;
  const heldOut = HELD_OUT_SPLITS.has(target);
  const isTrainingOnlyFile = (file: string) => TRAINING_ONLY_BATCHES.some((batch) => BATCH_FILES.get(batch)!.includes(file));
  const isHeldOutFile = (file: string) => [...HELD_OUT_SPLITS.keys()].some((batch) => BATCH_FILES.get(batch as Batch)!.includes(file));
  const [healthNew, notHealthNew] = BATCH_FILES.get(target)!.map((file) => join(dir, file)) as [string, string];
  const earlier = ALL_BATCHES.filter((batch) => batch !== target).flatMap((batch) => BATCH_FILES.get(batch)!).flatMap((file) => readLines(join(dir, file)));
  const added = { [healthNew]: readLines(healthNew), [notHealthNew]: readLines(notHealthNew) };
  const excluded = fixtureDomains();
  const urls = new Set([...earlier, ...added[healthNew]!, ...added[notHealthNew]!].map((l) => l.url));
  const perDomain = new Map<string, number>();
  for (const l of [...earlier, ...added[healthNew]!, ...added[notHealthNew]!]) perDomain.set(l.domain, (perDomain.get(l.domain) ?? 0) + 1);
  const today = new Date().toISOString().slice(0, 10);
  let count = 0;
  for (const pickFile of argv.slice(2).filter((arg) => !BATCH_FLAGS.has(arg))) {
    const picks = readFileSync(pickFile, 'utf8').split('\n').filter((l) => l.trim()).map((l, i) => {
      try { return JSON.parse(l) as Pick; } catch { throw new Error(`${pickFile}:${i + 1}: not JSON`); }
    });
    for (const pick of picks) {
      const line = fromPick(pick, today);
      const why = urls.has(line.url) ? 'url already in the corpus'
        : (perDomain.get(line.domain) ?? 0) >= MAX_PER_DOMAIN ? `already ${MAX_PER_DOMAIN} pages for ${line.domain}`
        : heldOut && (!line.domain || splitOfDomain(line.domain, excluded) !== 'test') ? 'its domain does not hash to the test split'
        : !heldOut && line.domain && splitOfDomain(line.domain, excluded) === 'test' ? 'its domain hashes to the test split'
        : problems(line, excluded).join('; ');
      if (why) { console.warn(`skipped ${line.url}: ${why}`); continue; }
      added[line.label === 'health' ? healthNew : notHealthNew]!.push(line);
      urls.add(line.url);
      perDomain.set(line.domain, (perDomain.get(line.domain) ?? 0) + 1);
      count++;
    }
  }
  let bad = 0;
  const seenUrls = new Set<string>();
  const domainCount = new Map<string, number>();
  const check = (file: string, lines: readonly CorpusLine[], label: string) => {
    for (const line of lines) {
      const p = problems(line, excluded);
      if (line.label !== label) p.push(`a ${line.label} page in ${file}`);
      if (seenUrls.has(line.url)) p.push('duplicate url');
      seenUrls.add(line.url);
      domainCount.set(line.domain, (domainCount.get(line.domain) ?? 0) + 1);
      if (domainCount.get(line.domain)! > MAX_PER_DOMAIN) p.push(`more than ${MAX_PER_DOMAIN} pages for ${line.domain}`);
      if (isTrainingOnlyFile(file) && splitOfDomain(line.domain, excluded) === 'test') p.push('a test-split domain in a training-only batch');
      if (isHeldOutFile(file) && splitOfDomain(line.domain, excluded) !== 'test') p.push('a train or dev domain in a held-out batch');
      if (p.length) { bad++; console.error(`${file} ${line.url}: ${p.join('; ')}`); }
    }
  };
  for (const file of ALL_BATCHES.flatMap((batch) => BATCH_FILES.get(batch)!)) {
    const path = join(dir, file);
    const lines = path in added ? added[path]!.sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0)) : readLines(path);
    check(file, lines, file.startsWith('health') ? 'health' : 'not-health');
    if (path in added && lines.length) writeFileSync(path, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  }
  const batchLines = [...added[healthNew]!, ...added[notHealthNew]!];
  const tally = (key: (l: CorpusLine) => string) => {
    const m = new Map<string, number>();
    for (const l of batchLines) m.set(key(l), (m.get(key(l)) ?? 0) + 1);
    return [...m].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
  };
  console.log(`batch ${target}: ${batchLines.length} pages (${count} added), ${new Set(batchLines.map((l) => l.domain)).size} domains; ${bad} invalid lines in all files`);
  console.log(`label: ${tally((l) => l.label)}; lang: ${tally((l) => l.lang)}; hard: ${tally((l) => String(l.hard))}`);
  console.log(`category: ${tally((l) => `${l.label === 'health' ? '+' : '-'}${l.category}`)}`);
  console.log(`split: ${tally((l) => splitOfDomain(l.domain, excluded))}; with a title: ${batchLines.filter((l) => l.title).length}`);
  if (bad) process.exitCode = 1;
}

main();
