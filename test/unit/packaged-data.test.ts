/**
 * The catalog and the locales as an extension context gets them: nothing until its packaged copies are read and
 * installed (src/shared/packaged-data.ts), since the extension's build leaves the committed copies out (vite.config.ts
 * replaces committed-catalog.ts and committed-locales.ts with `null`, as mocked here). The files read are the ones the
 * build packages: generated/catalog.json (`npm run data:build`) and _locales/.
 */
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { readAnnouncementLayer } from '../../scripts/announcements.ts';

vi.mock('../../src/platform/packaged-file.ts', () => import('../fixtures/fake-platform.ts'));

const catalogFile = () => JSON.parse(readFileSync('generated/catalog.json', 'utf8')) as { providers: { providers: { id: string }[] }; fingerprints: { rules: { header?: string; pattern?: string }[] } };
const messages = (lang: string) => JSON.parse(readFileSync(`_locales/${lang}/messages.json`, 'utf8')) as Record<string, { message: string }>;

/** The modules as the extension's build makes them: no committed data. */
async function asBuilt() {
  vi.resetModules();
  vi.doMock('../../src/core/committed-catalog.ts', () => ({ default: null }));
  vi.doMock('../../src/shared/committed-locales.ts', () => ({ default: null }));
  const catalog = await import('../../src/core/catalog.ts');
  const fingerprints = await import('../../src/core/fingerprints.ts');
  const i18n = await import('../../src/shared/i18n.ts');
  const data = await import('../../src/shared/packaged-data.ts');
  const platform = (await import('../../src/platform/packaged-file.ts')) as unknown as typeof import('../fixtures/fake-platform.ts');
  return { catalog, fingerprints, i18n, data, platform };
}

beforeEach(() => {
  vi.doUnmock('../../src/core/committed-catalog.ts');
  vi.doUnmock('../../src/shared/committed-locales.ts');
});

describe('packaged catalog', () => {
  it('is empty until read, then answers like the committed files', async () => {
    const { catalog, data } = await asBuilt();
    const file = catalogFile();
    const first = file.providers.providers[0]!.id;
    expect(catalog.catalogInstalled()).toBe(false);
    expect(catalog.providerById(first)).toBeNull();
    expect(catalog.PROVIDERS).toHaveLength(0);
    await data.loadCatalog();
    expect(catalog.catalogInstalled()).toBe(true);
    expect(catalog.PROVIDERS.map((p) => p.id)).toEqual(file.providers.providers.map((p) => p.id));
    expect(catalog.providerById(first)?.id).toBe(first);
    // The Node copy (committed files) and the packaged copy agree.
    vi.doUnmock('../../src/core/committed-catalog.ts');
    vi.resetModules();
    const committed = await import('../../src/core/catalog.ts');
    expect(committed.catalogInstalled()).toBe(true);
    expect(catalog.PROVIDERS).toEqual(committed.PROVIDERS);
    expect(catalog.dataDates()).toEqual(committed.dataDates());
  });

  it('leaves out what only the data checks read, and answers every lookup as the committed files do', async () => {
    const { catalog, data } = await asBuilt();
    await data.loadCatalog();
    vi.doUnmock('../../src/core/committed-catalog.ts');
    vi.resetModules();
    const committed = await import('../../src/core/catalog.ts');
    const packaged = JSON.parse(readFileSync('generated/catalog.json', 'utf8')) as { providers: { providers: { asnChecks: object[] }[] } };
    expect(new Set(packaged.providers.providers.flatMap((p) => p.asnChecks.map((c) => Object.keys(c).join())))).toEqual(new Set(['asn,role']));
    // Every lookup, over every key the committed files hold.
    const asns = committed.PROVIDERS.flatMap((p) => p.asns);
    expect(asns.length).toBeGreaterThan(100);
    const answers = (c: typeof committed) => ({
      providers: c.PROVIDERS,
      rules: c.FINGERPRINT_RULES,
      offers: c.SECNUMCLOUD_OFFERS,
      hds: c.HDS_CERTIFICATES,
      dates: c.dataDates(),
      byAsn: asns.map((asn) => [c.providerByAsn(asn)?.id, c.networkRoleOf(asn)]),
      byId: committed.PROVIDERS.map((p) => [c.providerById(p.id), c.offersOf(p.id), c.hdsOf(p.id)]),
      offerById: committed.SECNUMCLOUD_OFFERS.map((o) => c.offerById(o.id)),
      unknown: [c.providerByAsn(64_496), c.networkRoleOf(64_496), c.providerById('no-such-provider')],
    });
    expect(answers(catalog)).toEqual(answers(committed));
  });

  it('keeps every header of a response seen before the catalog is read, and only the rules\' headers after', async () => {
    const { fingerprints, data } = await asBuilt();
    const headerRule = catalogFile().fingerprints.rules.find((r) => r.header !== undefined && r.pattern === undefined);
    expect(headerRule).toBeDefined();
    const name = headerRule!.header!;
    const response = [{ name: 'X-Not-A-Fingerprint', value: 'v' }, { name, value: 'present' }];
    // Before: which headers matter is not known yet, so none is dropped (bounded all the same).
    expect(fingerprints.keepFingerprintHeaders(response)).toEqual({ 'x-not-a-fingerprint': 'v', [name]: 'present' });
    const many = Array.from({ length: 500 }, (_, i) => ({ name: `h${i}`, value: 'x'.repeat(1000) }));
    const kept = fingerprints.keepFingerprintHeaders(many)!;
    expect(Object.keys(kept)).toHaveLength(100);
    expect(Math.max(...Object.values(kept).map((v) => v.length))).toBe(fingerprints.MAX_HEADER_VALUE);
    expect(fingerprints.matchHeaders({ [name]: 'present' })).toEqual([]);
    await data.loadCatalog();
    expect(fingerprints.keepFingerprintHeaders(response)).toEqual({ [name]: 'present' });
    expect(fingerprints.matchHeaders({ [name]: 'present' }).map((m) => m.rule.header)).toContain(name);
  });

  it('reads once, and again after a failed read', async () => {
    const { catalog, data, platform } = await asBuilt();
    await expect(data.loadCatalog(Promise.reject(new Error('unreadable')))).rejects.toThrow('unreadable');
    expect(catalog.catalogInstalled()).toBe(false);
    let release!: () => void;
    platform.packagedFileGates.set('catalog.json', new Promise<void>((r) => (release = r)));
    const a = data.loadCatalog();
    const b = data.loadCatalog();
    expect(b).toBe(a);
    release();
    await a;
    platform.packagedFileGates.delete('catalog.json');
    expect(catalog.catalogInstalled()).toBe(true);
  });
});

describe('packaged locales', () => {
  it('speak the installed language; a language not read yet speaks the one that is', async () => {
    const { i18n, data } = await asBuilt();
    expect(i18n.localeInstalled('en')).toBe(false);
    expect(i18n.translate('en', 'pageBadge_close')).toBe('pageBadge_close');
    await data.loadLocale('en');
    expect(i18n.localeInstalled('fr')).toBe(false);
    expect(i18n.translate('en', 'pageBadge_close')).toBe(messages('en').pageBadge_close!.message);
    expect(i18n.translate('fr', 'pageBadge_close')).toBe(messages('en').pageBadge_close!.message);
    await data.loadLocale('fr');
    expect(i18n.translate('fr', 'pageBadge_close')).toBe(messages('fr').pageBadge_close!.message);
  });
});

describe('rules in a starting worker', () => {
  it('a rule naming a provider, set before the catalog is read, applies once it is (compiled at identification)', async () => {
    const { data } = await asBuilt();
    const engine = await import('../../src/background/engine.ts');
    const provider = catalogFile().providers.providers[0]!.id;
    // Settings arrive before the catalog: the rule's provider is not known yet.
    engine.setRules([{ match: 'rule-host.test', providerId: provider, origin: 'user' }]);
    await Promise.all([data.loadCatalog(), engine.engineReady]);
    const { verdict } = engine.identify({ host: 'rule-host.test', ip: '192.0.2.1' }, new Date('2026-12-02T12:00:00Z'));
    expect(verdict.provider?.id).toBe(provider);
  });

  it('says what the AS of an address rests on, from the routing table the worker read', async () => {
    const { data } = await asBuilt();
    const engine = await import('../../src/background/engine.ts');
    await Promise.all([data.loadCatalog(), engine.engineReady]);
    const now = new Date('2026-12-02T12:00:00Z');
    expect(engine.identify({ host: 'a.example', ip: '51.91.1.1' }, now).verdict).toMatchObject({ asn: 16276, routing: { kind: 'announcement-or-delegation', dataDate: '2026-06-17' }, confidence: 'high' });
    // IPv6: registry delegation in the committed build; the announcement where data:update built the layer.
    const layer = readAnnouncementLayer();
    const v6 = engine.identify({ host: 'a.example', ip: '2001:41d0:301::21' }, now).verdict;
    if (layer === null) expect(v6).toMatchObject({ asn: 16276, routing: { kind: 'delegation', dataDate: '2026-06-17' }, confidence: 'medium' });
    else expect(v6).toMatchObject({ asn: 16276, routing: { kind: 'announcement', dataDate: layer.meta.dataDate } });
  });
});


describe("the worker's start-up file (generated/worker-start.bin)", () => {
  it('holds the same catalog, domain list, locales and providers table as the files the pages and Node read', async () => {
    const { unpackWorkerStart } = await import('../../src/shared/worker-start.ts');
    const bytes = readFileSync('generated/worker-start.bin');
    const { data, hotTable } = unpackWorkerStart(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    expect(data.catalog).toEqual(catalogFile());
    expect(data.healthDomains).toEqual(JSON.parse(readFileSync('data/health-domains.packed.json', 'utf8')));
    expect(data.locales).toEqual({ fr: messages('fr'), en: messages('en') });
    expect(Buffer.from(hotTable).equals(readFileSync('generated/asn-hot.bin'))).toBe(true);
    expect(hotTable.byteOffset % 8).toBe(0);
  });

  it('refuses a truncated file instead of reading past it', async () => {
    const { packWorkerStart, unpackWorkerStart } = await import('../../src/shared/worker-start.ts');
    const healthDomains = { categories: ['pharmacy'], sources: [{ id: 'hand-curated', label: 'hand-curated list' }], domains: 'pharmacie-exemple.fr 00\nxn--pharmacie-sant-ekb.fr 00', paths: {} };
    const packed = packWorkerStart({ catalog: catalogFile() as never, healthDomains, locales: { fr: {}, en: {} } }, new Uint8Array([1, 2, 3]));
    const unpacked = unpackWorkerStart(packed.buffer as ArrayBuffer);
    expect([...unpacked.hotTable]).toEqual([1, 2, 3]);
    expect(unpacked.data.healthDomains).toEqual(healthDomains);
    expect(() => unpackWorkerStart(packed.buffer.slice(0, 100) as ArrayBuffer)).toThrow('truncated');
    // Cut inside the domain list: the JSON part alone must not pass for the whole file.
    const listAt = 8 + new DataView(packed.buffer).getUint32(0, true);
    expect(() => unpackWorkerStart(packed.buffer.slice(0, listAt + 5) as ArrayBuffer)).toThrow('truncated');
    expect(() => unpackWorkerStart(new ArrayBuffer(2))).toThrow('truncated');
  });
});
