/**
 * The one packaged file a starting worker reads before its first verdict (`worker-start.bin`): the providers routing
 * table, the health domain list, the catalog and both locales, in one read instead of four (each `fetch` a starting
 * worker makes costs it CPU: BENCHMARKS.md, cold start sixth pass). Written by scripts/build-packaged-data.ts from the
 * same generated and committed files the pages read (`catalog.json`, `_locales/`), so there is one source for each.
 * Layout: the JSON part's length and the domain list's (two u32, little-endian), the JSON part (UTF-8: the catalog,
 * the locales, the domain list's categories, sources and paths), the domain list's lines as raw UTF-8 (its one long
 * string: decoding it costs a fraction of parsing it as a JSON string full of escaped line breaks, issue 15), zero
 * padding to a multiple of 8, then the table's bytes to the end (read in place: AsnTable needs 4-byte alignment). A
 * module that imports nothing at run time: the background's packaged-reads chunk, which runs before the shared chunks,
 * includes it.
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
/** The two lengths before the JSON part. */
const HEADER_BYTES = 8;

/** Packs the JSON part, the domain list and the providers table into one file (the build's side). */
export function packWorkerStart(data: WorkerStartData, hotTable: Uint8Array): Uint8Array {
  const { domains, ...listRest } = data.healthDomains;
  const encoder = new TextEncoder();
  const json = encoder.encode(JSON.stringify({ ...data, healthDomains: listRest }));
  const list = encoder.encode(domains);
  const listAt = HEADER_BYTES + json.byteLength;
  const tableAt = Math.ceil((listAt + list.byteLength) / TABLE_ALIGNMENT) * TABLE_ALIGNMENT;
  const out = new Uint8Array(tableAt + hotTable.byteLength);
  const header = new DataView(out.buffer);
  header.setUint32(0, json.byteLength, true);
  header.setUint32(4, list.byteLength, true);
  out.set(json, HEADER_BYTES);
  out.set(list, listAt);
  out.set(hotTable, tableAt);
  return out;
}

/**
 * Reads the file back: the JSON part parsed, the domain list decoded into its packed string, the table as a view of the
 * same bytes. Throws on a truncated file.
 */
export function unpackWorkerStart(bytes: ArrayBuffer): { data: WorkerStartData; hotTable: Uint8Array } {
  if (bytes.byteLength < HEADER_BYTES) throw new Error(`${WORKER_START_FILE}: truncated`);
  const header = new DataView(bytes);
  const jsonLength = header.getUint32(0, true);
  const listAt = HEADER_BYTES + jsonLength;
  const listLength = header.getUint32(4, true);
  const tableAt = Math.ceil((listAt + listLength) / TABLE_ALIGNMENT) * TABLE_ALIGNMENT;
  if (tableAt > bytes.byteLength) throw new Error(`${WORKER_START_FILE}: truncated`);
  const decoder = new TextDecoder();
  const data = JSON.parse(decoder.decode(new Uint8Array(bytes, HEADER_BYTES, jsonLength))) as WorkerStartData;
  data.healthDomains.domains = decoder.decode(new Uint8Array(bytes, listAt, listLength));
  return { data, hotTable: new Uint8Array(bytes, tableAt) };
}
