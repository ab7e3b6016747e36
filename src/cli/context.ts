/**
 * The identification context for command-line tools (lookup, audit): the routing table read from
 * generated/asn-table.bin, plus optional provider rules. Node only; the extension builds its own from the bundled table.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { AsnTable } from '../core/asn-table.ts';
import type { IdentifyContext } from '../core/identify.ts';
import { compileRules } from '../core/rules.ts';
import type { ProviderRule } from '../core/types.ts';

/** Where `npm run data:build` writes the table. */
export const DEFAULT_ASN_TABLE_PATH = fileURLToPath(new URL('../../generated/asn-table.bin', import.meta.url));

/** The context plus what a CLI shows about its data. */
export interface CliIdentifyContext extends IdentifyContext {
  table: AsnTable;
  /** Messages for rules that were dropped as invalid. */
  ruleErrors: string[];
}

/** Thrown when the table cannot be read; the message says how to fix it. */
export class AsnTableUnavailable extends Error {}

/** Loads the routing table (and compiles `rules`, if any) into an IdentifyContext. */
export async function loadIdentifyContext(options: { tablePath?: string; rules?: ProviderRule[] } = {}): Promise<CliIdentifyContext> {
  const path = options.tablePath ?? DEFAULT_ASN_TABLE_PATH;
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'is missing' : `cannot be read (${code ?? String(error)})`;
    throw new AsnTableUnavailable(`The routing table ${path} ${why}: run npm run data:build`);
  }
  let table: AsnTable;
  try {
    table = AsnTable.fromBuffer(bytes);
  } catch (error) {
    throw new AsnTableUnavailable(`${error instanceof Error ? error.message : String(error)} (${path}); run npm run data:build`);
  }
  const compiled = compileRules(options.rules ?? []);
  return {
    table,
    lookupAsn: (ip) => table.lookup(ip),
    routingData: table.meta,
    rules: compiled.rules,
    ruleErrors: compiled.errors.map((e) => `rule "${e.rule.match}" -> ${e.rule.providerId}: ${e.message}`),
  };
}
