/** The providers-only table the extension loads first must never disagree with the full table. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { AsnTable } from '../../src/core/asn-table.ts';
import { compileAsnTable, defaultSource } from '../../scripts/build-asn-table.ts';
import { readAnnouncementLayer } from '../../scripts/announcements.ts';
import { hotTableAsns, rowsOfAsns } from '../../scripts/build-hot-table.ts';
import { formatIp } from '../../src/core/ip.ts';
import { identifyHost } from '../../src/core/identify.ts';

const src = defaultSource();
const v4Csv = readFileSync(src.v4Path, 'utf8');
const v6Csv = readFileSync(src.v6Path, 'utf8');
const asns = hotTableAsns();
const hotBytes = compileAsnTable(rowsOfAsns(v4Csv, asns), rowsOfAsns(v6Csv, asns), src).bytes;
const hot = AsnTable.fromBuffer(hotBytes);
const full = AsnTable.fromBuffer(readFileSync('generated/asn-table.bin'));

/** A deterministic pseudo-random sequence (tests must not flake). */
function* randomWords(seed: number): Generator<number> {
  let x = seed >>> 0;
  for (;;) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    yield x >>> 0;
  }
}

describe('providers-only routing table', () => {
  it('answers every range of a catalog ASN exactly as the full table', () => {
    let checked = 0;
    for (const line of v4Csv.split('\n')) {
      const [start, end, asn] = line.split(',');
      if (!asn || !asns.has(Number(asn))) continue;
      for (const n of [Number(start), Number(end)]) {
        const ip = formatIp({ version: 4, v4: n });
        expect(hot.lookup(ip)?.asn, ip).toBe(Number(asn));
        expect(full.lookup(ip)?.asn, ip).toBe(Number(asn));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10_000);
  });

  it('knows nothing of other networks, so it can never name the wrong operator', () => {
    const words = randomWords(20261128);
    let other = 0;
    for (let i = 0; i < 200_000; i++) {
      const ip = { version: 4 as const, v4: words.next().value as number };
      const fromHot = hot.lookup(ip);
      const fromFull = full.lookup(ip);
      if (fromHot) expect(fromHot.asn).toBe(fromFull?.asn);
      else if (fromFull && !asns.has(fromFull.asn)) other++;
      else expect(fromFull === null || !asns.has(fromFull.asn)).toBe(true);
    }
    expect(other).toBeGreaterThan(1_000);
  });

  it('is much smaller than the full table (it is what a starting worker waits for)', () => {
    expect(hotBytes.byteLength * 5).toBeLessThan(readFileSync('generated/asn-table.bin').byteLength);
    expect(hot.meta.asCount).toBeLessThanOrEqual(asns.size);
    expect(hot.meta.dataDate).toBe(full.meta.dataDate);
  });

  // Only with a layer data:update built (generated/announcements/); the committed build has none, and the layer's
  // compilation is tested on synthetic rows in announcements.test.ts.
  const layer = readAnnouncementLayer();
  it.skipIf(layer === null)('gives the AS an IPv6 announcement gives, as the full table does, wherever it answers (generated/asn-hot.bin)', () => {
    const built = AsnTable.fromBuffer(readFileSync('generated/asn-hot.bin'));
    const text = (n: bigint) => Array.from({ length: 8 }, (_, i) => ((n >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(':');
    let own = 0;
    for (const row of layer!.rows) {
      for (const at of [row.start, row.start + (row.end - row.start) / 2n, row.end]) {
        const fromFull = full.lookup(text(at));
        const fromHot = built.lookup(text(at));
        if (fromHot) expect(fromHot.asn, text(at)).toBe(fromFull?.asn);
        if (asns.has(row.asn) && fromFull?.asn === row.asn) {
          expect(fromHot?.asn, text(at)).toBe(row.asn);
          own++;
        }
      }
    }
    expect(own).toBeGreaterThan(1_000);
  });

  it('leaves China\'s state carriers to the full table, which names them extra-eu with their role', () => {
    const now = new Date('2026-12-02T12:00:00Z');
    const verdictOf = (ip: string) => identifyHost({ host: 'example.cn', ip }, { lookupAsn: (a) => full.lookup(a), routingData: full.meta }, now);
    // China Telecom Sichuan's data-centre network (IPv6, delegation data, with or without the announcement layer), and
    // China Telecom's backbone.
    for (const [ip, asn, role] of [['2403:c980::1', 38283, 'hosting'], ['202.97.1.1', 4134, 'transit']] as const) {
      expect(hot.lookup(ip), ip).toBeNull();
      expect(full.lookup(ip)?.asn, ip).toBe(asn);
      const verdict = verdictOf(ip);
      expect(verdict.provider?.id, ip).toBe('china-telecom');
      expect(verdict.level, ip).toBe('extra-eu');
      expect(verdict.networkRole, ip).toBe(role);
    }
  });
});
