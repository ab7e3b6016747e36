/** The first-run page: opened on install only, says nothing is sent, and shows the badge key in the user's language. */
import { describe, expect, it, vi } from 'vitest';
import { opensWelcome, registerFirstRun, WELCOME_PAGE } from '../../src/background/first-run.ts';
import type { Lang } from '../../src/shared/i18n.ts';
import { WelcomeApp } from '../../src/welcome/welcome-app.tsx';
import { mount, testText } from '../fixtures/ui/dom.ts';

const installed: ((reason: string) => void)[] = [];
const created: string[] = [];

vi.mock('../../src/platform/browser.ts', () => ({
  onInstalled: (listener: (reason: string) => void) => installed.push(listener),
  openExtensionTab: async (path: string) => void created.push(`vigie-test:///${path}`),
  IS_FIREFOX: false,
  uiLanguage: () => 'fr-FR',
}));

async function open(lang: Lang) {
  const calls = { options: 0 };
  const view = mount(<WelcomeApp ports={{ initialLang: 'fr', loadLang: async () => lang, openOptions: async () => void calls.options++, subscribe: () => undefined }} />);
  await view.flush();
  return { ...view, calls };
}

describe('first-run page', () => {
  it('opens on a fresh install only, never on an update or a browser update', () => {
    expect(opensWelcome('install')).toBe(true);
    expect(opensWelcome('update')).toBe(false);
    expect(opensWelcome('browser_update')).toBe(false);
    expect(WELCOME_PAGE).toBe('src/welcome/index.html');
  });

  it('registers one onInstalled listener that opens the local page once, on install', async () => {
    registerFirstRun();
    expect(installed).toHaveLength(1);
    installed[0]!('update');
    installed[0]!('browser_update');
    installed[0]!('install');
    await Promise.resolve();
    expect(created).toEqual(['vigie-test:///src/welcome/index.html']);
  });

  it('shows the badge key and says nothing is sent, in French', async () => {
    const view = await open('fr');
    expect(view.root.querySelector('h1')?.textContent).toBe('Bienvenue dans Vigie');
    expect(testText(view.root, 'welcome-private')).toContain('Rien n’est envoyé');
    // It promises to say who hosts a site only alongside "or says it does not know": Vigie often cannot tell.
    expect(view.root.textContent).toContain('ou dit qu’il ne le sait pas');
    expect(view.root.querySelectorAll('[data-testid="key-row"]').length).toBe(6);
    await view.click(view.root.querySelector('[data-testid="welcome-options"]'));
    expect(view.calls.options).toBe(1);
  });

  it('its badge key speaks of no particular site: there is none on this page', async () => {
    for (const lang of ['fr', 'en'] as const) {
      const view = await open(lang);
      const eu = view.root.querySelector('[data-testid="key-row"][data-level="eu"]')?.textContent ?? '';
      expect(eu).toMatch(lang === 'fr' ? /pour le réseau qui sert le site/ : /for the network serving the site/);
      expect(testText(view.root, 'badge-key')).not.toMatch(/for this site|pour ce site/);
    }
  });

  it('follows the language setting (English)', async () => {
    const view = await open('en');
    expect(view.root.querySelector('h1')?.textContent).toBe('Welcome to Vigie');
    expect(testText(view.root, 'welcome-private')).toContain('Nothing is sent');
    expect(view.root.textContent).toContain('or says that it does not know');
    expect([...view.root.querySelectorAll('[data-testid="key-row"] .level-code')].map((c) => c.textContent)).toContain('EU+');
  });
});
