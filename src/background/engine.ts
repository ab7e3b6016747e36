/**
 * The identification engine as the background uses it. Two routing tables in the same format: a small "hot" one with
 * only the catalog providers' ranges, loaded at worker start (it answers every address of a known provider), and the
 * full one, loaded once the first verdict is shown (after-first-verdict.ts) without blocking anything, for the names of
 * all other networks. A verdict made before the full table was there, for an address the hot table does not know, is
 * marked provisional and made again once it is.
 */
import type { HostObservation, HostVerdict, ProviderRule } from '../core/types.ts';
import { AsnTable } from '../core/asn-table.ts';
import type { ParsedIp } from '../core/ip.ts';
import { compileRules, type CompiledRules, type RuleError } from '../core/rules.ts';
import { identifyHost } from '../core/identify.ts';
import { packagedFile } from '../platform/packaged-file.ts';
import { hotTableRead, readsAskedAt } from './packaged-reads.ts';
import { afterFirstVerdict } from './after-first-verdict.ts';

export const FULL_TABLE_FILE = 'asn-table.bin';

let hot: AsnTable | null = null;
let full: AsnTable | null = null;
let rules: CompiledRules | undefined;
let pendingRules: ProviderRule[] | undefined;

/**
 * Milliseconds each table took to fetch and wrap in this worker, and the providers table's wrap alone (for `get-stats`
 * and the start-up bench).
 */
export const tableLoadMs = { hot: 0, full: 0, hotWrap: 0 };

async function loadTable(read: Promise<ArrayBuffer | Uint8Array>, into: 'hot' | 'full', started = performance.now()): Promise<AsnTable> {
  const bytes = await read;
  const wrapping = performance.now();
  const table = AsnTable.fromBuffer(bytes);
  tableLoadMs[into] = performance.now() - started;
  if (into === 'hot') tableLoadMs.hotWrap = performance.now() - wrapping;
  return table;
}

/** Resolves when the hot table is loaded (part of the worker's readiness barrier). */
export const engineReady: Promise<void> = loadTable(hotTableRead, 'hot', readsAskedAt).then(
  (table) => void (hot = table),
  (error: unknown) => console.error('Vigie: routing table (providers) failed to load', error),
);

/**
 * Resolves when the full table is loaded (or failed to). Never part of the readiness barrier, and read only once the
 * first verdict is shown (after-first-verdict.ts).
 */
export const fullTableReady: Promise<void> = Promise.all([engineReady, afterFirstVerdict])
  .then(() => loadTable(packagedFile(FULL_TABLE_FILE).then((response) => response.arrayBuffer()), 'full'))
  .then(
    (table) => void (full = table),
    (error: unknown) => console.error('Vigie: routing table failed to load', error),
  );

let fullTableSettled = false;
void fullTableReady.then(() => (fullTableSettled = true));

/**
 * Replaces the rules, compiled at the next identification: compiling names the rules' providers and offers from the
 * catalog, which a starting worker may not have read yet when its settings arrive (identification waits for it).
 */
export function setRules(list: ProviderRule[]): void {
  pendingRules = list;
}

function compiledRules(): CompiledRules | undefined {
  if (pendingRules) {
    const compiled = compileRules(pendingRules);
    pendingRules = undefined;
    rules = compiled.rules;
    if (compiled.errors.length) console.warn('Vigie: ignored rules', compiled.errors.map((e: RuleError) => `${e.code}: ${e.rule.match}`));
  }
  return rules;
}

/**
 * Identifies and assesses one host from what the browser observed. `provisional`: the address is public, unknown to
 * the hot table, and the full table is not loaded yet, so the AS may still be named once it is.
 */
export function identify(observation: HostObservation, now: Date): { verdict: HostVerdict; provisional: boolean } {
  let provisional = false;
  const lookupAsn = (ip: ParsedIp) => {
    const found = hot?.lookup(ip) ?? full?.lookup(ip) ?? null;
    if (!found && !fullTableSettled) provisional = true;
    return found;
  };
  const current = compiledRules();
  // Both tables are compiled from the same routing data (build-hot-table.ts): either one's meta describes it.
  const routingData = (hot ?? full)?.meta ?? null;
  const verdict = identifyHost(observation, { lookupAsn, routingData, ...(current ? { rules: current } : {}) }, now);
  return { verdict, provisional };
}
