/**
 * The identification engine as the background uses it: the routing table (loaded once per worker start from the
 * packaged file, a single ArrayBuffer) and the compiled user, managed and demo rules.
 */
import type { HostObservation, HostVerdict, ProviderRule } from '../core/types.ts';
import { AsnTable } from '../core/asn-table.ts';
import { compileRules, type CompiledRules } from '../core/rules.ts';
import { identifyHost } from '../core/identify.ts';
import { browser } from '../platform/browser.ts';

export const ASN_TABLE_FILE = 'asn-table.bin';

let table: AsnTable | null = null;
let rules: CompiledRules | undefined;

async function loadTable(): Promise<void> {
  const started = performance.now();
  const response = await fetch(browser.runtime.getURL(ASN_TABLE_FILE));
  table = AsnTable.fromBuffer(await response.arrayBuffer());
  tableLoadMs = performance.now() - started;
}

/** Milliseconds the last table load took (fetch of the packaged file included), for the bench. */
export let tableLoadMs = 0;

/** Resolves when the table is loaded; identification before that has no AS data (and says so). */
export const engineReady: Promise<void> = loadTable().catch((error: unknown) => {
  console.error('Vigie: routing table failed to load', error);
});

/** Replaces the compiled rules; returns the rule errors for the options page. */
export function setRules(list: ProviderRule[]): { rule: ProviderRule; message: string }[] {
  const compiled = compileRules(list);
  rules = compiled.rules;
  return compiled.errors;
}

/** Identifies and assesses one host from what the browser observed. */
export function identify(observation: HostObservation, now: Date): HostVerdict {
  return identifyHost(
    observation,
    {
      lookupAsn: (ip) => (table ? table.lookup(ip) : null),
      ...(rules ? { rules } : {}),
    },
    now,
  );
}

/** Data date of the routing table, or '' before it is loaded. */
export function tableDataDate(): string {
  return table?.meta.dataDate ?? '';
}
