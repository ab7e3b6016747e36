/**
 * A cold worker reads only what its first verdict needs before it (src/background/after-first-verdict.ts): the full
 * routing table and the health model come after the first verdict is on the toolbar, or shortly after the worker is
 * ready when no page asks for one. Events that arrive before them lose nothing: a verdict only the full table names is
 * made again once it is in, and a page's health is decided (its alert shown) even before the model was read. Real
 * backgrounds over the fake platform, each evaluated afresh as a restarted worker is.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WITHOUT_VERDICT_MS } from '../../src/background/after-first-verdict.ts';
import type { PageSignals } from '../../src/core/types.ts';
import type { MessageSender } from '../../src/platform/browser.ts';
import type { RawResponse } from '../../src/platform/background.ts';

vi.mock('../../src/platform/browser.ts', () => import('../fixtures/fake-platform.ts'));
vi.mock('../../src/platform/packaged-file.ts', () => import('../fixtures/fake-platform.ts'));

type Fake = typeof import('../fixtures/fake-platform.ts');

const fromPopup: MessageSender = { ownExtension: true, extensionPage: true, incognito: false };
const fromPage = (tabId: number, url: string): MessageSender => ({ ownExtension: true, extensionPage: false, tabId, frameId: 0, url, incognito: false });
const response = (tabId: number, url: string, ip: string): RawResponse => ({ tabId, frameId: 0, url, method: 'GET', type: 'main_frame', ip, fromCache: false, timeStamp: Date.now() });
const DEFERRED = ['asn-table.bin', 'health-model.json'];

const HEALTH_PAGE: PageSignals = {
  url: 'https://clinique-lilas.example.fr/',
  lang: 'fr',
  title: 'Clinique des Lilas — consultations, chirurgie, prise de rendez-vous médecin',
  description: 'Clinique privée : consultations médicales, hospitalisation, urgences, maternité, radiologie, patients.',
  keywords: '',
  ogType: '',
  ogSiteName: '',
  headings: ['Prendre rendez-vous avec un médecin', 'Nos services de soins', 'Hospitalisation et chirurgie'],
  schemaTypes: ['MedicalClinic', 'Hospital'],
  text: 'Patients, médecins et soignants : consultations, hospitalisation, chirurgie ambulatoire, maternité, urgences, radiologie, laboratoire, kinésithérapie.',
};

/** A restarted worker; `before` fires events while it starts, before its readiness barrier. */
async function startWorker(before: (fake: Fake) => void = () => undefined) {
  vi.resetModules();
  const fake = (await import('../../src/platform/browser.ts')) as unknown as Fake;
  for (const event of Object.values(fake.events)) {
    event.listeners = [];
    event.filters.clear();
  }
  fake.packagedFileReads.length = 0;
  const store = await import('../../src/background/tab-store.ts');
  const messaging = await import('../../src/background/messaging.ts');
  await import('../../src/background/index.ts');
  before(fake);
  await (fake.events.message.fire({ type: 'get-stats' }, fromPopup)[0] as Promise<unknown>);
  return { fake, store, messaging };
}

describe('a cold worker reads what no first verdict needs after the first verdict', () => {
  // The worker's own timers (the reads' fallback delay, the coalesced writes) only move when a test moves them: on a
  // loaded machine a real 300 ms delay ran out before the test looked, and the reads came early (a flaky failure).
  // Promises, file reads and vi.waitFor keep real time.
  beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
  afterEach(() => void vi.useRealTimers());

  it('makes its first verdicts without the full table and the model, and loses or changes none of them', async () => {
    const { fake, store, messaging } = await startWorker((f) => {
      // Two new tabs navigate while the worker starts; their main-frame responses come before their pages commit (all
      // queued until it is ready), so no verdict can be on the toolbar yet.
      for (const tabId of [60, 61]) f.events.tabUpdated.fire(tabId, { url: 'about:blank' }, { id: tabId, url: 'about:blank' });
      f.events.responseStarted.fire(response(60, 'https://www.example.com.au/', '1.0.4.1'));
      f.events.responseStarted.fire(response(61, 'https://clinique-lilas.example.fr/', '20.50.2.17'));
    });
    expect(fake.packagedFileReads).toContain('worker-start.bin');
    expect(fake.packagedFileReads.filter((file) => DEFERRED.includes(file))).toEqual([]);
    // A provider the providers table knows: final at once. An address only the full table names: provisional.
    expect(store.getTab(61)?.report).toMatchObject({ level: 'extra-eu', main: { provider: { id: 'microsoft' } } });
    expect(store.getTab(60)?.report.main).toMatchObject({ asn: null, level: 'unknown' });

    // Page 60 commits: its verdict goes to the toolbar, then the full table is read and names its network.
    fake.events.tabUpdated.fire(60, { url: 'https://www.example.com.au/' }, { id: 60, url: 'https://www.example.com.au/' });
    expect(fake.recorded.toolbars.get(60)?.text).toBeDefined();
    // Generous waits: reading and wrapping the 8 MB table takes seconds on a loaded machine (no time is asserted).
    await vi.waitFor(() => expect(fake.packagedFileReads).toEqual(expect.arrayContaining(DEFERRED)), { timeout: 10_000 });
    await vi.waitFor(() => expect(store.getTab(60)?.report.main).toMatchObject({ asn: 38803, asName: 'Gtelecom Pty Ltd' }), { timeout: 10_000 });
    expect(store.getTab(60)?.report.level).toBe('unknown');

    // The health page's content script: its health is decided and its alert comes, as with the model read at once.
    const badge = await messaging.handleMessage({ type: 'page-signals', navigation: 'load', signals: HEALTH_PAGE }, fromPage(61, HEALTH_PAGE.url));
    expect(store.getTab(61)?.report.health?.health).toBe(true);
    expect(badge).toMatchObject({ show: true, level: 'extra-eu' });
  });

  it("decides a page's health when its content script speaks before the model was read", async () => {
    const { fake, store, messaging } = await startWorker((f) => {
      f.events.tabUpdated.fire(62, { url: 'about:blank' }, { id: 62, url: 'about:blank' });
      f.events.responseStarted.fire(response(62, 'https://clinique-lilas.example.fr/', '20.50.2.17'));
    });
    expect(fake.packagedFileReads).not.toContain('health-model.json');
    const badge = await messaging.handleMessage({ type: 'page-signals', navigation: 'load', signals: HEALTH_PAGE }, fromPage(62, HEALTH_PAGE.url));
    expect(store.getTab(62)?.report.health?.health).toBe(true);
    expect(badge).toMatchObject({ show: true, level: 'extra-eu' });
  });

  it('reads them shortly after it is ready when no page asks for a verdict (woken by the popup)', async () => {
    const { fake } = await startWorker();
    vi.advanceTimersByTime(WITHOUT_VERDICT_MS - 1);
    await Promise.resolve();
    expect(fake.packagedFileReads.filter((file) => DEFERRED.includes(file))).toEqual([]);
    vi.advanceTimersByTime(1);
    await vi.waitFor(() => expect(fake.packagedFileReads).toEqual(expect.arrayContaining(DEFERRED)), { timeout: 10_000 });
  });
});
