/** The popup as a user sees it, rendered from real-shaped reports with fake browser ports. */
import { describe, expect, it } from 'vitest';
import type { TabReport } from '../../src/core/types.ts';
import { classifyHealth } from '../../src/core/health.ts';
import { emptyPageSignals } from '../../src/core/page-signals.ts';
import type { Lang } from '../../src/shared/i18n.ts';
import { PopupApp, type PopupPorts } from '../../src/popup/popup-app.tsx';
import { reportHtml } from '../../src/popup/report-html.ts';
import { reportMarkdown } from '../../src/popup/report-markdown.ts';
import { hdsDatesNoteText, hdsText, offerStateText } from '../../src/popup/qualifications-section.tsx';
import { hdsOf, offerById } from '../../src/core/catalog.ts';
import { routedReport } from '../fixtures/ui/routed-reports.ts';
import { readAnnouncementLayer } from '../../scripts/announcements.ts';
import { identifyHost } from '../../src/core/identify.ts';
import { compileRules } from '../../src/core/rules.ts';
import { newTabReport, recordRequest } from '../../src/core/report.ts';
import type { SiteOverride } from '../../src/popup/health-section.tsx';
import { CACHED_UNKNOWN, clue, INTERNAL_PAGE, MICROSOFT_HEALTH, OVH_HEALTH, WAITING } from '../fixtures/ui/tab-reports.ts';
import { phrase } from '../../src/core/evidence-message.ts';
import { mount, testText } from '../fixtures/ui/dom.ts';

const NOW = new Date('2026-11-28T18:00:00Z');

function fakePorts(report: TabReport | null | Error, lang: Lang = 'fr') {
  const calls = { overrides: [] as SiteOverride[], copied: [] as string[], downloads: [] as { name: string; text: string; type: string }[], options: 0, fetches: 0 };
  let current = report;
  const ports: PopupPorts = {
    initialLang: lang,
    loadLang: async () => lang,
    tabId: async () => 12,
    getPageBadge: async () => null,
    showPageBadgeAgain: async () => ({ ok: true }),
    getReport: async () => {
      calls.fetches++;
      if (current instanceof Error) throw current;
      return current;
    },
    setSiteOverride: async (_tabId, value) => {
      calls.overrides.push(value);
      if (current && !(current instanceof Error) && current.health) {
        current = { ...current, health: { ...current.health, health: value === 'health', ...(value ? { override: value } : {}) } };
      }
      return { ok: true };
    },
    openOptions: async () => {
      calls.options++;
    },
    copyText: async (text) => {
      calls.copied.push(text);
    },
    downloadText: (name, text, type) => calls.downloads.push({ name, text, type }),
    now: () => NOW,
    version: '0.1.0',
  };
  return { ports, calls };
}

async function open(report: TabReport | null | Error, lang: Lang = 'fr', now?: Date) {
  const fake = fakePorts(report, lang);
  if (now) fake.ports.now = () => now;
  const view = mount(<PopupApp ports={fake.ports} />);
  await view.flush();
  return { ...view, ...fake };
}

describe('popup', () => {
  it('heads with the level (code and name), then the sentence that explains it, the provider and the confidence in it', async () => {
    const { root } = await open(MICROSOFT_HEALTH);
    expect(root.querySelector('main')?.getAttribute('data-state')).toBe('verdict');
    expect(testText(root, 'level-code')).toBe('US!');
    expect(testText(root, 'headline')).toBe('Fournisseur hors UE soumis à une loi extraterritoriale');
    expect(root.querySelector('[data-testid="headline"]')?.getAttribute('data-level')).toBe('extra-eu');
    expect(testText(root, 'verdict-detail')).toBe(
      'Ce site de santé est hébergé par Microsoft (États-Unis), non qualifié SecNumCloud\u202f; ce fournisseur est soumis au CLOUD Act américain et à la section 702 de la loi FISA.',
    );
    expect(testText(root, 'provider')).toBe('Microsoft (États-Unis)');
    expect(testText(root, 'confidence')).toBe('confiance élevée');
    expect(root.textContent).toContain('Identification du fournisseur\u202f: confiance élevée');
    // Never a word of certainty: the confidence is in the network operator named, not in the offer or a hidden origin.
    expect(root.textContent).not.toMatch(/\bsûre?\b|certitude/i);
  });

  it('says what the verdict means for the visitor, then what they can do, with a DPO message to copy', async () => {
    const view = await open(MICROSOFT_HEALTH);
    expect(testText(view.root, 'for-you')).toContain('Une loi étrangère peut obliger ce fournisseur');
    expect(testText(view.root, 'for-you')).toContain('ne veut pas dire que vos données ont été consultées');
    const todo = testText(view.root, 'what-to-do');
    expect(todo).toContain('politique de confidentialité');
    expect(todo).toContain('RGPD, art. 13');
    expect(todo).toContain('art. 15');
    expect(view.root.querySelector('[data-testid="what-to-do"] a[href^="https://www.cnil.fr/"]')).not.toBeNull();
    expect(testText(view.root, 'todo-lawful')).toContain('certifié HDS dont le siège est hors de l’UE est légal aujourd’hui');
    await view.click(view.root.querySelector('[data-testid="copy-dpo-message"]'));
    const message = view.calls.copied[0] ?? '';
    expect(message).toMatch(/^Objet\u202f: hébergement de mes données/);
    expect(message).toContain('J’utilise votre site www.clinique-exemple.fr.');
    expect(message).toContain('certifiée HDS et qualifiée SecNumCloud');
    expect(testText(view.root, 'action-status')).toContain('Message copié');
  });

  it('on a page not recognised as health-related, gives no steps about health data but says how to get them', async () => {
    const shop: TabReport = { ...MICROSOFT_HEALTH, health: { health: false, score: -3.2, reasons: [] } };
    const view = await open(shop);
    expect(view.root.querySelector('[data-testid="what-to-do"]')).toBeNull();
    expect(view.root.querySelector('[data-testid="todo-lawful"]')).toBeNull();
    expect(view.root.querySelector('[data-testid="copy-dpo-message"]')).toBeNull();
    expect(testText(view.root, 'todo-not-health')).toContain('n’a pas reconnu cette page comme liée à la santé');
    expect(testText(view.root, 'todo-not-health')).toContain('«\u202fC’est un site de santé\u202f»');
    // Not read yet: no steps either, and it says so rather than "not recognised".
    const pending = await open({ ...MICROSOFT_HEALTH, health: null }, 'en');
    expect(pending.root.querySelector('[data-testid="what-to-do"]')).toBeNull();
    expect(testText(pending.root, 'todo-not-health')).toContain('has not read this page yet');
    expect(testText(pending.root, 'todo-not-health')).not.toContain('not recognised');
    // Marking it as health brings the steps.
    await view.click(view.root.querySelector('[data-testid="override-health"]'));
    await view.flush();
    expect(testText(view.root, 'what-to-do')).toContain('RGPD, art. 13');
    expect(view.root.querySelector('[data-testid="todo-not-health"]')).toBeNull();
  });

  it('asks again while the page has not been read, and shows the steps once it is recognised as health-related', async () => {
    const fake = fakePorts({ ...MICROSOFT_HEALTH, health: null }, 'en');
    const getReport = fake.ports.getReport;
    let answers = 0;
    // The worker answers with the page read from the second question on.
    fake.ports.getReport = async (tabId) => (++answers >= 2 ? MICROSOFT_HEALTH : getReport(tabId));
    const view = mount(<PopupApp ports={fake.ports} />);
    await view.flush();
    expect(testText(view.root, 'todo-not-health')).toContain('has not read this page yet');
    for (let waited = 0; waited < 5_000 && !view.root.querySelector('[data-testid="what-to-do"]'); waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await view.flush();
    }
    expect(answers).toBeGreaterThanOrEqual(2);
    expect(testText(view.root, 'what-to-do')).toContain('GDPR, Art. 13');
    expect(view.root.querySelector('[data-testid="todo-not-health"]')).toBeNull();
  });

  it('never pairs a sure-sounding level with an unverifiable offer: provider with qualified offers is neither green nor "qualified"', async () => {
    const { root } = await open(OVH_HEALTH);
    expect(testText(root, 'level-code')).toBe('UE+');
    expect(testText(root, 'headline')).toBe('Fournisseur européen qui propose aussi des offres SecNumCloud');
    expect(testText(root, 'level-caveat')).toBe('l’offre de ce site n’est pas vérifiable');
    expect(testText(root, 'for-you')).toContain('rien ne montre que ce site en utilise une');
    expect(root.textContent).not.toMatch(/Certitude/);
    expect(root.textContent).not.toMatch(/Fournisseur qualifié SecNumCloud/);
  });

  it('speaks English when the language is English', async () => {
    const { root } = await open(MICROSOFT_HEALTH, 'en');
    expect(testText(root, 'headline')).toBe('Non-EU provider subject to an extraterritorial law');
    expect(testText(root, 'verdict-detail')).toContain('This health site is hosted by Microsoft (United States)');
    expect(testText(root, 'confidence')).toBe('high confidence');
    expect(testText(root, 'todo-lawful')).toContain('lawful today');
  });

  it("never shows the verdict first in the browser's language while the user's choice is still being read", async () => {
    const fake = fakePorts(MICROSOFT_HEALTH, 'fr');
    let chosen: (lang: Lang) => void = () => undefined;
    fake.ports.initialLang = 'en';
    fake.ports.loadLang = () => new Promise<Lang>((resolve) => (chosen = resolve));
    const view = mount(<PopupApp ports={fake.ports} />);
    await view.flush();
    expect(testText(view.root, 'headline')).toBeNull();
    chosen('fr');
    await view.flush();
    expect(testText(view.root, 'headline')).toBe('Fournisseur hors UE soumis à une loi extraterritoriale');
  });

  it('shows the evidence a journalist can check: IP, AS number and name, role and each clue', async () => {
    const { root } = await open(MICROSOFT_HEALTH);
    expect(testText(root, 'evidence-ip')).toBe('20.50.2.17');
    expect(testText(root, 'evidence-asn')).toBe('AS8075 Microsoft Corporation');
    expect(testText(root, 'evidence-role')).toContain('le serveur qui répond est chez Microsoft');
    const clues = [...root.querySelectorAll('[data-testid="evidence-list"] li')].map((li) => li.getAttribute('data-kind'));
    expect(clues).toEqual(['asn', 'header']);
    expect(testText(root, 'evidence-list')).toContain('AS8075');
  });

  it('links every "why it matters" claim to a source that opens in a new tab, with the date it was checked', async () => {
    const { root } = await open(MICROSOFT_HEALTH);
    for (const id of ['why-secnumcloud-19-6', 'why-cloud-act', 'why-fisa-702', 'why-hds-2024', 'why-cnil-emc2', 'why-conseil-etat-emc2', 'why-hdh-migration']) {
      const links = root.querySelectorAll(`[data-testid="${id}"] a`);
      expect(links.length, id).toBeGreaterThan(0);
      for (const link of links) {
        expect(link.getAttribute('href')).toMatch(/^https:\/\//);
        expect(link.getAttribute('target')).toBe('_blank');
        expect(link.getAttribute('rel')).toContain('noopener');
      }
    }
    expect(testText(root, 'why-cnil-emc2')).toContain('31 janvier 2024');
    expect(testText(root, 'why-fisa-702')).toContain('vérifié le 2 décembre 2026');
    expect(root.querySelectorAll('.why [data-outdated="true"]').length).toBe(0);
    // Collapsed by default: the legal detail is one click away, not in the way of the actions.
    expect(root.querySelector('.why details')?.hasAttribute('open')).toBe(false);
  });

  it('says so when a legal text was last checked more than a year ago (injected date)', async () => {
    const fake = fakePorts(MICROSOFT_HEALTH);
    fake.ports.now = () => new Date('2028-01-10T12:00:00Z');
    const { root, flush } = mount(<PopupApp ports={fake.ports} />);
    await flush();
    expect(root.querySelectorAll('.why [data-outdated="true"]').length).toBeGreaterThanOrEqual(6);
    expect(testText(root, 'why-fisa-702')).toContain('il y a plus d’un an\u202f: à revérifier');
  });

  it('says when a CDN carries the data and hides the origin', async () => {
    const cloudflare = {
      ...MICROSOFT_HEALTH.main!,
      ip: '104.16.132.229',
      asn: 13335,
      asName: 'Cloudflare, Inc.',
      provider: { id: 'cloudflare', name: 'Cloudflare', country: 'US' },
      role: 'cdn' as const,
      confidence: 'medium' as const,
      evidence: [clue('header', 'cf-ray', phrase('evidence_says_header', 'cf-ray: 8e1f', 'Cloudflare', phrase('evidence_part_front_cdn')), 'cloudflare')],
    };
    const { root } = await open({ ...MICROSOFT_HEALTH, main: cloudflare, hosts: [] });
    expect(testText(root, 'verdict-detail')).toMatch(/^Les données de ce site de santé passent par Cloudflare \(États-Unis\), réseau de diffusion \(CDN\) qui masque l’hébergeur d’origine\./);
    expect(testText(root, 'evidence-role')).toBe('Réseau de diffusion (CDN)\u202f: les données passent par Cloudflare\u202f; l’hébergeur d’origine est masqué.');
    expect(testText(root, 'confidence')).toBe('confiance moyenne');
    expect(testText(root, 'evidence-list')).toContain('En-tête HTTP cf-ray désigne Cloudflare');
    // "Pour vous" speaks of the provider, never of "this host": the CDN is not the host, the sentence above says so.
    expect(testText(root, 'for-you')).toContain('Une loi étrangère peut obliger ce fournisseur');
    expect(testText(root, 'for-you')).not.toMatch(/hébergeur/);
  });

  it('lists the HDS certificate of Microsoft and no SecNumCloud offer', async () => {
    const { root } = await open(MICROSOFT_HEALTH);
    expect(root.querySelectorAll('[data-testid="qualification-row"]').length).toBe(0);
    expect(testText(root, 'qualifications')).toContain('SecNumCloud chez Microsoft');
    expect(root.querySelector('[data-testid="hds-row"]')?.getAttribute('data-status')).toBe('certified');
  });

  it("lists OVHcloud's SecNumCloud offers with their status at today's date", async () => {
    const { root } = await open(OVH_HEALTH);
    const rows = [...root.querySelectorAll('[data-testid="qualification-row"]')];
    const byOffer = Object.fromEntries(rows.map((r) => [r.getAttribute('data-offer'), r]));
    expect(Object.keys(byOffer)).toEqual(['ovhcloud-hosted-private-cloud', 'ovhcloud-bare-metal-pod', 'ovhcloud-snc-cloud-platform']);
    expect(byOffer['ovhcloud-hosted-private-cloud']?.getAttribute('data-status')).toBe('qualified');
    expect(byOffer['ovhcloud-hosted-private-cloud']?.textContent).toContain('valable jusqu’au 29 décembre 2026');
    expect(testText(root, 'verdict-detail')).toContain('ne peut pas être vérifiée');
  });

  it('once a recorded end has passed with no renewal, says "renewal not verified" with the list date, never "expired"', async () => {
    const fake = fakePorts(OVH_HEALTH);
    fake.ports.now = () => new Date('2027-01-15T12:00:00Z');
    const { root, flush } = mount(<PopupApp ports={fake.ports} />);
    await flush();
    const row = root.querySelector('[data-offer="ovhcloud-hosted-private-cloud"]');
    expect(row?.getAttribute('data-status')).toBe('past-recorded-end');
    expect(row?.textContent).toContain('Fin enregistrée dépassée, renouvellement non vérifié');
    expect(row?.querySelector('[data-testid="qualification-detail"]')?.textContent).toBe(
      'La liste du 15 septembre 2026 indique une fin le 29 décembre 2026 et aucun renouvellement\u202f: vérifiez l’offre dans le catalogue de l’ANSSI avant de la considérer comme qualifiée.',
    );
    expect(row?.textContent).not.toMatch(/Expirée|non qualifiée/);
  });

  it('warns when a bundled list is more than six months old', async () => {
    const fresh = await open(OVH_HEALTH);
    expect(fresh.root.querySelectorAll('[data-testid="data-dates"] [data-stale="true"]').length).toBe(0);
    const fake = fakePorts(OVH_HEALTH);
    fake.ports.now = () => new Date('2027-09-01T00:00:00Z');
    const old = mount(<PopupApp ports={fake.ports} />);
    await old.flush();
    expect(old.root.querySelectorAll('[data-testid="data-dates"] [data-stale="true"]').length).toBe(3);
    expect(testText(old.root, 'data-dates')).toContain('plus de 6 mois');
  });

  it('groups third parties by provider and highlights the ones that received data', async () => {
    const { root } = await open(MICROSOFT_HEALTH);
    const groups = [...root.querySelectorAll('[data-testid="third-party"]')];
    expect(groups.map((g) => g.getAttribute('data-provider'))).toEqual(['google', 'ovhcloud']);
    expect(groups[0]?.classList.contains('sent')).toBe(true);
    expect(groups[0]?.textContent).toContain('Données envoyées\u202f: 2 requêtes');
    expect(testText(root, 'third-parties')).toContain('2 fournisseurs tiers, dont 1 hors UE soumis à une loi extraterritoriale.');
    expect(groups[1]?.textContent).not.toContain('Données envoyées');
  });

  it("names a third party's EU+ offer as the third party's, not the site's, in the popup and the HTML report", async () => {
    for (const lang of ['fr', 'en'] as const) {
      const { root } = await open(MICROSOFT_HEALTH, lang);
      const ovh = root.querySelector('[data-testid="third-party"][data-provider="ovhcloud"]')?.textContent ?? '';
      const html = reportHtml(MICROSOFT_HEALTH, lang, NOW, '0.1.0');
      for (const text of [ovh, html]) {
        expect(text).not.toMatch(/l’offre de ce site|this site’s offer/);
        expect(text).toContain(lang === 'fr' ? 'Fournisseur européen qui propose aussi des offres SecNumCloud — l’offre de ce tiers n’est pas vérifiable' : 'European provider that also sells SecNumCloud offers — this third party’s offer cannot be verified');
      }
    }
    // The site's own EU+ headline keeps the site's caveat.
    const { root } = await open(OVH_HEALTH);
    expect(testText(root, 'level-caveat')).toBe('l’offre de ce site n’est pas vérifiable');
  });

  it('explains the health judgement and sends the override, then shows the refreshed report', async () => {
    const view = await open(MICROSOFT_HEALTH);
    expect(testText(view.root, 'health-reasons')).toContain('schema.org MedicalClinic');
    const fetchesBefore = view.calls.fetches;
    await view.click(view.root.querySelector('[data-testid="override-not-health"]'));
    expect(view.calls.overrides).toEqual(['not-health']);
    expect(view.calls.fetches).toBe(fetchesBefore + 1);
    expect(testText(view.root, 'health-verdict')).toBe('Vous avez indiqué que ce site n’est pas un site de santé.');
    expect(testText(view.root, 'verdict-detail')).toMatch(/^Ce site est hébergé/);
    await view.click(view.root.querySelector('[data-testid="override-reset"]'));
    expect(view.calls.overrides).toEqual(['not-health', null]);
  });

  it('says the health clues in French from their codes, and keeps an English phrase marked as English', async () => {
    const url = 'https://www.doctolib.fr/medecin-generaliste';
    const health = classifyHealth({ ...emptyPageSignals(url), title: 'Prenez rendez-vous avec un médecin', schemaTypes: ['Physician'] });
    const view = await open({ ...MICROSOFT_HEALTH, url, host: 'www.doctolib.fr', health });
    const items = [...view.root.querySelectorAll('[data-testid="health-reasons"] li')];
    const texts = items.map((li) => li.textContent);
    expect(texts).toHaveLength(health.reasons.length);
    expect(texts[0]).toBe('domaine répertorié\u202f: doctolib.fr (prise de rendez-vous et téléconsultation)');
    expect(texts).toContain('type schema.org Physician');
    expect(texts).toContain('«\u202fmédecin\u202f» dans le titre');
    expect(texts).toContain('«\u202fmedecin\u202f» dans l’adresse');
    expect(items.every((li) => !li.hasAttribute('lang'))).toBe(true);
    expect(view.root.textContent).toContain('Domaine répertorié\u202f: prise de rendez-vous et téléconsultation');
    // The same clues in English: the category in words, quoted terms in paired curly quotes.
    const english = await open({ ...MICROSOFT_HEALTH, url, host: 'www.doctolib.fr', health }, 'en');
    const englishTexts = [...english.root.querySelectorAll('[data-testid="health-reasons"] li')].map((li) => li.textContent);
    expect(englishTexts[0]).toBe('domain listed: doctolib.fr (appointment booking and teleconsultation)');
    expect(englishTexts).toContain('“médecin” in the title');
    expect(englishTexts).toContain('“medecin” in the address');
    // A report without codes (the classifier's English phrases only) is shown as it is, marked English.
    const legacy = await open(MICROSOFT_HEALTH);
    const legacyItems = [...legacy.root.querySelectorAll('[data-testid="health-reasons"] li')];
    expect(legacyItems[2]?.textContent).toBe('schema.org MedicalClinic');
    expect(legacyItems.every((li) => li.getAttribute('lang') === 'en')).toBe(true);
  });

  it('copies a Markdown summary and exports a dated, self-contained HTML report', async () => {
    const view = await open(MICROSOFT_HEALTH);
    await view.click(view.root.querySelector('[data-testid="action-copy"]'));
    const markdown = view.calls.copied[0] ?? '';
    expect(markdown).toContain('## Rapport Vigie\u202f: www.clinique-exemple.fr');
    expect(markdown).toContain('- Réseau (AS)\u202f: AS8075 Microsoft Corporation');
    expect(markdown).toContain('- Adresse IP\u202f: 20.50.2.17');
    expect(markdown).toContain('- Niveau\u202f: Fournisseur hors UE soumis à une loi extraterritoriale (US!)');
    expect(testText(view.root, 'action-status')).toBe('Résumé copié dans le presse-papiers.');
    await view.click(view.root.querySelector('[data-testid="action-export"]'));
    const file = view.calls.downloads[0];
    expect(file?.name).toMatch(/^vigie-www\.clinique-exemple\.fr-2026-11-28T18-00-00\.html$/);
    expect(file?.type).toBe('text/html;charset=utf-8');
    const html = file?.text ?? '';
    expect(html).toMatch(/^<!doctype html>\n<html lang="fr">/);
    expect(html).toContain('Rapport Vigie\u202f: www.clinique-exemple.fr');
    expect(html).toContain('(28 novembre 2026, 18:00 UTC)');
    expect(html).not.toContain('2026-11-28T18:00:00.000Z');
    expect(html).toContain('Vigie 0.1.0');
    expect(html).toContain('Fournisseur hors UE soumis à une loi extraterritoriale');
    expect(html).toContain('AS8075 Microsoft Corporation');
    expect(html).toContain('uscode.house.gov');
    expect(html).toContain('vérifié le 2 décembre 2026');
    // Self-contained and inert: no script, no remote stylesheet, image or font.
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    expect(testText(view.root, 'action-status')).toContain('Rapport exporté');
    await view.click(view.root.querySelector('[data-testid="action-options"]'));
    expect(view.calls.options).toBe(1);
  });

  it('the exported report escapes whatever the page and the network gave it', async () => {
    const hostile = {
      ...MICROSOFT_HEALTH,
      url: 'https://x.test/"><script>alert(1)</script>',
      host: 'x.test',
      main: { ...MICROSOFT_HEALTH.main!, asName: '<img src=x onerror=alert(1)>', evidence: [clue('header', '<b>server</b>', phrase('evidence_says_header', '<b>server</b>', '</li><script>', phrase('evidence_part_front_cdn')))] },
    };
    const html = reportHtml(hostile, 'en', NOW, '0.1.0');
    expect(html).not.toMatch(/<script|<img|<b>/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('<html lang="en">');
  });

  it('explains a cached page instead of guessing a host, and shows the user override', async () => {
    const { root } = await open(CACHED_UNKNOWN);
    expect(root.querySelector('main')?.getAttribute('data-state')).toBe('unknown');
    expect(testText(root, 'headline')).toBe('Hébergeur ou loi applicable inconnus');
    expect(testText(root, 'verdict-detail')).toContain('cache du navigateur');
    expect(testText(root, 'level-code')).toBe('?');
    expect(testText(root, 'evidence-ip')).toBe('aucune (réponse sans adresse de serveur)');
    expect(testText(root, 'qualifications')).toContain('Fournisseur non identifié');
    expect(root.querySelector('[data-testid="override-not-health"]')?.getAttribute('aria-pressed')).toBe('true');
  });

  it('says nothing of the confidence in a provider when none was named: no "identification: low confidence" beside "unknown"', async () => {
    const { root } = await open(CACHED_UNKNOWN);
    expect(testText(root, 'provider')).toBe('inconnu');
    expect(root.querySelector('[data-testid="confidence"]')).toBeNull();
    expect(root.textContent).not.toContain('Identification du fournisseur');
    expect(reportMarkdown(CACHED_UNKNOWN, 'fr', NOW)).not.toContain('Identification du fournisseur');
    expect(reportHtml(CACHED_UNKNOWN, 'en', NOW, '0.1.0')).not.toContain('Provider identified');
    // With a provider, the line is there.
    expect(reportMarkdown(MICROSOFT_HEALTH, 'fr', NOW)).toMatch(/Identification du fournisseur\s:\sconfiance élevée/u);
  });

  it('writes the Markdown summary with French typography in French: a narrow space before every ":" and ";"', () => {
    const markdown = reportMarkdown(OVH_HEALTH, 'fr', NOW);
    expect(markdown).toMatch(/Fournisseurs\u202f: au \d{1,2} \p{L}+ \d{4}\u202f; SecNumCloud/u);
    expect(markdown.split('\n')[0]).toBe('## Rapport Vigie\u202f: www.mutuelle-exemple.fr');
    expect(reportMarkdown(OVH_HEALTH, 'en', NOW).split('\n')[0]).toBe('## Vigie report: www.mutuelle-exemple.fr');
    expect(markdown).not.toMatch(/[^\u202f];/);
  });

  it('writes the Markdown summary\u2019s dates as the popup does, in the reader\u2019s language, and its moment in UTC, saying so', () => {
    const french = reportMarkdown(OVH_HEALTH, 'fr', NOW);
    expect(french).toContain('- Date\u202f: 28 novembre 2026, 18:00 UTC');
    expect(french).toMatch(/- Fraîcheur des listes\u202f: Fournisseurs\u202f: au \d{1,2} \p{L}+ \d{4}\u202f; SecNumCloud \(ANSSI\)\u202f: au \d{1,2} \p{L}+ \d{4}\u202f; HDS\u202f: au \d{1,2} \p{L}+ \d{4}$/mu);
    const english = reportMarkdown(OVH_HEALTH, 'en', NOW);
    expect(english).toContain('- Date: 28 November 2026, 18:00 UTC');
    expect(english).toMatch(/- How recent the lists are: Providers: as of \d{1,2} [A-Z][a-z]+ \d{4}; /m);
    // No ISO timestamp and no ISO date outside the clues' own sentences (whose parameters are the core's, unchanged).
    for (const markdown of [french, english]) {
      const prose = markdown.split('\n').filter((row) => !row.startsWith('  - '));
      expect(prose.join('\n')).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    }
  });

  it('never shows a blank popup: internal page, no report, waiting, error', async () => {
    const internal = await open(INTERNAL_PAGE);
    expect(internal.root.querySelector('main')?.getAttribute('data-state')).toBe('no-page');
    expect(testText(internal.root, 'headline')).toContain('ce n’est pas un site web');
    expect(internal.root.querySelector('[data-testid="action-copy"]')).toBeNull();

    const none = await open(null);
    expect(none.root.querySelector('main')?.getAttribute('data-state')).toBe('no-page');
    expect(testText(none.root, 'headline')).toContain('Rechargez la page');

    const waiting = await open(WAITING);
    expect(waiting.root.querySelector('main')?.getAttribute('data-state')).toBe('waiting');
    expect(testText(waiting.root, 'headline')).toBe('Vigie attend la réponse du serveur…');

    const failed = await open(new Error('Could not establish connection'));
    expect(failed.root.querySelector('main')?.getAttribute('data-state')).toBe('error');
    // A French sentence, and the browser's English words apart, on a detail line.
    expect(testText(failed.root, 'headline')).toBe('Vigie n’a pas pu lire le rapport de cet onglet.');
    expect(testText(failed.root, 'error-detail')).toBe('Message du navigateur\u202f: Could not establish connection');
    expect(failed.root.querySelector('[data-testid="error-detail"] code')?.textContent).toBe('Could not establish connection');
    expect(failed.root.querySelector('[data-testid="action-options"]')).not.toBeNull();
  });

  it('a page that did not load says so, with the browser\'s error code, instead of waiting for ever; no export, health or third parties', async () => {
    const refused: TabReport = { ...WAITING, url: 'https://injoignable.example/', host: 'injoignable.example', loadError: { reason: 'refused', code: 'net::ERR_CONNECTION_REFUSED' } };
    const fr = await open(refused);
    expect(fr.root.querySelector('main')?.getAttribute('data-state')).toBe('did-not-load');
    expect(testText(fr.root, 'headline')).toBe('Cette page ne s’est pas chargée (la connexion a été refusée)\u202f: Vigie n’a rien à dire de son hébergeur.');
    expect(fr.root.querySelector('[data-testid="load-error-code"]')?.textContent).toBe('net::ERR_CONNECTION_REFUSED');
    expect(fr.root.querySelector('[data-testid="level-code"]')).toBeNull();
    for (const absent of ['action-export', 'action-copy', 'health-verdict']) expect(fr.root.querySelector(`[data-testid="${absent}"]`)).toBeNull();
    // It does not ask the worker again every second, as "waiting" does.
    const fetches = fr.calls.fetches;
    await new Promise((r) => setTimeout(r, 1_200));
    expect(fr.calls.fetches).toBe(fetches);

    const en = await open({ ...refused, loadError: { reason: 'not-found', code: 'NS_ERROR_UNKNOWN_HOST' } }, 'en');
    expect(testText(en.root, 'headline')).toBe('This page did not load (the address could not be found): Vigie has nothing to say about its host.');
    expect(testText(en.root, 'load-error-code')).toBe('NS_ERROR_UNKNOWN_HOST');
    // No code given, or a reason this version does not know (a report kept by another version): still a clear sentence.
    const odd = await open({ ...refused, loadError: { reason: 'gremlins' as never, code: '' } }, 'en');
    expect(testText(odd.root, 'headline')).toBe('This page did not load (the browser could not open it): Vigie has nothing to say about its host.');
    expect(testText(odd.root, 'load-error-code')).toBe('none given');
  });

  it('shows a loading state before the report arrives', () => {
    const fake = fakePorts(MICROSOFT_HEALTH);
    fake.ports.tabId = () => new Promise(() => undefined);
    const { root } = mount(<PopupApp ports={fake.ports} />);
    expect(testText(root, 'state-loading')).toBe('Analyse de la page en cours…');
  });
});

describe('popup: hosting facts of the address and qualifications over time', () => {
  /** After 3DS Outscale's recorded end (2026-11-30), with no renewal row in the data. */
  const AFTER_OUTSCALE_END = new Date('2026-12-15T10:00:00Z');

  it('3DS Outscale past its recorded end reads "renewal not verified" with the list date and what to check, never expired or not qualified', async () => {
    const report = routedReport('www.hopital-exemple.fr', '5.104.96.1', true, AFTER_OUTSCALE_END);
    expect(report.main?.provider?.id).toBe('outscale');
    for (const lang of ['fr', 'en'] as const) {
      const { root } = await open(report, lang, AFTER_OUTSCALE_END);
      const row = root.querySelector('[data-offer="outscale-iaas-cloud-on-demand"]');
      expect(row?.getAttribute('data-status')).toBe('past-recorded-end');
      expect(row?.textContent).not.toMatch(/expired?\b|expirée|non qualifiée|not qualified/i);
      // The headline and its sentence, at the popup's clock, say the same: not "not SecNumCloud-qualified".
      const headline = `${root.querySelector('[data-testid="headline"]')?.textContent} ${root.querySelector('[data-testid="verdict-detail"]')?.textContent}`;
      expect(headline).not.toMatch(/not SecNumCloud-qualified|non qualifiée? SecNumCloud/);
      expect(headline).toMatch(lang === 'fr' ? /renouvellement n’est pas vérifié/ : /renewal is not verified/);
      expect(row?.querySelector('.qual-status')?.textContent).toBe(lang === 'fr' ? 'Fin enregistrée dépassée, renouvellement non vérifié' : 'Past its recorded end, renewal not verified');
      expect(row?.querySelector('[data-testid="qualification-detail"]')?.textContent).toBe(
        lang === 'fr'
          ? 'La liste du 15 septembre 2026 indique une fin le 30 novembre 2026 et aucun renouvellement\u202f: vérifiez l’offre dans le catalogue de l’ANSSI avant de la considérer comme qualifiée.'
          : 'The list of 15 September 2026 records an end on 30 November 2026 and no renewal: check the offer in ANSSI’s catalogue before treating it as qualified.',
      );
    }
    // The same words in the exported report and the Markdown summary.
    const html = reportHtml(report, 'fr', AFTER_OUTSCALE_END, '0.1.0');
    expect(html).toContain('data-status="past-recorded-end"');
    expect(html).toContain('Fin enregistrée dépassée, renouvellement non vérifié<br>La liste du 15 septembre 2026 indique une fin le 30 novembre 2026');
    expect(html).not.toContain('Expirée');
    const markdown = reportMarkdown(report, 'en', AFTER_OUTSCALE_END);
    expect(markdown).toContain('- SecNumCloud (ANSSI), IaaS Cloud on Demand');
    expect(markdown).toContain('Past its recorded end, renewal not verified. The list of 15 September 2026 records an end on 30 November 2026');
  });

  it('an offer without a known end that nobody re-checked for six months reads "not verified since DATE"', () => {
    const offer = { ...offerById('whaller-donjon')!, verifiedOn: '2026-01-10', sources: [] };
    const state = offerStateText('fr', offer, new Date('2026-11-28T12:00:00Z'));
    expect(state.state).toBe('not-verified-since');
    expect(state.status).toBe('Non vérifiée depuis le 10 janvier 2026');
    expect(state.detail).toContain('plus de six mois sans vérification');
    expect(offerStateText('en', offer, new Date('2026-03-01T12:00:00Z'))).toEqual({ state: 'qualified', status: 'Qualified', detail: null });
  });

  it('an HDS row reported without an end date and not checked for six months says it is not confirmed, with the date of its last check', () => {
    const cegedim = hdsOf('cegedim')[0]!;
    const now = new Date('2026-12-03T12:00:00Z');
    expect(hdsText('fr', cegedim, now)).toMatch(/^Statut HDS non confirmé, annoncé certifié, dernière vérification le 16 mai 2026\u202f: .*Vigie ne le compte plus/);
    expect(hdsText('en', cegedim, now)).toMatch(/^HDS status not confirmed, reported as certified, last checked on 16 May 2026: /);
    expect(hdsText('en', cegedim, new Date('2026-11-01T12:00:00Z'))).toMatch(/^HDS-certified, certificate dates not published/);
    expect(hdsText('en', { ...cegedim, sources: [] }, now)).toContain('reported as certified, never checked: Vigie does not count it');
  });

  it('an HDS row says its referential version, or that the version and the certificate dates are not known', () => {
    const microsoft = hdsOf('microsoft')[0]!;
    expect(microsoft.certifiedUntil).toBeUndefined();
    const now = new Date('2026-11-28T12:00:00Z');
    expect(hdsText('fr', microsoft, now)).toContain('Certifié HDS, dates du certificat non publiées dans les sources, version du référentiel non connue');
    expect(hdsText('en', { ...microsoft, version: 'HDS v2.0 (2024)', certifiedFrom: '2025-01-01', certifiedUntil: '2028-01-01' }, now)).toBe(
      `HDS-certified${microsoft.activities.length ? `, activities ${microsoft.activities.join(', ')}` : ''}, valid until 1 January 2028, standard HDS v2.0 (2024)`,
    );
  });

  it('the exported report says why an HDS row has no dates in the report\u2019s language, its dates in long form, never an English aside', () => {
    const french = reportHtml(MICROSOFT_HEALTH, 'fr', NOW, '0.1.0');
    expect(french).not.toMatch(/<[a-z]+[^>]*\slang="en"/);
    expect(french).not.toContain('No certificate dates');
    expect(french).toContain(
      'version du référentiel non connue <span class="muted">(statut tel qu’annoncé par des sources lues jusqu’au 28 novembre 2026\u202f: vérifiez la liste de l’organisme certificateur)</span>',
    );
    expect(reportHtml(MICROSOFT_HEALTH, 'en', NOW, '0.1.0')).toContain(
      'version of the standard not known <span class="muted">(status as reported by sources read up to 28 November 2026: check the certifying body’s list)</span>',
    );
    const clever = hdsOf('clever-cloud')[0]!;
    expect(hdsDatesNoteText('fr', clever)).toBe(
      'seule une modification non publiée de la documentation du fournisseur, CleverCloud/documentation#1014 du 9 septembre 2026, donne des dates\u202f: certificat FR094504 valable jusqu’au 19 décembre 2027',
    );
    expect(hdsDatesNoteText('en', clever)).toBe(
      'only an unpublished change to the provider’s documentation, CleverCloud/documentation#1014 of 9 September 2026, gives dates: certificate FR094504 valid until 19 December 2027',
    );
    // A row checked again later says so; a note this version does not know says nothing rather than something wrong.
    expect(hdsDatesNoteText('en', { ...hdsOf('microsoft')[0]!, verifiedOn: '2026-12-03' })).toContain('read up to 3 December 2026');
    expect(hdsDatesNoteText('en', { ...clever, datesNote: { kind: 'later' } as never })).toBeNull();
  });

  it('shows the network role, the published range with region and service, and the source of the attribution (AWS, eu-west-3, CloudFront)', async () => {
    const report = routedReport('www.example.fr', '15.188.184.1', true, NOW);
    const { root } = await open(report);
    expect(testText(root, 'evidence-network-role')).toBe('réseau cloud');
    expect(testText(root, 'evidence-published-range')).toBe('Adresse dans les plages publiées par Amazon Web Services (liste du 22 août 2026), région eu-west-3, service CLOUDFRONT');
    expect(testText(root, 'evidence-attribution')).toBe('la liste d’adresses publiée par le fournisseur lui-même');
    const english = await open(report, 'en');
    expect(testText(english.root, 'evidence-published-range')).toBe('Address in the ranges Amazon Web Services publishes (list of 22 August 2026), region eu-west-3, service CLOUDFRONT');
    // Cloudflare publishes two lists (IPv4, IPv6): the date shown is the one of the list the core named.
    const cloudflare = await open(routedReport('www.example.fr', '104.16.0.1', true, NOW));
    expect(testText(cloudflare.root, 'evidence-published-range')).toContain('(liste du 22 août 2026)');
    const html = reportHtml(report, 'en', NOW, '0.1.0');
    expect(html).toContain('<th scope="row">Published ranges</th><td>Address in the ranges Amazon Web Services publishes (list of 22 August 2026), region eu-west-3, service CLOUDFRONT</td>');
    expect(html).toContain('<th scope="row">Network type</th><td>cloud network</td>');
    expect(html).toContain('<th scope="row">Identified from</th><td>the provider’s own published address list</td>');
    const markdown = reportMarkdown(report, 'fr', NOW);
    expect(markdown).toContain('- Type de réseau\u202f: réseau cloud');
    expect(markdown).toContain('- Identifié d’après\u202f: la liste d’adresses publiée par le fournisseur lui-même');
  });

  it('on an access network, the popup says network operator, names the role, and never shows a SecNumCloud level', async () => {
    const report = routedReport('www.cabinet-exemple.fr', '90.0.0.1', true, NOW);
    const { root } = await open(report);
    expect(root.querySelector('[data-testid="headline"]')?.getAttribute('data-level')).toBe('eu');
    expect(testText(root, 'verdict-detail')).toContain('opérateur de réseau, ce n’est pas une offre d’hébergement');
    expect(testText(root, 'evidence-network-role')).toBe('réseau d’accès (box, mobile)');
    expect(testText(root, 'evidence-attribution')).toBe('les données de routage (le réseau auquel appartient l’adresse)');
    expect(testText(root, 'evidence-role')).toBe('Opérateur de réseau\u202f: le serveur qui répond est chez Orange, sur un réseau qui n’est pas une offre d’hébergement.');
    expect(root.textContent).not.toContain('propose aussi des offres SecNumCloud');
    expect(root.textContent).not.toContain('Hébergeur\u202f: le serveur');
    expect(reportHtml(report, 'en', NOW, '0.1.0')).toContain('a network operator, this is not a hosting offer');
    expect(reportMarkdown(report, 'en', NOW)).toContain('- Network type: access network (broadband, mobile)');
  });

  // The IPv6 address's AS rests on delegation data in the committed build; a table built with data:update's announcement
  // layer names the announcing AS instead (its wording is tested below on a report of its own).
  it.skipIf(readAnnouncementLayer() !== null)('says what the AS rests on: an announcement or registry delegation, with the data date, in the popup and the exports', async () => {
    const v4 = routedReport('www.chu-exemple.fr', '51.91.1.1', true, NOW);
    const { root } = await open(v4, 'en');
    expect(testText(root, 'evidence-routing-source')).toBe(
      'AS16276 in the routing data of 17 June 2026 (the announcement RouteViews observes where it sees one, registry delegation data elsewhere)',
    );
    const v6 = routedReport('www.chu-exemple.fr', '2001:41d0:301::21', true, NOW);
    expect(v6.main).toMatchObject({ provider: { id: 'ovhcloud' }, confidence: 'medium' });
    const french = await open(v6);
    expect(testText(french.root, 'evidence-routing-source')).toBe(
      'AS16276 attribué par les données de délégation des registres du 17 juin 2026 (le titulaire de la plage auprès de son registre Internet régional), et non par une annonce observée',
    );
    expect(french.root.querySelector('[data-testid="confidence"]')?.getAttribute('data-confidence')).toBe('medium');
    expect(reportHtml(v6, 'en', NOW, '0.1.0')).toContain('<th scope="row">Source of the network (AS)</th><td>AS16276 attributed by registry delegation data of 17 June 2026');
    expect(reportMarkdown(v4, 'fr', NOW)).toContain('- Source du réseau (AS)\u202f: AS16276 selon les données de routage du 17 juin 2026 (l’annonce observée par RouteViews');
  });

  it('says when the AS rests on an observed announcement (the IPv6 announcement layer), in English and French', async () => {
    // The routing table answers as one built with the layer does (announcements.test.ts builds such a table).
    const report = newTabReport(1, 'https://www.chu-exemple.fr/', NOW.getTime());
    const ctx = { lookupAsn: () => ({ asn: 45090, name: 'Tencent Cloud', announced: { source: 'ris-whois-ipv6', date: '2026-12-01' } }), routingData: { source: '@ip-location-db/asn 2.3.2026061719 (npm)', dataDate: '2026-06-17' } };
    recordRequest(report, { host: 'www.chu-exemple.fr', type: 'main_frame', method: 'GET' }, identifyHost({ host: 'www.chu-exemple.fr', ip: '2402:4e00:1400::9' }, ctx, NOW), NOW.getTime());
    report.health = { health: true, score: 20, reasons: [] };
    expect(report.main).toMatchObject({ provider: { id: 'tencent-cloud' }, confidence: 'high', routing: { kind: 'announcement', dataDate: '2026-12-01' } });
    expect(testText((await open(report, 'en')).root, 'evidence-routing-source')).toBe(
      'AS45090 seen announcing the address’s prefix in the BGP data of 1 December 2026 (an observed announcement, not registry delegation data)',
    );
    expect(testText((await open(report, 'fr')).root, 'evidence-routing-source')).toBe(
      'AS45090 vu annonçant le préfixe de l’adresse dans les données BGP du 1 décembre 2026 (une annonce observée, et non les données de délégation des registres)',
    );
  });

  it('shows `server: Apache/… (Amazon)` as Apache built for Amazon Linux, and keeps the OVHcloud verdict', async () => {
    const report = routedReport('www.chu-exemple.fr', '51.91.1.1', true, NOW, { server: 'Apache/2.4.62 () (Amazon)' });
    const plain = routedReport('www.chu-exemple.fr', '51.91.1.1', true, NOW);
    expect(report.main).toMatchObject({ provider: plain.main!.provider, level: plain.main!.level, confidence: plain.main!.confidence });
    const { root } = await open(report);
    const item = root.querySelector('[data-testid="evidence-list"] li[data-kind="software"]');
    // The kind and what was seen, then the clue's sentence below it, in French.
    expect(item?.firstElementChild?.textContent).toBe('Logiciel du serveur');
    expect(item?.querySelector('code')?.textContent).toBe('server: Apache/2.4.62 () (Amazon)');
    expect(item?.querySelector('[data-testid="evidence-says"]')?.textContent).toBe(
      'L’en-tête de réponse «\u202fserver: Apache/2.4.62 () (Amazon)\u202f» indique Apache compilé pour Amazon Linux\u202f: un logiciel empaqueté pour un système qui tourne chez n’importe quel hébergeur\u202f; il ne dit rien de qui héberge le site ni de ce qui se trouve devant lui.',
    );
    const english = await open(report, 'en');
    expect(english.root.querySelector('li[data-kind="software"] [data-testid="evidence-says"]')?.textContent).toBe(
      'The response header “server: Apache/2.4.62 () (Amazon)” says Apache built for Amazon Linux: software packaged for a system that runs on any host, so it says nothing of who hosts the site or what is in front of it.',
    );
    expect(english.root.textContent).not.toContain('Amazon Web Services');
  });

  it('says that S3NS runs technology licensed from Google, in the popup and the exports', async () => {
    const report = routedReport('www.example.fr', '31.177.0.1', true, NOW);
    expect(report.main?.provider?.id).toBe('s3ns');
    const { root } = await open(report);
    expect(testText(root, 'evidence')).toContain('Google holds a minority stake\u202f; technologie sous licence de Google Cloud');
    expect(reportHtml(report, 'en', NOW, '0.1.0')).toContain('S3NS (France); technology licensed from Google Cloud');
    expect(reportMarkdown(report, 'en', NOW)).toContain('S3NS (France); technology licensed from Google Cloud');
  });

  it('the foreign subsidiary sentence reaches the popup and the report (OVH US LLC)', async () => {
    const report = routedReport('www.example.com', '51.81.1.1', true, NOW);
    const { root } = await open(report, 'en');
    expect(testText(root, 'verdict-detail')).toContain(
      'The registration country of its address range is United States, so it is taken as belonging to OVH US LLC (United States), a separate subsidiary of the OVHcloud group',
    );
    expect(testText(root, 'evidence-attribution')).toBe('the registration of the address range (regional Internet registry)');
    expect(reportHtml(report, 'fr', NOW, '0.1.0')).toContain('Pays d’enregistrement de sa plage d’adresses\u202f: États-Unis\u202f; elle est donc considérée comme appartenant à OVH US LLC (États-Unis), filiale distincte du groupe OVHcloud');
  });
});

describe('a rule clue says whose rule it is', () => {
  const RULES = compileRules([
    { match: 'user.example', providerId: 'scaleway', origin: 'user' },
    { match: 'managed.example', providerId: 'scaleway', origin: 'managed' },
    { match: 'demo.example', providerId: 'scaleway', origin: 'demo' },
  ]).rules;
  /** A health page whose host a rule of the given origin ties to Scaleway. */
  function ruled(host: string): TabReport {
    const report = newTabReport(1, `https://${host}/`, NOW.getTime());
    const ctx = { lookupAsn: () => null, routingData: null, rules: RULES };
    recordRequest(report, { host, type: 'main_frame', method: 'GET' }, identifyHost({ host, ip: '203.0.113.9' }, ctx, NOW), NOW.getTime());
    report.health = { health: true, score: 20, reasons: [] };
    return report;
  }
  const EXPECTED = [
    ['user.example', 'Règle personnalisée', 'Custom rule'],
    ['managed.example', 'Règle de votre organisation', 'Your organisation’s rule'],
    ['demo.example', 'Règle de démonstration', 'Demo rule'],
  ] as const;

  it.each(EXPECTED)('%s: "%s" / "%s" in the popup, the HTML report and the Markdown', async (host, fr, en) => {
    const report = ruled(host);
    expect(report.main?.attribution).toBe('rule');
    const french = await open(report);
    expect(french.root.querySelector('[data-testid="evidence-list"] li[data-kind="rule"] strong')?.textContent).toBe(fr);
    const english = await open(report, 'en');
    expect(english.root.querySelector('[data-testid="evidence-list"] li[data-kind="rule"] strong')?.textContent).toBe(en);
    expect(reportHtml(report, 'fr', NOW, '0.1.0')).toContain(`<li><strong>${fr}</strong> <code>${host}</code>`);
    expect(reportMarkdown(report, 'en', NOW)).toContain(`  - ${en}: `);
    // A demo or an organisation's rule is never called the user's own.
    if (host !== 'user.example') {
      expect(french.root.textContent).not.toContain('Règle personnalisée');
      expect(english.root.textContent).not.toContain('Custom rule');
    }
  });
});
