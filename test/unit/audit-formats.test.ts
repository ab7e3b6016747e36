import { describe, expect, it } from 'vitest';
import { renderCsv, renderJson, renderTable } from '../../src/cli/audit/formats.ts';
import { renderMarkdown } from '../../src/cli/audit/markdown-report.ts';
import { parseCsvRows } from '../../src/cli/audit/site-list.ts';
import { renderReport, tableAfter } from '../fixtures/audit/markdown.ts';
import { SAMPLE_ROWS } from '../fixtures/audit/rows.ts';

/** The table's lines, without the LEVEL legend under it. */
function tableLines(table: string): string[] {
  return table.slice(0, table.indexOf('\n\nLEVEL:\n')).split('\n');
}

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
    const narrow = tableLines(renderTable(SAMPLE_ROWS, 80));
    expect(narrow).toHaveLength(SAMPLE_ROWS.length + 1);
    expect(narrow.every((l) => l.length <= 80)).toBe(true);
    expect(narrow[1]).toMatch(/^www\.doc\S*…\s+extra-eu\s+Cloudfl…\s+cdn/);
    const lines = tableLines(renderTable(SAMPLE_ROWS, 200));
    expect(lines[0]).toMatch(/^SITE\s+LEVEL\s+PROVIDER/);
    expect(lines[1]).toMatch(/www\.doctolib\.fr\s+extra-eu\s+Cloudflare \(US\)\s+cdn\s+AS13335\s+booking/);
    expect(lines[5]).toMatch(/disparu\.fr\s+unknown.*nxdomain/);
  });

  it('says "not judged" for a health never judged (table, CSV), keeps JSON\'s health field and adds judged', () => {
    const invalid = SAMPLE_ROWS[3]!;
    const notRead = { ...SAMPLE_ROWS[2]!, health: { health: false, judged: false, reasons: [] }, error: 'reset', errorClass: 'http-error' as const, errorStage: 'http' as const };
    const judgedNo = { ...SAMPLE_ROWS[2]!, health: { health: false, judged: true, reasons: [] } };
    const lines = tableLines(renderTable([invalid, notRead, judgedNo], 200));
    expect(lines[1]).toMatch(/\snot judged\s+invalid-input$/);
    expect(lines[2]).toMatch(/\snot judged\s+http-error$/);
    expect(lines[3]).toMatch(/AS16276\s+no\s+via clinique-exemple\.fr$/);
    const csv = parseCsvRows(renderCsv([invalid, notRead, judgedNo]).trimEnd());
    const health = csv[0]!.indexOf('health');
    expect(csv.slice(1).map((row) => row[health])).toEqual(['not judged', 'not judged', 'false']);
    expect(JSON.parse(renderJson([notRead]))[0].health).toEqual({ health: false, judged: false, reasons: [] });
  });

  it('gives each level shown its code and name under the table, as vigie lookup does', () => {
    const table = renderTable(SAMPLE_ROWS, 200);
    const legend = table.slice(table.indexOf('\n\nLEVEL:\n'));
    expect(legend).toMatch(/\n {2}secnumcloud-provider +EU\+ +European provider that also sells SecNumCloud offers — this site’s offer cannot be verified\n/);
    expect(legend).toMatch(/\n {2}extra-eu +US! +Non-EU provider subject to an extraterritorial law\n/);
    expect(legend).toMatch(/\n {2}unknown +\? +Host or applicable law unknown\n/);
    expect(legend).not.toMatch(/\n {2}eu /);
  });

  it('the table never passes control characters to the terminal (ANSI escapes, bidi overrides, line breaks)', () => {
    const hostile = { ...SAMPLE_ROWS[0]!, site: 'evil\x1b[2J\x1b]8;;https://evil.example/\x07x\u202Eexe\nnext', cnames: ['a\rb'] };
    const table = renderTable([hostile], 200);
    expect(tableLines(table)).toHaveLength(2);
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
    expect(seen.paragraphs[0]).toContain('from sites.txt: 5 sites, 3 resolved, 2 health-related, 1 not judged for health.');
    expect(seen.paragraphs[0]).toContain('were not contacted');
    const levels = tableAfter(md, 'By level');
    expect(levels).toContainEqual(['Non-EU provider subject to an extraterritorial law', 'US!', '1', '20.0 %', '1']);
    expect(levels).toContainEqual(['European provider that also sells SecNumCloud offers — this site’s offer cannot be verified', 'EU+', '2', '40.0 %', '1']);
    expect(levels).toContainEqual(['Host or applicable law unknown', '?', '2', '40.0 %', '0']);
    expect(levels).toContainEqual(['SecNumCloud-qualified offer', 'SNC', '0', '0.0 %', '0']);
    const providers = tableAfter(md, 'By provider');
    expect(providers).toContainEqual(['OVHcloud', 'FR', 'European provider that also sells SecNumCloud offers — this site’s offer cannot be verified', '2', '0']);
    expect(providers).toContainEqual(['Cloudflare', 'US', 'Non-EU provider subject to an extraterritorial law', '1', '1']);
    expect(tableAfter(md, 'Errors')).toContainEqual(['nxdomain', '1']);
    expect(seen.items).toContain('Routing table (IP to AS): 2026-06-17 (@ip-location-db/asn 2.3.2026061719)');
    expect(seen.items).toContain('Sites checked between 2026-11-28 10:00:00 UTC and 2026-11-28 10:00:02 UTC');
    // Every site is one row of seven cells; a pipe inside a site stays in its cell.
    const sites = tableAfter(md, 'Sites');
    expect(sites).toHaveLength(SAMPLE_ROWS.length + 1);
    expect(sites.every((row) => row.length === 7)).toBe(true);
    expect(sites[4]?.slice(0, 2)).toEqual(['=HYPERLINK("x","y|z")', 'Host or applicable law unknown']);
    // Health: a category, "no" where it was judged, "not judged" for the invalid input, never "no" there.
    expect(sites.slice(1).map((row) => row[5])).toEqual(['booking', 'public_health_insurance', 'no', 'not judged', 'no']);
  });
});
