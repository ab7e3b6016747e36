import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readAnnouncementLayer } from '../../scripts/announcements.ts';
import { loadIdentifyContext } from '../../src/cli/context.ts';
import { lookupOne } from '../../src/cli/lookup.ts';
import type { DnsClient } from '../../src/cli/resolver.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsx = `${root}node_modules/.bin/tsx`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `vigie lookup` as a user would; only IP literals and invalid inputs are used, so no network is touched. */
function lookup(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(tsx, ['src/cli/vigie.ts', 'lookup', ...args], { cwd: root, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(() => {
  if (!existsSync(`${root}generated/asn-table.bin`)) execFileSync(tsx, ['scripts/build-asn-table.ts'], { cwd: root, timeout: 300_000 });
}, 300_000);

describe('vigie lookup --json', () => {
  it('prints one object per input, in order, with the contract fields', async () => {
    const run = await lookup('--json', '2a01:111:f100:3000::a83e:1a8d', '::ffff:51.91.1.1', '10.0.0.1', 'not a host!', '127.0.0.1', '[fe80::1]');
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(rows.map((r) => r.input)).toEqual(['2a01:111:f100:3000::a83e:1a8d', '::ffff:51.91.1.1', '10.0.0.1', 'not a host!', '127.0.0.1', '[fe80::1]']);
    for (const row of rows) {
      expect(Object.keys(row).filter((k) => k !== 'error')).toEqual(['input', 'ip', 'asn', 'asName', 'provider', 'role', 'level', 'confidence', 'attribution', 'networkRole', 'region', 'service', 'publishedList', 'registeredIn', 'revealedOrigin', 'evidence', 'routing']);
    }

    const [microsoft, ovh, privateIp, garbage, loopback, linkLocal] = rows;
    expect(microsoft).toMatchObject({ asn: 8075, provider: { id: 'microsoft', name: 'Microsoft', country: 'US' }, level: 'extra-eu' });
    expect(typeof microsoft!.asName).toBe('string');
    expect(microsoft).toMatchObject({ attribution: 'published-range', networkRole: 'cloud' });
    expect(ovh).toMatchObject({ ip: '::ffff:51.91.1.1', asn: 16276, provider: { id: 'ovhcloud', country: 'FR' } });
    expect(['secnumcloud-provider', 'eu']).toContain(ovh!.level);
    // An IPv4-mapped address is looked up as its IPv4: an announcement where RouteViews sees one.
    expect(ovh).toMatchObject({ routing: { kind: 'announcement-or-delegation', dataDate: '2026-06-17' }, confidence: 'high' });
    // IPv6: the announcement layer's where it speaks (the committed IPtoASN table, or a local RIS cut), else delegation.
    const layer = readAnnouncementLayer();
    if (layer === null) expect(microsoft).toMatchObject({ routing: { kind: 'delegation', dataDate: '2026-06-17' } });
    else expect(microsoft).toMatchObject({ routing: { kind: 'announcement', dataDate: layer.meta.dataDate } });
    expect(privateIp).toMatchObject({ ip: '10.0.0.1', asn: null, provider: null, role: 'unknown', level: 'unknown', routing: null });
    expect((privateIp!.evidence as string[])[0]).toMatch(/private address/);
    expect(garbage).toMatchObject({ ip: null, level: 'unknown', provider: null });
    expect(garbage!.error).toMatch(/neither an IP address nor a valid host name/);
    expect(loopback).toMatchObject({ level: 'unknown', provider: null });
    expect(linkLocal).toMatchObject({ ip: 'fe80::1', level: 'unknown' });
  }, 60_000);
});

describe('vigie lookup arguments', () => {
  it('prints an aligned table without --json', async () => {
    const run = await lookup('104.16.1.1', '10.0.0.1', '2402:4e00:1400::9');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^INPUT\s+IP\s+AS\s+PROVIDER\s+ROLE\s+LEVEL\s+AS FROM$/);
    expect(lines[1]).toMatch(/^104\.16\.1\.1\s+104\.16\.1\.1\s+AS13335 .*Cloudflare \(US\)\s+cdn\s+extra-eu\s+BGP\/RIR 2026-06-17$/);
    expect(lines[2]).toMatch(/^10\.0\.0\.1\s+.*unknown\s+-$/);
    // Tencent Cloud's IPv6, named from the committed announcement layer (the delegation data says China Telecom).
    expect(lines[3]).toMatch(/^2402:4e00:1400::9\s+.*AS45090 .*Tencent Cloud \(CN\)\s+origin\s+extra-eu\s+BGP 2023-12-08$/);
    expect(run.stdout).toMatch(/BGP = an observed announcement .* one older than the routing data names the provider with medium confidence at best/);
    expect(lines[0]!.indexOf('LEVEL')).toBe(lines[1]!.indexOf('extra-eu'));
    expect(lines[0]!.indexOf('AS FROM')).toBe(lines[1]!.indexOf('BGP/RIR'));
    expect(run.stdout).toMatch(/AS FROM: BGP\/RIR = the announcement RouteViews observes where it sees one, registry delegation data elsewhere; RIR only = /);
    expect(run.stdout).toMatch(/Data: routing \d{4}-\d{2}-\d{2}/);
  }, 60_000);

  it('says what each level shown means, with the code and name the extension gives it (EU+ is not a qualified offer)', async () => {
    const run = await lookup('51.91.0.1', '104.16.1.1', '10.0.0.1');
    expect(run.code).toBe(0);
    const legend = run.stdout.slice(run.stdout.indexOf('\nLEVEL:\n'));
    expect(legend).toMatch(/\n {2}secnumcloud-provider +EU\+ +European provider that also sells SecNumCloud offers — this site’s offer cannot be verified\n/);
    expect(legend).toMatch(/\n {2}extra-eu +US! +Non-EU provider subject to an extraterritorial law\n/);
    expect(legend).toMatch(/\n {2}unknown +\? +Host or applicable law unknown\n/);
    // Only the levels the table shows.
    expect(legend).not.toMatch(/\n {2}eu +EU /);
  }, 60_000);

  it('reads the legacy IPv4 forms a browser accepts (0x7f.1, 1.1.1) as the address they name, with no DNS query', async () => {
    // They used to go to DNS as "127.0.0.1" and "1.1.0.1" and come back as NXDOMAIN errors naming another string.
    const run = await lookup('--json', '0x7f.1', '1.1.1');
    const [hex, short] = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(hex).toMatchObject({ input: '0x7f.1', ip: '127.0.0.1', level: 'unknown' });
    expect(short).toMatchObject({ input: '1.1.1', ip: '1.1.0.1' });
    expect(hex).not.toHaveProperty('error');
    expect(short).not.toHaveProperty('error');
  }, 60_000);

  it('says in the table when an address is on an access network, not a hosting offer', async () => {
    // Orange's broadband network (AS3215): "origin eu" alone reads as "hosted by Orange, in the EU".
    const run = await lookup('81.51.106.162', '51.91.1.1');
    const [, access, cloud] = run.stdout.split('\n');
    expect(access).toMatch(/AS3215 .*\s+access network, not hosting\s+eu\s+BGP\/RIR \d{4}-\d{2}-\d{2}$/);
    expect(cloud).toMatch(/OVHcloud \(FR\)\s+origin\s+secnumcloud-provider\s+BGP\/RIR \d{4}-\d{2}-\d{2}$/);
  }, 60_000);

  it('exits 2 with usage when there is nothing to look up or an unknown option', async () => {
    const none = await lookup('--json');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/usage: vigie lookup/);
    const bad = await lookup('--frobnicate', '1.1.1.1');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown option '--frobnicate'/);
  }, 60_000);

  it('prints help with --help', async () => {
    const run = await lookup('--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/usage: vigie lookup \[--json\]/);
  }, 60_000);

  it('says an input that is not a URL is not one, rather than calling it empty', async () => {
    const ctx = await loadIdentifyContext();
    const never = (): Promise<never> => Promise.reject(new Error('no DNS in this test'));
    const dns: DnsClient = { resolve4: never, resolve6: never, resolveCname: never };
    for (const input of ['http://[fe80::1%25eth0]/', 'https://']) {
      expect((await lookupOne(input, ctx, dns, new Date())).error).toBe(`"${input}" is neither an IP address nor a valid host name`);
    }
    expect((await lookupOne('  ', ctx, dns, new Date())).error).toBe('empty input: give an IP address or a host name');
  }, 60_000);

  it('names the least reassuring of a host name\'s addresses, IPv6 included (DNS stubbed, no network)', async () => {
    const ctx = await loadIdentifyContext();
    const noData = (): Promise<never> => Promise.reject(Object.assign(new Error('no data'), { code: 'ENODATA' }));
    // OVHcloud over IPv4; over IPv6, which a visitor's browser tries first, Amazon Web Services.
    const dns: DnsClient = { resolve4: async () => ['51.91.1.1'], resolve6: async () => ['2a05:d018::1'], resolveCname: noData };
    const dual = await lookupOne('sante.example.fr', ctx, dns, new Date());
    expect(dual).toMatchObject({ ip: '2a05:d018::1', provider: { id: 'aws' }, level: 'extra-eu' });
    // Two IPv4 addresses of two operators: the less reassuring one, whatever the DNS order.
    dns.resolve4 = async () => ['104.16.1.1', '51.91.1.1'];
    dns.resolve6 = noData;
    expect(await lookupOne('sante.example.fr', ctx, dns, new Date())).toMatchObject({ ip: '104.16.1.1', provider: { id: 'cloudflare' }, level: 'extra-eu' });
    dns.resolve4 = async () => ['51.91.1.1', '104.16.1.1'];
    expect(await lookupOne('sante.example.fr', ctx, dns, new Date())).toMatchObject({ ip: '104.16.1.1', level: 'extra-eu' });
    // One operator only: its verdict, from the first address.
    dns.resolve4 = async () => ['51.91.1.1', '51.91.1.2'];
    expect(await lookupOne('sante.example.fr', ctx, dns, new Date())).toMatchObject({ ip: '51.91.1.1', provider: { id: 'ovhcloud' } });
  }, 60_000);
});
