/** The options page as a user sees it: settings saved to the user's store, policy values locked, rules validated. */
import { describe, expect, it } from 'vitest';
import { OptionsApp, type OptionsPorts } from '../../src/options/options-app.tsx';
import { checkNewRule } from '../../src/options/rule-validation.ts';
import { mergeSettings, type Settings } from '../../src/shared/settings.ts';
import { mount, testText } from '../fixtures/ui/dom.ts';

function fakeStore(stored: Partial<Settings>, managed: Partial<Settings> = {}, history: unknown = []) {
  const state = { stored: { ...stored } as Record<string, unknown>, history, downloads: [] as { name: string; text: string; type: string }[] };
  const ports: OptionsPorts = {
    initialLang: 'fr',
    uiLanguage: 'fr-FR',
    version: '0.1.0',
    load: async () => mergeSettings(state.stored, managed),
    save: async (change) => {
      state.stored = { ...state.stored, ...change };
    },
    readHistory: async () => state.history,
    deleteHistory: async () => {
      state.history = undefined;
    },
    downloadText: (name, text, type) => state.downloads.push({ name, text, type }),
    subscribe: () => undefined,
    now: () => new Date('2026-11-28T18:00:00Z'),
  };
  return { ports, state };
}

async function open(stored: Partial<Settings>, managed: Partial<Settings> = {}, history: unknown = []) {
  const store = fakeStore(stored, managed, history);
  const view = mount(<OptionsApp ports={store.ports} />);
  await view.flush();
  return { ...view, ...store };
}

function input(root: HTMLElement, id: string): HTMLInputElement {
  const el = root.querySelector(`[data-testid="${id}"]`);
  if (!el) throw new Error(`no ${id}`);
  return el as unknown as HTMLInputElement;
}

/** linkedom has no checked property: Preact then reflects it as an attribute, as browsers do for the default. */
function isChecked(el: HTMLInputElement): boolean {
  return typeof el.checked === 'boolean' ? el.checked : el.hasAttribute('checked');
}

/** linkedom's select value is its option[selected]. */
function choose(el: HTMLInputElement, value: string): void {
  for (const option of el.querySelectorAll('option')) option.toggleAttribute('selected', option.getAttribute('value') === value);
}

async function change(view: Awaited<ReturnType<typeof open>>, id: string, set: (el: HTMLInputElement) => void, event = 'change') {
  const el = input(view.root, id);
  set(el);
  el.dispatchEvent(new (el.ownerDocument.defaultView as unknown as typeof globalThis).Event(event, { bubbles: true }));
  await view.flush();
}

describe('options page', () => {
  it('saves the badge scope, page badge and language to the user store, and switches language at once', async () => {
    const view = await open({});
    expect(view.root.querySelector('h1')?.textContent).toBe('Options de Vigie');
    await change(view, 'scope-all', (el) => (el.checked = true));
    expect(view.state.stored.badgeScope).toBe('all');
    await change(view, 'page-badge', (el) => (el.checked = false));
    expect(view.state.stored.pageBadge).toBe(false);
    await change(view, 'language', (el) => choose(el, 'en'));
    expect(view.state.stored.language).toBe('en');
    expect(view.root.querySelector('h1')?.textContent).toBe('Vigie options');
    expect(testText(view.root, 'options-status')).toBe('Saved.');
  });

  it('shows policy values as locked: disabled, with a lock label, and unchanged by the user store', async () => {
    const view = await open({ badgeScope: 'health' }, { badgeScope: 'all', history: true, rules: [{ match: '10.20.0.0/16', providerId: 'ovhcloud', origin: 'managed' }] });
    expect(isChecked(input(view.root, 'scope-all'))).toBe(true);
    expect(view.root.querySelector('fieldset')?.hasAttribute('disabled')).toBe(true);
    expect(input(view.root, 'history-enable').disabled).toBe(true);
    expect(input(view.root, 'page-badge').disabled).toBe(false);
    const locks = [...view.root.querySelectorAll('[data-testid="locked-note"]')];
    expect(locks.length).toBe(3);
    expect(locks[0]?.textContent).toContain('Verrouillé par votre organisation');
    const managedRule = view.root.querySelector('[data-testid="rules"] li');
    expect(managedRule?.getAttribute('data-origin')).toBe('managed');
    expect(managedRule?.textContent).toContain('10.20.0.0/16');
    expect(view.root.querySelector('[data-testid="rule-add"]')).toBeNull();
  });

  it('adds a valid rule and refuses invalid ones with a message naming the problem', async () => {
    const view = await open({ rules: [{ match: 'clinique-demo.test', providerId: 'microsoft', origin: 'demo' }] });
    const submit = async (match: string, provider: string) => {
      await change(view, 'rule-match', (el) => (el.value = match), 'input');
      await change(view, 'rule-provider', (el) => choose(el, provider));
      const form = view.root.querySelector('form');
      form?.dispatchEvent(new (form.ownerDocument.defaultView as unknown as typeof globalThis).Event('submit', { bubbles: true, cancelable: true }));
      await view.flush();
    };
    await submit('10.0.0.0/33', 'ovhcloud');
    expect(testText(view.root, 'rule-error')).toContain('«\u202f10.0.0.0/33\u202f» n’est pas une plage CIDR valide');
    expect(input(view.root, 'rule-match').getAttribute('aria-invalid')).toBe('true');
    expect(view.state.stored.rules).toEqual([{ match: 'clinique-demo.test', providerId: 'microsoft', origin: 'demo' }]);
    await submit('intranet.chu-exemple.fr', '');
    expect(testText(view.root, 'rule-error')).toBe('Choisissez un fournisseur du catalogue.');
    // A provider pins no offer: no note.
    expect(view.root.querySelector('[data-testid="rule-offer-note"]')).toBeNull();
    // Choosing a SecNumCloud offer says the sites will read SNC on the user's word, before the rule is added.
    await change(view, 'rule-provider', (el) => choose(el, 'ovhcloud-hosted-private-cloud'));
    expect(testText(view.root, 'rule-offer-note')).toContain('marqués SNC (offre qualifiée SecNumCloud) sur votre parole ou celle de votre organisation');
    expect(input(view.root, 'rule-provider').getAttribute('aria-describedby')).toContain('rule-offer-note');
    await submit('10.0.0.0/8', 'ovhcloud-hosted-private-cloud');
    expect(testText(view.root, 'rule-error')).toBe('');
    expect(view.state.stored.rules).toEqual([
      { match: 'clinique-demo.test', providerId: 'microsoft', origin: 'demo' },
      { match: '10.0.0.0/8', providerId: 'ovhcloud-hosted-private-cloud', origin: 'user' },
    ]);
    expect(testText(view.root, 'rules')).toContain('OVHcloud: Hosted Private Cloud');
    await view.click(view.root.querySelector('[aria-label="Supprimer la règle clinique-demo.test"]'));
    expect(view.state.stored.rules).toEqual([{ match: '10.0.0.0/8', providerId: 'ovhcloud-hosted-private-cloud', origin: 'user' }]);
  });

  it('lets the user forget a reclassified site and restore a hidden badge', async () => {
    const view = await open({ siteOverrides: { 'ameli.fr': 'not-health', 'doctolib.fr': 'health' }, dismissedBadges: ['doctolib.fr'] });
    expect(testText(view.root, 'overrides')).toContain('pas un site de santé');
    await view.click(view.root.querySelector('[data-testid="overrides"] [data-site="ameli.fr"] button'));
    expect(view.state.stored.siteOverrides).toEqual({ 'doctolib.fr': 'health' });
    await view.click(view.root.querySelector('[data-testid="dismissed"] [data-site="doctolib.fr"] button'));
    expect(view.state.stored.dismissedBadges).toEqual([]);
    expect(testText(view.root, 'dismissed')).toBe('Aucun badge masqué.');
  });

  it('turns the local history on, shows it newest first, exports it as formula-guarded CSV and deletes it', async () => {
    const entries = [
      { at: '2026-11-27T09:00:00.000Z', host: 'www.ameli.fr', level: 'secnumcloud-provider', provider: 'OVHcloud', asn: 16276 },
      { at: '2026-11-28T10:00:00.000Z', host: 'www.clinique-exemple.fr', level: 'extra-eu', provider: 'Microsoft (Azure)', asn: 8075 },
      { at: '2026-11-28T11:00:00.000Z', host: 'evil.example', level: 'unknown', provider: '=HYPERLINK("http://x")', asn: null },
      { bogus: true },
    ];
    const view = await open({}, {}, entries);
    await change(view, 'history-enable', (el) => (el.checked = true));
    expect(view.state.stored.history).toBe(true);
    expect(testText(view.root, 'history-count')).toBe('3 entrées, les plus récentes en premier.');
    const firstRow = view.root.querySelectorAll('[data-testid="history"] tbody tr')[1];
    expect(firstRow?.textContent).toContain('www.clinique-exemple.fr');
    expect(firstRow?.textContent).toContain('AS8075');
    await view.click(view.root.querySelector('[data-testid="history-export"]'));
    const csv = view.state.downloads[0];
    expect(csv?.name).toBe('vigie-history-2026-11-28.csv');
    expect(csv?.type).toBe('text/csv;charset=utf-8');
    const lines = (csv?.text ?? '').split('\r\n');
    expect(lines[0]).toBe('\ufeff"Date";"Site";"code";"Niveau";"Fournisseur";"AS"');
    expect(lines[1]).toBe('"2026-11-27T09:00:00.000Z";"www.ameli.fr";"UE+";"Fournisseur européen qui propose aussi des offres SecNumCloud — l’offre de ce site n’est pas vérifiable";"OVHcloud";"AS16276"');
    // A provider name a spreadsheet would run as a formula is neutralised, its quotes doubled.
    expect(lines[3]).toBe('"2026-11-28T11:00:00.000Z";"evil.example";"?";"Hébergeur ou loi applicable inconnus";"\'=HYPERLINK(""http://x"")";""');
    await view.click(view.root.querySelector('[data-testid="history-delete"]'));
    expect(view.state.history).toBeUndefined();
    expect(testText(view.root, 'history-count')).toBe('Historique vide.');
  });

  it('has a badge key: each level’s toolbar code on its colour, its page-badge mark, its name and one sentence, in French and English', async () => {
    const view = await open({});
    const rows = [...view.root.querySelectorAll('[data-testid="badge-key"] [data-testid="key-row"]')];
    expect(rows.map((r) => r.getAttribute('data-level'))).toEqual(['secnumcloud', 'secnumcloud-provider', 'eu', 'extra-eu', 'unknown', 'discreet']);
    expect(rows.map((r) => r.querySelector('.level-code')?.textContent)).toEqual(['SNC', 'UE+', 'UE', 'US!', '?', 'US!']);
    expect(rows[1]?.querySelector('.level-code')?.getAttribute('style')).toContain('#6b5bd6');
    expect(rows[1]?.textContent).toContain('seul l’éditeur du site peut dire laquelle il utilise');
    for (const row of rows) expect(row.querySelectorAll('td')[2]?.textContent?.length).toBeGreaterThan(30);
    await change(view, 'language', (el) => choose(el, 'en'));
    expect(view.root.querySelector('[data-testid="badge-key"] h2')?.textContent).toBe('Badge key');
    expect([...view.root.querySelectorAll('[data-testid="key-row"] .level-code')].map((c) => c.textContent)).toEqual(['SNC', 'EU+', 'EU', 'US!', '?', 'US!']);
  });

  it('credits the routing data (DB-IP link back, RouteViews, NRO, CC BY 4.0) and shows version and data dates', async () => {
    const view = await open({});
    expect(testText(view.root, 'about-version')).toBe('Version 0.1.0');
    const credit = view.root.querySelector('[data-testid="credit-routing"]');
    const links = [...(credit?.querySelectorAll('a') ?? [])].map((a) => [a.textContent?.trim(), a.getAttribute('href')]);
    expect(links[0]).toEqual([expect.stringContaining('IP Geolocation by DB-IP'), 'https://db-ip.com']);
    expect(credit?.textContent).toContain('RouteViews');
    expect(credit?.textContent).toContain('NRO');
    expect(credit?.textContent).toContain('CC BY 4.0');
    // The IPv6 announcement layer: IPtoASN, public domain, dated by its pin.
    const announcements = view.root.querySelector('[data-testid="credit-announcements"]');
    expect(announcements?.textContent).toContain('table d’IPtoASN du 8 décembre 2023');
    expect([...(announcements?.querySelectorAll('a') ?? [])].map((a) => a.getAttribute('href'))).toEqual(['https://iptoasn.com/', 'https://opendatacommons.org/licenses/pddl/1.0/']);
    expect(testText(view.root, 'data-dates')).toContain('SecNumCloud (ANSSI)\u202f: au 15 septembre 2026');
  });
});

describe('rule validation', () => {
  it('accepts CIDR blocks, hosts, subdomain wildcards and offer ids; says what is wrong otherwise', () => {
    expect(checkNewRule('192.0.2.0/24', 'ovhcloud', [], 'fr').ok).toBe(true);
    expect(checkNewRule('2001:db8::/32', 'outscale', [], 'fr').ok).toBe(true);
    expect(checkNewRule('*.chu-exemple.fr', 'cloud-temple', [], 'fr').ok).toBe(true);
    expect(checkNewRule('  ', 'ovhcloud', [], 'en')).toMatchObject({ ok: false, field: 'match', message: expect.stringContaining('Enter a CIDR') });
    expect(checkNewRule('exa mple.fr', 'ovhcloud', [], 'en')).toMatchObject({ ok: false, message: expect.stringContaining('neither a CIDR block nor a host name') });
    expect(checkNewRule('example.fr', 'no-such-provider', [], 'fr')).toMatchObject({ ok: false, field: 'provider' });
    expect(checkNewRule('Example.fr', 'ovhcloud', [{ match: 'example.fr', providerId: 'aws', origin: 'user' }], 'fr')).toMatchObject({
      ok: false,
      message: 'Une règle existe déjà pour «\u202fExample.fr\u202f».',
    });
  });
});
