/**
 * The result contract shared by `vigie lookup --json` and every `vigie audit` row: the verdict fields, in one table.
 * Adding a verdict field to the CLI output is one line in VERDICT_FIELDS; JSON, results files and CSV follow from it.
 */
import { leastReassuring } from '../core/sovereignty.ts';
import type { HostVerdict, ProviderRef } from '../core/types.ts';
import { renderPlainEnglish } from '../shared/evidence-text.ts';

/** One verdict field as the CLI prints it: how it is read from a verdict, and its value when there is no verdict. */
interface VerdictField<T> {
  read: (verdict: HostVerdict) => T;
  none: T;
  /** CSV columns when one value spreads over several (default: one column named after the field). */
  csv?: Record<string, (value: T) => string | number | null | undefined>;
}

const field = <T>(read: (verdict: HostVerdict) => T, none: T, csv?: VerdictField<T>['csv']): VerdictField<T> => ({ read, none, ...(csv ? { csv } : {}) });

/** The verdict fields of the CLI contract, in output order. */
export const VERDICT_FIELDS = {
  ip: field((v) => v.ip, null as string | null),
  asn: field((v) => v.asn, null as number | null),
  asName: field((v) => v.asName, null as string | null),
  provider: field((v): ProviderRef | null => (v.provider ? { id: v.provider.id, name: v.provider.name, country: v.provider.country } : null), null, {
    provider_id: (p) => p?.id,
    provider_name: (p) => p?.name,
    provider_country: (p) => p?.country,
  }),
  role: field((v) => v.role, 'unknown' as HostVerdict['role']),
  level: field((v) => v.level, 'unknown' as HostVerdict['level']),
  confidence: field((v): HostVerdict['confidence'] | null => v.confidence, null),
  attribution: field((v): HostVerdict['attribution'] | null => v.attribution ?? null, null),
  networkRole: field((v): HostVerdict['networkRole'] | null => v.networkRole ?? null, null),
  region: field((v) => v.region ?? null, null as string | null),
  service: field((v) => v.service ?? null, null as string | null),
  publishedList: field((v) => v.publishedList ?? null, null as HostVerdict['publishedList'] | null, {
    published_list: (l) => l?.id,
    published_list_date: (l) => l?.date,
  }),
  registeredIn: field((v) => v.registeredIn ?? null, null as string | null),
  revealedOrigin: field((v) => v.revealedOrigin ?? null, null as HostVerdict['revealedOrigin'] | null, {
    revealed_origin_id: (o) => o?.provider.id,
    revealed_origin_header: (o) => o?.header,
  }),
  // Each clue's sentence, from the English locale (the extension's own words), quotes straightened.
  evidence: field((v) => v.evidence.map((e) => renderPlainEnglish(e.message)), [] as string[]),
  // Last, so that every earlier CSV column keeps its position (added 2026-12-03).
  routing: field((v) => v.routing ?? null, null as HostVerdict['routing'] | null, {
    routing_source: (r) => r?.kind,
    routing_data_date: (r) => r?.dataDate,
  }),
};

type FieldTable = typeof VERDICT_FIELDS;
type FieldName = keyof FieldTable;

/** The verdict fields as printed. */
export type VerdictFields = { [K in FieldName]: FieldTable[K] extends VerdictField<infer T> ? T : never };

/** One result of `vigie lookup --json`: the input as written, the verdict fields, and why it failed when it did. */
export type LookupResult = { input: string } & VerdictFields & { error?: string };

const FIELD_NAMES = Object.keys(VERDICT_FIELDS) as FieldName[];

/** The printed fields of a verdict. */
export function verdictFields(verdict: HostVerdict): VerdictFields {
  return Object.fromEntries(FIELD_NAMES.map((name) => [name, VERDICT_FIELDS[name].read(verdict)])) as VerdictFields;
}

/** The fields of a result that has no verdict (invalid input, DNS failure). */
export function noVerdictFields(): VerdictFields {
  // Copies, so a row that is filled in later never shares an array with another.
  return Object.fromEntries(FIELD_NAMES.map((name) => [name, structuredClone(VERDICT_FIELDS[name].none)])) as VerdictFields;
}

/** A lookup result. */
export function lookupResult(input: string, verdict: HostVerdict): LookupResult {
  return { input, ...verdictFields(verdict) };
}

/** A lookup result for an input that could not be looked up. */
export function failedLookup(input: string, error: string): LookupResult {
  return { input, ...noVerdictFields(), error };
}

/** At most this many of a host's addresses are weighed (a DNS answer can hold hundreds). */
const MAX_ADDRESSES_WEIGHED = 64;

/**
 * The address of a host whose verdict reads least reassuring, and that verdict: a host with several addresses (IPv4 and
 * IPv6, or a DNS answer spread over two operators) sends each visitor to one of them, and the CLI cannot know which.
 * Only public addresses compete (a stray private one says nothing of the operators); ties keep DNS order, IPv4 first.
 */
export function leastReassuringAddress(addresses: readonly string[], identify: (ip: string | null) => HostVerdict): { ip: string | null; verdict: HostVerdict } {
  const candidates = addresses.slice(0, MAX_ADDRESSES_WEIGHED).map((ip) => ({ ip, verdict: identify(ip) }));
  const pool = candidates.filter((c) => c.verdict.ipScope === 'public');
  if (pool.length === 0) return candidates[0] ?? { ip: null, verdict: identify(null) };
  return pool.reduce((worst, c) => (leastReassuring(c.verdict.level, worst.verdict.level) === worst.verdict.level ? worst : c));
}

type CsvValue = string | number | boolean | null | undefined;

/** The CSV columns of the verdict fields: name and how to read it from a result. */
export function verdictCsvColumns(): [string, (result: VerdictFields) => CsvValue][] {
  return FIELD_NAMES.flatMap((name): [string, (result: VerdictFields) => CsvValue][] => {
    const spec = VERDICT_FIELDS[name] as VerdictField<unknown>;
    if (spec.csv) return Object.entries(spec.csv).map(([column, get]) => [column, (r) => get(r[name]) as CsvValue]);
    return [[name, (r) => csvScalar(r[name])]];
  });
}

function csvScalar(value: unknown): CsvValue {
  if (Array.isArray(value)) return value.join(' | ');
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value as CsvValue;
}
