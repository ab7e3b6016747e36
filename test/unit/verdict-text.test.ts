/** The one sentence every surface says (toolbar tooltip, page badge, popup headline), in French and English. */
import { describe, expect, it } from 'vitest';
import { badgeText, lawsPhrase, levelName, pageBadgeText, verdictSentence } from '../../src/shared/verdict-text.ts';
import { PROVIDERS } from '../../src/core/catalog.ts';
import { translate } from '../../src/shared/i18n.ts';
import { CACHED_UNKNOWN, INTERNAL_PAGE, MICROSOFT_HEALTH, OVH_HEALTH, WAITING } from '../fixtures/ui/tab-reports.ts';
import type { TabReport } from '../../src/core/types.ts';
import { routedReport } from '../fixtures/ui/routed-reports.ts';
import { hostingFacts } from '../../src/popup/hosting-facts.ts';
import { renderPlainEnglish } from '../../src/shared/evidence-text.ts';

const NOW = new Date('2026-11-28T12:00:00Z');

/** A report built the way the background builds it, for one main-frame response from `ip`. */
const reportFor = (host: string, ip: string, health: boolean): TabReport => routedReport(host, ip, health, NOW);

describe('verdict wording', () => {
  it('names the provider, its country and the laws for an extra-EU health site', () => {
    expect(verdictSentence(MICROSOFT_HEALTH, 'fr')).toBe(
      'Ce site de santé est hébergé par Microsoft (États-Unis), non qualifié SecNumCloud\u202f; ce fournisseur est soumis au CLOUD Act américain et à la section 702 de la loi FISA.',
    );
    expect(verdictSentence(MICROSOFT_HEALTH, 'en')).toBe(
      'This health site is hosted by Microsoft (United States), not SecNumCloud-qualified; this provider is subject to the US CLOUD Act and section 702 of FISA.',
    );
    // The country code with "!", never a code one letter away from "UE".
    expect(badgeText(MICROSOFT_HEALTH, 'fr')).toBe('US!');
  });

  it('says a qualified offer rests on a rule set by the user or their organisation, on every surface that states it', () => {
    // SNC is only ever given when a rule pins the offer (sovereignty.ts): the words must not state it as Vigie's finding.
    const pinned: TabReport = { ...OVH_HEALTH, level: 'secnumcloud', main: { ...OVH_HEALTH.main!, level: 'secnumcloud', attribution: 'rule' } };
    expect(verdictSentence(pinned, 'fr')).toBe(
      'Ce site de santé est hébergé par OVHcloud (France), sur une offre qualifiée SecNumCloud d’après une règle fixée par vous ou votre organisation\u202f: Vigie ne peut pas voir l’offre de l’extérieur.',
    );
    expect(verdictSentence(pinned, 'en')).toBe(
      'This health site is hosted by OVHcloud (France), on a SecNumCloud-qualified offer according to a rule set by you or your organisation: Vigie cannot see the offer from outside.',
    );
    expect(translate('fr', 'key_secnumcloud')).toMatch(/^Une règle fixée par vous ou votre organisation/);
    expect(translate('en', 'key_secnumcloud')).toMatch(/^A rule set by you or your organisation/);
    expect(translate('fr', 'forYou_secnumcloud')).toMatch(/^D’après la règle fixée par vous ou votre organisation/);
    expect(translate('en', 'forYou_secnumcloud')).toMatch(/^According to the rule set by you or your organisation/);
  });

  it('never says a site is on a qualified offer when only the provider is qualified', () => {
    const sentence = verdictSentence(OVH_HEALTH, 'fr');
    expect(sentence).toContain('OVHcloud (France)');
    expect(sentence).toContain('l’offre utilisée par ce site ne peut pas être vérifiée');
    expect(sentence).not.toMatch(/sur une offre qualifiée/);
    expect(badgeText(OVH_HEALTH, 'fr')).toBe('UE+');
    expect(badgeText(OVH_HEALTH, 'en')).toBe('EU+');
    expect(pageBadgeText(OVH_HEALTH, 'fr')).toBe('Fournisseur européen qui propose aussi des offres SecNumCloud — l’offre de ce site n’est pas vérifiable · OVHcloud (France)');
  });

  it('never calls a provider whose qualification is past its recorded end "not SecNumCloud-qualified": its renewal is not verified', () => {
    const afterEnd = new Date('2026-12-15T10:00:00Z'); // 3DS Outscale's recorded end is 2026-11-30, no renewal row
    const outscale = routedReport('www.hopital-exemple.fr', '5.104.96.1', true, afterEnd);
    expect(outscale.main).toMatchObject({ provider: { id: 'outscale' }, level: 'eu' });
    for (const lang of ['fr', 'en'] as const) {
      const words = [verdictSentence(outscale, lang, afterEnd), levelName('eu', lang), pageBadgeText(outscale, lang)].join(' ');
      expect(words).not.toMatch(/not SecNumCloud-qualified|non qualifiée? SecNumCloud/);
    }
    expect(verdictSentence(outscale, 'en', afterEnd)).toMatch(/SecNumCloud qualification is past its recorded end and its renewal is not verified/);
    expect(verdictSentence(outscale, 'fr', afterEnd)).toMatch(/qualification SecNumCloud est arrivée à sa fin enregistrée et son renouvellement n’est pas vérifié/);
    // A provider that holds no qualification gets no such sentence.
    expect(verdictSentence(reportFor('labo.example', '51.15.231.124', true), 'en', afterEnd)).not.toMatch(/recorded end/);
  });

  it('never says a CDN hosts the site: the data passes through it and the origin host is hidden', () => {
    const cloudflare = { ...MICROSOFT_HEALTH.main!, ip: '104.16.132.229', asn: 13335, asName: 'Cloudflare, Inc.', provider: { id: 'cloudflare', name: 'Cloudflare', country: 'US' }, role: 'cdn' as const };
    const cdn: TabReport = { ...MICROSOFT_HEALTH, main: cloudflare };
    expect(verdictSentence(cdn, 'fr')).toBe(
      'Les données de ce site de santé passent par Cloudflare (États-Unis), réseau de diffusion (CDN) qui masque l’hébergeur d’origine. Ce fournisseur est soumis au CLOUD Act américain et à la section 702 de la loi FISA.',
    );
    expect(verdictSentence(cdn, 'en')).toBe(
      'The data of this health site passes through Cloudflare (United States), a content delivery network (CDN) that hides the origin host. This provider is subject to the US CLOUD Act and section 702 of FISA.',
    );
    // A CDN whose law is not documented (CDN77, United Kingdom): not "hosted by" either, and the law stays unknown.
    const cdn77: TabReport = { ...cdn, main: { ...cloudflare, provider: { id: 'cdn77', name: 'CDN77', country: 'GB' }, level: 'unknown' } };
    expect(verdictSentence(cdn77, 'en')).toBe(
      'The data of this health site passes through CDN77 (United Kingdom), a content delivery network (CDN) that hides the origin host. Vigie has no sourced information on its exposure to extra-European laws with extraterritorial reach.',
    );
  });

  it('says why it does not know: cache, internal page, waiting', () => {
    expect(verdictSentence(CACHED_UNKNOWN, 'fr')).toContain('cache du navigateur');
    expect(verdictSentence(INTERNAL_PAGE, 'en')).toMatch(/^No verdict for this page/);
    expect(badgeText(INTERNAL_PAGE, 'en')).toBe('');
    expect(verdictSentence(WAITING, 'fr')).toBe('Vigie attend la réponse du serveur…');
  });

  it('names a known provider outside the EU without guessing its exposure (Infomaniak, Switzerland)', () => {
    const report = reportFor('www.example.ch', '185.125.25.1', true);
    expect(report.main?.provider?.id).toBe('infomaniak');
    expect(report.level).toBe('unknown');
    expect(verdictSentence(report, 'fr')).toBe(
      'Ce site de santé est hébergé par Infomaniak (Suisse), hors de l’Union européenne, non qualifié SecNumCloud\u202f; Vigie n’a pas d’information sourcée sur son exposition à des lois extra-européennes à portée extraterritoriale.',
    );
    expect(pageBadgeText(report, 'en')).toBe('Applicable law unknown · Infomaniak (Switzerland), outside the EU');
    expect(pageBadgeText(report, 'fr')).toBe('Loi applicable inconnue · Infomaniak (Suisse), hors UE');
    expect(badgeText(report, 'en')).toBe('?');
  });

  it('for a network with no catalog entry, shows the AS it belongs to', () => {
    const report = reportFor('www.example.org', '1.0.4.1', false);
    expect(report.main?.provider).toBeNull();
    expect(verdictSentence(report, 'en')).toBe(
      'This site is served by the network Gtelecom Pty Ltd (AS38803), which Vigie cannot tie to a known provider.',
    );
    expect(badgeText(report, 'en')).toBe('?');
  });

  it('an Orange access-network address is a network operator, not a hosting offer, and never a SecNumCloud provider', () => {
    for (const ip of ['90.0.0.1', '5.180.84.1']) {
      const report = reportFor('www.cabinet-exemple.fr', ip, true);
      expect(report.main?.provider?.id).toBe('orange');
      // The level stays the core's: an EU operator.
      expect(report.level).toBe('eu');
      for (const lang of ['fr', 'en'] as const) {
        const said = [verdictSentence(report, lang), pageBadgeText(report, lang), badgeText(report, lang)].join(' | ');
        expect(said).not.toContain(levelName('secnumcloud-provider', lang));
        expect(said).not.toContain(levelName('secnumcloud', lang));
        expect(said).not.toMatch(/propose aussi des offres|also sells SecNumCloud|offre qualifiée|qualified offer|UE\+|EU\+|SNC/);
      }
    }
    const access = reportFor('www.cabinet-exemple.fr', '90.0.0.1', true);
    expect(verdictSentence(access, 'fr')).toBe(
      'Ce site de santé est servi par Orange (France), depuis son réseau d’accès (box, mobile)\u202f: opérateur de réseau, ce n’est pas une offre d’hébergement\u202f; ses qualifications cloud ne s’appliquent pas ici.',
    );
    expect(verdictSentence(access, 'en')).toBe(
      'This health site is served by Orange (France) from its access network (broadband, mobile): a network operator, this is not a hosting offer; its cloud qualifications do not apply here.',
    );
    expect(verdictSentence(reportFor('www.cabinet-exemple.fr', '5.180.84.1', false), 'en')).toContain('from its transit network: a network operator');
  });

  it('a network operator under extra-EU law says both: not a hosting offer, and the laws its operator is subject to', () => {
    const access = reportFor('www.cabinet-exemple.fr', '90.0.0.1', false);
    const corporate = { ...access, level: 'extra-eu' as const, main: { ...access.main!, provider: { id: 'microsoft', name: 'Microsoft', country: 'US' }, level: 'extra-eu' as const, networkRole: 'corporate' as const } };
    expect(verdictSentence(corporate, 'en')).toBe(
      'This site is served by Microsoft (United States) from its internal company network: a network operator, this is not a hosting offer; its cloud qualifications do not apply here. This provider is subject to the US CLOUD Act and section 702 of FISA.',
    );
  });

  it('names a foreign subsidiary, why (its prefix is registered there), its country, and that it does not hold its parent’s qualifications (OVH US LLC)', () => {
    const report = reportFor('www.example.com', '51.81.1.1', true);
    expect(report.main?.provider?.id).toBe('ovh-us');
    expect(report.level).toBe('extra-eu');
    expect(verdictSentence(report, 'fr')).toBe(
      'Ce site de santé est hébergé par OVH US LLC (États-Unis), non qualifié SecNumCloud\u202f; ce fournisseur est soumis au CLOUD Act américain et à la section 702 de la loi FISA. ' +
        'Pays d’enregistrement de sa plage d’adresses\u202f: États-Unis\u202f; elle est donc considérée comme appartenant à OVH US LLC (États-Unis), filiale distincte du groupe OVHcloud, avec sa propre juridiction\u202f: elle ne détient pas les qualifications de sa maison mère.',
    );
    expect(verdictSentence(report, 'en')).toContain(
      'The registration country of its address range is United States, so it is taken as belonging to OVH US LLC (United States), a separate subsidiary of the OVHcloud group, with its own jurisdiction: it does not hold its parent’s qualifications.',
    );
    expect(renderPlainEnglish(report.main!.evidence[0]!.message)).toMatch(
      /^The server address 51\.81\.1\.1 belongs to AS16276 \(OVH SAS\), a network of OVHcloud \(FR\), in the routing data of 2026-06-17 \(.*\), but the registration country of its prefix is US, so it is taken as belonging to OVH US LLC \(US\), OVHcloud's subsidiary there: a separate company with its own jurisdiction/,
    );
    expect(badgeText(report, 'fr')).toBe('US!');
    // A subsidiary whose exposure is not documented (OVH Hosting Inc., Canada): level unknown, still named as a subsidiary.
    const canada = reportFor('www.example.ca', '144.217.1.1', false);
    expect(canada.level).toBe('unknown');
    expect(verdictSentence(canada, 'fr')).toBe(
      'Ce site est hébergé par OVH Hosting Inc. (Canada), hors de l’Union européenne, non qualifié SecNumCloud\u202f; Vigie n’a pas d’information sourcée sur son exposition à des lois extra-européennes à portée extraterritoriale. ' +
        'Pays d’enregistrement de sa plage d’adresses\u202f: Canada\u202f; elle est donc considérée comme appartenant à OVH Hosting Inc. (Canada), filiale distincte du groupe OVHcloud, avec sa propre juridiction\u202f: elle ne détient pas les qualifications de sa maison mère.',
    );
    // A subsidiary reached through its own AS (Outscale Inc., AS53306) is named from that AS: no registration to cite.
    const ownAs = verdictSentence(reportFor('www.example.com', '68.169.224.1', true), 'en');
    expect(ownAs).toContain('Outscale Inc. (United States) is a separate subsidiary of the 3DS Outscale group');
    expect(ownAs).not.toContain('registration country');
  });

  it('says a range registered abroad to an entity it does not know leaves the level unknown, and does not call its French announcer non-EU', () => {
    // Worldline IGSA's 91.208.51.0/24: announced by Worldline's payment network, registered in Australia.
    const report = reportFor('www.example.com', '91.208.51.1', true);
    expect(report.main?.attribution).toBe('registration');
    expect(report.level).toBe('unknown');
    const fr = verdictSentence(report, 'fr');
    expect(fr).toContain('opérateur de réseau, ce n’est pas une offre d’hébergement');
    expect(fr).toContain(
      'Ce site de santé est servi depuis une plage d’adresses que les données de routage attribuent à Worldline mais enregistrée hors de l’UE (Australie), au nom d’une entité que Vigie ne connaît pas\u202f: la loi qui s’y applique est inconnue et les qualifications du groupe ne s’appliquent pas.',
    );
    expect(verdictSentence(report, 'en')).toContain('registered outside the EU (Australia), to an entity Vigie does not know');
    expect(pageBadgeText(report, 'en')).toBe('Host or applicable law unknown · Worldline (France)');
    // Without the country in the evidence, the sentence still says it, with an unknown country.
    const withoutCountry = { ...report, main: { ...report.main!, networkRole: undefined, evidence: [] } };
    expect(verdictSentence(withoutCountry, 'en')).toMatch(/^This health site is served from an address range the routing data gives to Worldline but registered outside the EU \(.+\)/);
  });

  it('says the network in front and the extra-EU origin a response header names behind it, in both languages', () => {
    const report = routedReport('rdv.chu-exemple.fr', '51.91.1.1', true, NOW, { server: 'AmazonS3' });
    expect(report.main).toMatchObject({ provider: { id: 'ovhcloud' }, level: 'extra-eu', revealedOrigin: { provider: { id: 'aws' }, header: 'server: AmazonS3' } });
    expect(verdictSentence(report, 'fr', NOW)).toBe(
      'Ce site de santé répond depuis OVHcloud (France), le réseau placé devant, mais sa réponse désigne derrière lui une origine hors UE\u202f: Amazon Web Services (États-Unis), soumise au CLOUD Act américain et à la section 702 de la loi FISA.',
    );
    expect(verdictSentence(report, 'en', NOW)).toBe(
      'This health site answers from OVHcloud (France), the network in front, but its response names an origin outside the EU behind it: Amazon Web Services (United States), subject to the US CLOUD Act and section 702 of FISA.',
    );
    // The code and the page badge name the extra-EU party, never "FR!" nor "outside the EU · OVHcloud (France)".
    expect(badgeText(report, 'fr')).toBe('US!');
    expect(pageBadgeText(report, 'en')).toBe(`${levelName('extra-eu', 'en')} · Amazon Web Services (United States)`);
    expect(hostingFacts(report.main!, 'fr').find((f) => f.id === 'revealed-origin')?.value).toBe('Amazon Web Services (États-Unis), d’après l’en-tête server: AmazonS3');
    // On an access network too, the origin is the sentence: the laws are the origin's, not the operator's.
    const access = routedReport('www.example.com', '90.0.0.1', false, NOW, { 'x-goog-generation': '1' });
    expect(verdictSentence(access, 'en', NOW)).toMatch(/^This site answers from Orange \(France\).* Google .*subject to the US CLOUD Act/);
  });

  it('a sentence made of several facts keeps French typography and no capitalised word after "de"', () => {
    for (const ip of ['90.0.0.1', '51.81.1.1', '91.208.51.1', '68.169.224.1']) {
      for (const health of [true, false]) {
        const sentence = verdictSentence(reportFor('www.example.com', ip, health), 'fr');
        expect(sentence).not.toMatch(/ [:;!?»]|'|\b(de|par) (Ce|Cette|Le|La|Les)\b|\$/);
      }
    }
  });
});

describe('the law a non-EU provider is under, named as the catalog records it', () => {
  it('names China’s National Intelligence Law (2017, art. 7 and 14) for Chinese groups, as it names the CLOUD Act for US ones', () => {
    const tencent = reportFor('www.example.cn', '1.12.34.1', true);
    expect(tencent.main?.provider?.id).toBe('tencent-cloud');
    expect(verdictSentence(tencent, 'en')).toBe(
      'This health site is hosted by Tencent Cloud (China), not SecNumCloud-qualified; this provider is subject to China’s National Intelligence Law of 2017 (articles 7 and 14).',
    );
    expect(verdictSentence(tencent, 'fr')).toBe(
      'Ce site de santé est hébergé par Tencent Cloud (Chine), non qualifié SecNumCloud\u202f; ce fournisseur est soumis à la loi chinoise sur le renseignement national de 2017 (articles 7 et 14).',
    );
    // A state carrier's backbone: the operator sentence, then the law.
    const carrier = verdictSentence(reportFor('www.example.cn', '202.97.1.1', false), 'fr');
    expect(carrier).toContain('China Telecom');
    expect(carrier).toMatch(/Ce fournisseur est soumis à la loi chinoise sur le renseignement national de 2017 \(articles 7 et 14\)\.$/);
    for (const ip of ['8.177.0.1', '1.178.32.1']) {
      expect(verdictSentence(reportFor('www.example.cn', ip, true), 'en'), ip).toContain('China’s National Intelligence Law of 2017 (articles 7 and 14)');
    }
  });

  it('has its own words for every law the catalog names: none falls back to "a foreign law"', () => {
    const laws = new Set(PROVIDERS.flatMap((p) => p.jurisdiction.extraEuLaws));
    expect(laws.size).toBeGreaterThanOrEqual(3);
    for (const lang of ['en', 'fr'] as const) {
      for (const law of laws) expect(lawsPhrase(lang, [law]), `${lang}: ${law}`).not.toBe(lawsPhrase(lang, []));
    }
  });
});
