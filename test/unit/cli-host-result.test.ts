import { describe, expect, it } from 'vitest';
import { renderCsv } from '../../src/cli/audit/formats.ts';
import { failedLookup, lookupResult, noVerdictFields, VERDICT_FIELDS, verdictCsvColumns } from '../../src/cli/host-result.ts';
import { identifyHost } from '../../src/core/identify.ts';
import { runAuditWith } from '../../src/cli/audit.ts';
import type { AuditRow } from '../../src/cli/audit/audit-row.ts';
import { excerptIdentifyContext } from '../fixtures/audit/routing-excerpt.ts';
import { stubDns, testEnvironment } from '../fixtures/audit/audit-env.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FIELDS = Object.keys(VERDICT_FIELDS);

describe('one result contract for lookup and audit (host-result.ts)', () => {
  it('lookup results carry every verdict field of the table, in its order, and the same fields without a verdict', () => {
    const verdict = identifyHost({ host: 'ameli.fr', ip: '92.222.10.10' }, excerptIdentifyContext(), new Date('2026-11-28T00:00:00Z'));
    const result = lookupResult('ameli.fr', verdict);
    expect(Object.keys(result)).toEqual(['input', ...FIELDS]);
    expect(result).toMatchObject({ ip: '92.222.10.10', asn: 16276, provider: { id: 'ovhcloud', country: 'FR' }, level: verdict.level, confidence: verdict.confidence });
    // The CLI's sentences, byte for byte as it printed them when clues carried their own English (the locale is their source now).
    expect(result.evidence).toEqual([
      "The server address 92.222.10.10 belongs to AS16276 (OVH SAS), a network of OVHcloud (FR), in the routing data of 2026-06-17 (the announcement RouteViews observes where it sees one, registry delegation data elsewhere).",
    ]);
    const failed = failedLookup('nope', 'why');
    expect(Object.keys(failed)).toEqual(['input', ...FIELDS, 'error']);
    expect(failed).toMatchObject({ ip: null, provider: null, role: 'unknown', level: 'unknown', evidence: [] });
    // Empty values are copies: filling one row never touches another.
    const a = noVerdictFields();
    a.evidence.push('x');
    expect(noVerdictFields().evidence).toEqual([]);
  });

  it('audit rows and CSV columns follow the same table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-contract-'));
    writeFileSync(join(dir, 'sites.txt'), 'ameli.fr\n');
    const run = testEnvironment(stubDns({ 'ameli.fr': { a: ['92.222.10.10'] } }));
    expect(await runAuditWith([join(dir, 'sites.txt'), '--json'], run.env)).toBe(0);
    const [row] = JSON.parse(run.stdout()) as AuditRow[];
    for (const field of FIELDS) expect(row).toHaveProperty(field);
    const columns = verdictCsvColumns().map(([name]) => name);
    const spread: Record<string, string[]> = { provider: ['provider_id', 'provider_name', 'provider_country'], publishedList: ['published_list', 'published_list_date'], revealedOrigin: ['revealed_origin_id', 'revealed_origin_header'], routing: ['routing_source', 'routing_data_date'] };
    expect(columns).toEqual(FIELDS.flatMap((f) => spread[f] ?? [f]));
    const header = renderCsv([row!]).split('\r\n')[0]?.split(',') ?? [];
    expect(header.slice(2, 2 + columns.length)).toEqual(columns);
  });
});
