/**
 * The IPv6 announcement layer (scripts/announcements.ts): IPtoASN's table (committed) or RIPE RIS's RISwhois IPv6 dump
 * (local only) read into origins that replace the AS the routing table's IPv6 delegation rows give, where one AS is
 * seen announcing the prefix. Hand-written lines and a synthetic delegation table here, and the committed snapshot.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ANNOUNCEMENTS_FILE,
  ANNOUNCEMENTS_MANIFEST,
  COMMITTED_ANNOUNCEMENTS_DIR,
  cutToCatalog,
  gzipDate,
  layerText,
  originRows,
  parseIpToAsn,
  parseRisWhois,
  readAnnouncementLayer,
  tableHoldsRisLayer,
  tableMatchesLayer,
  type AnnouncedRow,
  type AnnouncementLayerMeta,
} from '../../scripts/announcements.ts';
import { compileAsnTable, type AsnSourceMeta } from '../../scripts/build-asn-table.ts';
import { announcementProblems, staleAnnouncements } from '../../scripts/data-check.ts';
import { buildPrefixLayers, withoutStaleGains } from '../../scripts/prefix-layers.ts';
import { hotAnnouncements } from '../../scripts/build-hot-table.ts';
import { AsnTable } from '../../src/core/asn-table.ts';
import { identifyHost } from '../../src/core/identify.ts';
import { restsOnDelegationOnly, routingSource } from '../../src/core/routing-source.ts';
import { renderPlainEnglish } from '../../src/shared/evidence-text.ts';

const META: AsnSourceMeta = { source: '@ip-location-db/asn 2.3.2026061719 (npm)', dataDate: '2026-06-17', licence: 'test' };
const NOW = new Date('2026-12-03T12:00:00Z');
const v6 = (text: string): bigint => {
  const [head, tail = ''] = text.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
};
const last = (start: string, bits: number): bigint => v6(start) + (1n << BigInt(128 - bits)) - 1n;

// The dump's own shape: `%` comments, then origin AS, prefix and RIS peer count separated by tabs.
const DUMP = [
  '% This file contains origin AS - prefix pairs seen by RIS peers',
  '%',
  '',
  '38283\t2402:4e00::/32\t320',
  '45090\t2402:4e00::/32\t41',
  '45090\t2402:4e00:1400::/40\t298',
  '64500\t2402:4e00:1400:1::/64\t3', // a leak seen by 3 peers: below the threshold
  '64511\t2402:4e00:1400:2::/64\t90', // outside the catalog, inside Tencent's announced /40
  '64501\t2402:4e00:2000::/40\t250', // outside the catalog, inside China Telecom's delegated block
  '{64502,64503}\t2402:4e00:3000::/48\t200', // an AS set: no single origin
  '13335\t1.1.1.0/24\t380', // an IPv4 line in an IPv6 file
  '64504\t2001:db8::/32\t12', // documentation space
  '24940\t2a01:4f8::/32\t350',
  '64505\t2a01:4f8:200::/48\t40', // a customer inside Hetzner's /32
  '64506\t2a0f:1::/32\t300', // announced outside every catalog prefix
  '64507 2402:4e00:4000::/40', // two fields
  'AS64508\t2402:4e00:5000::/40\t80', // not an AS number
  '64509\t2402:4e00:zz::/40\t80', // not a prefix
  '64510\t2402:4e00:6000::/40\tmany', // not a peer count
  '0\t2402:4e00:7000::/40\t80', // AS 0 is no origin
].join('\n');

describe('parseRisWhois: the RISwhois dump format', () => {
  const parsed = parseRisWhois(DUMP);

  it('reads origin, prefix and peer count, and sets comments, IPv4, AS sets and special-purpose space aside', () => {
    expect(parsed.pairs.map((p) => [p.asn, p.prefix, p.peers])).toEqual([
      [38283, '2402:4e00::/32', 320],
      [45090, '2402:4e00::/32', 41],
      [45090, '2402:4e00:1400::/40', 298],
      [64500, '2402:4e00:1400:1::/64', 3],
      [64511, '2402:4e00:1400:2::/64', 90],
      [64501, '2402:4e00:2000::/40', 250],
      [24940, '2a01:4f8::/32', 350],
      [64505, '2a01:4f8:200::/48', 40],
      [64506, '2a0f:1::/32', 300],
    ]);
    expect(parsed).toMatchObject({ comments: 3, ipv4: 1, asSets: 1, notPublic: 1 });
    expect(parsed.pairs[2]).toMatchObject({ start: v6('2402:4e00:1400::'), end: last('2402:4e00:1400::', 40) });
  });

  it('counts every other line as malformed, with its text', () => {
    expect(parsed.malformed).toEqual([
      '64507 2402:4e00:4000::/40',
      'AS64508\t2402:4e00:5000::/40\t80',
      '64509\t2402:4e00:zz::/40\t80',
      '64510\t2402:4e00:6000::/40\tmany',
      '0\t2402:4e00:7000::/40\t80',
    ]);
  });
});

describe('originRows and cutToCatalog', () => {
  const { pairs } = parseRisWhois(DUMP);

  it('drops pairs seen by too few peers before it looks for a single origin, and leaves out prefixes with several', () => {
    const { rows, multipleOrigins, lowPeers } = originRows(pairs, 6);
    expect(lowPeers).toBe(1);
    expect(multipleOrigins).toEqual(['2402:4e00::/32 (AS38283, AS45090)']);
    expect(rows.map((r) => `${r.text} AS${r.asn}`)).toEqual(['2402:4e00:1400::/40 AS45090', '2402:4e00:1400:2::/64 AS64511', '2402:4e00:2000::/40 AS64501', '2a01:4f8::/32 AS24940', '2a01:4f8:200::/48 AS64505', '2a0f:1::/32 AS64506']);
    // With a threshold above AS45090's 41 peers on the /32, AS38283 is its one origin.
    expect(originRows(pairs, 50).rows.some((r) => r.text === '2402:4e00::/32' && r.asn === 38283)).toBe(true);
  });

  it('keeps the catalog ASes\' prefixes and any AS\'s prefix inside them, nothing else', () => {
    const { rows } = originRows(pairs, 6);
    // AS64501's /40 lies in the /32 the delegation gives China Telecom, but no catalog AS announces around it.
    expect(cutToCatalog(rows, [45090, 24940]).map((r) => r.text)).toEqual(['2402:4e00:1400::/40', '2402:4e00:1400:2::/64', '2a01:4f8::/32', '2a01:4f8:200::/48']);
    expect(cutToCatalog(rows, [])).toEqual([]);
  });
});

describe('a table built with the layer (synthetic delegation rows, real catalog)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-announcements-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // The delegation gives all of 2402:4e00::/32 to China Telecom Sichuan's AS38283 and 2a01:4f8::/32 to Hetzner.
  const delegation = [
    `${v6('2402:4e00::')},${last('2402:4e00::', 32)},38283,CHINANET SiChuan Telecom Internet Data Center`,
    `${v6('2a01:4f8::')},${last('2a01:4f8::', 32)},24940,Hetzner Online GmbH`,
    `${v6('2a0f:1::')},${last('2a0f:1::', 32)},64506,Elsewhere`,
  ].join('\n');
  const { rows } = originRows(parseRisWhois(DUMP).pairs, 6);
  const file = Buffer.from(layerText(cutToCatalog(rows, [45090, 24940, 38283]), ['test layer']), 'utf8');
  const meta: AnnouncementLayerMeta = {
    id: 'ris-whois-ipv6', url: 'test', dataDate: '2026-12-01', fetched: '2026-12-02', terms: 'test', minPeers: 6, asns: [45090, 24940, 38283],
    rows: 5, sha256: createHash('sha256').update(file).digest('hex'), bytes: file.byteLength,
  };
  writeFileSync(join(dir, ANNOUNCEMENTS_FILE), file);
  writeFileSync(join(dir, ANNOUNCEMENTS_MANIFEST), JSON.stringify(meta));
  const table = AsnTable.fromBuffer(compileAsnTable('', delegation, META, buildPrefixLayers('', delegation, dir).layers).bytes);
  const plain = AsnTable.fromBuffer(compileAsnTable('', delegation, META, buildPrefixLayers('', delegation, join(dir, 'none')).layers).bytes);
  const verdict = (t: AsnTable, ip: string) => identifyHost({ host: 'site.example', ip }, { lookupAsn: (a) => t.lookup(a), routingData: t.meta }, NOW);

  it('reads the layer back from its folder, and none from a folder without one', () => {
    expect(readAnnouncementLayer(dir)?.rows.map((r) => r.text)).toEqual(['2402:4e00:1400::/40', '2402:4e00:1400:2::/64', '2a01:4f8::/32', '2a01:4f8:200::/48']);
    expect(readAnnouncementLayer(join(dir, 'none'))).toBeNull();
  });

  it('names Tencent Cloud inside the /32 the delegation gives China Telecom, where AS45090 announces a more specific', () => {
    expect(verdict(plain, '2402:4e00:1400::9')).toMatchObject({ provider: { id: 'china-telecom' }, routing: { kind: 'delegation' } });
    const v = verdict(table, '2402:4e00:1400::9');
    expect(v).toMatchObject({ provider: { id: 'tencent-cloud' }, asn: 45090, level: 'extra-eu', routing: { kind: 'announcement', dataDate: '2026-12-01' }, confidence: 'high' });
    expect(v.evidence.some((e) => /seen announcing the address's prefix in the BGP data of 2026-12-01/.test(renderPlainEnglish(e.message)))).toBe(true);
    // The /32 itself has two origins in the dump: the delegation row stands there.
    expect(verdict(table, '2402:4e00:9000::9')).toMatchObject({ provider: { id: 'china-telecom' }, routing: { kind: 'delegation' } });
  });

  it('never lets an AS outside the catalog replace an extra-EU answer (an unplaceable AS would read unknown)', () => {
    // AS64511's /64 is in the layer (inside Tencent's /40), but Tencent, under extra-EU law, stands there.
    expect(table.lookup('2402:4e00:1400:2::9')).toMatchObject({ asn: 45090, announced: { date: '2026-12-01' } });
    expect(verdict(table, '2402:4e00:1400:2::9')).toMatchObject({ provider: { id: 'tencent-cloud' }, level: 'extra-eu' });
    // Outside the layer's space, the delegation's AS stands.
    expect(table.lookup('2402:4e00:2000::9')?.asn).toBe(38283);
    expect(verdict(table, '2402:4e00:2000::9')).toMatchObject({ provider: { id: 'china-telecom' }, level: 'extra-eu' });
  });

  it('does let it speak inside an EU provider\'s block: a customer\'s prefix is not the provider\'s network', () => {
    expect(verdict(plain, '2a01:4f8:200::9')).toMatchObject({ provider: { id: 'hetzner' } });
    expect(table.lookup('2a01:4f8:200::9')).toMatchObject({ asn: 64505, announced: { source: 'ris-whois-ipv6', date: '2026-12-01' } });
    expect(verdict(table, '2a01:4f8:200::9')).toMatchObject({ provider: null, level: 'unknown' });
    expect(verdict(table, '2a01:4f8:300::9')).toMatchObject({ provider: { id: 'hetzner' }, routing: { kind: 'announcement' } });
  });

  it('leaves space outside the catalog\'s prefixes to the delegation rows', () => {
    expect(table.lookup('2a0f:1::9')).toEqual({ asn: 64506, name: 'Elsewhere' });
  });

  it('tells a table built with this layer from one built without any', () => {
    const withBytes = compileAsnTable('', delegation, META, buildPrefixLayers('', delegation, dir).layers).bytes;
    const withoutBytes = compileAsnTable('', delegation, META, buildPrefixLayers('', delegation, join(dir, 'none')).layers).bytes;
    expect(tableMatchesLayer(withBytes, meta)).toBe(true);
    expect(tableMatchesLayer(withBytes, null)).toBe(false);
    expect(tableMatchesLayer(withoutBytes, null)).toBe(true);
    expect(tableMatchesLayer(withBytes, { ...meta, dataDate: '2026-12-02' })).toBe(false);
  });

  it('data:check finds the layer sound, and says when its file no longer matches its manifest or when it is old', () => {
    expect(announcementProblems(dir)).toEqual([]);
    expect(announcementProblems(join(dir, 'none'))).toEqual([]);
    const tampered = mkdtempSync(join(tmpdir(), 'vigie-announcements-'));
    writeFileSync(join(tampered, ANNOUNCEMENTS_FILE), Buffer.concat([file, Buffer.from('45090\t2402:4e00:8000::/40\t100\n')]));
    writeFileSync(join(tampered, ANNOUNCEMENTS_MANIFEST), JSON.stringify(meta));
    expect(announcementProblems(tampered)[0]).toMatch(/does not match its manifest/);
    rmSync(tampered, { recursive: true, force: true });
    expect(staleAnnouncements(meta, NOW, meta.asns)).toEqual([]);
    expect(staleAnnouncements(meta, new Date('2027-07-01T00:00:00Z'), meta.asns)[0]).toMatch(/observation of 2026-12-01/);
    expect(staleAnnouncements(meta, NOW, [...meta.asns, 4200000000])[0]).toMatch(/AS4200000000/);
  });
});

describe('routingSource with an announcement', () => {
  it('is an observed announcement with its own date, never delegation-only', () => {
    const source = routingSource({ source: META.source, dataDate: '2026-06-17' }, 6, { source: 'ris-whois-ipv6', date: '2026-12-01' });
    expect(source).toEqual({ kind: 'announcement', dataDate: '2026-12-01' });
    expect(restsOnDelegationOnly('routing', source)).toBe(false);
    expect(routingSource({ source: META.source, dataDate: '2026-06-17' }, 6)).toEqual({ kind: 'delegation', dataDate: '2026-06-17' });
  });
});

describe('hotAnnouncements: what the providers-only table keeps of the layer', () => {
  const row = (start: bigint, end: bigint, asn: number) => ({ start, end, asn, name: `AS${asn}` });
  const label = (start: bigint, end: bigint) => ({ start, end, label: 0 });
  it("keeps its ASes' announcements and any other AS's nested in their routing rows or announcements, nothing else", () => {
    // AS 100 is the hot table's: a routing row 1000-1999 and an announcement 5000-5999.
    const hotV6Csv = '1000,1999,100,Hot\n';
    const origins = [
      row(5000n, 5999n, 100), // its own announcement
      row(1500n, 1600n, 200), // another AS inside its routing row
      row(5500n, 5510n, 300), // another AS inside its announcement
      row(1990n, 2100n, 400), // another AS overlapping the row's end
      row(3000n, 3999n, 500), // another AS elsewhere
    ];
    const announced = { origins, v6: origins.map((o) => label(o.start, o.end)) };
    const kept = hotAnnouncements(announced, hotV6Csv, new Set([100]));
    expect(kept?.origins.map((o) => o.asn)).toEqual([100, 200, 300, 400]);
    expect(kept?.v6.map((l) => l.start)).toEqual([5000n, 1500n, 5500n, 1990n]);
    expect(hotAnnouncements(undefined, hotV6Csv, new Set([100]))).toBeUndefined();
  });
});

// IPtoASN's own shape: first address, last address, origin AS (0: not routed), country, description; tab-separated.
const IPTOASN = [
  '::\t::1\t0\tNone\tNot routed',
  '2402:4e00::\t2402:4e00:1:ffff:ffff:ffff:ffff:ffff\t45090\tCN\tTENCENT-NET-AP Shenzhen Tencent Computer Systems Company Limited',
  '2402:4e00:2::\t2402:4e00:4:ffff:ffff:ffff:ffff:ffff\t45090\tCN\tTENCENT-NET-AP Shenzhen Tencent Computer Systems Company Limited',
  '2a01:4f8::\t2a01:4f8:ffff:ffff:ffff:ffff:ffff:ffff\t24940\tDE\tHETZNER-AS',
  '1.0.0.0\t1.0.0.255\t13335\tUS\tCLOUDFLARENET', // an IPv4 line
  '2001:db8::\t2001:db8:ffff:ffff:ffff:ffff:ffff:ffff\t64504\tZZ\tDocumentation', // special-purpose space
  '2a0f:2::\t2a0f:1::\t64506\tFR\tBackwards', // last before first
  '2a0f:3::\t2a0f:3::ffff\tAS64507\tFR\tNot a number',
  '2a0f:4::\t2a0f:4::ffff\t64508\tFR', // four fields
  '2a0f:5::\t10.0.0.1\t64509\tFR\tMixed families',
  '',
].join('\n');

describe('parseIpToAsn: IPtoASN\'s IPv6 table', () => {
  const parsed = parseIpToAsn(IPTOASN);

  it('reads routed IPv6 ranges with their origin and AS description, and sets unrouted, IPv4 and special-purpose aside', () => {
    expect(parsed.rows.map((r) => [r.asn, r.text, r.name])).toEqual([
      [45090, '2402:4e00::-2402:4e00:1:ffff:ffff:ffff:ffff:ffff', 'TENCENT-NET-AP Shenzhen Tencent Computer Systems Company Limited'],
      [45090, '2402:4e00:2::-2402:4e00:4:ffff:ffff:ffff:ffff:ffff', 'TENCENT-NET-AP Shenzhen Tencent Computer Systems Company Limited'],
      [24940, '2a01:4f8::-2a01:4f8:ffff:ffff:ffff:ffff:ffff:ffff', 'HETZNER-AS'],
    ]);
    expect(parsed.rows[0]).toMatchObject({ start: v6('2402:4e00::'), end: last('2402:4e00::', 47), peers: 0 });
    expect(parsed).toMatchObject({ notRouted: 1, ipv4: 1, notPublic: 1 });
  });

  it('counts every other line as malformed, with its text', () => {
    expect(parsed.malformed).toEqual([
      '2a0f:2::\t2a0f:1::\t64506\tFR\tBackwards',
      '2a0f:3::\t2a0f:3::ffff\tAS64507\tFR\tNot a number',
      '2a0f:4::\t2a0f:4::ffff\t64508\tFR',
      '2a0f:5::\t10.0.0.1\t64509\tFR\tMixed families',
    ]);
  });
});

describe('gzipDate: the date a gzip header records', () => {
  it('reads the MTIME field as a UTC day, and gives none for a header without one or for bytes that are not gzip', () => {
    const header = Uint8Array.from(gzipSync('x'));
    expect(gzipDate(header)).toBeNull(); // Node writes no time
    header.set([0x02, 0xc8, 0x72, 0x65], 4); // 1702021122 s: 2023-12-08T07:38:42Z
    expect(gzipDate(header)).toBe('2023-12-08');
    expect(gzipDate(new TextEncoder().encode('not gzip at all'))).toBeNull();
  });
});

describe('withoutStaleGains: a layer older than the routing rows never reads more reassuring than they do', () => {
  const delegation = [
    `${v6('2402:4e00::')},${last('2402:4e00::', 32)},38283,CHINANET SiChuan Telecom Internet Data Center`,
    `${v6('2a01:4f8::')},${last('2a01:4f8::', 32)},24940,Hetzner Online GmbH`,
    `${v6('2a0f:1::')},${last('2a0f:1::', 32)},64506,Elsewhere`,
  ].join('\n');
  const row = (prefix: string, bits: number, asn: number): AnnouncedRow => ({ start: v6(prefix), end: last(prefix, bits), asn, name: `AS${asn}`, text: `${prefix}/${bits}`, peers: 0 });
  const cases: Array<[AnnouncedRow, 'kept' | 'dropped', string]> = [
    [row('2402:4e00:1400::', 40, 45090), 'kept', 'Tencent (extra-EU) inside China Telecom (extra-EU)'],
    [row('2a01:4f8:200::', 48, 64505), 'kept', 'an unplaced customer inside Hetzner (EU): less reassuring'],
    [row('2a01:4f8:300::', 40, 24940), 'kept', 'Hetzner inside Hetzner'],
    [row('2a01:4f8:400::', 40, 16509), 'kept', 'AWS (extra-EU) inside Hetzner'],
    [row('2a0f:1::', 32, 24940), 'dropped', 'Hetzner over an AS the catalog cannot place'],
    [row('2a0f:9::', 32, 24940), 'dropped', 'Hetzner where the delegation gives no AS'],
    [row('2a01:4f8::', 31, 24940), 'dropped', 'Hetzner over Hetzner and a gap without AS'],
    [row('2402:4e00:2000::', 40, 64501), 'dropped', 'an unplaced AS over China Telecom (extra-EU)'],
  ];
  const { kept, dropped } = withoutStaleGains(cases.map(([r]) => r), delegation);
  for (const [r, fate, why] of cases) {
    it(`${fate}: ${why}`, () => {
      expect((fate === 'kept' ? kept : dropped).includes(r)).toBe(true);
      expect((fate === 'kept' ? dropped : kept).includes(r)).toBe(false);
    });
  }

  it('applies only to a layer older than the routing rows, through buildPrefixLayers (the registrations see only what stays)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-announcements-'));
    try {
      const file = Buffer.from(layerText([row('2402:4e00:1400::', 40, 45090), row('2a0f:1::', 32, 24940)], ['stale test layer']), 'utf8');
      const meta: AnnouncementLayerMeta = {
        id: 'ris-whois-ipv6', url: 'test', dataDate: '2023-12-08', fetched: '2023-12-08', terms: 'test', minPeers: 0, asns: [24940],
        rows: 1, sha256: createHash('sha256').update(file).digest('hex'), bytes: file.byteLength,
      };
      writeFileSync(join(dir, ANNOUNCEMENTS_FILE), file);
      writeFileSync(join(dir, ANNOUNCEMENTS_MANIFEST), JSON.stringify(meta));
      const built = (routingDate: string | undefined) => AsnTable.fromBuffer(compileAsnTable('', delegation, META, buildPrefixLayers('', delegation, dir, routingDate).layers).bytes);
      expect(buildPrefixLayers('', delegation, dir, '2026-06-17').staleDropped).toBe(1);
      expect(buildPrefixLayers('', delegation, dir, '2026-06-17').announcedRows).toBe(1);
      expect(built('2026-06-17').lookup('2a0f:1::9')).toEqual({ asn: 64506, name: 'Elsewhere' });
      expect(built('2023-12-08').lookup('2a0f:1::9')).toMatchObject({ asn: 24940, announced: { date: '2023-12-08' } });
      expect(built(undefined).lookup('2a0f:1::9')).toMatchObject({ asn: 24940 });
      // What stays names its provider, as "probably": the observation is older than the delegation it corrects.
      const stale = built('2026-06-17');
      const v = identifyHost({ host: 'site.example', ip: '2402:4e00:1400::9' }, { lookupAsn: (a) => stale.lookup(a), routingData: stale.meta }, NOW);
      expect(v).toMatchObject({ provider: { id: 'tencent-cloud' }, level: 'extra-eu', routing: { kind: 'announcement', dataDate: '2023-12-08' }, confidence: 'medium' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the committed layer: IPtoASN\'s IPv6 table of 2023-12-08 (data/announcements/)', () => {
  const layer = readAnnouncementLayer(COMMITTED_ANNOUNCEMENTS_DIR);

  it('is read from its pinned snapshot, cut to the catalog, with its source, date and licence', () => {
    expect(layer?.meta).toMatchObject({ id: 'iptoasn-ipv6', dataDate: '2023-12-08', minPeers: null, url: 'https://iptoasn.com/data/ip2asn-v6.tsv.gz' });
    expect(layer?.meta.terms).toMatch(/Public Domain Dedication and License/);
    const snapshot = JSON.parse(readFileSync(join(COMMITTED_ANNOUNCEMENTS_DIR, ANNOUNCEMENTS_MANIFEST), 'utf8')) as { file: string; dataDate: string };
    // The date is the one IPtoASN's gzip header records, not a date we chose.
    expect(gzipDate(readFileSync(join(COMMITTED_ANNOUNCEMENTS_DIR, snapshot.file)))).toBe(snapshot.dataDate);
    expect(layer!.rows.length).toBeGreaterThan(10_000);
    // Tencent Cloud's IPv6, which the delegation data gives China Telecom Sichuan.
    expect(layer!.rows.find((r) => r.start <= v6('2402:4e00:1400::9') && v6('2402:4e00:1400::9') <= r.end)?.asn).toBe(45090);
    expect(announcementProblems(COMMITTED_ANNOUNCEMENTS_DIR)).toEqual([]);
  });

  it('data:check refuses a snapshot whose bytes do not match its pin', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-announcements-'));
    try {
      const snapshot = JSON.parse(readFileSync(join(COMMITTED_ANNOUNCEMENTS_DIR, ANNOUNCEMENTS_MANIFEST), 'utf8')) as { file: string };
      copyFileSync(join(COMMITTED_ANNOUNCEMENTS_DIR, ANNOUNCEMENTS_MANIFEST), join(dir, ANNOUNCEMENTS_MANIFEST));
      writeFileSync(join(dir, snapshot.file), gzipSync(IPTOASN));
      expect(announcementProblems(dir)[0]).toMatch(/does not match its pin/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('data:check accepts no peer threshold from IPtoASN only, which gives no peer counts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-announcements-'));
    try {
      const file = Buffer.from(layerText([], ['empty']), 'utf8');
      const meta = { id: 'ris-whois-ipv6', url: 'test', dataDate: '2026-12-01', fetched: '2026-12-02', terms: 'test', minPeers: null, asns: [], rows: 0, sha256: createHash('sha256').update(file).digest('hex'), bytes: file.byteLength };
      writeFileSync(join(dir, ANNOUNCEMENTS_FILE), file);
      writeFileSync(join(dir, ANNOUNCEMENTS_MANIFEST), JSON.stringify(meta));
      expect(announcementProblems(dir)).toEqual(['announcements ris-whois-ipv6: no minimum peer count']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('npm run package asks for the RIS terms only when a built table carries the RIS layer', () => {
    const label = (source: string) => new TextEncoder().encode(`..."announced":{"source":"${source}","date":"2026-12-01"}...`);
    expect(tableHoldsRisLayer(label('ris-whois-ipv6'))).toBe(true);
    expect(tableHoldsRisLayer(label('iptoasn-ipv6'))).toBe(false);
    expect(tableHoldsRisLayer(readFileSync('generated/asn-table.bin'))).toBe(false);
  });
});
