/** The popup as a user sees it, rendered from real-shaped reports with fake browser ports. */
import { describe, expect, it } from 'vitest';
import type { TabReport } from '../../src/core/types.ts';
import { classifyHealth } from '../../src/core/health.ts';
import { emptyPageSignals } from '../../src/core/page-signals.ts';
import type { Lang } from '../../src/shared/i18n.ts';
import { PopupApp, type PopupPorts } from '../../src/popup/popup-app.tsx';
import type { SiteOverride } from '../../src/popup/health-section.tsx';
import { CACHED_UNKNOWN, INTERNAL_PAGE, MICROSOFT_HEALTH, OVH_HEALTH, WAITING } from '../fixtures/ui/tab-reports.ts';
import { mount, testText } from '../fixtures/ui/dom.ts';

const NOW = new Date('2026-11-28T18:00:00Z');

function fakePorts(report: TabReport | null | Error, lang: Lang = 'fr') {
  const calls = { overrides: [] as SiteOverride[], copied: [] as string[], downloads: [] as { name: string; text: string }[], options: 0, fetches: 0 };
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
    downloadText: (name, text) => calls.downloads.push({ name, text }),
    now: () => NOW,
  };
  return { ports, calls };
}

async function open(report: TabReport | null | Error, lang: Lang = 'fr') {
  const fake = fakePorts(report, lang);
  const view = mount(<PopupApp ports={fake.ports} />);
  await view.flush();
  return { ...view, ...fake };
}

describe('popup', () => {
  it('says in one sentence that a health site on Azure is extra-EU and not SecNumCloud, with level, provider and confidence', async () => {
    const { root } = await open(MICROSOFT_HEALTH);
    expect(root.querySelector('main')?.getAttribute('data-state')).toBe('verdict');
    expect(testText(root, 'headline')).toBe(
      'Ce site de santé est hébergé par Microsoft (États-Unis) : non qualifié SecNumCloud, soumis à US CLOUD Act et FISA 702.',
    );
    expect(testText(root, 'level')).toContain('Soumis à des lois extra-européennes');
    expect(root.querySelector('[data-testid="level"] .level-swatch')).not.toBeNull();
    expect(testText(root, 'provider')).toBe('Microsoft (États-Unis)');
    expect(testText(root, 'confidence')).toBe('élevée');
    expect(testText(root, 'why-short')).toContain('CLOUD Act');
  });

  it('speaks English when the language is English', async () => {
    const { root } = await open(MICROSOFT_HEALTH, 'en');
    expect(testText(root, 'headline')).toContain('This health site is hosted by Microsoft (United States)');
    expect(testText(root, 'confidence')).toBe('high');
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

  it('links every "why it matters" claim to a source that opens in a new tab', async () => {
    const { root } = await open(MICROSOFT_HEALTH);
    for (const id of ['why-secnumcloud', 'why-cloud-act', 'why-fisa', 'why-hds', 'why-cnil']) {
      const links = root.querySelectorAll(`[data-testid="${id}"] a`);
      expect(links.length, id).toBeGreaterThan(0);
      for (const link of links) {
        expect(link.getAttribute('href')).toMatch(/^https:\/\//);
        expect(link.getAttribute('target')).toBe('_blank');
        expect(link.getAttribute('rel')).toContain('noopener');
      }
    }
    expect(testText(root, 'why-cnil')).toContain('31 janvier 2024');
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
      evidence: [{ kind: 'header' as const, subject: 'cf-ray', providerId: 'cloudflare', text: 'The cf-ray header is set by Cloudflare.' }],
    };
    const { root } = await open({ ...MICROSOFT_HEALTH, main: cloudflare, hosts: [] });
    expect(testText(root, 'headline')).toMatch(/Les données passent par Cloudflare ; l'hébergeur d'origine est masqué\.$/);
    expect(testText(root, 'evidence-role')).toBe("Réseau de diffusion (CDN) : les données passent par Cloudflare ; l'hébergeur d'origine est masqué.");
    expect(testText(root, 'confidence')).toBe('moyenne');
    expect(testText(root, 'evidence-list')).toContain('En-tête HTTP cf-ray désigne Cloudflare');
  });

  it('lists the HDS certificate of Microsoft and no SecNumCloud offer', async () => {
    const { root } = await open(MICROSOFT_HEALTH);
    expect(root.querySelectorAll('[data-testid="qualification-row"]').length).toBe(0);
    expect(testText(root, 'qualifications')).toContain('Aucune offre de Microsoft');
    expect(root.querySelector('[data-testid="hds-row"]')?.getAttribute('data-status')).toBe('certified');
  });

  it("lists OVHcloud's SecNumCloud offers with their status at today's date", async () => {
    const { root } = await open(OVH_HEALTH);
    const rows = [...root.querySelectorAll('[data-testid="qualification-row"]')];
    const byOffer = Object.fromEntries(rows.map((r) => [r.getAttribute('data-offer'), r]));
    expect(Object.keys(byOffer)).toEqual(['ovhcloud-hosted-private-cloud', 'ovhcloud-bare-metal-pod', 'ovhcloud-snc-cloud-platform']);
    expect(byOffer['ovhcloud-hosted-private-cloud']?.getAttribute('data-status')).toBe('qualified');
    expect(byOffer['ovhcloud-hosted-private-cloud']?.textContent).toContain("valable jusqu'au 29 décembre 2026");
    expect(testText(root, 'headline')).toContain('ne peut pas être vérifiée');
  });

  it('marks an expired qualification as no longer counting once its date has passed', async () => {
    const fake = fakePorts(OVH_HEALTH);
    fake.ports.now = () => new Date('2027-01-15T12:00:00Z');
    const { root, flush } = mount(<PopupApp ports={fake.ports} />);
    await flush();
    const row = root.querySelector('[data-offer="ovhcloud-hosted-private-cloud"]');
    expect(row?.getAttribute('data-status')).toBe('expired');
    expect(row?.textContent).toContain('Expirée');
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
    expect(groups[0]?.textContent).toContain('Données envoyées : 2 requête(s)');
    expect(groups[1]?.textContent).not.toContain('Données envoyées');
  });

  it('explains the health judgement and sends the override, then shows the refreshed report', async () => {
    const view = await open(MICROSOFT_HEALTH);
    expect(testText(view.root, 'health-reasons')).toContain('schema.org MedicalClinic');
    const fetchesBefore = view.calls.fetches;
    await view.click(view.root.querySelector('[data-testid="override-not-health"]'));
    expect(view.calls.overrides).toEqual(['not-health']);
    expect(view.calls.fetches).toBe(fetchesBefore + 1);
    expect(testText(view.root, 'health-verdict')).toBe("Vous avez indiqué que ce site n'est pas un site de santé.");
    expect(testText(view.root, 'headline')).toMatch(/^Ce site est hébergé/);
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
    expect(texts[0]).toBe('domaine répertorié : doctolib.fr (prise de rendez-vous et téléconsultation)');
    expect(texts).toContain('type schema.org Physician');
    expect(texts).toContain('« médecin » dans le titre');
    expect(texts).toContain("« medecin » dans l'adresse");
    expect(items.every((li) => !li.hasAttribute('lang'))).toBe(true);
    expect(view.root.textContent).toContain('Domaine répertorié : prise de rendez-vous et téléconsultation');
    // A report without codes (the classifier's English phrases only) is shown as it is, marked English.
    const legacy = await open(MICROSOFT_HEALTH);
    const legacyItems = [...legacy.root.querySelectorAll('[data-testid="health-reasons"] li')];
    expect(legacyItems[2]?.textContent).toBe('schema.org MedicalClinic');
    expect(legacyItems.every((li) => li.getAttribute('lang') === 'en')).toBe(true);
  });

  it('copies a Markdown summary and exports the full report as JSON', async () => {
    const view = await open(MICROSOFT_HEALTH);
    await view.click(view.root.querySelector('[data-testid="action-copy"]'));
    const markdown = view.calls.copied[0] ?? '';
    expect(markdown).toContain('## Vigie: www.clinique-exemple.fr');
    expect(markdown).toContain('- Réseau (AS) : AS8075 Microsoft Corporation');
    expect(markdown).toContain('- Adresse IP : 20.50.2.17');
    expect(testText(view.root, 'action-status')).toBe('Résumé copié dans le presse-papiers.');
    await view.click(view.root.querySelector('[data-testid="action-export"]'));
    const file = view.calls.downloads[0];
    expect(file?.name).toMatch(/^vigie-www\.clinique-exemple\.fr-2026-11-28T18-00-00\.json$/);
    expect(JSON.parse(file?.text ?? '')).toEqual(MICROSOFT_HEALTH);
    await view.click(view.root.querySelector('[data-testid="action-options"]'));
    expect(view.calls.options).toBe(1);
  });

  it('explains a cached page instead of guessing a host, and shows the user override', async () => {
    const { root } = await open(CACHED_UNKNOWN);
    expect(root.querySelector('main')?.getAttribute('data-state')).toBe('unknown');
    expect(testText(root, 'headline')).toContain('cache du navigateur');
    expect(testText(root, 'evidence-ip')).toBe('aucune (réponse sans adresse de serveur)');
    expect(testText(root, 'qualifications')).toContain('Fournisseur non identifié');
    expect(root.querySelector('[data-testid="override-not-health"]')?.getAttribute('aria-pressed')).toBe('true');
  });

  it('never shows a blank popup: internal page, no report, waiting, error', async () => {
    const internal = await open(INTERNAL_PAGE);
    expect(internal.root.querySelector('main')?.getAttribute('data-state')).toBe('no-page');
    expect(testText(internal.root, 'headline')).toContain("ce n'est pas un site web");
    expect(internal.root.querySelector('[data-testid="action-copy"]')).toBeNull();

    const none = await open(null);
    expect(none.root.querySelector('main')?.getAttribute('data-state')).toBe('no-page');
    expect(testText(none.root, 'headline')).toContain('Rechargez la page');

    const waiting = await open(WAITING);
    expect(waiting.root.querySelector('main')?.getAttribute('data-state')).toBe('waiting');
    expect(testText(waiting.root, 'headline')).toBe('Vigie attend la réponse du serveur…');

    const failed = await open(new Error('Could not establish connection'));
    expect(failed.root.querySelector('main')?.getAttribute('data-state')).toBe('error');
    expect(testText(failed.root, 'headline')).toContain('Could not establish connection');
    expect(failed.root.querySelector('[data-testid="action-options"]')).not.toBeNull();
  });

  it('shows a loading state before the report arrives', () => {
    const fake = fakePorts(MICROSOFT_HEALTH);
    fake.ports.tabId = () => new Promise(() => undefined);
    const { root } = mount(<PopupApp ports={fake.ports} />);
    expect(testText(root, 'state-loading')).toBe('Analyse de la page en cours…');
  });
});
