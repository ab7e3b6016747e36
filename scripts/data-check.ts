/**
 * `npm run data:check` (a step of `npm test`): fails on a data row without a source, a date or (for networks) a role,
 * and warns, with the list, about every row last verified more than six months ago. The same rules as the
 * data-conventions unit test (catalogProblems), plus the range snapshots, the IPv6 announcement layer when data:update
 * left one (generated/announcements/: its pin, its age, the catalog ASes it was cut for) and the age of each row.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogProblems, HDS_CERTIFICATES, isIsoDate, PROVIDERS, SECNUMCLOUD_OFFERS } from '../src/core/catalog.ts';
import { lastVerified } from '../src/core/sovereignty.ts';
import { ANNOUNCEMENTS_DIR, catalogAsns, COMMITTED_ANNOUNCEMENTS_DIR, IPTOASN_LAYER_ID, readAnnouncementLayer, type AnnouncementLayerMeta } from './announcements.ts';
import { defaultSource } from './build-asn-table.ts';
import { cidrBounds, routingRowsOf } from './prefix-layers.ts';
import { publishedRows, RANGES_DIR, readRangeLists, readSnapshot, type RangeList } from './published-ranges.ts';

/** A row older than this since its last verification is listed as a warning. */
export const STALE_AFTER_DAYS = 183;
const DAY_MS = 86_400_000;

/** Problems that fail the check: missing sources, dates, roles, and range snapshots that do not match their pin. */
export function dataProblems(): string[] {
  const problems = [...catalogProblems()];
  for (const cert of HDS_CERTIFICATES) {
    const where = `hds certificate ${cert.providerId}`;
    if (!cert.version) problems.push(`${where}: no referential version (write "unknown (...)" when the sources give none)`);
    if (cert.status === 'certified' && !cert.certifiedUntil && !cert.datesNote) problems.push(`${where}: certified without an end date or a note saying why`);
  }
  for (const list of readRangeLists()) {
    const where = `range list ${list.id}`;
    if (!/^https?:\/\//.test(list.url)) problems.push(`${where}: no source url`);
    if (!isIsoDate(list.listDate) || !isIsoDate(list.mirrorCommitDate)) problems.push(`${where}: no ISO list date`);
    if (!list.licence) problems.push(`${where}: no licence`);
    if (!list.providerId || !PROVIDERS.some((p) => p.id === list.providerId)) problems.push(`${where}: provider ${list.providerId} is not in the catalog`);
    if (!existsSync(join(RANGES_DIR, list.file))) problems.push(`${where}: ${list.file} is missing`);
    else {
      try {
        readSnapshot(list);
      } catch (error) {
        problems.push(`${where}: ${(error as Error).message}`);
      }
    }
  }
  problems.push(...announcementProblems(COMMITTED_ANNOUNCEMENTS_DIR), ...announcementProblems(ANNOUNCEMENTS_DIR));
  return problems;
}

/**
 * An announcement layer's own checks, when `dir` holds one: the file matches its pin and parses, and its description
 * says its source, date and terms (the committed IPtoASN snapshot in data/announcements/, the local RIS layer in
 * generated/announcements/).
 */
export function announcementProblems(dir: string): string[] {
  let layer: ReturnType<typeof readAnnouncementLayer>;
  try {
    layer = readAnnouncementLayer(dir);
  } catch (error) {
    return [`announcements: ${(error as Error).message}`];
  }
  if (layer === null) return [];
  const { meta } = layer;
  const problems: string[] = [];
  if (!meta.url || !meta.terms) problems.push(`announcements ${meta.id}: no source or terms in its manifest`);
  if (!isIsoDate(meta.dataDate) || !isIsoDate(meta.fetched)) problems.push(`announcements ${meta.id}: no ISO data date`);
  // Only IPtoASN, which gives one origin per range and no peer counts, goes without a peer threshold.
  if (meta.id !== IPTOASN_LAYER_ID && !(Number.isInteger(meta.minPeers) && meta.minPeers! >= 1)) problems.push(`announcements ${meta.id}: no minimum peer count`);
  return problems;
}

/**
 * Warnings about the announcement layer at `now`: older than STALE_AFTER_DAYS, or cut before a catalog AS was added
 * (that AS's IPv6 announcements are then missing from it until data:update runs again).
 */
export function staleAnnouncements(meta: AnnouncementLayerMeta, now: Date, asns: readonly number[] = catalogAsns()): string[] {
  const where = `announcements ${meta.id}`;
  const lines: string[] = [];
  if (Date.parse(`${meta.dataDate}T00:00:00Z`) < now.getTime() - STALE_AFTER_DAYS * DAY_MS) lines.push(`${where}: observation of ${meta.dataDate} (npm run data:update -- --announcements-only when online)`);
  const cut = new Set(meta.asns);
  const missing = asns.filter((a) => !cut.has(a));
  if (missing.length) lines.push(`${where}: cut before ${missing.length} catalog ASes were added (AS${missing.slice(0, 10).join(', AS')}${missing.length > 10 ? ', ...' : ''}): their IPv6 announcements are not in the layer`);
  return lines;
}

/** Inclusive address intervals of one family, as [start, end]. */
export type Interval = readonly [bigint, bigint];

/** The union of some intervals, sorted and merged (adjacent ones too), for binary search. */
function mergedIntervals(intervals: Iterable<Interval>): Interval[] {
  const sorted = [...intervals].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: Array<[bigint, bigint]> = [];
  for (const [start, end] of sorted) {
    const last = out[out.length - 1];
    if (last && start <= last[1] + 1n) {
      if (end > last[1]) last[1] = end;
    } else out.push([start, end]);
  }
  return out;
}

/** The last merged interval starting at or before `at`, if any. */
function intervalAtOrBefore(merged: readonly Interval[], at: bigint): Interval | undefined {
  let lo = 0;
  let hi = merged.length - 1;
  let found: Interval | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (merged[mid]![0] <= at) {
      found = merged[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * How much later evidence still supports the prefixes of an old list (one address family): how many lie wholly inside
 * a later list of the same provider, and how many the provider's own ASes announce, in whole or in part, in the
 * routing data. It re-verifies the prefixes only, never what the old list says of them (region, service).
 */
export function corroboration(prefixes: readonly Interval[], later: Iterable<Interval>, announced: Iterable<Interval>): { inLater: number; announced: number } {
  const laterUnion = mergedIntervals(later);
  const announcedUnion = mergedIntervals(announced);
  let inLater = 0;
  let announcedCount = 0;
  for (const [start, end] of prefixes) {
    const covering = intervalAtOrBefore(laterUnion, start);
    if (covering && covering[1] >= end) inLater++;
    const overlapping = intervalAtOrBefore(announcedUnion, end);
    if (overlapping && overlapping[1] >= start) announcedCount++;
  }
  return { inLater, announced: announcedCount };
}

/** Address intervals per family. */
export type FamilyIntervals = Record<4 | 6, Interval[]>;

function listIntervals(list: RangeList): FamilyIntervals {
  const out: FamilyIntervals = { 4: [], 6: [] };
  for (const row of publishedRows(list, readSnapshot(list)).rows) {
    const b = cidrBounds(row.cidr);
    out[b.family].push([b.start, b.end]);
  }
  return out;
}

/** What the routing data says some providers' ASes announce, read in one pass over each CSV. */
export function announcedBy(providerIds: Iterable<string>, routing: { v4Csv: string; v6Csv: string }): Map<string, FamilyIntervals> {
  const owner = new Map<number, string>();
  const out = new Map<string, FamilyIntervals>();
  for (const id of providerIds) {
    out.set(id, { 4: [], 6: [] });
    for (const asn of PROVIDERS.find((p) => p.id === id)?.asns ?? []) owner.set(asn, id);
  }
  for (const [family, csv] of [[4, routing.v4Csv], [6, routing.v6Csv]] as const) {
    for (const [start, end, asn] of routingRowsOf(csv, new Set(owner.keys()))) out.get(owner.get(asn)!)![family].push([start, end]);
  }
  return out;
}

/**
 * The evidence line for a stale range list: its prefixes found in the provider's later lists (data/ranges/) and
 * announced by the provider's ASes (`announced`, from the routing data of `routingDate`).
 */
export function staleListEvidence(list: RangeList, lists: readonly RangeList[], announced: FamilyIntervals, routingDate: string): string {
  const own = listIntervals(list);
  const later = lists.filter((l) => l.providerId === list.providerId && l.id !== list.id && l.listDate > list.listDate);
  const laterRows = later.map(listIntervals);
  let inLater = 0;
  let announcedCount = 0;
  for (const family of [4, 6] as const) {
    const counts = corroboration(own[family], laterRows.flatMap((r) => r[family]), announced[family]);
    inLater += counts.inLater;
    announcedCount += counts.announced;
  }
  const total = own[4].length + own[6].length;
  const laterText = later.length ? `${inLater} still in ${later.map((l) => `${l.id} of ${l.listDate}`).join(', ')}` : 'no later list of this provider shipped';
  return `${total} prefixes: ${laterText}; ${announcedCount} announced by ${list.providerId}'s ASes in the routing data of ${routingDate}`;
}

/**
 * Rows whose last verification is older than STALE_AFTER_DAYS at `now`, as readable lines. A stale range list's line
 * says how much of it later evidence still supports (`staleListEvidence`, unless `evidence` is false): a warning
 * either way, since its regions and services are not re-verified.
 */
export function staleRows(now: Date, { evidence = true } = {}): string[] {
  const limit = now.getTime() - STALE_AFTER_DAYS * DAY_MS;
  const old = (date: string | null): boolean => date === null || Date.parse(`${date}T00:00:00Z`) < limit;
  const lines: string[] = [];
  for (const p of PROVIDERS) {
    const date = lastVerified(p);
    if (old(date)) lines.push(`provider ${p.id}: last verified ${date ?? 'never'}`);
  }
  for (const o of SECNUMCLOUD_OFFERS) {
    const date = lastVerified(o);
    if (old(date)) lines.push(`offer ${o.id}: last verified ${date ?? 'never'}`);
  }
  for (const c of HDS_CERTIFICATES) {
    const date = lastVerified(c);
    if (old(date)) lines.push(`hds certificate ${c.providerId}: last verified ${date ?? 'never'}`);
  }
  const lists = readRangeLists();
  const staleLists = lists.filter((list) => old(list.listDate));
  // The routing source the table is built from (data:update's download if there is one, else the npm package).
  const source = evidence && staleLists.length ? defaultSource() : null;
  const announced = source
    ? announcedBy(new Set(staleLists.map((l) => l.providerId)), { v4Csv: readFileSync(source.v4Path, 'utf8'), v6Csv: readFileSync(source.v6Path, 'utf8') })
    : null;
  for (const list of staleLists) {
    const support = source && announced ? `; ${staleListEvidence(list, lists, announced.get(list.providerId)!, source.dataDate)}` : '';
    lines.push(`range list ${list.id}: snapshot of ${list.listDate} (npm run data:update when online)${support}`);
  }
  return lines;
}

function main(): void {
  const problems = dataProblems();
  const stale = staleRows(new Date());
  if (stale.length) {
    console.log(`data:check: ${stale.length} rows last verified more than ${STALE_AFTER_DAYS} days ago (warning):`);
    for (const line of stale) console.log(`  ${line}`);
  }
  if (problems.length) {
    console.error(`data:check: ${problems.length} problems:`);
    for (const line of problems) console.error(`  ${line}`);
    process.exitCode = 1;
    return;
  }
  for (const list of readRangeLists()) {
    const { special } = publishedRows(list, readSnapshot(list));
    if (special.length) console.log(`range list ${list.id}: ${special.length} special-purpose prefixes left out of the build: ${special.join(', ')}`);
  }
  const layer = readAnnouncementLayer();
  if (layer === null) console.log('announcements: no IPv6 announcement layer (data/announcements/ is missing): IPv6 ASes rest on delegation; npm run data:update -- --announcements-only --write brings it back');
  else {
    const what = layer.meta.minPeers === null ? 'ranges of the catalog\'s ASes and those inside them' : `prefixes with one origin seen by >= ${layer.meta.minPeers} RIS peers; not committed`;
    console.log(`announcements ${layer.meta.id}: ${layer.rows.length} IPv6 ${what}, observation of ${layer.meta.dataDate} (${layer.meta.url})`);
    for (const line of staleAnnouncements(layer.meta, new Date())) console.log(`  warning: ${line}`);
  }
  console.log(`data:check: ${PROVIDERS.length} providers, ${SECNUMCLOUD_OFFERS.length} offers, ${HDS_CERTIFICATES.length} HDS rows, ${readRangeLists().length} range lists: every row has a source, a date and (networks) a role`);
}

if (process.argv[1]?.endsWith('data-check.ts')) main();
