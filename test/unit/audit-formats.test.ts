import { describe, expect, it } from 'vitest';
import { renderCsv, renderJson, renderTable } from '../../src/cli/audit/formats.ts';
import { renderMarkdown } from '../../src/cli/audit/markdown-report.ts';
import { parseCsvRows } from '../../src/cli/audit/site-list.ts';
import { renderReport, tableAfter } from '../fixtures/audit/markdown.ts';
import { SAMPLE_ROWS } from '../fixtures/audit/rows.ts';

describe('audit output formats', () => {
  it('JSON is one array that reads back to the same rows', () => {
    expect(JSON.parse(renderJson(SAMPLE_ROWS))).toEqual(SAMPLE_ROWS);
  });

  it('CSV has a header and one row per site, survives commas and quotes, and defuses spreadsheet formulas', () => {
    const rows = parseCsvRows(renderCsv(SAMPLE_ROWS).trimEnd());
    const header = rows[0] ?? [];
    expect(header.slice(0, 3)).toEqual(['site', 'host', 'ip']);
    expect(rows).toHaveLength(SAMPLE_ROWS.length + 1);
    const col = (name: string, i: number): string => rows[i]?.[header.indexOf(name)] ?? '';
    expect(col('provider_name', 1)).toBe('Cloudflare');
    expect(col('level', 2)).toBe('secnumcloud-provider');
    expect(col('health_category', 2)).toBe('public_health_insurance');
    expect(col('error_class', 5)).toBe('nxdomain');
    expect(col('site', 4)).toBe("'=HYPERLINK(\"x\",\"y|z\")");
    expect(col('host', 4)).toBe('');
  });

  it('the table keeps one line per site within the terminal width', () => {
    const narrow = renderTable(SAMPLE_ROWS, 80).trimEnd().split('\n');
    expect(narrow).toHaveLength(SAMPLE_ROWS.length + 1);
    expect(narrow.every((l) => l.length <= 80)).toBe(true);
    expect(narrow[1]).toMatch(/^www\.doc\S*…\s+extra-eu\s+Cloudfl…\s+cdn/);
    const lines = renderTable(SAMPLE_ROWS, 200).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SITE\s+LEVEL\s+PROVIDER/);
    expect(lines[1]).toMatch(/www\.doctolib\.fr\s+extra-eu\s+Cloudflare \(US\)\s+cdn\s+AS13335\s+booking/);
    expect(lines[5]).toMatch(/disparu\.fr\s+unknown.*nxdomain/);
  });

  it('the table never passes control characters to the terminal (ANSI escapes, bidi overrides, line breaks)', () => {
    const hostile = { ...SAMPLE_ROWS[0]!, site: 'evil\x1b[2J\x1b]8;;https://evil.example/\x07x\u202Eexe\nnext', cnames: ['a\rb'] };
    const table = renderTable([hostile], 200);
    expect(table.trimEnd().split('\n')).toHaveLength(2);
    expect(table).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(table).toContain('evil\uFFFD[2J\uFFFD]8;;https://evil.example/\uFFFDx\uFFFDexe next');
  });

  it('the Markdown report counts levels and providers, lists every site and names its data dates', () => {
    const md = renderMarkdown(SAMPLE_ROWS, {
      generatedAt: new Date('2026-11-28T12:00:00Z'),
      inputName: 'sites.txt',
      data: [
        { name: 'Routing table (IP to AS)', date: '2026-06-17', source: '@ip-location-db/asn 2.3.2026061719' },
        { name: 'SecNumCloud qualifications', date: '2026-08-01', source: 'data/secnumcloud.json' },
      ],
      fetched: 'none',
    });
    expect(md).toMatch(/^# Who hosts these 5 sites\?/);
    const seen = renderReport(md);
    expect(seen.paragraphs[0]).toContain('from sites.txt: 5 sites, 3 resolved, 2 health-related');
    expect(seen.paragraphs[0]).toContain('were not contacted');
    const levels = tableAfter(md, 'By level');
    expect(levels).toContainEqual(['Non-EU provider subject to an extraterritorial law', '1', '20.0 %', '1']);
    expect(levels).toContainEqual(['European provider that also sells SecNumCloud offers — this site’s offer cannot be verified', '2', '40.0 %', '1']);
    expect(levels).toContainEqual(['Host or applicable law unknown', '2', '40.0 %', '0']);
    const providers = tableAfter(md, 'By provider');
    expect(providers).toContainEqual(['OVHcloud', 'FR', 'European provider that also sells SecNumCloud offers — this site’s offer cannot be verified', '2', '0']);
    expect(providers).toContainEqual(['Cloudflare', 'US', 'Non-EU provider subject to an extraterritorial law', '1', '1']);
    expect(tableAfter(md, 'Errors')).toContainEqual(['nxdomain', '1']);
    expect(seen.items).toContain('Routing table (IP to AS): 2026-06-17 (@ip-location-db/asn 2.3.2026061719)');
    expect(seen.items).toContain('Sites checked between 2026-11-28T10:00:00.000Z and 2026-11-28T10:00:02.000Z');
    // Every site is one row of seven cells; a pipe inside a site stays in its cell.
    const sites = tableAfter(md, 'Sites');
    expect(sites).toHaveLength(SAMPLE_ROWS.length + 1);
    expect(sites.every((row) => row.length === 7)).toBe(true);
    expect(sites[4]?.slice(0, 2)).toEqual(['=HYPERLINK("x","y|z")', 'Host or applicable law unknown']);
  });
});
