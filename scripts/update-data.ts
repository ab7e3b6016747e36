/**
 * `npm run data:update`: downloads the providers' current published lists (data/ranges/sources.json) and shows how
 * they differ from the committed snapshots (`--write` replaces the snapshots and their pins), then fetches newer routing
 * data than the pinned npm package and rebuilds the ASN table from it, then downloads IPtoASN's IPv6 table and shows
 * how the IPv6 announcement layer cut from it differs from the committed snapshot's (data/announcements/; `--write`
 * replaces the snapshot and its pin). `--ranges-only` / `--routing-only` / `--announcements-only` do one part.
 * `--iptoasn-v6-url <url or file>` reads another copy of IPtoASN's table (a file without a date in its gzip header
 * needs `--iptoasn-date YYYY-MM-DD`).
 *
 * `--ris` builds the layer from RIPE RIS's RISwhois IPv6 dump instead, into generated/announcements/ (git-ignored: its
 * terms do not let us commit it; it replaces the committed layer in builds until that folder is deleted).
 * `--ris-v6-url <url or file>` reads another dump in the same format (with `--ris-date YYYY-MM-DD` for a file);
 * `--ris-min-peers <n>` changes the peer threshold (MIN_RIS_PEERS).
 *
 * Default routing source: the latest GitHub release of sapics/ip-location-db (its README says npm updates stopped and
 * points there), assets `asn-ipv4-num.csv` and `asn-ipv6-num.csv` (plain or .gz). Any other source with the same four
 * columns plugs in: `--v4-url <url> --v6-url <url> --source "<what>" --date YYYY-MM-DD`.
 *
 * Offline (or on any failure) it exits non-zero with a clear message and the failing part changes nothing: files are
 * downloaded to a temporary folder, compiled and checked there, and only then moved into place.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  ASN_DATA_LICENCE,
  ASN_TABLE_PATH,
  UPDATED_SOURCE_DIR,
  buildAsnTableFile,
  compileAsnTable,
  type AsnSourceMeta,
} from './build-asn-table.ts';
import {
  ANNOUNCEMENTS_DIR,
  ANNOUNCEMENTS_FILE,
  ANNOUNCEMENTS_MANIFEST,
  catalogAsns,
  COMMITTED_ANNOUNCEMENTS_DIR,
  cutToCatalog,
  gzipDate,
  IPTOASN_LAYER_ID,
  IPTOASN_V6_URL,
  layerText,
  MIN_RIS_PEERS,
  originRows,
  parseIpToAsn,
  parseRisWhois,
  readIpToAsnSnapshot,
  RIS_LAYER_ID,
  RIS_V6_URL,
  type AnnouncedRow,
  type AnnouncementLayerMeta,
  type IpToAsnSnapshot,
} from './announcements.ts';
import { publishedRows, RANGES_DIR, RANGES_SOURCES, readRangeLists, readSnapshot, type RangeList } from './published-ranges.ts';

const RELEASES_API = 'https://api.github.com/repos/sapics/ip-location-db/releases/latest';
const ASSETS = { v4: 'asn-ipv4-num.csv', v6: 'asn-ipv6-num.csv' } as const;
const TIMEOUT_MS = 60_000;
/** A download that compiles to fewer rows than this is truncated or not the data we expect. */
const MIN_ROWS = { v4: 100_000, v6: 10_000 };
/**
 * A RISwhois IPv6 dump with fewer usable (origin, prefix) pairs than this is truncated or not the dump (the IPv6
 * table holds some 200,000 prefixes), and a cut with fewer rows than MIN_LAYER_ROWS lost the catalog's networks
 * (Tencent's AS45090 alone announces hundreds of IPv6 prefixes). Over MAX_MALFORMED of the lines unreadable: a changed
 * format, refused.
 */
const MIN_DUMP_PAIRS = 50_000;
const MIN_LAYER_ROWS = 1_000;
const MAX_MALFORMED = 0.001;
/** IPtoASN's licence, as iptoasn.com states it (docs/data.md, "The IPv6 announcement layer"). */
const IPTOASN_LICENCE =
  'Public Domain Dedication and License (PDDL) 1.0, as IPtoASN (https://iptoasn.com) publishes its tables; attribution not required, given in docs/data.md.';
/** What is known of the terms the dump comes under (docs/data.md, "The IPv6 announcement layer"). */
const RIS_TERMS =
  'RIPE NCC RIS data (https://ris.ripe.net/docs/ris-whois); no open licence stated. Use under the RIPE NCC Website and Publicly Available ' +
  'RIPE NCC Services Terms of Service; a derivative provided to third parties falls under the RIS Commercial Use Terms and Conditions ' +
  '(a revocable permission with acknowledgement: RIPE NCC logo, link, boilerplate). Not committed: generated/ only.';

interface Download {
  v4Url: string;
  v6Url: string;
  meta: AsnSourceMeta;
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { 'user-agent': 'vigie-data-update' } });
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return url.endsWith('.gz') ? gunzipSync(bytes) : bytes;
}

/** Finds the CSV assets of the latest ip-location-db release. */
async function latestRelease(): Promise<Download> {
  const release = JSON.parse(new TextDecoder().decode(await fetchBytes(RELEASES_API))) as {
    tag_name?: string;
    published_at?: string;
    assets?: Array<{ name: string; browser_download_url: string }>;
  };
  const assets = release.assets ?? [];
  const find = (name: string): string => {
    const asset = assets.find((a) => a.name === name || a.name === `${name}.gz`);
    if (!asset) throw new Error(`release ${release.tag_name ?? '?'} has no ${name}; its assets are: ${assets.map((a) => a.name).join(', ') || 'none'}`);
    return asset.browser_download_url;
  };
  const dataDate = (release.published_at ?? '').slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(dataDate)) throw new Error('the release has no publication date');
  return {
    v4Url: find(ASSETS.v4),
    v6Url: find(ASSETS.v6),
    meta: { source: `sapics/ip-location-db GitHub release ${release.tag_name ?? ''}`.trim(), dataDate, licence: ASN_DATA_LICENCE },
  };
}

/** What the npm registry says, to tell whether bumping the package pin would be enough. */
function npmLatest(): string | null {
  try {
    return execFileSync('npm', ['view', '@ip-location-db/asn', 'version'], { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Azure's weekly JSON has a dated name: find it on the download page. */
async function azureJsonUrl(page: string): Promise<string> {
  const html = new TextDecoder().decode(await fetchBytes(page));
  const match = /https:\/\/download\.microsoft\.com\/[^"']*ServiceTags_Public_\d+\.json/.exec(html);
  if (!match) throw new Error(`no ServiceTags_Public_*.json link on ${page}`);
  return match[0];
}

/**
 * Downloads every list, compares its prefixes with the committed snapshot and prints the difference. Nothing is written
 * unless `write` and every download succeeded; a failed download changes nothing.
 */
async function updateRanges(write: boolean): Promise<void> {
  const lists = readRangeLists();
  const fresh: Array<{ list: RangeList; text: string; url: string }> = [];
  for (const list of lists) {
    const page = list.updateUrl ?? list.url;
    const url = list.format === 'azure-service-tags' || list.updateFormat === 'azure-service-tags' ? await azureJsonUrl(page) : page;
    fresh.push({ list, text: new TextDecoder('utf-8', { fatal: true }).decode(await fetchBytes(url)), url });
  }
  const updated: RangeList[] = [];
  const staged: Array<{ path: string; bytes: Uint8Array }> = [];
  for (const { list, text, url } of fresh) {
    const next: RangeList = { ...list, format: list.updateFormat ?? list.format };
    const before = new Set(publishedRows(list, readSnapshot(list)).rows.map((r) => r.text));
    const { rows, rejected } = publishedRows(next, text);
    if (rows.length === 0) throw new Error(`${list.id}: ${url} gave no prefix (${rejected.length} lines refused); refusing it`);
    const after = new Set(rows.map((r) => r.text));
    const added = [...after].filter((p) => !before.has(p));
    const removed = [...before].filter((p) => !after.has(p));
    console.log(`ranges       ${list.id.padEnd(14)} ${before.size} -> ${after.size} prefixes: +${added.length} -${removed.length}` +
      (added.length ? `; added e.g. ${added.slice(0, 3).join(', ')}` : '') + (removed.length ? `; removed e.g. ${removed.slice(0, 3).join(', ')}` : ''));
    const raw = Buffer.from(text, 'utf8');
    const today = new Date().toISOString().slice(0, 10);
    updated.push({
      ...next,
      url: list.url,
      mirror: url,
      mirrorPath: '-',
      mirrorCommit: '-',
      mirrorCommitDate: today,
      listDate: today,
      sha256: createHash('sha256').update(raw).digest('hex'),
      bytes: raw.byteLength,
    });
    staged.push({ path: join(RANGES_DIR, `${list.file}.tmp-${process.pid}`), bytes: gzipSync(raw, { level: 9 }) });
  }
  if (!write) {
    console.log('ranges       nothing written; run with --write to replace the snapshots in data/ranges/ (then review and commit)');
    return;
  }
  // Everything parsed: only now touch data/ranges/ (a failure above leaves it as it was).
  for (const { path, bytes } of staged) writeFileSync(path, bytes);
  for (const list of lists) renameSync(join(RANGES_DIR, `${list.file}.tmp-${process.pid}`), join(RANGES_DIR, list.file));
  const doc = JSON.parse(readFileSync(RANGES_SOURCES, 'utf8')) as { lists: RangeList[] };
  writeFileSync(RANGES_SOURCES, `${JSON.stringify({ ...doc, lists: updated }, null, 2)}\n`);
  console.log(`ranges       wrote ${lists.length} snapshots and ${RANGES_SOURCES}; run npm run data:build`);
}

/** The dump's bytes and the day it was last modified (HTTP Last-Modified), from a URL or a local file. */
async function readDump(where: string): Promise<{ bytes: Uint8Array; lastModified: string | null }> {
  if (/^https?:\/\//.test(where)) {
    const response = await fetch(where, { signal: AbortSignal.timeout(TIMEOUT_MS * 5), headers: { 'user-agent': 'vigie-data-update' } });
    if (!response.ok) throw new Error(`${where} answered HTTP ${response.status}`);
    const modified = response.headers.get('last-modified');
    const day = modified && !Number.isNaN(Date.parse(modified)) ? new Date(modified).toISOString().slice(0, 10) : null;
    return { bytes: new Uint8Array(await response.arrayBuffer()), lastModified: day };
  }
  return { bytes: new Uint8Array(readFileSync(where.replace(/^file:\/\//, ''))), lastModified: null };
}

/** How two cuts of the layer differ: ranges only in one of them, and addresses whose origin AS changed. */
function layerDifference(before: readonly AnnouncedRow[], after: readonly AnnouncedRow[]): string {
  const key = (r: AnnouncedRow) => `${r.start}-${r.end}`;
  const old = new Map(before.map((r) => [key(r), r.asn]));
  const now = new Map(after.map((r) => [key(r), r.asn]));
  let changed = 0;
  for (const [k, asn] of now) if (old.has(k) && old.get(k) !== asn) changed++;
  const added = [...now.keys()].filter((k) => !old.has(k)).length;
  const removed = [...old.keys()].filter((k) => !now.has(k)).length;
  return `${after.length} catalog ranges (committed: ${before.length}); ${added} new, ${removed} gone, ${changed} with another origin AS`;
}

/**
 * Downloads IPtoASN's IPv6 table, checks it, cuts it to the catalog and shows how that cut differs from the committed
 * snapshot's; with `--write`, replaces data/announcements/ (the file as served, and its pin).
 */
async function updateIpToAsn(args: string[]): Promise<void> {
  const where = argValue(args, '--iptoasn-v6-url') ?? IPTOASN_V6_URL;
  console.log(`announcements downloading ${where}`);
  const { bytes } = await readDump(where);
  const dataDate = argValue(args, '--iptoasn-date') ?? gzipDate(bytes);
  if (!dataDate || !/^\d{4}-\d{2}-\d{2}$/.test(dataDate)) throw new Error(`no data date in ${where}'s gzip header: give --iptoasn-date YYYY-MM-DD`);
  const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  const parsed = parseIpToAsn(new TextDecoder('utf-8', { fatal: true }).decode(raw));
  const read = parsed.rows.length + parsed.notRouted + parsed.ipv4 + parsed.notPublic + parsed.malformed.length;
  console.log(`announcements ${parsed.rows.length} routed IPv6 ranges; set aside: ${parsed.notRouted} not routed, ${parsed.ipv4} IPv4, ${parsed.notPublic} special-purpose, ${parsed.malformed.length} malformed; data of ${dataDate}`);
  if (parsed.malformed.length > read * MAX_MALFORMED) throw new Error(`${parsed.malformed.length} of ${read} lines are malformed (over ${MAX_MALFORMED * 100}%), e.g. ${parsed.malformed.slice(0, 3).join(' | ')}; refusing it`);
  if (parsed.rows.length < MIN_DUMP_PAIRS) throw new Error(`only ${parsed.rows.length} routed IPv6 ranges (at least ${MIN_DUMP_PAIRS} expected); refusing it`);
  const cut = cutToCatalog(parsed.rows, catalogAsns());
  if (cut.length < MIN_LAYER_ROWS) throw new Error(`the cut keeps only ${cut.length} ranges (at least ${MIN_LAYER_ROWS} expected); refusing it`);
  let committed: AnnouncedRow[] = [];
  let committedDate = 'none';
  if (existsSync(join(COMMITTED_ANNOUNCEMENTS_DIR, ANNOUNCEMENTS_MANIFEST))) {
    const { snapshot, text } = readIpToAsnSnapshot();
    committed = cutToCatalog(parseIpToAsn(text).rows, catalogAsns());
    committedDate = snapshot.dataDate;
  }
  console.log(`announcements data of ${dataDate} against the committed ${committedDate}: ${layerDifference(committed, cut)}`);
  if (!args.includes('--write')) {
    console.log('announcements nothing written (add --write to replace data/announcements/ with this table)');
    return;
  }
  const gz = bytes[0] === 0x1f && bytes[1] === 0x8b ? bytes : gzipSync(bytes);
  const snapshot: IpToAsnSnapshot = {
    id: IPTOASN_LAYER_ID,
    url: IPTOASN_V6_URL,
    file: 'ip2asn-v6.tsv.gz',
    fetched: new Date().toISOString().slice(0, 10),
    dataDate,
    licence: IPTOASN_LICENCE,
    sha256: createHash('sha256').update(raw).digest('hex'),
    bytes: raw.byteLength,
  };
  const staging = `${COMMITTED_ANNOUNCEMENTS_DIR}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  writeFileSync(join(staging, snapshot.file), gz);
  writeFileSync(join(staging, ANNOUNCEMENTS_MANIFEST), `${JSON.stringify(snapshot, null, 2)}\n`);
  if (existsSync(COMMITTED_ANNOUNCEMENTS_DIR)) rmSync(COMMITTED_ANNOUNCEMENTS_DIR, { recursive: true });
  renameSync(staging, COMMITTED_ANNOUNCEMENTS_DIR);
  console.log(`announcements wrote ${COMMITTED_ANNOUNCEMENTS_DIR} (data of ${dataDate}); run npm run data:build, and commit it with its pin`);
}

/**
 * Downloads the RISwhois IPv6 dump, keeps the pairs seen by enough RIS peers, cuts them to the catalog's announced
 * space (scripts/announcements.ts) and, once every check passed, writes generated/announcements/.
 */
async function updateRisAnnouncements(args: string[]): Promise<void> {
  const where = argValue(args, '--ris-v6-url') ?? RIS_V6_URL;
  const minPeers = Number(argValue(args, '--ris-min-peers') ?? MIN_RIS_PEERS);
  if (!Number.isInteger(minPeers) || minPeers < 1) throw new Error('--ris-min-peers takes a whole number of peers');
  console.log(`announcements downloading ${where}`);
  const { bytes, lastModified } = await readDump(where);
  const dataDate = argValue(args, '--ris-date') ?? lastModified;
  if (!dataDate || !/^\d{4}-\d{2}-\d{2}$/.test(dataDate)) throw new Error(`no data date for ${where}: give --ris-date YYYY-MM-DD`);
  const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  const parsed = parseRisWhois(new TextDecoder('utf-8', { fatal: true }).decode(raw));
  const read = parsed.pairs.length + parsed.asSets + parsed.ipv4 + parsed.notPublic + parsed.malformed.length;
  console.log(`announcements ${parsed.pairs.length} IPv6 (origin, prefix) pairs; set aside: ${parsed.asSets} AS sets, ${parsed.ipv4} IPv4, ${parsed.notPublic} special-purpose, ${parsed.malformed.length} malformed; data of ${dataDate}`);
  if (parsed.malformed.length > read * MAX_MALFORMED) throw new Error(`${parsed.malformed.length} of ${read} lines are malformed (over ${MAX_MALFORMED * 100}%), e.g. ${parsed.malformed.slice(0, 3).join(' | ')}; refusing it`);
  if (parsed.pairs.length < MIN_DUMP_PAIRS) throw new Error(`only ${parsed.pairs.length} IPv6 pairs (at least ${MIN_DUMP_PAIRS} expected); refusing it`);
  const { rows, multipleOrigins, lowPeers } = originRows(parsed.pairs, minPeers);
  const asns = catalogAsns();
  const cut = cutToCatalog(rows, asns);
  console.log(`announcements ${lowPeers} pairs seen by fewer than ${minPeers} RIS peers left out; ${multipleOrigins.length} prefixes with several origins left out; ${cut.length} of ${rows.length} prefixes are the catalog's or inside them`);
  if (cut.length < MIN_LAYER_ROWS) throw new Error(`the cut keeps only ${cut.length} prefixes (at least ${MIN_LAYER_ROWS} expected); refusing it`);

  const text = layerText(cut, [
    `IPv6 announcement layer of Vigie, cut from ${where} (data of ${dataDate}, fetched ${new Date().toISOString().slice(0, 10)})`,
    `origin AS, prefix, RIS peers: pairs seen by >= ${minPeers} peers, one origin per prefix, the catalog's prefixes and those inside them`,
    `Source: ${where === RIS_V6_URL ? 'RIPE NCC Routing Information Service (RIS)' : `${where} (given with --ris-v6-url)`}; the terms RIS data comes under: docs/data.md. Never committed.`,
  ]);
  const file = Buffer.from(text, 'utf8');
  const meta: AnnouncementLayerMeta = {
    id: RIS_LAYER_ID,
    url: where,
    dataDate,
    fetched: new Date().toISOString().slice(0, 10),
    terms: RIS_TERMS,
    minPeers,
    asns,
    rows: cut.length,
    sha256: createHash('sha256').update(file).digest('hex'),
    bytes: file.byteLength,
  };
  const staging = `${ANNOUNCEMENTS_DIR}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  writeFileSync(join(staging, ANNOUNCEMENTS_FILE), file);
  writeFileSync(join(staging, ANNOUNCEMENTS_MANIFEST), `${JSON.stringify(meta, null, 2)}\n`);
  if (existsSync(ANNOUNCEMENTS_DIR)) rmSync(ANNOUNCEMENTS_DIR, { recursive: true });
  renameSync(staging, ANNOUNCEMENTS_DIR);
  console.log(`announcements wrote ${ANNOUNCEMENTS_DIR} (${cut.length} prefixes); run npm run data:build. Delete that folder to go back to the committed IPtoASN layer`);
}

/** The layer's part: IPtoASN's table (committed) by default, RIPE RIS's dump (never committed) with --ris. */
async function updateAnnouncements(args: string[]): Promise<void> {
  if (args.includes('--ris') || argValue(args, '--ris-v6-url') !== undefined) await updateRisAnnouncements(args);
  else await updateIpToAsn(args);
}

async function main(args: string[]): Promise<void> {
  if (args.includes('--announcements-only')) {
    await updateAnnouncements(args);
    return;
  }
  if (!args.includes('--routing-only')) await updateRanges(args.includes('--write'));
  if (args.includes('--ranges-only')) return;

  const root = resolve(dirname(UPDATED_SOURCE_DIR), '..');
  const pinned = (JSON.parse(readFileSync(join(root, 'node_modules', '@ip-location-db', 'asn', 'package.json'), 'utf8')) as { version: string }).version;
  const latest = npmLatest();
  console.log(`npm          pinned @ip-location-db/asn ${pinned}; registry latest ${latest ?? 'unknown (registry unreachable)'}`);
  if (latest && latest !== pinned) console.log('             a newer npm package exists: bumping the pin in package.json is an alternative to this download');

  let download: Download;
  const v4Url = argValue(args, '--v4-url');
  const v6Url = argValue(args, '--v6-url');
  if (v4Url || v6Url) {
    const source = argValue(args, '--source');
    const dataDate = argValue(args, '--date');
    if (!v4Url || !v6Url || !source || !dataDate) throw new Error('a custom source needs --v4-url, --v6-url, --source "<what>" and --date YYYY-MM-DD');
    download = { v4Url, v6Url, meta: { source, dataDate, licence: argValue(args, '--licence') ?? '' } };
  } else {
    download = await latestRelease();
  }
  console.log(`source       ${download.meta.source}, data of ${download.meta.dataDate}`);

  const [v4Bytes, v6Bytes] = await Promise.all([fetchBytes(download.v4Url), fetchBytes(download.v6Url)]);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const v4Csv = decoder.decode(v4Bytes);
  const v6Csv = decoder.decode(v6Bytes);
  // Compile before touching anything: a source that does not compile, or compiles to too little, is refused.
  const { stats } = compileAsnTable(v4Csv, v6Csv, download.meta);
  if (stats.v4Rows < MIN_ROWS.v4 || stats.v6Rows < MIN_ROWS.v6) {
    throw new Error(`the download compiles to only ${stats.v4Rows} IPv4 and ${stats.v6Rows} IPv6 rows; refusing it`);
  }
  if (stats.rejectedRows > (stats.v4Rows + stats.v6Rows) / 100) {
    throw new Error(`${stats.rejectedRows} rows were refused (over 1%), e.g. ${stats.rejectedExamples.join(' | ')}; refusing it`);
  }

  const staging = `${UPDATED_SOURCE_DIR}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  writeFileSync(join(staging, ASSETS.v4), v4Csv);
  writeFileSync(join(staging, ASSETS.v6), v6Csv);
  writeFileSync(join(staging, 'source.json'), `${JSON.stringify({ ...download.meta, v4Url: download.v4Url, v6Url: download.v6Url, fetched: new Date().toISOString().slice(0, 10) }, null, 2)}\n`);
  if (existsSync(UPDATED_SOURCE_DIR)) rmSync(UPDATED_SOURCE_DIR, { recursive: true });
  renameSync(staging, UPDATED_SOURCE_DIR);
  const built = buildAsnTableFile({ ...download.meta, v4Path: join(UPDATED_SOURCE_DIR, ASSETS.v4), v6Path: join(UPDATED_SOURCE_DIR, ASSETS.v6) }, ASN_TABLE_PATH, true);
  console.log(`updated      ${UPDATED_SOURCE_DIR} and ${ASN_TABLE_PATH}: ${built?.v4Rows} IPv4 + ${built?.v6Rows} IPv6 rows, ${built?.bytes} bytes`);
  console.log('             `npm run data:build` now uses this source; delete generated/asn-source/ to go back to the npm package');
  if (!args.includes('--routing-only')) await updateAnnouncements(args);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const cause = (error as { cause?: { code?: string } }).cause?.code;
  const reason = error instanceof Error ? error.message : String(error);
  console.error(`data:update failed: ${reason}${cause ? ` (${cause})` : ''}`);
  console.error('The part that failed changed nothing: its table, layer or source stays as it was. Are you online?');
  process.exitCode = 1;
});
