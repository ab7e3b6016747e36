import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  CPPAP_HEALTH_SERVICES,
  CPPAP_LAPSED_HEALTH_TITLES,
  CURATED_ORIGIN,
  FR_REVIEWED,
  HEALTH_DOMAINS_PATH,
  PACKED_DOMAINS_PATH,
  PLATFORM_DOMAINS,
  REGISTRIES,
  REGISTRIES_DIR,
  RETAIL_DOMAINS,
  REVIEWED_NOT_HEALTH,
  buildHealthDomains,
  dotgovCategory,
  frTestingSiteCategory,
  importRecords,
  isSiteRoot,
  normaliseDomain,
  nsiCategory,
  pack,
  parseCsv,
  readSource,
  serialise,
  serialisePacked,
  type HealthDomainsFile,
  type RegistryRecord,
} from '../../scripts/import-health-registries.ts';
import { matchHealthDomain } from '../../src/core/health.ts';

const committedText = readFileSync(HEALTH_DOMAINS_PATH, 'utf8');
const committed = JSON.parse(committedText) as HealthDomainsFile;
const registryIds = REGISTRIES.map((r) => r.id);
const imported = committed.domains.filter((e) => e.origin !== CURATED_ORIGIN);

/** Real calendar date in YYYY-MM-DD. */
function isIsoDate(s: unknown): boolean {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  return new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
}


describe('registry snapshots (data/registries)', () => {
  it('record source repository, commit, dates and licence for every registry', () => {
    for (const id of registryIds) {
      const s = readSource(id);
      expect(s.id).toBe(id);
      expect(s.repository, id).toMatch(/^https:\/\/github\.com\/[^/]+\/[^/]+$/);
      expect(s.commit, id).toMatch(/^[0-9a-f]{40}$/);
      expect(isIsoDate(s.date) && isIsoDate(s.retrieved), id).toBe(true);
      expect(s.licence.length, id).toBeGreaterThan(5);
      for (const f of s.files) {
        expect(f.from, f.path).toMatch(/^[0-9a-f]{40}:/);
        expect(readFileSync(join(REGISTRIES_DIR, id, f.path), 'utf8').length, f.path).toBeGreaterThan(0);
        if (f.date !== undefined) expect(isIsoDate(f.date), f.path).toBe(true);
      }
    }
  });

  it('the import script reproduces the committed data/health-domains.json and its packed form byte for byte', () => {
    const { file } = buildHealthDomains(committed);
    expect(serialise(file)).toBe(committedText);
    expect(serialisePacked(pack(file))).toBe(readFileSync(PACKED_DOMAINS_PATH, 'utf8'));
  });

  it('keeps the bundled packed form within its size budget (the extension zip must stay under 3 MB)', () => {
    // 14,832 domains take 387,915 bytes, 95,320 gzip -9 (store zip measured in docs/health-registries.md): 680 bytes of gzip left.
    const packed = readFileSync(PACKED_DOMAINS_PATH);
    expect(packed.byteLength).toBeLessThan(395_000);
    expect(gzipSync(packed, { level: 9 }).byteLength).toBeLessThan(96_000);
  });
});

describe('data/health-domains.json entries', () => {
  it('each have an origin, a source with a url or note, and a real date', () => {
    for (const e of committed.domains) {
      expect(e.origin === CURATED_ORIGIN || registryIds.includes(e.origin ?? ''), e.domain).toBe(true);
      expect(e.source.url ?? e.source.note, e.domain).toBeTruthy();
      expect(isIsoDate(e.source.date), `${e.domain} ${e.source.date}`).toBe(true);
      expect(e.name.trim(), e.domain).not.toBe('');
    }
    expect(imported.length).toBeGreaterThan(800);
  });

  it('are valid registrable domains, or zones below one (imported entries are always registrable domains)', () => {
    for (const e of committed.domains) {
      const n = normaliseDomain(e.domain);
      expect(n?.domain, e.domain).toBe(e.domain);
      // Zones only for the public health services reviewed one by one (FR_REVIEWED).
      if (e.origin !== CURATED_ORIGIN && !FR_REVIEWED[e.domain]?.zone) expect(n?.registrable, e.domain).toBe(e.domain);
    }
  });

  it('have no duplicate, and no imported entry sits under another entry or above a curated one', () => {
    const domains = committed.domains.map((e) => e.domain);
    expect(new Set(domains).size).toBe(domains.length);
    // Every proper ancestor of a domain: x.y.co.uk -> y.co.uk, co.uk, uk.
    const above = (d: string) => d.split('.').slice(1).map((_, i, rest) => rest.slice(i).join('.'));
    const listed = new Set(domains);
    const aboveSomeEntry = new Set(domains.flatMap(above));
    for (const e of imported) {
      // Above a curated zone or path-scoped entry, an import would make the rest of that site health.
      expect(above(e.domain).filter((a) => listed.has(a)), e.domain).toEqual([]);
      expect(aboveSomeEntry.has(e.domain), e.domain).toBe(false);
    }
  });

  it('contain no hosting, website-builder, directory or retail domain among imported entries, and no generic host at all', () => {
    // Every domain an entry sits in: x.y.co.uk -> x.y.co.uk, y.co.uk, co.uk, uk.
    const ancestors = (d: string) => d.split('.').map((_, i, labels) => labels.slice(i).join('.'));
    const excluded = new Set([...PLATFORM_DOMAINS, ...RETAIL_DOMAINS]);
    for (const e of imported) expect(ancestors(e.domain).filter((a) => excluded.has(a)), e.domain).toEqual([]);
    const generic = new Set(['wixsite.com', 'wix.com', 'weebly.com', 'squarespace.com', 'wordpress.com', 'blogspot.com', 'free.fr', 'orange.fr', 'wanadoo.fr', 'pagesjaunes.fr', 'google.com', 'facebook.com', 'gpsurgery.net']);
    for (const e of committed.domains) expect(ancestors(e.domain).filter((a) => generic.has(a)), e.domain).toEqual([]);
  });

  it('keep the hand-curated entries', () => {
    const curated = committed.domains.filter((e) => e.origin === CURATED_ORIGIN).map((e) => e.domain);
    expect(curated.length).toBeGreaterThanOrEqual(226);
    for (const d of ['ameli.fr', 'doctolib.fr', 'chu-lille.fr', 'boots.com', 'www.nhs.uk', 'cdc.gov']) expect(curated).toContain(d);
  });

  it('are each found by the matcher in the packed form, with their category and path scope', () => {
    for (const e of committed.domains) {
      const entry = matchHealthDomain(e.domain)?.entry;
      expect(entry?.domain, e.domain).toBe(e.domain);
      expect(entry?.category, e.domain).toBe(e.category);
      expect(entry?.paths, e.domain).toEqual(e.paths);
      expect(entry?.name, e.domain).toMatch(e.origin === CURATED_ORIGIN ? /^hand-curated/ : /\(/);
    }
    // Hosts sorting before the first line, after the last, and between two lines are not listed.
    for (const host of ['0.example', 'zzzz.example', 'ch-bourges.fq', 'ch-bourges.fs', 'ameli.f', 'ameli.frr']) expect(matchHealthDomain(host), host).toBeNull();
  });

  it('are what the matcher recognises, with the registry category', () => {
    expect(matchHealthDomain('https://www.samhsa.gov/find-help')?.entry.category).toBe('mental-health');
    expect(matchHealthDomain('www.medicare.gov')?.entry.category).toBe('health-insurer');
    expect(matchHealthDomain('https://www.ch-bourges.fr/')?.entry.category).toBe('hospital-clinic');
    expect(matchHealthDomain('https://www.complementaire-sante-solidaire.gouv.fr/')?.entry.category).toBe('health-insurer');
    expect(matchHealthDomain('http://www.bmihealthcare.co.uk/hospitals')?.entry.category).toBe('hospital-clinic');
    expect(matchHealthDomain('https://www.lloydspharmacy.com/')?.entry.category).toBe('pharmacy');
    expect(matchHealthDomain('https://www.dorsethealthcare.nhs.uk/')?.entry.domain).toBe('dorsethealthcare.nhs.uk');
    expect(matchHealthDomain('https://www.nhs.uk/conditions/')?.entry.domain).toBe('www.nhs.uk');
    expect(matchHealthDomain('https://www.england.nhs.uk/long-read/online-appointment-booking/')?.entry.category).toBe('health-authority');
    // Left out on purpose: a town named Medical Lake, an HHS fitness site, a supermarket, a GP-website platform, a typo
    // for Boots, an outdoor store the registry gives for a pharmacy.
    // New registries: a Belgian hospital (Eurostat), a Swiss one (Wikidata), an English dental practice (NHS Choices).
    expect(matchHealthDomain('https://www.chuliege.be/')?.entry.category).toBe('hospital-clinic');
    expect(matchHealthDomain('https://www.insel.ch/de/')?.entry.category).toBe('hospital-clinic');
    expect(matchHealthDomain('http://www.hayersdental.co.uk/')?.entry.category).toBe('hospital-clinic');
    // NHS Choices 2019: a GP practice and a pharmacy the 2014 files did not give; a domain both give keeps its 2014 source.
    expect(matchHealthDomain('https://bluebellmedicalcentre.co.uk/')?.entry.category).toBe('hospital-clinic');
    expect(matchHealthDomain('https://www.binghampharmacy.co.uk/')?.entry.category).toBe('pharmacy');
    // Wikidata hospitals of Australia and New Zealand (third pass), without a cat hospital and a former sanatorium.
    expect(matchHealthDomain('https://www.rch.org.au/')?.entry.category).toBe('hospital-clinic');
    expect(matchHealthDomain('https://catvet.com.au/')).toBeNull();
    expect(matchHealthDomain('https://pukeora.com/')).toBeNull();
    const bluebell = committed.domains.find((e) => e.domain === 'bluebellmedicalcentre.co.uk');
    expect([bluebell?.origin, bluebell?.source.date]).toEqual(['nhs-choices-2019-gp', '2019-05-22']);
    expect(committed.domains.find((e) => e.domain === 'lloydspharmacy.com')?.origin).toBe('nhs-choices-2014');
    // A reviewed zone: the armed forces' health service, not the rest of defense.gouv.fr.
    expect(matchHealthDomain('https://www.hiapercy.sante.defense.gouv.fr/')?.entry.domain).toBe('sante.defense.gouv.fr');
    expect(matchHealthDomain('https://www.defense.gouv.fr/')).toBeNull();
    // And from the 2019 files: a social network, a pharmacy directory, a town's site given for a pharmacy.
    for (const host of ['medicallakecity.gov', 'fitness.gov', 'tesco.com', 'gpsurgery.net', 'coots.co.uk', 'outdoorstore.co.uk', 'twitter.com', 'find-open.co.uk', 'lostwithiel.org.uk', ...Object.keys(REVIEWED_NOT_HEALTH)]) {
      expect(matchHealthDomain(host), host).toBeNull();
    }
  });
});

describe('importRecords', () => {
  const source = { ...readSource('nhs-choices-2014') };
  const record = (website: string, name = 'Test Practice'): RegistryRecord => ({ registry: 'nhs-choices-2014', file: 'GP.csv', code: 'X1', name, website, category: 'hospital-clinic' });

  it('rejects platform, retail, IP, sub-domain and unusable addresses, and keeps an organisation’s own domain', () => {
    const bad = [
      'http://cabinet-dupont.wixsite.com/medecin',
      'http://perso.free.fr/dr-martin',
      'https://www.doctolib.fr/medecin-generaliste/paris/jean-martin',
      'https://www.pagesjaunes.fr/pros/123456',
      'http://www.kingsway.gpsurgery.net',
      'http://www.surgeriesonline.com/thenewsurgery',
      'https://www.tesco.com/pharmacy',
      'http://192.168.1.10/',
      'http://practice.example-host.co.uk/',
      'n',
      'mailto:surgery@example.co.uk',
      '',
    ];
    const result = importRecords([...bad.map((w) => record(w)), record('http://www.mysurgery.co.uk/index.html')], [], { 'nhs-choices-2014': source });
    expect(result.entries.map((e) => e.domain)).toEqual(['mysurgery.co.uk']);
    expect(result.counts['nhs-choices-2014']?.excluded).toEqual({ platform: 6, retail: 1, 'no-domain': 4, 'not-own-domain': 1 });
  });

  it('leaves out counters inside retailers unless the domain is a pharmacy\'s own', () => {
    const result = importRecords(
      [
        record('http://www.teso.com/', 'Tesco Extra'),
        record('http://www.growithasda.com', 'Asda Pharmacy'),
        record('http://www.coots.co.uk', 'Boots'),
        record('http://www.pharmacy.co.uk', 'The Co-Operative Pharmacy'),
        record('http://www.asda-pharmacy.co.uk', 'Asda Pharmacy'),
        record('http://www.alliancepharmacy.co.uk', 'Boots'),
      ],
      [],
      { 'nhs-choices-2014': source },
    );
    expect(result.entries.map((e) => e.domain)).toEqual(['alliancepharmacy.co.uk', 'asda-pharmacy.co.uk']);
    expect(result.counts['nhs-choices-2014']?.excluded).toEqual({ retail: 4 });
  });

  it('gives one entry per shared group domain, named after the most listed organisation', () => {
    const result = importRecords(
      [record('http://www.group.co.uk/a', 'Group Dental'), record('http://group.co.uk/b', 'Group Dental'), record('group.co.uk', 'Other Branch')],
      [],
      { 'nhs-choices-2014': source },
    );
    expect(result.entries).toHaveLength(1);
    expect(result.entries[0]?.name).toBe('Group Dental (and 1 other listed site)');
    expect(result.counts['nhs-choices-2014']?.excluded).toEqual({ duplicate: 2 });
  });

  it('skips what a curated entry already covers, and keeps an NHS body\'s own x.nhs.uk domain (nhs.uk is a public suffix)', () => {
    const curated = [{ domain: 'www.nhs.uk', category: 'health-authority', name: 'NHS', origin: CURATED_ORIGIN, source: { url: 'https://www.nhs.uk/', date: '2026-11-28' } }];
    const result = importRecords(
      [record('http://www.nhs.uk/Services/GP/Overview/DefaultView.aspx?id=1'), record('http://www.wolvespct.nhs.uk/services', 'Wolverhampton PCT')],
      curated,
      { 'nhs-choices-2014': source },
    );
    expect(result.entries.map((e) => e.domain)).toEqual(['wolvespct.nhs.uk']);
    expect(result.counts['nhs-choices-2014']?.excluded).toEqual({ 'covered-by-curated': 1 });
  });
});

describe('isSiteRoot', () => {
  it('takes a site root, an index page or a language root, and not a page on a larger site', () => {
    for (const w of ['https://www.insel.ch/', 'http://www.chpg.mc', 'www.erasme.be/fr', 'https://x.org/index.html', 'https://x.org/en-us/']) expect(isSiteRoot(w), w).toBe(true);
    for (const w of ['https://www.va.gov/boston-health-care/', 'https://med.example.edu/hospital', 'https://x.org/?id=3', 'http://[bad']) expect(isSiteRoot(w), w).toBe(false);
  });
});

describe('registry rules on records', () => {
  const sources = { 'wikidata-hospitals': readSource('wikidata-hospitals') };
  const hospital = (website: string, name = 'Hospital', extra: Partial<RegistryRecord> = {}): RegistryRecord => ({ registry: 'wikidata-hospitals', file: 'hospital.001.wikidata.tsv', code: 'Q1', name, website, category: 'hospital-clinic', ...extra });

  it('leaves out pages on a larger site and reviewed non-health domains, and keeps the rest', () => {
    const result = importRecords(
      [hospital('https://www.va.gov/x/', 'VA clinic', { onSharedSite: true }), hospital('https://www.gannmuseum.com/', 'Gann Building'), hospital('https://www.insel.ch/', 'Inselspital')],
      [],
      sources,
    );
    expect(result.entries.map((e) => e.domain)).toEqual(['insel.ch']);
    expect(result.counts['wikidata-hospitals']?.excluded).toEqual({ 'not-own-domain': 1, 'not-health': 1 });
    // Each imported Wikidata entry cites its item, not the saved query file.
    const charite = imported.find((e) => e.domain === 'charite.de');
    expect(charite?.source.url).toBe('https://www.wikidata.org/wiki/Q162684');
  });

  it('reads the committed snapshots into records of their own registry, Eurostat rows with two addresses as two records', () => {
    const eurostat = REGISTRIES.find((r) => r.id === 'eurostat-healthcare')!.read(join(REGISTRIES_DIR, 'eurostat-healthcare'));
    const europe = eurostat.filter((r) => r.code === 'BE BE_1400');
    expect(europe.map((r) => r.website)).toEqual(['www.cliniquesdeleurope.be', 'www.europaziekenhuizen.be']);
    const wikidata = REGISTRIES.find((r) => r.id === 'wikidata-hospitals')!.read(join(REGISTRIES_DIR, 'wikidata-hospitals'));
    expect(wikidata.every((r) => r.registry === 'wikidata-hospitals' && /^Q\d+$/.test(r.code))).toBe(true);
    // Outside the imported countries (Europe, North America): counted, not imported.
    expect(wikidata.some((r) => r.leftOut === 'size-budget')).toBe(true);
    expect(wikidata.find((r) => r.website.includes('charite.de'))?.leftOut).toBeUndefined();
    // A museum is found by its domain when its label is the old hospital's name.
    expect(wikidata.find((r) => r.website.includes('museohospitalresurreccion.com'))?.category).toBe('');
  });
});

describe('fr-sites-prelevement (Santé.fr testing sites)', () => {
  const dir = join(REGISTRIES_DIR, 'fr-sites-prelevement');
  const records = REGISTRIES.find((r) => r.id === 'fr-sites-prelevement')!.read(dir);
  const sources = { 'fr-sites-prelevement': readSource('fr-sites-prelevement') };

  it('tells laboratories, hospitals, pharmacies and health centres from the town halls and exhibition halls the ARS listed', () => {
    const named: Record<string, string> = {
      'LBM BARLA SITE NICE/BARLA': 'laboratory',
      'SELAS BIO PÔLE ANTILLES': 'laboratory',
      'CH LES CHANAUX MACON': 'hospital-clinic',
      'CENTRE HOSPITALIER ROBERT MORLEVAT': 'hospital-clinic',
      'CDS POLYVALENT MIROMESNIL': 'hospital-clinic',
      'PHARMACIE DU MARCHE': 'pharmacy',
      'PARC DES EXPOSITIONS': '',
      'Salle Polyvalente - Origny-en-Thierache': '',
      'Aulnoye-Aymeries': '',
      'COVID-ROOM Moulins': '',
    };
    for (const [name, category] of Object.entries(named)) expect(frTestingSiteCategory(name), name).toBe(category);
  });

  it('reads the committed snapshot: web addresses only, FINESS codes, categories from the names, campaign domains left out', () => {
    const barla = records.find((r) => r.code === 'FINESS 060021722');
    expect(barla).toMatchObject({ name: 'LBM BARLA SITE BEAULIEU SUR MER/BERLUG', website: 'www.labo-barla.eu', category: 'laboratory' });
    // Phone numbers, e-mail addresses and bare words ("doctolib") were dropped when the snapshot was cut.
    expect(records.every((r) => normaliseDomain(r.website.replace(/^[a-z]+:\/\//, '').replace(/[/:].*$/, '')) !== null)).toBe(true);
    expect(records.find((r) => r.website.includes('tarbes.fr'))?.category).toBe('');
    expect(records.filter((r) => r.website.includes('biolia-covid19.fr')).every((r) => r.leftOut === 'campaign-site')).toBe(true);
  });

  it('keeps a laboratory\'s own domain and leaves out booking platforms, curated groups and pages below another domain', () => {
    const site = (website: string, name = 'LBM TEST'): RegistryRecord => ({ registry: 'fr-sites-prelevement', file: 'sites-prelevements-grand-public.csv', code: 'FINESS 010000000', name, website, category: 'laboratory' });
    const curated = [{ domain: 'doctolib.fr', category: 'booking-teleconsultation', name: 'Doctolib', origin: CURATED_ORIGIN, source: { url: 'https://www.doctolib.fr/', date: '2026-11-28' } }];
    const result = importRecords(
      [
        site('https://www.doctolib.fr/laboratoire/troyes/dynalab-troyes'),
        site('https://covid.kaducee.com/#/?sel=dyomedea'),
        site('https://www.ubiclic.com/autre/charleville-mezieres/drive'),
        site('https://rdv-testcovid.fr'),
        site('https://hospices-civils-de-beaune.monadmission.fr/login', 'HOSPICES CIVILS DE BEAUNE'),
        site('https://bit.ly/367ytus'),
        site('https://formulaire.atoutbio.eu/f/covid-19-patient'),
        site('www.labo-barla.eu'),
      ],
      curated,
      sources,
    );
    expect(result.entries.map((e) => e.domain)).toEqual(['labo-barla.eu']);
    expect(result.entries[0]?.source.note).toBe('Santé.fr sites de prélèvement sites-prelevements-grand-public.csv FINESS 010000000');
    expect(result.counts['fr-sites-prelevement']?.excluded).toEqual({ 'covered-by-curated': 1, platform: 5, 'not-own-domain': 1 });
  });

  it('gives entries the list keeps: no testing-campaign domain and no town site', () => {
    const entries = imported.filter((e) => e.origin === 'fr-sites-prelevement');
    expect(entries.length).toBeGreaterThan(40);
    expect(entries.some((e) => /covid/.test(e.domain) || e.domain === 'tarbes.fr')).toBe(false);
    expect(new Set(entries.map((e) => e.category))).toEqual(new Set(['laboratory', 'hospital-clinic']));
  });
});

describe('parseCsv', () => {
  it('reads NOT SIGN separated NHS files with quoted fields holding commas and doubled quotes', () => {
    const text = 'Code\u00acAddress\u00acWebsite\r\nM83693\u00ac"""The Manse"", Derwent, Off Field Farm Rd.,"\u00achttp://www.x.co.uk\r\n\r\n';
    expect(parseCsv(text, '\u00ac')).toEqual([
      ['Code', 'Address', 'Website'],
      ['M83693', '"The Manse", Derwent, Off Field Farm Rd.,', 'http://www.x.co.uk'],
    ]);
  });
});

describe('dotgovCategory', () => {
  it('classifies HHS offices and state or local health bodies, and leaves the rest out', () => {
    expect(dotgovCategory('cdc.gov', 'Federal - Executive', 'Department of Health and Human Services', 'Centers for Disease Control and Prevention')).toBe('health-authority');
    expect(dotgovCategory('samhsa.gov', 'Federal - Executive', 'Department of Health and Human Services', 'Substance Abuse and Mental Health Services Administration')).toBe('mental-health');
    expect(dotgovCategory('medicare.gov', 'Federal - Executive', 'Department of Health and Human Services', 'Centers for Medicare and Medicaid Services')).toBe('health-insurer');
    expect(dotgovCategory('headstart.gov', 'Federal - Executive', 'Department of Health and Human Services', 'Administration for Children and Families')).toBeNull();
    expect(dotgovCategory('epa.gov', 'Federal - Executive', 'Environmental Protection Agency', '')).toBeNull();
    expect(dotgovCategory('montezumahospitalco.gov', 'Special district', 'Montezuma County Hospital District', '')).toBe('hospital-clinic');
    expect(dotgovCategory('albme.gov', 'State or territory', 'Alabama Board of Medical Examiners', '')).toBe('health-authority');
    expect(dotgovCategory('cazfire.gov', 'Special district', 'Central Arizona Fire and Medical Authority', '')).toBeNull();
    expect(dotgovCategory('wvbvm.gov', 'State or territory', 'WV Board of Veterinary Medicine', '')).toBeNull();
    expect(dotgovCategory('medicallakecity.gov', 'City', 'City of Medical Lake', '')).toBeNull();
  });
});

describe('nsiCategory (name-suggestion-index health brands)', () => {
  it('maps health brands to their category', () => {
    expect(nsiCategory('Lafayette', 'brand of french pharmacies', ['amenity/pharmacy'], [])).toBe('pharmacy');
    expect(nsiCategory('Biopath', '', ['healthcare/laboratory'], [])).toBe('laboratory');
    expect(nsiCategory('Audika', 'hearing aid company', ['shop/hearing_aids'], [])).toBe('hospital-clinic');
    expect(nsiCategory('DAK', 'German health insurance company', ['office/insurance'], [])).toBe('health-insurer');
  });
  it('leaves out retailers, fashion eyewear, relief societies and insurers that do not say health', () => {
    // A brand NSI also lists as a supermarket or drugstore is a retailer with a counter.
    expect(nsiCategory('Kroger', 'American multinational retailing company', ['amenity/pharmacy'], ['shop/supermarket'])).toBe('');
    expect(nsiCategory('Duane Reade', 'American pharmacy and convenience store chain', ['amenity/pharmacy'], [])).toBe('');
    expect(nsiCategory('Oakley, Inc.', 'eyewear company', ['shop/optician'], [])).toBe('');
    expect(nsiCategory('Sunglass Hut International', 'company', ['shop/optician'], [])).toBe('');
    expect(nsiCategory('American Red Cross', 'American nonprofit organization', ['healthcare/blood_donation'], [])).toBe('');
    expect(nsiCategory('Vitalant', 'a non-profit organization that collects blood from volunteer donors', ['healthcare/blood_donation'], [])).toBe('hospital-clinic');
    expect(nsiCategory('A-Plan', 'Insurance broker in the United Kingdom', ['office/insurance'], [])).toBe('');
    expect(nsiCategory('Paddington Vet', 'veterinary clinic chain', ['amenity/clinic'], [])).toBe('');
  });
});

describe('fr-cppap-presse-en-ligne (CPPAP online press services)', () => {
  const records = REGISTRIES.find((r) => r.id === 'fr-cppap-presse-en-ligne')!.read(join(REGISTRIES_DIR, 'fr-cppap-presse-en-ligne'));

  it('reads every row of the list, and each reviewed health service is a row of it', () => {
    expect(records.length).toBe(1242);
    const services = new Set(records.map((r) => r.name.replace(/ \(.*$/, '')));
    for (const service of Object.keys(CPPAP_HEALTH_SERVICES)) expect(services.has(service), service).toBe(true);
  });

  it('takes the health trade press and medical information, and leaves the other press out', () => {
    const category = (service: string) => records.find((r) => r.name.startsWith(`${service} (`))?.category;
    expect(category('lequotidiendupharmacien.fr')).toBe('medical-information');
    expect(category('infirmiers.com')).toBe('medical-information');
    expect(category('prescrire.org')).toBe('medical-information');
    // Veterinary press, popular psychology, disability news, general news: read and left out.
    expect(category('lepointveterinaire.fr')).toBe('');
    expect(category('psychologies.com')).toBe('');
    expect(category('handicap.fr')).toBe('');
    expect(category('lemonde.fr')).toBe('');
    expect(records.find((r) => r.name.startsWith('infirmiers.com ('))).toMatchObject({ code: '0927 W 94320', website: 'https://www.infirmiers.com' });
  });

  it('gives entries under each service\'s own domain, the curated trade press keeping its entries', () => {
    const entries = imported.filter((e) => e.origin === 'fr-cppap-presse-en-ligne');
    expect(entries.length).toBeGreaterThan(40);
    expect(entries.every((e) => e.category === 'medical-information' && CPPAP_HEALTH_SERVICES[e.domain] !== undefined)).toBe(true);
    // egora.fr and lequotidiendumedecin.fr were hand-curated before: they keep their curated entry.
    expect(committed.domains.filter((e) => e.domain === 'egora.fr').map((e) => e.origin)).toEqual([CURATED_ORIGIN]);
    expect(entries.some((e) => e.domain === 'lepointveterinaire.fr')).toBe(false);
  });
});

describe('fr-cppap-publications (lapsed online titles of the CPPAP list of publications)', () => {
  const records = REGISTRIES.find((r) => r.id === 'fr-cppap-publications')!.read(join(REGISTRIES_DIR, 'fr-cppap-publications'));
  const byTitle = (title: string) => records.filter((r) => r.name.startsWith(`${title} (`));

  it('reads every online row the list of recognised online services does not give, and each reviewed title is one of them', () => {
    expect(records.length).toBe(1105);
    for (const title of Object.keys(CPPAP_LAPSED_HEALTH_TITLES)) expect(byTitle(title).length, title).toBe(1);
    // The online list's services are not read again here (infirmiers.com is fr-cppap-presse-en-ligne's).
    expect(records.some((r) => r.website.includes('infirmiers.com'))).toBe(false);
  });

  it('records, for each reviewed health title, either a dated stored page of its own domain or why it was dropped', () => {
    for (const [title, t] of Object.entries(CPPAP_LAPSED_HEALTH_TITLES)) {
      expect(Boolean(t.evidence) !== Boolean(t.dropped), title).toBe(true);
      if (!t.evidence) continue;
      const domain = normaliseDomain(new URL(byTitle(title)[0]!.website).hostname)!.domain;
      const page = /https:\/\/\S+/.exec(t.evidence)![0];
      expect(normaliseDomain(new URL(page).hostname)!.domain, title).toBe(domain);
      const date = /(\d{4})-\d{2}-\d{2}/.exec(t.evidence);
      expect(date && isIsoDate(date[0]) && Number(date[1]) >= 2020, title).toBe(true);
    }
  });

  it('imports only the health titles with evidence, leaves the unverified ones and the other press out', () => {
    expect(byTitle('jim.fr')[0]).toMatchObject({ category: 'medical-information', code: '2592425' });
    expect(byTitle('jim.fr')[0]!.leftOut).toBeUndefined();
    // A health title with no stored page of its domain: counted, not imported (its domain may have changed hands).
    expect(byTitle('actusoins.com')[0]!.leftOut).toBe('lapsed-unverified');
    expect(byTitle('legeneraliste.fr')[0]!.leftOut).toBe('lapsed-unverified');
    // Fitness, wellness, medico-social and general press: read and left out as not health.
    for (const title of ['menshealth.fr', 'shape.fr', 'yoga-magazine.fr', 'professionbienetre.fr', 'ehpapresse.fr', 'lemondeinformatique.fr']) {
      expect(byTitle(title)[0]?.category, title).toBe('');
    }
    const entries = imported.filter((e) => e.origin === 'fr-cppap-publications');
    expect(entries.map((e) => e.domain).sort()).toEqual(['diabetologie-pratique.com', 'jim.fr']);
    for (const e of entries) {
      expect(e.category).toBe('medical-information');
      expect(e.source.note).toMatch(/domain checked on a stored page: https:\/\//);
    }
    expect(imported.some((e) => e.domain === 'actusoins.com' || e.domain === 'legeneraliste.fr')).toBe(false);
  });
});
