/**
 * The popup's reason for observing a tab survives a worker restart (issue 15): the user opened the popup on a
 * non-health site, the worker stopped, and the tab's next page on that site is still observed from its first response,
 * as the popup said. And a cold worker never decides "not health" because its domain list is still being read. Real
 * backgrounds one after the other over the fake platform, each started on what the one before left in storage.session
 * (as Chrome keeps it across a stopped worker).
 */
import { describe, expect, it, vi } from 'vitest';
import type { MessageSender } from '../../src/platform/browser.ts';
import type { RawResponse } from '../../src/platform/background.ts';
import { signals } from '../fixtures/page-signals.ts';

vi.mock('../../src/platform/browser.ts', () => import('../fixtures/fake-platform.ts'));
vi.mock('../../src/platform/packaged-file.ts', () => import('../fixtures/fake-platform.ts'));

type Fake = typeof import('../fixtures/fake-platform.ts');

const fromPopup: MessageSender = { ownExtension: true, extensionPage: true, incognito: false };
const response = (tabId: number, url: string, type: string): RawResponse => ({ tabId, frameId: 0, url, method: 'GET', type, ip: '51.91.0.1', fromCache: false, timeStamp: Date.now() });

/**
 * A new worker: the previous one's listeners die with it (vitest keeps one fake platform across module resets, so its
 * events are emptied here), storage.session stays as the browser keeps it, and every background module is evaluated
 * again.
 */
async function startWorker(options: { domainListHeldUntil?: Promise<void> } = {}) {
  vi.resetModules();
  const fake = (await import('../../src/platform/browser.ts')) as unknown as Fake;
  for (const event of Object.values(fake.events)) {
    event.listeners = [];
    event.filters.clear();
  }
  if (options.domainListHeldUntil) fake.packagedFileGates.set('worker-start.bin', options.domainListHeldUntil);
  else fake.packagedFileGates.delete('worker-start.bin');
  const store = await import('../../src/background/tab-store.ts');
  const messaging = await import('../../src/background/messaging.ts');
  await import('../../src/background/index.ts');
  // One message through the readiness barrier: the worker is ready once it answers.
  const ready = fake.events.message.fire({ type: 'get-stats' }, fromPopup)[0] as Promise<unknown>;
  if (!options.domainListHeldUntil) await ready;
  return {
    fake,
    store,
    messaging,
    ready,
    fire: (raw: RawResponse) => fake.events.responseStarted.fire(raw),
    delivered: (tabId: number, type: string) => fake.events.responseStarted.receivers(tabId, type),
  };
}

describe('observation after a worker restart', () => {
  it("passes on an observed tab's sub-resources that came while the worker read back which tabs it observes", async () => {
    const first = await startWorker();
    first.fire(response(45, 'https://annuaire.example.com/', 'main_frame'));
    await first.messaging.handleMessage({ type: 'get-report', tabId: 45, popupOpen: true }, fromPopup);
    expect(first.delivered(45, 'script')).toBe(1);

    // The next worker wakes for the tab's reload while its storage read is slow: the page's script answers meanwhile.
    vi.resetModules();
    const fake = (await import('../../src/platform/browser.ts')) as unknown as Fake;
    for (const event of Object.values(fake.events)) {
      event.listeners = [];
      event.filters.clear();
    }
    let release: () => void = () => undefined;
    fake.sessionArea.readGate = new Promise<void>((r) => (release = r));
    const store = await import('../../src/background/tab-store.ts');
    await import('../../src/background/index.ts');
    fake.events.responseStarted.fire(response(45, 'https://annuaire.example.com/', 'main_frame'));
    fake.events.responseStarted.fire(response(45, 'https://cdn.tiers.example/app.js', 'script'));
    fake.events.responseStarted.fire(response(46, 'https://autre.example.org/pixel.gif', 'image'));
    fake.sessionArea.readGate = undefined;
    release();
    await (fake.events.message.fire({ type: 'get-stats' }, fromPopup)[0] as Promise<unknown>);
    await vi.waitFor(() => expect(store.getTab(45)?.report.hosts.map((h) => h.verdict.host)).toContain('cdn.tiers.example'));
    expect(store.getTab(45)?.report.thirdParties).toBe('complete');
    // A tab nobody observes: its kept response is dropped, as its own listener would never have existed.
    expect(store.getTab(46)).toBeUndefined();
  });

  it('keeps observing a tab the popup was opened on while it stays on that site, and stops when it leaves', async () => {
    const first = await startWorker();
    first.fire(response(40, 'https://journal.example.com/', 'main_frame'));
    expect(first.delivered(40, 'script')).toBe(0);
    await first.messaging.handleMessage({ type: 'get-report', tabId: 40, popupOpen: true }, fromPopup);
    expect(first.delivered(40, 'script')).toBe(1);

    const second = await startWorker();
    // The tab's next page on the same site: observed from its first response, the list complete.
    second.fire(response(40, 'https://journal.example.com/article', 'main_frame'));
    expect(second.store.getTab(40)?.report.thirdParties).toBe('complete');
    expect(second.delivered(40, 'script')).toBe(1);
    second.fire(response(40, 'https://cdn.tiers.example.net/app.js', 'script'));
    expect(second.store.getTab(40)?.report.hosts.map((h) => h.verdict.host)).toContain('cdn.tiers.example.net');

    // Leaving the site ends the popup's reason, for this worker and the next one.
    second.fire(response(40, 'https://boutique.example.org/', 'main_frame'));
    expect(second.delivered(40, 'script')).toBe(0);
    const third = await startWorker();
    third.fire(response(40, 'https://journal.example.com/', 'main_frame'));
    expect(third.store.getTab(40)?.report.thirdParties).toBe('none');
    expect(third.delivered(40, 'script')).toBe(0);
  });

  it("a listed health site's first response, come before the domain list is read, waits for it: observed from the start", async () => {
    let release: () => void = () => undefined;
    const worker = await startWorker({ domainListHeldUntil: new Promise<void>((resolve) => (release = resolve)) });
    worker.fire(response(42, 'https://www.ameli.fr/', 'main_frame'));
    // Not decided "not health" meanwhile: not handled at all until the list is there.
    expect(worker.store.getTab(42)).toBeUndefined();
    release();
    await worker.ready;
    expect(worker.store.getTab(42)?.report.thirdParties).toBe('complete');
    expect(worker.delivered(42, 'script')).toBe(1);
  });

  it('never writes a private tab popup site to storage', async () => {
    const first = await startWorker();
    first.fire({ ...response(41, 'https://journal.example.com/', 'main_frame'), incognito: true });
    await first.messaging.handleMessage({ type: 'get-report', tabId: 41, popupOpen: true }, fromPopup);
    expect(first.delivered(41, 'script')).toBe(1);
    const stored = first.fake.sessionArea.data.get('popup-sites') as [number, string][];
    expect(stored.map(([tabId]) => tabId)).not.toContain(41);
    expect(first.fake.sessionArea.data.has('tab:41')).toBe(false);
  });

  it("sets a page's badge again when the browser reset it while the worker was stopped, and only reads it otherwise", async () => {
    const url = 'https://boutique.example.com/panier';
    const tab = { id: 47, url, incognito: false };
    const first = await startWorker();
    first.fire(response(47, url, 'main_frame'));
    first.fake.events.tabUpdated.fire(47, { status: 'loading', url }, tab);
    first.fake.pageReads.set(47, { signals: signals(url, {}), loaded: [] });
    first.fake.events.tabUpdated.fire(47, { status: 'complete' }, tab);
    await vi.waitFor(() => expect(first.store.getTab(47)?.report.health).not.toBeNull());
    await first.store.flush();
    const shown = { ...first.fake.recorded.toolbars.get(47) };
    expect(shown.title).toContain('—');
    first.fake.openTabs.push(tab);
    try {
      // The commit's reset landed after the stopped worker's last application: nothing shows the verdict now.
      first.fake.resetToolbar(47);
      const before = { ...first.fake.apiCalls };
      const second = await startWorker();
      await vi.waitFor(() => expect(second.fake.recorded.toolbars.get(47)).toEqual(shown));
      expect(second.fake.apiCalls.badgeReads - before.badgeReads).toBe(1);
      expect(second.fake.apiCalls.badgeText - before.badgeText).toBe(1);

      // Nothing reset this time: one read, nothing set.
      const again = { ...second.fake.apiCalls };
      const third = await startWorker();
      await vi.waitFor(() => expect(third.fake.apiCalls.badgeReads - again.badgeReads).toBe(1));
      await new Promise((r) => setTimeout(r, 50));
      expect(third.fake.apiCalls.badgeText + third.fake.apiCalls.badgeColor + third.fake.apiCalls.badgeTitle).toBe(again.badgeText + again.badgeColor + again.badgeTitle);
      expect(third.fake.recorded.toolbars.get(47)).toEqual(shown);
    } finally {
      first.fake.openTabs.length = 0;
    }
  });
});
