/**
 * Scoped observation (issue 15), with the real background over the fake platform: main frames and sub-frames reach
 * the background from every tab; sub-resources only from tabs where they matter (listed health domain, site memory,
 * classified health, the popup open, or "every site"), and the tabs observed before a worker restart are listened to
 * again before the readiness barrier. Counts the listeners the browser would deliver each event to.
 */
import { describe, expect, it, vi } from 'vitest';
import type { PageSignals } from '../../src/core/types.ts';
import type { MessageSender } from '../../src/platform/browser.ts';
import type { RawResponse } from '../../src/platform/background.ts';
import { signals } from '../fixtures/page-signals.ts';

vi.mock('../../src/platform/browser.ts', () => import('../fixtures/fake-platform.ts'));
vi.mock('../../src/platform/packaged-file.ts', () => import('../fixtures/fake-platform.ts'));

const fake = await import('../fixtures/fake-platform.ts');
// A health tab observed by the worker that stopped before this one.
await fake.sessionArea.set({ 'observed-tabs': [30] });

const response = (tabId: number, url: string, type: string): RawResponse => ({ tabId, frameId: 0, url, method: 'GET', type, ip: '51.91.0.1', fromCache: false, timeStamp: Date.now() });
const fire = (raw: RawResponse) => fake.events.responseStarted.fire(raw);
const delivered = (tabId: number, type: string) => fake.events.responseStarted.receivers(tabId, type);

const HEALTH: Partial<PageSignals> = {
  title: 'Clinique des Lilas — consultations, chirurgie, prise de rendez-vous médecin',
  description: 'Clinique privée : consultations médicales, hospitalisation, urgences, maternité, radiologie, patients.',
  headings: ['Prendre rendez-vous avec un médecin', 'Nos services de soins'],
  schemaTypes: ['MedicalClinic', 'Hospital'],
  text: 'Patients, médecins et soignants : consultations, hospitalisation, chirurgie ambulatoire, maternité, urgences, radiologie.',
};
const fromPage = (tabId: number, url: string): MessageSender => ({ ownExtension: true, extensionPage: false, tabId, frameId: 0, url, incognito: false });
const fromPopup: MessageSender = { ownExtension: true, extensionPage: true, incognito: false };

async function background() {
  const store = await import('../../src/background/tab-store.ts');
  const messaging = await import('../../src/background/messaging.ts');
  const settings = await import('../../src/background/settings-store.ts');
  // The whole readiness barrier (its queued events run before this resolves): without the packaged files read, a
  // response fired now would wait in the queue and the test would look before it is handled.
  const traffic = await import('../../src/background/traffic.ts');
  await (await import('../../src/background/index.ts')).backgroundReady;
  return { store, messaging, settings, traffic };
}

const hostsOf = (store: Awaited<ReturnType<typeof background>>['store'], tabId: number) => store.getTab(tabId)?.report.hosts.map((h) => h.verdict.host) ?? [];

// One background for the whole story: each step builds on the tabs and settings the steps before it left.
describe('scoped observation', { shuffle: false }, () => {
  it('a non-health page: its frames are observed, its sub-resources never reach the extension', async () => {
    const { store } = await background();
    fire(response(20, 'https://boutique.example.com/', 'main_frame'));
    expect(delivered(20, 'main_frame')).toBe(1);
    expect(delivered(20, 'script')).toBe(0);
    expect(delivered(20, 'sub_frame')).toBe(1);
    fire(response(20, 'https://cdn.tiers.example.net/app.js', 'script'));
    expect(hostsOf(store, 20)).toEqual(['boutique.example.com']);
    expect(store.getTab(20)?.report.thirdParties).toBe('none');
  });

  it('a page classified health is observed from then on (partial), and from its start on the next load (site memory)', async () => {
    const { store, messaging } = await background();
    fire(response(21, 'https://www.clinique-lilas.example.fr/', 'main_frame'));
    expect(delivered(21, 'image')).toBe(0);
    await messaging.handleMessage({ type: 'page-signals', navigation: 'load', signals: signals('https://www.clinique-lilas.example.fr/', HEALTH) }, fromPage(21, 'https://www.clinique-lilas.example.fr/'));
    expect(store.getTab(21)?.report.thirdParties).toBe('partial');
    expect(delivered(21, 'image')).toBe(1);
    fire(response(21, 'https://pixel.tiers.example.net/p.gif', 'image'));
    expect(hostsOf(store, 21)).toContain('pixel.tiers.example.net');
    // Another page of the same site: known health before its content is read.
    fire(response(21, 'https://www.clinique-lilas.example.fr/contact', 'main_frame'));
    expect(store.getTab(21)?.report.thirdParties).toBe('complete');
    expect(delivered(21, 'image')).toBe(1);
    // Leaving for a non-health site stops the tab's listener.
    fire(response(21, 'https://boutique.example.com/', 'main_frame'));
    expect(delivered(21, 'image')).toBe(0);
    // Written with the other writes of the same event, once it has run.
    await store.flush();
    expect(fake.sessionArea.data.get('observed-tabs')).not.toContain(21);
  });

  it('a listed health domain is observed from its first response; the listener is remembered for a restarted worker', async () => {
    const { store } = await background();
    fire(response(22, 'https://www.ameli.fr/', 'main_frame'));
    expect(store.getTab(22)?.report.thirdParties).toBe('complete');
    expect(delivered(22, 'xmlhttprequest')).toBe(1);
    await store.flush();
    expect(fake.sessionArea.data.get('observed-tabs')).toContain(22);
  });

  it('third parties a page loaded before its listener existed are taken from its own list, and the list says partial', async () => {
    const { store, messaging, traffic } = await background();
    fire(response(25, 'https://www.ameli.fr/', 'main_frame'));
    fire(response(25, 'https://cdn.tiers.example.net/seen.js', 'script'));
    expect(store.getTab(25)?.report.thirdParties).toBe('complete');
    const loaded = [
      { host: 'www.ameli.fr', type: 'stylesheet' },
      { host: 'cdn.tiers.example.net', type: 'script' },
      { host: 'mesure.tiers.example.net', type: 'image' },
      { host: 'mesure.tiers.example.net', type: 'beacon' },
    ];
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      await messaging.handleMessage({ type: 'page-signals', navigation: 'load', signals: signals('https://www.ameli.fr/', HEALTH), loaded }, fromPage(25, 'https://www.ameli.fr/'));
      // Compared once the responses the browser fired before the page's load have had time to reach the worker.
      expect(store.getTab(25)!.report.thirdParties).toBe('complete');
      vi.advanceTimersByTime(traffic.LIST_SETTLE_MS);
    } finally {
      vi.useRealTimers();
    }
    const report = store.getTab(25)!.report;
    const missed = report.hosts.find((h) => h.verdict.host === 'mesure.tiers.example.net');
    expect(missed).toMatchObject({ requests: 2, sentData: 1, firstParty: false, verdict: { ip: null, level: 'unknown' } });
    expect(missed?.verdict.evidence.map((e) => e.kind)).toContain('page-list');
    // Hosts the observer saw are not counted again.
    expect(report.hosts.find((h) => h.verdict.host === 'cdn.tiers.example.net')?.requests).toBe(1);
    expect(report.thirdParties).toBe('partial');
  });

  it('a page that speaks before its main-frame response keeps its list until that response, then waits for the responses already fired (Firefox order)', async () => {
    const { store, messaging, traffic } = await background();
    const url = 'https://www.ameli.fr/droits';
    const loaded = [
      { host: 'mesure.tiers.example.net', type: 'image' },
      { host: 'cdn.tiers.example.net', type: 'script' },
    ];
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      await messaging.handleMessage({ type: 'page-signals', navigation: 'load', signals: signals(url, HEALTH), loaded }, fromPage(27, url));
      fire(response(27, url, 'main_frame'));
      // The script's response was fired before the page's message, but reaches the worker after the main frame's.
      fire(response(27, 'https://cdn.tiers.example.net/app.js', 'script'));
      expect(store.getTab(27)?.report.thirdParties).toBe('complete');
      vi.advanceTimersByTime(traffic.LIST_SETTLE_MS);
      const report = store.getTab(27)!.report;
      expect(report.hosts.map((h) => h.verdict.host)).toEqual(['www.ameli.fr', 'cdn.tiers.example.net', 'mesure.tiers.example.net']);
      expect(report.hosts.find((h) => h.verdict.host === 'cdn.tiers.example.net')?.verdict.evidence.map((e) => e.kind)).not.toContain('page-list');
      expect(report.hosts.find((h) => h.verdict.host === 'mesure.tiers.example.net')?.verdict.evidence.map((e) => e.kind)).toContain('page-list');
      expect(report.thirdParties).toBe('partial');
    } finally {
      vi.useRealTimers();
    }
  });

  it("a reload's document that speaks before its response never lends its list to the previous document's report", async () => {
    const { store, messaging, traffic } = await background();
    const url = 'https://www.ameli.fr/remboursements';
    const t0 = Date.now();
    fire({ ...response(28, url, 'main_frame'), timeStamp: t0 });
    fire(response(28, 'https://mesure.tiers.example.net/p.gif', 'image'));
    await messaging.handleMessage({ type: 'page-signals', navigation: 'load', signals: signals(url, HEALTH) }, fromPage(28, url));
    const before = store.getTab(28)!.report;
    expect(before.thirdParties).toBe('complete');
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      // The reload: its page speaks before its response reaches the worker, listing a host the previous document
      // never loaded.
      await messaging.handleMessage(
        { type: 'page-signals', navigation: 'load', signals: signals(url, HEALTH), loaded: [{ host: 'nouveau.tiers.example.net', type: 'image' }] },
        fromPage(28, url),
      );
      expect(before.hosts.map((h) => h.verdict.host)).toEqual(['www.ameli.fr', 'mesure.tiers.example.net']);
      expect(before.thirdParties).toBe('complete');
      expect(store.getTab(28)!.report.health?.health).toBe(true);
      fire({ ...response(28, url, 'main_frame'), timeStamp: t0 + 520 });
      fire(response(28, 'https://nouveau.tiers.example.net/p.gif', 'image'));
      vi.advanceTimersByTime(traffic.LIST_SETTLE_MS);
      const report = store.getTab(28)!.report;
      expect(report).not.toBe(before);
      expect(report.main).not.toBeNull();
      expect(report.health?.health).toBe(true);
      expect(report.hosts.map((h) => h.verdict.host)).toEqual(['www.ameli.fr', 'nouveau.tiers.example.net']);
      expect(report.hosts[1]?.verdict.evidence.map((e) => e.kind)).not.toContain('page-list');
      expect(report.thirdParties).toBe('complete');
    } finally {
      vi.useRealTimers();
    }
  });

  it("a reload's document that speaks after its own response keeps that response's report (Firefox churn)", async () => {
    const { store, messaging } = await background();
    const url = 'https://www.ameli.fr/assure';
    const t0 = Date.now();
    fire({ ...response(29, url, 'main_frame'), timeStamp: t0 });
    await messaging.handleMessage({ type: 'page-signals', navigation: 'load', signals: signals(url, HEALTH) }, { ...fromPage(29, url), documentId: 'DOC-1' });
    // The reload: its response first, then its page.
    fire({ ...response(29, url, 'main_frame'), timeStamp: t0 + 520 });
    const reloaded = store.getTab(29)!.report;
    await messaging.handleMessage({ type: 'page-signals', navigation: 'load', signals: signals(url, HEALTH) }, { ...fromPage(29, url), documentId: 'DOC-2' });
    expect(store.getTab(29)!.report).toBe(reloaded);
    expect(reloaded.main).not.toBeNull();
    expect(reloaded.health?.health).toBe(true);
    expect(store.getTab(29)!.documentId).toBe('DOC-2');
  });

  it('a page that is not observed cannot add hosts through its list', async () => {
    const { store, messaging, traffic } = await background();
    fire(response(26, 'https://boutique.example.com/', 'main_frame'));
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      await messaging.handleMessage({ type: 'page-signals', navigation: 'load', signals: signals('https://boutique.example.com/'), loaded: [{ host: 'mesure.tiers.example.net', type: 'image' }] }, fromPage(26, 'https://boutique.example.com/'));
      vi.advanceTimersByTime(traffic.LIST_SETTLE_MS);
    } finally {
      vi.useRealTimers();
    }
    expect(hostsOf(store, 26)).toEqual(['boutique.example.com']);
    expect(store.getTab(26)?.report.thirdParties).toBe('none');
  });

  it('the tabs observed before a worker restart are listened to again before the readiness barrier', async () => {
    const { store } = await background();
    expect(delivered(30, 'script')).toBe(1);
    fire(response(30, 'https://www.doctolib.fr/', 'main_frame'));
    fire(response(30, 'https://static.tiers.example.net/app.js', 'script'));
    expect(hostsOf(store, 30)).toContain('static.tiers.example.net');
  });

  it('the popup open on a non-health page observes it from then on and says the list is partial; closing the tab stops it', async () => {
    const { store, messaging } = await background();
    fire(response(23, 'https://journal.example.com/', 'main_frame'));
    const harnessView = (await messaging.handleMessage({ type: 'get-report', tabId: 23 }, fromPopup)) as { thirdParties?: string };
    expect(harnessView.thirdParties).toBe('none');
    const popupView = (await messaging.handleMessage({ type: 'get-report', tabId: 23, popupOpen: true }, fromPopup)) as { thirdParties?: string };
    expect(popupView.thirdParties).toBe('partial');
    expect(delivered(23, 'script')).toBe(1);
    // A reload with the popup still on that site keeps observing, from the start.
    fire(response(23, 'https://journal.example.com/', 'main_frame'));
    expect(store.getTab(23)?.report.thirdParties).toBe('complete');
    fake.events.tabRemoved.fire(23);
    expect(delivered(23, 'script')).toBe(0);
  });

  it('"every site": one listener for every tab, and never two deliveries of one response', async () => {
    const { store, settings } = await background();
    await settings.updateSettings(() => ({ badgeScope: 'all' }));
    expect(delivered(20, 'script')).toBe(1);
    expect(delivered(22, 'script')).toBe(2);
    fire(response(22, 'https://www.ameli.fr/', 'main_frame'));
    fire(response(22, 'https://cdn.tiers.example.net/a.js', 'script'));
    expect(store.getTab(22)?.report.hosts.find((h) => h.verdict.host === 'cdn.tiers.example.net')?.requests).toBe(1);
    fire(response(24, 'https://boutique.example.com/', 'main_frame'));
    expect(store.getTab(24)?.report.thirdParties).toBe('complete');
    await settings.updateSettings(() => ({ badgeScope: 'health' }));
    expect(delivered(20, 'script')).toBe(0);
  });
});
