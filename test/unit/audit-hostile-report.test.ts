import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileAsnTable } from '../../scripts/build-asn-table.ts';
import type { AuditRow } from '../../src/cli/audit/audit-row.ts';
import { parseSiteList } from '../../src/cli/audit/site-list.ts';
import { PAGE_PARSE_LIMIT_BYTES } from '../../src/cli/page-reader.ts';
import { startTestDnsServer, type TestDnsServer, type TestZoneEntry } from '../fixtures/audit/dns-server.ts';
import { renderReport, tableAfter } from '../fixtures/audit/markdown.ts';

// The closing check, end to end: the real CLI in a child process audits the shipped example list plus hostile
// entries, through the real node:dns resolver pointed at a DNS server on 127.0.0.1 and, for pages, a web server on
// 127.0.0.1. Nothing leaves the machine.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/audit/', import.meta.url));
/** Real announced ranges of the routing-table excerpt: OVH, Scaleway, Cloudflare, Fastly. */
const PREFIXES = ['51.91', '163.172', '104.18', '151.101'];
const HOSTILE_TITLE = '<img src=x onerror=alert(1)> [click](javascript:alert(1)) Clinique';
let dns: TestDnsServer;
let web: Server;
let webPort = 0;
let dir: string;
let table: string;

beforeAll(async () => {
  const zone: Record<string, TestZoneEntry> = {};
  const examples = parseSiteList(readFileSync(join(ROOT, 'examples/french-health-sites.txt'), 'utf8')).sites;
  examples.forEach((site, i) => (zone[site.host] = { a: [`${PREFIXES[i % PREFIXES.length]}.${i}.1`] }));
  Object.assign(zone, {
    'www.evil.example': { a: ['104.18.7.7'] },
    'markup-cname.evil.example': { cname: '<img src=x onerror=alert(1)>.[a](javascript:x).evil.example' },
    '<img src=x onerror=alert(1)>.[a](javascript:x).evil.example': { a: ['151.101.9.9'] },
    'loopback.evil.example': { a: ['127.0.0.1'] },
    'metadata.evil.example': { a: ['169.254.169.254'] },
    'lan.evil.example': { a: ['192.168.1.1'] },
    'deep.evil.example': { a: ['127.0.0.1'] },
    'title.evil.example': { a: ['127.0.0.1'] },
    'long.evil.example': { a: ['127.0.0.1'] },
  });
  dns = await startTestDnsServer(zone);
  web = createServer((req, res) => {
    const host = (req.headers.host ?? '').split(':')[0];
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    // 170,000 nested <b>: about 10 s of parsing in the worker on this machine, far past the test's 1.5 s deadline.
    if (host === 'deep.evil.example') res.end(`<html><head><title>x</title></head><body>${'<b>'.repeat(Math.floor(PAGE_PARSE_LIMIT_BYTES / 3) - 20)}`);
    else if (host === 'long.evil.example') res.end(`<html><head><title>Centre hospitalier</title></head><body><p>${'soins '.repeat(120_000)}</p></body></html>`);
    else res.end(`<html><head><title>${HOSTILE_TITLE}</title></head><body><h1>${HOSTILE_TITLE}</h1><p>Consultations, chirurgie, urgences.</p></body></html>`);
  });
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  webPort = (web.address() as AddressInfo).port;
  dir = mkdtempSync(join(tmpdir(), 'vigie-hostile-'));
  const excerpt = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
  const { bytes } = compileAsnTable(excerpt('asn-excerpt-ipv4.csv'), excerpt('asn-excerpt-ipv6.csv'), {
    source: '@ip-location-db/asn 2.3.2026061719 (excerpt)',
    dataDate: '2026-06-17',
    licence: 'CC BY 4.0',
  });
  table = join(dir, 'asn-table.bin');
  writeFileSync(table, bytes);
});
afterAll(async () => {
  web.closeAllConnections();
  await new Promise<void>((resolve) => web.close(() => resolve()));
  await dns.close();
});

function vigie(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/vigie.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Asserts a report renders to the report's own elements only, with inline HTML on and off. */
function expectInert(markdown: string): void {
  for (const html of [false, true]) {
    const report = renderReport(markdown, { html });
    const tags = new Set([...report.html.matchAll(/<([a-z][a-z0-9]*)/gi)].map((m) => m[1]!.toLowerCase()));
    expect([...tags].sort()).toEqual(['code', 'h1', 'h2', 'li', 'p', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul']);
    const inline = report.tokens.flatMap((t) => t.children ?? []);
    expect(inline.filter((t) => !['text', 'text_special', 'code_inline'].includes(t.type))).toEqual([]);
    // The one code span is the report's own wording ("role `cdn`").
    expect(inline.filter((t) => t.type === 'code_inline').map((t) => t.content)).toEqual(['cdn']);
    expect(report.tokens.some((t) => /^(html_|link_|image|blockquote|hr|fence|code_block)/.test(t.type))).toBe(false);
  }
}

describe('vigie audit examples/french-health-sites.txt --md with hostile entries', { timeout: 90_000 }, () => {
  it('renders inert, shows each hostile entry as text, and says why each one was refused', async () => {
    const list = join(dir, 'french-health-sites.txt');
    writeFileSync(list, readFileSync(join(ROOT, 'examples/french-health-sites.txt'), 'utf8') + readFileSync(join(FIXTURES, 'hostile-sites.txt'), 'utf8'));
    const run = await vigie(['audit', list, '--md', '--dns-server', dns.address, '--asn-table', table, '--timeout', '20000', '--retries', '0']);
    expect(run.code, run.stderr).toBe(0);
    expectInert(run.stdout);

    const sites = tableAfter(run.stdout, 'Sites');
    const row = (site: string): string[] => sites.find((r) => r[0] === site) ?? [];
    expect(row('<img src=x onerror=alert(1)>')[6]).toMatch(/^invalid-input: <img src=x onerror=alert\(1\)>: contains spaces/);
    expect(row('[click](javascript:alert(1))')[6]).toMatch(/^invalid-input: /);
    expect(row('https://evil.example/<script>alert(1)</script>')[6]).toMatch(/^nxdomain: evil\.example: no such domain/);
    expect(row('www.evil.example').slice(1, 3)).toEqual(['Non-EU provider subject to an extraterritorial law', 'Cloudflare (US)']);
    // c-ares hands the alias over with its own escapes (alert\(1\)); the report shows them as they are.
    expect(row('markup-cname.evil.example')[6]).toMatch(/^CNAME <img src=x onerror=alert/);
    expect(row('loopback.evil.example')[6]).toBe('private-address: 127.0.0.1 (from DNS) is a loopback address: not contacted; give --allow-private to audit it');
    expect(row('metadata.evil.example')[6]).toMatch(/^private-address: 169\.254\.169\.254 \(from DNS\) is a cloud metadata address/);
    expect(row('lan.evil.example')[6]).toMatch(/^private-address: 192\.168\.1\.1 \(from DNS\) is a private address/);
    expect(row('http://127.0.0.1/')[6]).toMatch(/^private-address: 127\.0\.0\.1 \(given in the list\) is a loopback address/);
    expect(row('[::1]')[6]).toMatch(/^private-address: ::1 \(given in the list\)/);
    expect(row('http://169.254.169.254/latest/meta-data/')[6]).toMatch(/cloud metadata address/);
    expect(row('=HYPERLINK("https://evil.example/","x")')[6]).toMatch(/^invalid-input: /);
    expect(row('ameli.fr').slice(1, 3)).toEqual(['European provider that also sells SecNumCloud offers — this site’s offer cannot be verified', 'OVHcloud (FR)']);
    expect(tableAfter(run.stdout, 'Errors')).toContainEqual(['private-address', '6']);
  });

  it('with --page: hostile page text stays text, a page too complex to parse is stopped and a long one cut, each said in its row', async () => {
    const list = join(dir, 'pages.txt');
    writeFileSync(list, ['title', 'deep', 'long'].map((name) => `http://${name}.evil.example:${webPort}/`).join('\n'));
    const out = join(dir, 'pages.jsonl');
    // A 4 s deadline: the deep page needs about 10 s in the worker, the others a few milliseconds when the machine is
    // idle; 1.5 s was once too short for the long page's worker start and parse on a loaded machine (it read "stopped").
    const run = await vigie(['audit', list, '--page', '--allow-private', '--parse-deadline', '4000', '--json', '--out', out, '--dns-server', dns.address, '--asn-table', table, '--timeout', '60000']);
    expect(run.code, run.stderr).toBe(0);
    const rows = JSON.parse(run.stdout) as AuditRow[];
    expect(rows.map((r) => [r.host, r.page?.parse, r.errorClass]), JSON.stringify(rows)).toEqual([
      ['title.evil.example', 'whole', undefined],
      ['deep.evil.example', 'stopped', undefined],
      ['long.evil.example', 'prefix', undefined],
    ]);
    // Stopped at the deadline, or earlier when the parser runs out of stack on the nesting: either way the row says so.
    expect(rows[1]?.health.reasons.join(' ')).toMatch(/page parsing stopped after 4000 ms|page could not be parsed \(.+\)/);
    expect(rows[2]?.page?.parsedBytes).toBe(PAGE_PARSE_LIMIT_BYTES);
    expect(rows[2]?.health.reasons).toContain(`only the first ${PAGE_PARSE_LIMIT_BYTES} bytes of the page were parsed`);

    const report = await vigie(['audit', '--from', out, '--md']);
    expect(report.code).toBe(0);
    expectInert(report.stdout);
  });
});
