/**
 * `npm run data:check` (a step of `npm test`): fails on a data row without a source, a date or (for networks) a role,
 * and warns, with the list, about every row last verified more than six months ago. The same rules as the
 * data-conventions unit test (catalogProblems), plus the range snapshots and the age of each row.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { catalogProblems, HDS_CERTIFICATES, isIsoDate, PROVIDERS, SECNUMCLOUD_OFFERS } from '../src/core/catalog.ts';
import { lastVerified } from '../src/core/sovereignty.ts';
import { RANGES_DIR, readRangeLists, readSnapshot } from './published-ranges.ts';

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
  return problems;
}

/** Rows whose last verification is older than STALE_AFTER_DAYS at `now`, as readable lines. */
export function staleRows(now: Date): string[] {
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
  for (const list of readRangeLists()) {
    if (old(list.listDate)) lines.push(`range list ${list.id}: snapshot of ${list.listDate} (npm run data:update when online)`);
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
  console.log(`data:check: ${PROVIDERS.length} providers, ${SECNUMCLOUD_OFFERS.length} offers, ${HDS_CERTIFICATES.length} HDS rows, ${readRangeLists().length} range lists: every row has a source, a date and (networks) a role`);
}

if (process.argv[1]?.endsWith('data-check.ts')) main();
