import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAuditWith } from '../../src/cli/audit.ts';
import type { AuditRow } from '../../src/cli/audit/audit-row.ts';
import { parseCsvRows } from '../../src/cli/audit/site-list.ts';
import { stubDns, testEnvironment, type StubAnswer } from '../fixtures/audit/audit-env.ts';
import { renderReport, tableAfter } from '../fixtures/audit/markdown.ts';

// Offline: names resolve through an injected DNS client; the only server contacted is a node:http one on 127.0.0.1.
let web: Server;
let webPort = 0;
let closedPort = 0;
let webRequests = 0;
const CLINIC_PAGE = `<html lang="fr"><head><title>Clinique du Parc — consultations et hospitalisation</title>
<meta name="description" content="Prenez rendez-vous avec nos médecins : chirurgie, maternité, urgences, soins."></head>
<body><h1>Clinique du Parc</h1><h2>Nos services de soins</h2></body></html>`;

beforeAll(async () => {
  web = createServer((req, res) => {
    webRequests++;
    if ((req.headers.host ?? '').startsWith('stall.test')) return; // never answers
    if ((req.headers.host ?? '').startsWith('www.parc-lyon.test')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', server: 'nginx' }).end(req.method === 'HEAD' ? undefined : CLINIC_PAGE);
      return;
    }
    res.writeHead(200, { server: 'cloudflare', 'cf-ray': '8f0e1d2c3b4a5968-CDG' }).end();
  });
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  webPort = (web.address() as AddressInfo).port;
  const closed = createTcpServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  closedPort = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
});
afterAll(() => {
  web.closeAllConnections();
  return new Promise<void>((resolve) => web.close(() => resolve()));
});

const ZONE: Record<string, StubAnswer> = {
  'ameli.fr': { a: ['92.222.10.10'] },
  'www.doctolib.fr': { cnames: ['www.doctolib.fr.cdn.cloudflare.net'], a: ['104.18.22.1'] },
  'www.scaleway-sante.fr': { a: ['163.172.5.5'] },
  'v6.hopital.fr': { aaaa: ['2001:41d0:301::21'] },
  // OVHcloud over IPv4, Cloudflare over IPv6: a visitor with IPv6 reaches Cloudflare.
  'dual.hopital.fr': { a: ['92.222.10.10'], aaaa: ['2606:4700::6810:1'] },
  'dual-lan.hopital.fr': { a: ['92.222.10.10'], aaaa: ['fd00::5'] },
  'disparu.fr': { code: 'ENOTFOUND' },
  'mail-only.fr': { code: 'ENODATA' },
  'broken-dns.fr': { code: 'ESERVFAIL' },
  'slow-dns.fr': 'hang',
  'slow-dns-2.fr': 'hang',
  'edge.cf-site.test': { a: ['127.0.0.1'] },
  'www.parc-lyon.test': { a: ['127.0.0.1'] },
  'down.test': { a: ['127.0.0.1'] },
  'stall.test': { a: ['127.0.0.1'] },
  'loop.evil.test': { a: ['127.0.0.1'] },
  'metadata.evil.test': { cnames: ['instance.evil.test'], a: ['169.254.169.254'] },
  'lan.evil.test': { a: ['10.0.0.5'] },
  'cgnat.evil.test': { a: ['100.64.1.1'] },
  'v6loop.evil.test': { aaaa: ['::1'] },
  'ula.evil.test': { aaaa: ['fd00:ec2::254'] },
};

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'vigie-audit-cmd-'));
}

function listFile(lines: string[], name = 'sites.txt'): string {
  const path = join(tempDir(), name);
  writeFileSync(path, `# test list\n${lines.join('\n')}\n`);
  return path;
}

const FAST = ['--timeout', '300', '--retries', '1', '--backoff', '1'];
// For requests to the local web server that must be answered: under a loaded machine a real request can take longer
// than FAST's 300 ms, which would turn an expected answer into a timeout. FAST stays for the outcomes that are timeouts.
const PATIENT = ['--timeout', '20000', '--retries', '1', '--backoff', '1'];
const DNS_SITES = ['ameli.fr', 'https://www.doctolib.fr/', 'www.scaleway-sante.fr', 'v6.hopital.fr', 'disparu.fr', 'mail-only.fr', 'broken-dns.fr', 'slow-dns.fr', 'not a site'];

async function auditJson(args: string[], dns = stubDns(ZONE)): Promise<{ code: number; rows: AuditRow[]; stderr: string }> {
  const run = testEnvironment(dns);
  const code = await runAuditWith([...args, '--json'], run.env);
  return { code, rows: JSON.parse(run.stdout()) as AuditRow[], stderr: run.stderr() };
}

describe('vigie audit (command)', () => {
  it('gives the verdict of the address that reads least reassuring when a host has several (IPv4 and IPv6)', async () => {
    const { code, rows } = await auditJson([listFile(['dual.hopital.fr', 'dual-lan.hopital.fr', 'ameli.fr']), ...FAST]);
    expect(code).toBe(0);
    // It read secnumcloud-provider from the IPv4 address alone.
    expect(rows[0]).toMatchObject({ ip: '2606:4700::6810:1', provider: { id: 'cloudflare' }, level: 'extra-eu' });
    // A private address says nothing of the operators: it neither decides nor makes the row an error.
    expect(rows[1]).toMatchObject({ ip: '92.222.10.10', provider: { id: 'ovhcloud' }, level: 'secnumcloud-provider' });
    expect(rows[1]!.error).toBeUndefined();
    expect(rows[2]).toMatchObject({ ip: '92.222.10.10', level: 'secnumcloud-provider' });
  });

  it('audits every site in input order, with the lookup fields, and an error class for each failure', async () => {
    const { code, rows, stderr } = await auditJson([listFile(DNS_SITES), ...FAST]);
    expect(code).toBe(0);
    expect(rows.map((r) => r.site)).toEqual(DNS_SITES);
    const by = (site: string): AuditRow => rows.find((r) => r.site === site) as AuditRow;

    expect(by('ameli.fr')).toMatchObject({
      input: 'ameli.fr',
      host: 'ameli.fr',
      ip: '92.222.10.10',
      asn: 16276,
      asName: 'OVH SAS',
      provider: { id: 'ovhcloud', name: 'OVHcloud', country: 'FR' },
      role: 'origin',
      level: 'secnumcloud-provider',
      cnames: [],
      health: { health: true, category: 'health-insurer' },
    });
    expect(by('ameli.fr').evidence.join(' ')).toMatch(/AS16276/);
    expect(by('ameli.fr').error).toBeUndefined();

    expect(by('https://www.doctolib.fr/')).toMatchObject({
      host: 'www.doctolib.fr',
      cnames: ['www.doctolib.fr.cdn.cloudflare.net'],
      provider: { id: 'cloudflare' },
      role: 'cdn',
      level: 'extra-eu',
      health: { health: true },
    });
    expect(by('www.scaleway-sante.fr')).toMatchObject({ provider: { id: 'scaleway' }, level: 'eu' });
    expect(by('v6.hopital.fr')).toMatchObject({ ip: '2001:41d0:301::21', provider: { id: 'ovhcloud' } });

    expect(by('disparu.fr')).toMatchObject({ errorClass: 'nxdomain', errorStage: 'dns', level: 'unknown', ip: null, evidence: [] });
    expect(by('disparu.fr').error).toMatch(/NXDOMAIN/);
    expect(by('mail-only.fr')).toMatchObject({ errorClass: 'no-address', errorStage: 'dns' });
    expect(by('broken-dns.fr')).toMatchObject({ errorClass: 'dns-failure', errorStage: 'dns' });
    expect(by('slow-dns.fr')).toMatchObject({ errorClass: 'timeout', errorStage: 'dns' });
    expect(by('slow-dns.fr').error).toMatch(/within 300 ms/);
    expect(by('not a site')).toMatchObject({ errorClass: 'invalid-input', errorStage: 'input', host: '' });

    expect(stderr).toMatch(/vigie audit: done: 9 sites \(9 checked now\)/);
    expect(stderr).toMatch(/errors: invalid-input 1, nxdomain 1, no-address 1, dns-failure 1, timeout 1/);
  });

  it('contacts no web server unless --headers is given; with it, headers identify a CDN and a closed port is "refused"', async () => {
    const sites = [`http://edge.cf-site.test:${webPort}/`, `http://down.test:${closedPort}/`, `http://stall.test:${webPort}/`];
    webRequests = 0;
    const quiet = await auditJson([listFile(sites), ...FAST]);
    expect(webRequests).toBe(0);
    expect(quiet.rows[0]).toMatchObject({ provider: null, level: 'unknown' });
    expect(quiet.rows[0]?.http).toBeUndefined();

    const { rows } = await auditJson([listFile(sites.slice(0, 2)), '--headers', '--allow-private', ...PATIENT]);
    expect(webRequests).toBe(1);
    expect(rows[0]).toMatchObject({ provider: { id: 'cloudflare' }, role: 'cdn', level: 'extra-eu', http: { status: 200, method: 'HEAD' } });
    expect(rows[0]?.evidence.join(' ')).toMatch(/server: cloudflare/);
    // The address is known, so the row keeps its verdict and says why the headers are missing.
    expect(rows[1]).toMatchObject({ ip: '127.0.0.1', errorClass: 'refused', errorStage: 'http' });
    const stalled = await auditJson([listFile(sites.slice(2)), '--headers', '--allow-private', ...FAST]);
    expect(stalled.rows[0]).toMatchObject({ ip: '127.0.0.1', errorClass: 'timeout', errorStage: 'http' });
    expect(stalled.rows[0]?.error).toMatch(/the home page request did not finish within 300 ms/);
  });

  it('refuses private, loopback, link-local, CGNAT, unique-local and metadata addresses, typed or from DNS, and says why', async () => {
    const sites = [
      `http://loop.evil.test:${webPort}/`,
      'metadata.evil.test',
      'lan.evil.test',
      'cgnat.evil.test',
      'v6loop.evil.test',
      'ula.evil.test',
      `http://127.0.0.1:${webPort}/`,
      '[::1]',
    ];
    webRequests = 0;
    const { rows, stderr } = await auditJson([listFile(sites), '--headers', ...FAST]);
    expect(webRequests).toBe(0);
    const why = rows.map((r) => [r.errorClass, r.errorStage, r.error?.replace(/: not contacted.*/, '')]);
    expect(why).toEqual([
      ['private-address', 'dns', '127.0.0.1 (from DNS) is a loopback address'],
      ['private-address', 'dns', '169.254.169.254 (from DNS) is a cloud metadata address'],
      ['private-address', 'dns', '10.0.0.5 (from DNS) is a private address'],
      ['private-address', 'dns', '100.64.1.1 (from DNS) is a carrier-grade NAT (CGNAT) address'],
      ['private-address', 'dns', '::1 (from DNS) is a loopback address'],
      ['private-address', 'dns', 'fd00:ec2::254 (from DNS) is a cloud metadata address'],
      ['private-address', 'input', '127.0.0.1 (given in the list) is a loopback address'],
      ['private-address', 'input', '::1 (given in the list) is a loopback address'],
    ]);
    expect(rows.every((r) => r.errorClass !== 'private-address' || /give --allow-private to audit it$/.test(r.error ?? ''))).toBe(true);
    expect(rows[1]?.cnames).toEqual(['instance.evil.test']);
    expect(stderr).toMatch(/private-address 8/);

    const allowed = await auditJson([listFile(sites.slice(0, 1)), '--headers', '--allow-private', ...PATIENT]);
    expect(webRequests).toBe(1);
    expect(allowed.rows[0]).toMatchObject({ ip: '127.0.0.1', http: { status: 200 } });
    expect(allowed.rows[0]?.errorClass).toBeUndefined();
  });

  it('classifies health from the page content with --page, and only from the address without it', async () => {
    const sites = [`http://www.parc-lyon.test:${webPort}/`];
    const plain = await auditJson([listFile(sites), ...FAST]);
    expect(plain.rows[0]?.health.health).toBe(false);
    // The page is parsed in a worker thread whose start-up (loading TypeScript) takes longer than FAST allows.
    const paged = await auditJson([listFile(sites), '--page', '--allow-private', ...FAST, '--timeout', '60000']);
    expect(paged.rows[0]?.health.health).toBe(true);
    expect(paged.rows[0]?.health.reasons.join(' ')).toMatch(/clinique|hospitalisation|soins|urgences|rendez/);
    expect(paged.rows[0]?.http).toMatchObject({ method: 'GET', status: 200 });
    expect(paged.rows[0]?.health.judged).toBe(true);
    expect(plain.rows[0]?.health.judged).toBe(true);
  });

  it('never says health "no" for a site whose health was not judged: an invalid input, or --page with no page read', async () => {
    const sites = ['not a site', 'www.parc-lyon.test', 'ameli.fr'];
    // No page can be read: every home page request fails.
    const fetcher = {
      fetch: async (): Promise<never> => {
        throw new Error('connection reset');
      },
    };
    const args = [listFile(sites), '--page', '--allow-private', ...FAST];
    const json = testEnvironment(stubDns(ZONE), { fetcher });
    expect(await runAuditWith([...args, '--json'], json.env)).toBe(0);
    const rows = JSON.parse(json.stdout()) as AuditRow[];
    expect(rows.map((r) => [r.errorClass, r.health.health, r.health.judged])).toEqual([
      ['invalid-input', false, false],
      ['http-error', false, false],
      // A listed health domain is health from its address even when its page was not read.
      ['http-error', true, true],
    ]);
    const table = testEnvironment(stubDns(ZONE), { fetcher });
    expect(await runAuditWith(args, table.env)).toBe(0);
    const lines = table.stdout().split('\n');
    expect(lines.find((l) => l.startsWith('not a site'))).toMatch(/\snot judged\s+invalid-input$/);
    expect(lines.find((l) => l.startsWith('www.parc-lyon.test'))).toMatch(/\snot judged\s+http-error$/);
    expect(lines.find((l) => l.startsWith('ameli.fr'))).toMatch(/\shealth-insurer\s+http-error$/);
    expect(table.stderr()).toMatch(/health sites: 1 \(2 not judged\)/);
    const csv = testEnvironment(stubDns(ZONE), { fetcher });
    expect(await runAuditWith([...args, '--csv'], csv.env)).toBe(0);
    const cells = parseCsvRows(csv.stdout().trimEnd());
    const health = cells[0]!.indexOf('health');
    expect(cells.slice(1).map((row) => row[health])).toEqual(['not judged', 'not judged', 'true']);
  });

  it('does not call a page that gave nothing to read health "no": empty, binary or compressed bodies are not judged', async () => {
    // Bytes that read as binary (here gzip bytes given as the body, as before the fetcher decompressed them), a PDF home
    // page, an empty body: health comes from the URL alone, which is no judgement of the page; a listed domain stays health.
    const bodies: Record<string, Uint8Array> = {
      'gzip.parc-lyon.test': gzipSync(CLINIC_PAGE),
      'pdf.parc-lyon.test': Buffer.from('%PDF-1.7\n\u0000\u0001\u0002binary'),
      'empty.parc-lyon.test': new Uint8Array(0),
      'www.parc-lyon.test': Buffer.from(CLINIC_PAGE),
      'ameli.fr': new Uint8Array(0),
    };
    const fetcher = {
      fetch: async ({ url }: { url: string }) => ({ url, status: 200, method: 'GET' as const, headers: {}, body: bodies[new URL(url).hostname]! }),
    };
    const zone = { ...ZONE, 'gzip.parc-lyon.test': { a: ['92.222.10.10'] }, 'pdf.parc-lyon.test': { a: ['92.222.10.10'] }, 'empty.parc-lyon.test': { a: ['92.222.10.10'] } };
    const run = testEnvironment(stubDns(zone), { fetcher });
    expect(await runAuditWith([listFile(Object.keys(bodies)), '--page', '--allow-private', ...FAST, '--timeout', '60000', '--json'], run.env)).toBe(0);
    const rows = JSON.parse(run.stdout()) as AuditRow[];
    expect(rows.map((r) => [r.host, r.health.health, r.health.judged])).toEqual([
      ['gzip.parc-lyon.test', false, false],
      ['pdf.parc-lyon.test', false, false],
      ['empty.parc-lyon.test', false, false],
      ['www.parc-lyon.test', true, true],
      ['ameli.fr', true, true],
    ]);
  });

  it("judges health from the list's whole address, path included, as the extension does", async () => {
    // Boots is listed for its health paths only: from its host alone, every Boots address read health "no".
    const zone = { ...ZONE, 'www.boots.com': { a: ['92.222.10.10'] } };
    const { rows } = await auditJson([listFile(['https://www.boots.com/health-pharmacy', 'https://www.boots.com/']), ...FAST], stubDns(zone));
    expect(rows.map((r) => [r.site, r.health.health, r.health.judged])).toEqual([
      ['https://www.boots.com/health-pharmacy', true, true],
      ['https://www.boots.com/', false, true],
    ]);
    expect(rows[0]!.health.category).toBe('pharmacy');
  });

  it('reads a CSV with a url column', async () => {
    const csv = join(tempDir(), 'sites.csv');
    writeFileSync(csv, 'name,url\n"Assurance Maladie, CNAM",https://ameli.fr/\nDoctolib,www.doctolib.fr\n');
    const { rows } = await auditJson([csv, ...FAST]);
    expect(rows.map((r) => [r.host, r.provider?.id])).toEqual([
      ['ameli.fr', 'ovhcloud'],
      ['www.doctolib.fr', 'cloudflare'],
    ]);
  });

  it('prints CSV and a Markdown report with counts, providers, data dates and sources', async () => {
    const list = listFile(DNS_SITES.slice(0, 5));
    const csvRun = testEnvironment(stubDns(ZONE));
    expect(await runAuditWith([list, '--csv', ...FAST], csvRun.env)).toBe(0);
    const csv = parseCsvRows(csvRun.stdout().trimEnd());
    expect(csv).toHaveLength(6);
    expect(csv[0]).toContain('error_class');
    expect(csv[1]?.slice(0, 3)).toEqual(['ameli.fr', 'ameli.fr', '92.222.10.10']);

    const mdRun = testEnvironment(stubDns(ZONE));
    expect(await runAuditWith([list, '--md', ...FAST], mdRun.env)).toBe(0);
    const md = mdRun.stdout();
    expect(md).toMatch(/^# Who hosts these 5 sites\?/);
    const levels = tableAfter(md, 'By level');
    expect(levels).toContainEqual(['European provider that also sells SecNumCloud offers — this site’s offer cannot be verified', 'EU+', '2', '40.0 %', '2']);
    expect(levels).toContainEqual(['Non-EU provider subject to an extraterritorial law', 'US!', '1', '20.0 %', '1']);
    expect(tableAfter(md, 'By provider')).toContainEqual(['OVHcloud', 'FR', 'European provider that also sells SecNumCloud offers — this site’s offer cannot be verified', '2', '0']);
    const items = renderReport(md).items;
    expect(items.some((i) => i.startsWith('Routing table (IP address to AS): 2026-06-17 (@ip-location-db/asn 2.3.2026061719 (excerpt)'))).toBe(true);
    expect(items.some((i) => /^SecNumCloud qualifications \(ANSSI\): \d{4}-\d{2}-\d{2} \(data\/secnumcloud\.json\)$/.test(i))).toBe(true);
    expect(tableAfter(md, 'Errors')).toContainEqual(['nxdomain', '1']);
  });

  it('with --headers, an S3 header behind an OVHcloud address makes the site extra-EU and says so in JSON, CSV and Markdown', async () => {
    const zone: Record<string, StubAnswer> = { 'rdv.chu-lyon.fr': { a: ['92.222.10.10'] }, 'ameli.fr': { a: ['92.222.10.10'] } };
    // The servers are on public addresses, so their answers are stubbed: the S3 header for one site, none for the other.
    // A listed health domain, so that the Health column does not depend on the model's reading of an invented name.
    const fetcher = {
      fetch: async (req: { url: string }) => ({ url: req.url, status: 200, method: 'HEAD' as const, headers: req.url.includes('rdv.') ? { server: 'AmazonS3' } : { server: 'nginx' } }),
    };
    const list = listFile(['rdv.chu-lyon.fr', 'ameli.fr']);
    const json = testEnvironment(stubDns(zone), { fetcher });
    expect(await runAuditWith([list, '--headers', '--json', ...FAST], json.env)).toBe(0);
    const [revealed, plain] = JSON.parse(json.stdout()) as AuditRow[];
    expect(revealed).toMatchObject({ provider: { id: 'ovhcloud' }, level: 'extra-eu', revealedOrigin: { provider: { id: 'aws', country: 'US' }, header: 'server: AmazonS3' } });
    expect(revealed!.evidence.join(' ')).toMatch(/"server: AmazonS3" names Amazon S3 \(Amazon Web Services \(US\)\) behind OVHcloud \(FR\)/);
    expect(plain).toMatchObject({ provider: { id: 'ovhcloud' }, level: 'secnumcloud-provider', revealedOrigin: null });

    const csv = testEnvironment(stubDns(zone), { fetcher });
    expect(await runAuditWith([list, '--headers', '--csv', ...FAST], csv.env)).toBe(0);
    const [head, first] = parseCsvRows(csv.stdout().trimEnd());
    expect(first![head!.indexOf('revealed_origin_id')]).toBe('aws');
    expect(first![head!.indexOf('revealed_origin_header')]).toBe('server: AmazonS3');
    // What the AS rests on: an IPv4 address, so the announcement RouteViews observes where it sees one.
    expect(first![head!.indexOf('routing_source')]).toBe('announcement-or-delegation');
    expect(first![head!.indexOf('routing_data_date')]).toBe('2026-06-17');

    const md = testEnvironment(stubDns(zone), { fetcher });
    expect(await runAuditWith([list, '--headers', '--md', ...FAST], md.env)).toBe(0);
    const sites = tableAfter(md.stdout(), 'Sites');
    expect(sites.find((row) => row[0] === 'rdv.chu-lyon.fr')).toEqual([
      'rdv.chu-lyon.fr', 'Non-EU provider subject to an extraterritorial law', 'OVHcloud (FR)', 'origin', 'AS16276', 'hospital-clinic',
      'extra-EU origin named by the response: Amazon Web Services (US), server: AmazonS3',
    ]);
  });

  it('resumes: sites already in the --out file are skipped, a line cut by a kill is redone, --from re-renders', async () => {
    const dir = tempDir();
    const out = join(dir, 'results.jsonl');
    const first = stubDns(ZONE);
    expect(await runAuditWith([listFile(['ameli.fr', 'www.doctolib.fr']), '--out', out, ...FAST], testEnvironment(first).env)).toBe(0);
    expect(readFileSync(out, 'utf8').trimEnd().split('\n')).toHaveLength(2);
    // Simulate a kill in the middle of writing a third row.
    writeFileSync(out, `${readFileSync(out, 'utf8')}{"site":"www.scaleway-sante.fr","host":"www.sca`);

    const second = stubDns(ZONE);
    const run = testEnvironment(second);
    const all = ['ameli.fr', 'www.doctolib.fr', 'www.scaleway-sante.fr', 'v6.hopital.fr'];
    expect(await runAuditWith([listFile(all), '--out', out, '--json', ...FAST], run.env)).toBe(0);
    expect([...second.asked.keys()].sort()).toEqual(['v6.hopital.fr', 'www.scaleway-sante.fr']);
    expect(run.stderr()).toMatch(/1 unreadable lines/);
    expect(run.stderr()).toMatch(/4 sites \(2 checked now, 2 already in/);
    expect((JSON.parse(run.stdout()) as AuditRow[]).map((r) => r.site)).toEqual(all);
    const stored = readFileSync(out, 'utf8').split('\n').filter((l) => l.startsWith('{"site"') && l.endsWith('}'));
    expect(stored.map((l) => (JSON.parse(l) as AuditRow).site).sort()).toEqual([...all].sort());

    const offline = stubDns({});
    const rerender = testEnvironment(offline);
    expect(await runAuditWith(['--from', out, '--md'], rerender.env)).toBe(0);
    expect(offline.asked.size).toBe(0);
    expect(rerender.stdout()).toMatch(/# Who hosts these 4 sites\?/);
    expect(rerender.stdout()).toContain('were not contacted');
  });

  it('with --retry-errors, checks again only the sites whose stored row failed for a passing reason', async () => {
    const out = join(tempDir(), 'results.jsonl');
    const list = listFile(['ameli.fr', 'slow-dns.fr', 'disparu.fr']);
    await runAuditWith([list, '--out', out, ...FAST], testEnvironment(stubDns(ZONE)).env);
    const healed = stubDns({ ...ZONE, 'slow-dns.fr': { a: ['51.91.1.1'] } });
    const run = testEnvironment(healed);
    expect(await runAuditWith([list, '--out', out, '--retry-errors', '--json', ...FAST], run.env)).toBe(0);
    expect([...healed.asked.keys()]).toEqual(['slow-dns.fr']);
    const rows = JSON.parse(run.stdout()) as AuditRow[];
    expect(rows.find((r) => r.site === 'slow-dns.fr')).toMatchObject({ provider: { id: 'ovhcloud' } });
    expect(rows.find((r) => r.site === 'slow-dns.fr')?.errorClass).toBeUndefined();
    expect(rows.find((r) => r.site === 'disparu.fr')?.errorClass).toBe('nxdomain');
  });

  it('on interrupt keeps the finished sites (in the output and the --out file) and exits 130', async () => {
    const out = join(tempDir(), 'results.jsonl');
    const dns = stubDns(ZONE);
    // Ctrl-C comes once both lanes hang on the slow names (counted, not timed).
    const resolve4 = dns.resolve4;
    dns.resolve4 = (name) => {
      if (name === 'slow-dns-2.fr') queueMicrotask(() => run.interrupt.abort(new Error('interrupted')));
      return resolve4(name);
    };
    const run = testEnvironment(dns);
    const list = listFile(['ameli.fr', 'www.doctolib.fr', 'slow-dns.fr', 'slow-dns-2.fr', 'www.scaleway-sante.fr']);
    const code = await runAuditWith([list, '--out', out, '--json', '--timeout', '60000', '--concurrency', '2'], run.env);
    expect(code).toBe(130);
    const rows = JSON.parse(run.stdout()) as AuditRow[];
    // Both lanes hang on the slow names, so the last site is never started.
    expect(rows.map((r) => r.site)).toEqual(['ameli.fr', 'www.doctolib.fr']);
    expect(dns.asked.has('www.scaleway-sante.fr')).toBe(false);
    expect(readFileSync(out, 'utf8').trimEnd().split('\n')).toHaveLength(2);
    expect(run.stderr()).toMatch(/interrupted: 2 sites \(2 checked now, 2 abandoned in flight\)/);
    expect(run.stderr()).toMatch(/run the same command again to resume/);
  });

  it('draws a progress bar only when stderr is a terminal', async () => {
    const list = listFile(DNS_SITES.slice(0, 4));
    const tty = testEnvironment(stubDns(ZONE), { tty: true });
    await runAuditWith([list, ...FAST], tty.env);
    expect(tty.stderr()).toMatch(/\r\[#+-*\] \d+\/4 \d+%/);
    const piped = testEnvironment(stubDns(ZONE));
    await runAuditWith([list, ...FAST], piped.env);
    expect(piped.stderr()).not.toContain('\r');
  });

  it('answers misuse with a message and exit code 2, an unreadable list with 1', async () => {
    const run = testEnvironment(stubDns(ZONE));
    expect(await runAuditWith([], run.env)).toBe(2);
    expect(run.stderr()).toMatch(/missing the file that lists the sites/);
    expect(await runAuditWith(['x.txt', '--json', '--csv'], run.env)).toBe(2);
    expect(await runAuditWith(['x.txt', '--concurrency', '0'], run.env)).toBe(2);
    expect(run.stderr()).toMatch(/--concurrency must be a whole number from 1 to 1024 \(got '0'\)/);
    expect(await runAuditWith([join(tempDir(), 'missing.txt')], run.env)).toBe(1);
    expect(run.stderr()).toMatch(/cannot read the list/);
    const csv = join(tempDir(), 'bad.csv');
    writeFileSync(csv, 'name,address\nx,y\n');
    expect(await runAuditWith([csv], run.env)).toBe(1);
    expect(run.stderr()).toMatch(/no url column/);
  });
});

describe('vigie audit at scale', () => {
  it('runs 10,000 synthetic sites through an injected resolver within bounded memory', async () => {
    const prefixes = ['51.91', '92.222', '104.18', '151.101', '163.172', '52.95'];
    const zone: Record<string, StubAnswer> = {};
    const lines: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const name = `site-${i}.sante-exemple.fr`;
      zone[name] = { a: [`${prefixes[i % prefixes.length]}.${(i >> 8) & 255}.${i & 255}`] };
      lines.push(name);
    }
    const out = join(tempDir(), 'results.jsonl');
    let printed = 0;
    const run = testEnvironment(stubDns(zone), { onStdout: (text) => (printed += text.length) });
    const before = process.memoryUsage().heapUsed;
    const code = await runAuditWith([listFile(lines), '--out', out, '--md', '--concurrency', '64'], run.env);
    const grown = process.memoryUsage().heapUsed - before;
    expect(code).toBe(0);
    const stored = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(stored).toHaveLength(10_000);
    expect(run.stderr()).toMatch(/done: 10000 sites \(10000 checked now\)/);
    expect(run.stderr()).toMatch(/errors: none/);
    expect(printed).toBeGreaterThan(10_000 * 40);
    // Rows are kept for the final report (about 1 KB each); anything far beyond that would be a leak.
    expect(grown).toBeLessThan(200 * 1024 * 1024);
  }, 120_000);
});
