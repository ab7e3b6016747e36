import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import domainsJson from '../../data/health-domains.json' with { type: 'json' };
import frMessages from '../../_locales/fr/messages.json' with { type: 'json' };
import enMessages from '../../_locales/en/messages.json' with { type: 'json' };
import { classifyHealth, matchHealthDomain, type HealthReasonKey } from '../../src/core/health.ts';
import { decodePunycode } from '../../src/core/health-features.ts';
import { inputKindOf } from '../../src/core/health-model.ts';
import { CATEGORY_NAMES, healthReasonText } from '../../src/popup/health-reason-text.ts';
import { emptyPageSignals } from '../../src/core/page-signals.ts';
import { signalsFromInput } from '../../src/cli/html-signals.ts';
import type { PageSignals } from '../../src/core/types.ts';
import { DEMO_SITES } from '../../demo/sites.ts';

const CORPUS = join(import.meta.dirname, '..', 'fixtures', 'health');

function page(url: string, fields: Partial<PageSignals> = {}): PageSignals {
  return { ...emptyPageSignals(url), ...fields };
}

function fixture(file: string, url: string): PageSignals {
  return signalsFromInput(readFileSync(join(CORPUS, file)), url).signals;
}

describe('matchHealthDomain', () => {
  it('matches the registrable domain, with or without www and subdomains', () => {
    expect(matchHealthDomain('ameli.fr')?.entry.category).toBe('health-insurer');
    expect(matchHealthDomain('www.ameli.fr')?.entry.domain).toBe('ameli.fr');
    expect(matchHealthDomain('assure.ameli.fr')?.registrableDomain).toBe('ameli.fr');
    expect(matchHealthDomain('WWW.DOCTOLIB.FR.')?.entry.domain).toBe('doctolib.fr');
  });

  it('matches a zone (ars.sante.fr) and its subdomains only', () => {
    expect(matchHealthDomain('www.iledefrance.ars.sante.fr')?.entry.domain).toBe('ars.sante.fr');
    expect(matchHealthDomain('sante.gouv.fr')?.entry.domain).toBe('sante.gouv.fr');
    expect(matchHealthDomain('www.sante.gouv.fr')?.entry.domain).toBe('sante.gouv.fr');
    // Another site under the same public suffix is not the ministry.
    expect(matchHealthDomain('www.economie.gouv.fr')).toBeNull();
  });

  it('does not match look-alikes that merely contain a listed name', () => {
    expect(matchHealthDomain('ameli.fr.example.com')).toBeNull();
    expect(matchHealthDomain('notameli.fr')).toBeNull();
  });

  it('handles IDN hosts in Unicode and punycode the same way', () => {
    expect(matchHealthDomain('xn--zensant-hya.fr')).toBeNull();
    expect(matchHealthDomain('zensanté.fr')).toBeNull();
    expect(matchHealthDomain('www.ameli.fr')).not.toBeNull();
  });

  it('never matches IP literals or garbage', () => {
    expect(matchHealthDomain('192.168.1.10')).toBeNull();
    expect(matchHealthDomain('[2001:db8::1]')).toBeNull();
    expect(matchHealthDomain('')).toBeNull();
    expect(matchHealthDomain('http://')).toBeNull();
  });
});

describe('data/health-domains.json', () => {
  const domains = domainsJson.domains as { domain: string; category: string; source: { url?: string; note?: string; date?: string }; scope?: string; paths?: string[] }[];
  const categories = new Set([
    'health-authority', 'hospital-clinic', 'booking-teleconsultation', 'laboratory', 'pharmacy', 'health-insurer',
    'medical-information', 'patient-association', 'mental-health', 'medical-software',
  ]);

  it('has at least 200 unique domains, each with a known category, a source and an ISO date', () => {
    expect(domains.length).toBeGreaterThanOrEqual(200);
    expect(new Set(domains.map((d) => d.domain)).size).toBe(domains.length);
    for (const d of domains) {
      expect(categories.has(d.category), d.domain).toBe(true);
      expect(d.source.url ?? d.source.note, d.domain).toBeTruthy();
      expect(d.source.date, d.domain).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(d.domain).toBe(d.domain.toLowerCase());
    }
    expect(domainsJson.meta.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('gives every path-scoped company its health paths', () => {
    const scoped = domains.filter((d) => d.scope === 'paths');
    expect(scoped.length).toBeGreaterThan(5);
    for (const d of scoped) expect(d.paths?.length, d.domain).toBeGreaterThan(0);
  });
});

describe('classifyHealth', () => {
  it('a listed domain is health even with no page content, and says why', () => {
    const v = classifyHealth(page('https://www.doctolib.fr/'));
    expect(v.health).toBe(true);
    expect(v.category).toBe('booking-teleconsultation');
    expect(v.reasons[0]).toBe('domain listed: doctolib.fr (appointment booking and teleconsultation)');
  });

  it('a multi-line insurer counts only on its health paths', () => {
    expect(classifyHealth(page('https://www.axa.fr/complementaire-sante.html')).health).toBe(true);
    const car = classifyHealth(page('https://www.axa.fr/assurance-auto.html', { title: 'Assurance auto : devis en ligne' }));
    expect(car.health).toBe(false);
    expect(car.reasons.join(' ')).toContain('health pages only');
  });

  it('schema.org medical types count, and the reason names the type', () => {
    const v = classifyHealth(page('https://cabinet-exemple.fr/', { schemaTypes: ['Physician'], title: 'Cabinet du Dr Martin' }));
    expect(v.health).toBe(true);
    expect(v.reasons).toContain('schema.org type Physician');
    const vet = classifyHealth(page('https://exemple.fr/', { schemaTypes: ['VeterinaryCare'], title: 'Clinique du Parc' }));
    expect(vet.health).toBe(false);
    expect(vet.reasons).toContain('schema.org type VeterinaryCare (not human health care)');
  });

  // The schema.org rule is decisive, outside the learned model: it must hold whatever the retrained thresholds are.
  it('a human-care provider type decides health on its own, first among the reasons, once', () => {
    for (const type of ['Physician', 'Hospital', 'Pharmacy', 'Dentist', 'MedicalClinic', 'MedicalOrganization', 'DiagnosticLab']) {
      const v = classifyHealth(page('https://www.exemple-site.com/contact', { schemaTypes: ['WebPage', type] }));
      expect(v.health, type).toBe(true);
      expect(v.reasonCodes?.[0], type).toEqual({ key: 'schema', args: [type] });
      expect(v.reasons.filter((r) => r.startsWith('schema.org type')), type).toEqual([`schema.org type ${type}`]);
    }
  });

  it('a veterinary type decides not health, even next to the medical types a vet also declares', () => {
    const v = classifyHealth(page('https://www.exemple-site.com/', {
      schemaTypes: ['MedicalOrganization', 'VeterinaryCare', 'Physician'],
      title: 'Clinique : consultations, vaccins, chirurgie, urgences',
    }));
    expect(v.health).toBe(false);
    expect(v.reasonCodes?.[0]).toEqual({ key: 'schemaOther', args: ['VeterinaryCare'] });
  });

  it('leaves medical content types and a provider type next to a beauty type to the model', () => {
    const beauty = { title: 'Soin du visage et épilation', text: 'Institut de beauté : soins esthétiques, soin du visage, épilation, modelage.' };
    // A beauty blog's article typed MedicalWebPage, or a salon typed MedicalClinic and BeautySalon: the words decide.
    for (const schemaTypes of [['MedicalWebPage'], ['MedicalClinic', 'BeautySalon']]) {
      const v = classifyHealth(page('https://www.exemple-site.com/soins', { ...beauty, schemaTypes }));
      expect(v.health, schemaTypes.join()).toBe(false);
      expect(v.reasonCodes?.[0]?.key, schemaTypes.join()).not.toBe('schema');
    }
  });

  it('a listed domain stays health whatever type its page declares', () => {
    expect(classifyHealth(page('https://www.doctolib.fr/', { schemaTypes: ['VeterinaryCare'] })).health).toBe(true);
  });

  // A booking page as the content script reads it: a title and the beginning of the text.
  const booking = {
    title: 'Prise de rendez-vous médical avec un médecin généraliste',
    text:
      'Prenez rendez-vous en ligne avec un médecin généraliste près de chez vous. Consultation au cabinet ou en ' +
      'téléconsultation, du lundi au samedi, remboursée par l’Assurance Maladie sur présentation de la carte Vitale.',
  };

  it("says when the site's name weighed (parts of names shared by health sites, or by sites of other subjects)", () => {
    const pharmacist = classifyHealth(emptyPageSignals('https://www.lepharmacien.example/'));
    expect(pharmacist.health).toBe(true);
    expect(pharmacist.reasonCodes).toContainEqual({ key: 'hostName', args: ['lepharmacien'] });
    const news = classifyHealth(emptyPageSignals('https://www.ctvnews.ca/'));
    expect(news.health).toBe(false);
    expect(news.reasonCodes).toContainEqual({ key: 'hostNameOther', args: ['ctvnews'] });
    expect(healthReasonText('fr', { key: 'hostName', args: ['lepharmacien'] })).toBe('nom du site «\u202flepharmacien\u202f» proche de noms de sites de santé');
  });

  it('reads French with or without accents alike', () => {
    const accented = classifyHealth(page('https://exemple.fr/', booking));
    const folded = classifyHealth(page('https://exemple.fr/', {
      title: booking.title.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase(),
      text: booking.text.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase(),
    }));
    expect(accented.health).toBe(true);
    expect(folded.score).toBe(accented.score);
  });

  it('names the words as the page writes them, never a grammar word', () => {
    const v = classifyHealth(page('https://exemple.fr/', booking));
    expect(v.reasons.some((r) => r.includes('“médecin”') || r.includes('“généraliste”') || r.includes('“médical”'))).toBe(true);
    for (const code of v.reasonCodes ?? []) expect(['de', 'un', 'avec', 'la', 'du'], code.args.join(' ')).not.toContain(code.args[1]);
  });

  it('a title alone is a short input, held to its own, higher threshold (calibrated on dev)', () => {
    const short = page('https://exemple.fr/', { title: booking.title });
    const full = page('https://exemple.fr/', booking);
    expect(inputKindOf(short)).toBe('short');
    expect(inputKindOf(full)).toBe('page');
    expect(inputKindOf(page('https://exemple.fr/'))).toBe('urlOnly');
  });

  it('matches whole words only', () => {
    // "chu" inside "chute" or "parachute" is not the word CHU.
    const v = classifyHealth(page('https://example.com/', { title: 'Chute de neige et parachute' }));
    expect(v.health).toBe(false);
    expect(v.reasons.join(' ')).not.toContain("'chu'");
  });

  it('a page with nothing health-related is not health and does not crash on empty input', () => {
    expect(classifyHealth(page('https://example.com/', { title: 'Météo de la semaine' })).health).toBe(false);
    expect(classifyHealth(page('')).health).toBe(false);
    expect(classifyHealth(page('not a url at all')).health).toBe(false);
    expect(classifyHealth(page('http://10.0.0.1/sante')).reasons.join(' ')).not.toContain('domain listed');
  });

  it('user overrides by registrable domain win over the classifier, both ways', () => {
    const forced = classifyHealth(page('https://www.example.com/blog'), { overrides: { 'example.com': 'health' } });
    expect(forced.health).toBe(true);
    expect(forced.override).toBe('health');
    expect(forced.reasons[0]).toBe('you marked this site as health-related');
    const unmarked = classifyHealth(page('https://www.ameli.fr/'), { overrides: { 'ameli.fr': 'not-health' } });
    expect(unmarked.health).toBe(false);
    expect(unmarked.override).toBe('not-health');
    // An override for another site changes nothing, and no inherited property counts as one.
    expect(classifyHealth(page('https://www.ameli.fr/'), { overrides: { 'example.com': 'not-health' } }).override).toBeUndefined();
    expect(classifyHealth(page('https://constructor/'), { overrides: {} }).override).toBeUndefined();
  });

  it('off the domain list, health follows the sign of the score (log-odds minus the calibrated threshold)', () => {
    const pages = [
      page('https://exemple.fr/', { text: 'santé '.repeat(500) }),
      page('https://exemple.fr/cabinet', {
        title: 'Cabinet de kinésithérapie',
        text: 'Le cabinet de kinésithérapie vous accueille sur rendez-vous pour la rééducation après une opération du genou, ' +
          'les entorses et le mal de dos. Séances remboursées par l’Assurance Maladie sur prescription médicale.',
      }),
      page('https://exemple.fr/recettes', {
        title: 'Gratin de courgettes',
        text: 'Préchauffez le four à 180 degrés, coupez les courgettes en rondelles, ajoutez la crème et le fromage râpé, ' +
          'puis laissez gratiner trente minutes. Servez chaud avec une salade verte.',
      }),
    ];
    for (const p of pages) {
      const v = classifyHealth(p);
      expect(Number.isFinite(v.score)).toBe(true);
      expect(v.health).toBe(v.score >= 0);
    }
    // The practice page is far above the recipe page; whether this two-sentence page clears the calibrated threshold is
    // the model's quality, measured by the bench on held-out pages, not this wiring test: the 2026-12-03 third-pass
    // model puts it 0.002 below the threshold (docs/health.md, "Known limits"), the model before it 0.45 above.
    expect(classifyHealth(pages[1]!).score).toBeGreaterThan(classifyHealth(pages[2]!).score + 5);
    expect(classifyHealth(pages[2]!).health).toBe(false);
  });
});

describe('hostile and odd inputs', () => {
  it('a huge, odd or hostile page gets a clear verdict, never an exception', () => {
    const odd = [
      page('https://exemple.fr/', { title: 'médecin '.repeat(1_000_000), text: 'x'.repeat(5_000_000) }),
      page('https://exemple.fr/', { text: '\u0000\u202e\ufeff e\u0301\u0301\u0301 🩺💊 ﷽ '.repeat(10_000) }),
      page('https://exemple.fr/%E0%A4%A/', { headings: Array.from({ length: 1_000 }, () => 'Ⓜ️é'.repeat(100)), schemaTypes: ['__proto__', 'constructor'] }),
      page('https://xn--80ak6aa92e.com/\u0000', { lang: 'x'.repeat(1_000), keywords: '\ud800' }),
    ];
    for (const p of odd) {
      const v = classifyHealth(p);
      expect(typeof v.health).toBe('boolean');
      expect(Number.isFinite(v.score)).toBe(true);
      expect(v.reasons.length).toBeLessThanOrEqual(6);
      expect(v.reasonCodes?.length).toBe(v.reasons.length);
    }
  });

  it('reads the URL alone with its own threshold: health words of the address count, a place name does not', () => {
    expect(classifyHealth(page('https://www.pharmacie-du-centre.fr/')).health).toBe(true);
    expect(classifyHealth(page('https://www.parc-lyon.fr/')).health).toBe(false);
    expect(classifyHealth(page('https://www.recettes-de-cuisine.fr/')).health).toBe(false);
  });

  it('reads an internationalised host name as written: its health words count as those of its ASCII spelling', () => {
    // The browser gives the host in punycode; its remnant ("mdecin-paris-beb") held no word, so the site read not health.
    for (const [idn, ascii] of [['médecin-paris.fr', 'medecin-paris.fr'], ['www.hôpital-paris.fr', 'www.hopital-paris.fr']] as const) {
      const written = classifyHealth(page(`https://${idn}/`));
      const plain = classifyHealth(page(`https://${ascii}/`));
      expect(plain.health).toBe(true);
      expect(written).toMatchObject({ health: true, score: plain.score });
    }
    expect(classifyHealth(page('https://xn--mdecin-paris-beb.fr/')).reasons).toContain("the site's name “médecin-paris” resembles health sites' names");
  });
});

describe('decodePunycode', () => {
  it('decodes RFC 3492 labels and refuses what is not punycode', () => {
    expect(decodePunycode('mdecin-paris-beb')).toBe('médecin-paris');
    expect(decodePunycode('bcher-kva')).toBe('bücher');
    expect(decodePunycode('egbpdaj6bu4bxfgehfvwxn')).toBe('ليهمابتكلموشعربي؟'); // RFC 3492 7.1 (A)
    expect(decodePunycode('ihqwcrb4cv8a8dqg056pqjye')).toBe('他们为什么不说中文'); // (B)
    expect(decodePunycode('-> $1.00 <--')).toBe('-> $1.00 <-'); // (S)
    expect(decodePunycode('a-b-c')).toBeNull();
    expect(decodePunycode('99999999999999999999')).toBeNull();
  });
});

describe('the demo sites', () => {
  for (const site of DEMO_SITES) {
    it(`${site.host}: ${site.health ? 'health' : 'not health'}, as a person would judge it`, () => {
      const html = readFileSync(join(import.meta.dirname, '..', '..', 'demo', 'sites', site.host, 'index.html'));
      const v = classifyHealth(signalsFromInput(html, `https://${site.host}/`).signals);
      expect(v.health, v.reasons.join('; ')).toBe(site.health);
    });
  }
});

describe('hard negatives stay negative (real pages from the corpus)', () => {
  const cases: [string, string, string][] = [
    ['veterinary', 'fr-vet-vetoloup.html', 'https://www.vetoloup.com/consultations/'],
    ['veterinary (English)', 'en-vet-vca-immunizations.html', 'https://vcahospitals.com/wexford/services/preventive-care/immunizations'],
    ['gym', 'fr-fitness-conseilmuscu.html', 'https://conseilmuscu.com/musculation-pour-debutants/comment-choisir-sa-salle-de-musculation'],
    ['spa and beauty', 'fr-spa-aroma-institut.txt', 'https://www.aroma-institut.com/charte-aroma-institut'],
    ['recipe', 'fr-recette-fernande-marius.html', 'https://www.chez-fernande-et-marius.fr/avec-le-froid-de-lautomne-je-prepare-ces-gratins/'],
    ['diet blog', 'fr-regime-quotibien.html', 'https://www.quotibien.fr/une-semaine-pour-perdre-3-kilos-menu-et-recommandations'],
    ['car insurance', 'fr-assur-auto-bonus.html', 'https://www.assur-web.com/comment-optimiser-votre-bonus-malus-pour-reduire-les-couts-d-assurance'],
    ['home insurance', 'fr-assur-mrh-moneyvox.html', 'https://www.moneyvox.fr/assurance/actualites/75418/assurance-habitation-degat-des-eaux-qui-paie-qui-declare'],
    ['banking', 'fr-banque-taux-com.html', 'https://www.taux.com/compte-bancaire.html'],
    ['news mentioning a hospital', 'fr-news-accident-picardie.html', 'https://accidentfrancis.blogspot.com/'],
    ['sports nutrition', 'fr-nutrisport-topmuscu.html', 'https://www.topmuscu.fr/whey-pour-la-prise-de-masse-guide-complet-base-sur-la-recherche'],
    ['CBD shop', 'fr-cbd-lagedor.html', 'https://lage-dor.fr/est-il-plus-sur-dacheter-du-cbd-en-ligne/'],
  ];
  for (const [family, file, url] of cases) {
    it(`${family}: ${file}`, () => {
      const v = classifyHealth(fixture(file, url));
      expect(v.health, v.reasons.join('; ')).toBe(false);
    });
  }

  it('the same medical words on a human-care page are health', () => {
    const v = classifyHealth(fixture('fr-clinique-bizet-ambu.html', 'https://cliniquebizet.fr/hospi_ambul.html'));
    expect(v.health).toBe(true);
    expect(v.reasons.some((r) => r.includes('hospitalis'))).toBe(true);
  });

  it('a listed health site stays health on a page full of other-subject words', () => {
    const v = classifyHealth(fixture('fr-fitness-conseilmuscu.html', 'https://www.aphp.fr/musculation'));
    expect(v.health).toBe(true);
    expect(v.reasons[0]).toContain('aphp.fr');
  });
});

describe('old fixture pages (training pages: a regression check, not a measure; figures in npm run bench -- health)', () => {
  it('classifies at least 95% of them correctly', () => {
    const index = JSON.parse(readFileSync(join(CORPUS, 'index.json'), 'utf8')) as { file: string; url: string; label: boolean }[];
    expect(index.length).toBeGreaterThanOrEqual(150);
    const correct = index.filter((f) => classifyHealth(fixture(f.file, f.url)).health === f.label).length;
    expect(correct / index.length).toBeGreaterThanOrEqual(0.95);
  });
});

describe('reason codes (the reasons in the user\'s language)', () => {
  const index = JSON.parse(readFileSync(join(CORPUS, 'index.json'), 'utf8')) as { file: string; url: string }[];
  // The corpus, plus pages that reach the reasons it lacks (paths-only insurer, other-subject schema and host, overrides).
  const verdicts = [
    ...index.map((f) => classifyHealth(fixture(f.file, f.url))),
    classifyHealth(page('https://www.doctolib.fr/')),
    classifyHealth(page('https://www.axa.fr/complementaire-sante.html')),
    classifyHealth(page('https://www.axa.fr/assurance-auto.html', { title: 'Assurance auto : devis en ligne' })),
    classifyHealth(page('https://www.cliniqueveterinairedulac.fr/vaccins', { schemaTypes: ['VeterinaryCare', 'Physician'] })),
    classifyHealth(page('https://www.santepubliquefrance.fr/', { ogSiteName: 'Santé publique France', keywords: 'santé, vaccination' })),
    classifyHealth(page('https://www.example.com/blog'), { overrides: { 'example.com': 'health' } }),
    classifyHealth(page('https://www.ameli.fr/'), { overrides: { 'ameli.fr': 'not-health' } }),
  ];
  const codes = verdicts.flatMap((v) => v.reasonCodes ?? []);
  const fr = frMessages as Record<string, unknown>;
  const en = enMessages as Record<string, unknown>;

  it('gives every reason a code, in the same order, that the English messages turn back into the same phrase', () => {
    for (const v of verdicts) {
      expect(v.reasonCodes?.length, v.reasons.join('; ')).toBe(v.reasons.length);
      // The messages use typographic apostrophes; the classifier's own English phrases are plain ASCII.
      expect(v.reasonCodes?.map((code) => healthReasonText('en', code)?.replace(/’/g, "'"))).toEqual(v.reasons);
    }
  });

  it('reaches every reason key the model gives, and each key is a message in both languages', () => {
    const reached: HealthReasonKey[] = [
      'listed', 'listedPaths', 'listedOtherPage', 'schema', 'schemaOther', 'mentions', 'mentionsOther', 'hostName', 'hostNameOther', 'overrideHealth', 'overrideNotHealth',
    ];
    expect(new Set(codes.map((c) => c.key))).toEqual(new Set(reached));
    // 'address' and 'addressOther' came from the hand-tuned scorer: reports it stored can still be shown.
    const all: HealthReasonKey[] = [...reached, 'address', 'addressOther'];
    for (const key of all) {
      expect(fr, key).toHaveProperty(`healthReason_${key}`);
      expect(en, key).toHaveProperty(`healthReason_${key}`);
    }
  });

  it('names every field and every category of the domain list in both languages', () => {
    const fields = new Set(codes.filter((c) => c.key.startsWith('mentions')).map((c) => c.args[0]));
    for (const reached of ['title', 'headings', 'text', 'address']) expect(fields).toContain(reached);
    for (const field of ['title', 'headings', 'description', 'siteName', 'keywords', 'text', 'address']) {
      expect(fr).toHaveProperty(`healthField_${field}`);
      expect(en).toHaveProperty(`healthField_${field}`);
    }
    for (const category of new Set(domainsJson.domains.map((d) => d.category))) {
      expect(CATEGORY_NAMES, category).toHaveProperty([category]);
      expect(fr).toHaveProperty(CATEGORY_NAMES[category]!);
      expect(en).toHaveProperty(CATEGORY_NAMES[category]!);
    }
  });

  it('says the reasons in French, field and category names included', () => {
    const listed = classifyHealth(page('https://www.doctolib.fr/', { title: 'Prenez rendez-vous avec un médecin' }));
    const french = listed.reasonCodes!.map((code) => healthReasonText('fr', code));
    expect(french[0]).toBe('domaine répertorié\u202f: doctolib.fr (prise de rendez-vous et téléconsultation)');
    expect(french).toContain('«\u202fmédecin\u202f» dans le titre');
    const marked = classifyHealth(page('https://www.example.com/'), { overrides: { 'example.com': 'not-health' } });
    expect(healthReasonText('fr', marked.reasonCodes![0]!)).toBe('vous avez indiqué que ce site n’est pas lié à la santé');
  });

  it('leaves unknown codes to the English phrase', () => {
    expect(healthReasonText('fr', { key: 'fromAFutureVersion', args: [] })).toBeNull();
    expect(healthReasonText('fr', { key: 'toString', args: [] })).toBeNull();
  });
});
