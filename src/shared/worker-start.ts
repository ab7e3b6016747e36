/**
 * The one packaged file a starting worker reads before its first verdict (`worker-start.bin`): the providers routing
 * table, the health domain list, the catalog and both locales, in one read instead of four (each `fetch` a starting
 * worker makes costs it CPU: BENCHMARKS.md, cold start sixth pass). Written by scripts/build-packaged-data.ts from the
 * same generated and committed files the pages read (`catalog.json`, `_locales/`), so there is one source for each.
 * Layout: the JSON part's length (u32, little-endian), the JSON part (UTF-8), zero padding to a multiple of 8, then
 * the table's bytes to the end (read in place: AsnTable needs 4-byte alignment). A module that imports nothing at run
 * time: the background's packaged-reads chunk, which runs before the shared chunks, includes it.
 */
import type { AsnRole, CatalogFiles } from '../core/catalog.ts';
import type { PackedHealthDomains } from '../core/health-domains.ts';
import type { Lang } from './lang.ts';
import type { LocaleMessages } from './i18n.ts';

export const WORKER_START_FILE = 'worker-start.bin';

/** What the JSON part holds. */
export interface WorkerStartData {
  catalog: CatalogFiles<AsnRole>;
  healthDomains: PackedHealthDomains;
  locales: Record<Lang, LocaleMessages>;
}

const TABLE_ALIGNMENT = 8;

/** Packs the JSON part and the providers table into one file (the build's side). */
export function packWorkerStart(data: WorkerStartData, hotTable: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(data));
  const tableAt = Math.ceil((4 + json.byteLength) / TABLE_ALIGNMENT) * TABLE_ALIGNMENT;
  const out = new Uint8Array(tableAt + hotTable.byteLength);
  new DataView(out.buffer).setUint32(0, json.byteLength, true);
  out.set(json, 4);
  out.set(hotTable, tableAt);
  return out;
}

/** Reads the file back: the JSON part parsed, the table as a view of the same bytes. Throws on a truncated file. */
export function unpackWorkerStart(bytes: ArrayBuffer): { data: WorkerStartData; hotTable: Uint8Array } {
  if (bytes.byteLength < 4) throw new Error(`${WORKER_START_FILE}: truncated`);
  const jsonLength = new DataView(bytes).getUint32(0, true);
  const tableAt = Math.ceil((4 + jsonLength) / TABLE_ALIGNMENT) * TABLE_ALIGNMENT;
  if (tableAt > bytes.byteLength) throw new Error(`${WORKER_START_FILE}: truncated`);
  const data = JSON.parse(new TextDecoder().decode(new Uint8Array(bytes, 4, jsonLength))) as WorkerStartData;
  return { data, hotTable: new Uint8Array(bytes, tableAt) };
}
