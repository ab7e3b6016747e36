/**
 * Chromium's page reads (DESIGN.md "Content scripts"): the background injects a reader at each load's end and gets what
 * it read back as the injection's result. A page that shows no badge gets nothing else (no badge code, no message: it
 * never touches `chrome.runtime`); a page to show a badge gets the badge code in that document only; a history change
 * is read again once its URL has settled, and keeps the verdict; a result that fails validation is dropped and counted.
 * The real background over the fake platform (test/fixtures/fake-platform.ts), in Chromium's order of events.
 */
import { describe, expect, it, vi } from 'vitest';
import type { RawResponse } from '../../src/platform/background.ts';
import { CLINIC_PAGE as HEALTH, signals } from '../fixtures/page-signals.ts';

vi.mock('../../src/platform/browser.ts', () => import('../fixtures/fake-platform.ts'));
vi.mock('../../src/platform/packaged-file.ts', () => import('../fixtures/fake-platform.ts'));

const fake = await import('../fixtures/fake-platform.ts');

async function background() {
  const store = await import('../../src/background/tab-store.ts');
  const messaging = await import('../../src/background/messaging.ts');
  await (await import('../../src/background/index.ts')).backgroundReady;
  return { store, messaging };
}

const response = (tabId: number, url: string): RawResponse => ({ tabId, frameId: 0, url, method: 'GET', type: 'main_frame', ip: '51.91.0.1', fromCache: false, timeStamp: Date.now() });

/** What the background did to one tab: its injections (files, target document) and the messages it sent it. */
function sentTo(tabId: number) {
  return {
    injections: fake.injections.filter((i) => i.tabId === tabId).map((i) => (i.documentIds ? { files: i.files, documentIds: i.documentIds } : { files: i.files })),
    messages: fake.recorded.toTabs.filter((m) => m.tabId === tabId).map((m) => m.message as { type: string; badge?: { show: boolean } }),
  };
}

/**
 * A page load as Chromium delivers it, the page saying `page` of itself when read; resolves once its read is handled:
 * by default once its health is decided, else once `handled` says (a waited condition, not a fixed delay: the read
 * waits for the model's file, which a loaded machine reads slowly).
 */
async function load(tabId: number, url: string, page: unknown, handled?: () => Promise<boolean>): Promise<void> {
  const { store } = await background();
  const tab = { id: tabId, url, incognito: false };
  fake.events.responseStarted.fire(response(tabId, url));
  fake.events.tabUpdated.fire(tabId, { status: 'loading', url }, tab);
  fake.pageReads.set(tabId, page);
  fake.events.tabUpdated.fire(tabId, { status: 'complete' }, tab);
  await vi.waitFor(() => expect(fake.injections.some((i) => i.tabId === tabId)).toBe(true));
  const done = handled ?? (async () => store.getTab(tabId)?.report.health != null);
  await vi.waitFor(async () => expect(await done()).toBe(true), { timeout: 10_000 });
  await store.flush();
}

describe('page reads in Chromium', { shuffle: false }, () => {
  it('a page that is not health is read once, and gets no badge code and no message', async () => {
    const { store } = await background();
    await load(90, 'https://boutique.example.com/', { signals: signals('https://boutique.example.com/'), loaded: [] });
    expect(store.getTab(90)?.report.health?.health).toBe(false);
    expect(store.getTab(90)?.documentId).toBe('doc-90');
    expect(sentTo(90)).toEqual({ injections: [{ files: ['page-read.js'] }], messages: [] });
  });

  it('a page classified health gets the badge code in the document that was read, then its badge', async () => {
    const { store } = await background();
    await load(91, 'https://www.clinique-lilas.example.fr/', { signals: signals('https://www.clinique-lilas.example.fr/', HEALTH) });
    await vi.waitFor(() => expect(sentTo(91).messages).toHaveLength(1));
    expect(store.getTab(91)?.report.health?.health).toBe(true);
    expect(sentTo(91)).toEqual({
      injections: [{ files: ['page-read.js'] }, { files: ['page-badge.js'], documentIds: ['doc-91'] }],
      messages: [{ type: 'badge', badge: expect.objectContaining({ show: true }) }],
    });
  });

  it('on its next load (now observed, the site recognised), the badge code comes with the reader, in one injection', async () => {
    await load(92, 'https://www.clinique-lilas.example.fr/rendez-vous', { signals: signals('https://www.clinique-lilas.example.fr/rendez-vous', HEALTH) });
    await vi.waitFor(() => expect(sentTo(92).messages).toHaveLength(1));
    expect(sentTo(92).injections).toEqual([{ files: ['page-badge.js', 'page-read.js'] }]);
  });

  it("a history change is read again once the URL has settled; the report follows the document and keeps its verdict", async () => {
    const { store } = await background();
    const from = 'https://www.clinique-lilas.example.fr/';
    await load(93, from, { signals: signals(from, HEALTH) });
    const verdict = store.getTab(93)?.report.main;
    const to = 'https://www.clinique-lilas.example.fr/prendre-rendez-vous?motif=consultation';
    fake.pageReads.set(93, { signals: signals(to, HEALTH) });
    const before = sentTo(93).injections.length;
    // Chromium's events for a pushState: the URL with 'loading', then 'complete' (traced in Chromium 156).
    fake.events.tabUpdated.fire(93, { status: 'loading', url: to }, { id: 93, url: to, incognito: false });
    fake.events.tabUpdated.fire(93, { status: 'complete' }, { id: 93, url: to, incognito: false });
    await vi.waitFor(() => expect(sentTo(93).injections.length).toBe(before + 2), { timeout: 10_000 });
    await vi.waitFor(() => expect(store.getTab(93)?.report.url).toBe('https://www.clinique-lilas.example.fr/prendre-rendez-vous'), { timeout: 10_000 });
    const report = store.getTab(93)?.report;
    expect(report?.main).toEqual(verdict);
    expect(report?.health?.health).toBe(true);
  });

  it('a result that fails validation is dropped and counted, and decides nothing', async () => {
    const { store, messaging } = await background();
    const stats = async () => (await messaging.handleMessage({ type: 'get-stats' }, { ownExtension: true, extensionPage: true, incognito: false })) as { droppedMessages: number };
    const url = 'https://piege.example.com/';
    const forged = [
      undefined,
      'health',
      { signals: { ...signals(url, HEALTH), title: 'x'.repeat(5_000) } },
      { signals: { ...signals(url, HEALTH), headings: 'not a list' } },
      { signals: signals(url, HEALTH), loaded: [{ host: '', type: 'script' }] },
      JSON.parse('{"__proto__":{"signals":{}}}'),
    ];
    for (const [i, page] of forged.entries()) {
      const tabId = 94 + i;
      const before = (await stats()).droppedMessages;
      await load(tabId, url, page, async () => (await stats()).droppedMessages > before);
      expect((await stats()).droppedMessages, `result ${i}`).toBe(before + 1);
      expect(store.getTab(tabId)?.report.health, `result ${i}`).toBeNull();
      expect(sentTo(tabId).messages, `result ${i}`).toEqual([]);
    }
  });
});
