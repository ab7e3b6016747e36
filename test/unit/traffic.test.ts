/**
 * The background observer (src/background/traffic.ts) in Node, with only the browser facade replaced: what a starting
 * worker says before and after its full routing table arrives.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';

const badges: { tabId: number; text: string }[] = [];

vi.mock('../../src/platform/browser.ts', () => {
  const noop = (): void => undefined;
  const resolved = async (): Promise<undefined> => undefined;
  const event = { addListener: noop, removeListener: noop, hasListener: () => false };
  const area = { get: async () => ({}), set: resolved, remove: resolved, clear: resolved };
  const browser = {
    runtime: { id: 'test', getURL: (path: string) => `vigie-test:///${path}`, onMessage: event, onSuspend: event },
    storage: { session: area, local: area, managed: area, onChanged: event },
    action: {
      setBadgeText: async (d: { tabId: number; text: string }) => void badges.push(d),
      setBadgeBackgroundColor: resolved,
      setTitle: resolved,
      setBadgeTextColor: resolved,
    },
    tabs: { sendMessage: resolved, onUpdated: event, onRemoved: event, onReplaced: event },
    webRequest: { onResponseStarted: event, onBeforeRedirect: event },
    i18n: { getUILanguage: () => 'fr-FR' },
  };
  return { browser, IS_FIREFOX: false, uiLanguage: () => 'fr-FR' };
});

// The packaged tables are fetched by URL: serve them from generated/, the full one only when the test says so.
let releaseFullTable: () => void = () => undefined;
const fullTableGate = new Promise<void>((resolve) => (releaseFullTable = resolve));
const realFetch = globalThis.fetch;
beforeAll(() => {
  globalThis.fetch = (async (url: string | URL) => {
    const name = String(url).split('/').pop() ?? '';
    if (name === 'asn-table.bin') await fullTableGate;
    return new Response(readFileSync(`generated/${name}`));
  }) as typeof fetch;
});
afterAll(() => {
  globalThis.fetch = realFetch;
});

const response = (tabId: number, url: string, ip: string, type = 'main_frame') => ({
  tabId,
  url,
  method: 'GET',
  type,
  ip,
  fromCache: false,
  timeStamp: Date.parse('2026-11-28T12:00:00Z'),
});

describe('background observer', () => {
  it('answers a known provider from the small table at once, and names other networks once the full table is in', async () => {
    const engine = await import('../../src/background/engine.ts');
    const { observeResponse } = await import('../../src/background/traffic.ts');
    const store = await import('../../src/background/tab-store.ts');
    await Promise.all([engine.engineReady, store.ready]);

    observeResponse(response(1, 'https://www.mutuelle.example/', '51.91.0.1'));
    expect(store.getTab(1)?.report.main).toMatchObject({ asn: 16276, provider: { id: 'ovhcloud' }, level: 'secnumcloud-provider' });

    observeResponse(response(2, 'https://www.example.com.au/', '1.0.4.1'));
    expect(store.getTab(2)?.report.main).toMatchObject({ asn: null, level: 'unknown' });

    releaseFullTable();
    await engine.fullTableReady;
    await vi.waitFor(() => expect(store.getTab(2)?.report.main).toMatchObject({ asn: 38803, asName: 'Gtelecom Pty Ltd' }));
    expect(store.getTab(2)?.report.level).toBe('unknown');
  });

  it('counts later responses of a host without identifying it again, and keeps third parties apart', async () => {
    const { observeResponse } = await import('../../src/background/traffic.ts');
    const store = await import('../../src/background/tab-store.ts');
    observeResponse(response(3, 'https://clinique.example.fr/', '20.50.2.17'));
    const main = store.getTab(3)?.report.main;
    for (let i = 0; i < 5; i++) observeResponse(response(3, `https://clinique.example.fr/app${i}.js`, '20.50.2.17', 'script'));
    observeResponse({ ...response(3, 'https://www.google-analytics.com/collect', '142.250.179.78', 'xmlhttprequest'), method: 'POST' });
    const report = store.getTab(3)!.report;
    expect(report.main).toBe(main);
    expect(report.hosts.find((h) => h.verdict.host === 'clinique.example.fr')).toMatchObject({ requests: 6, sentData: 0, firstParty: true });
    expect(report.hosts.find((h) => h.verdict.host === 'www.google-analytics.com')).toMatchObject({ requests: 1, sentData: 1, firstParty: false });
    expect(report.main?.provider?.id).toBe('microsoft');
    expect(badges.some((b) => b.tabId === 3 && b.text === 'US!')).toBe(true);
  });

  it('ignores requests without a tab unless a tab shows the page that sent them', async () => {
    const { observeResponse, behindTheSceneCount } = await import('../../src/background/traffic.ts');
    const store = await import('../../src/background/tab-store.ts');
    const before = behindTheSceneCount();
    observeResponse({ ...response(-1, 'https://update.example/', '51.91.0.1', 'other') });
    expect(behindTheSceneCount()).toBe(before + 1);
    observeResponse({ ...response(-1, 'https://beacon.example.net/b', '51.91.0.2', 'beacon'), method: 'POST', originUrl: 'https://www.mutuelle.example/' });
    expect(store.getTab(1)?.report.hosts.find((h) => h.verdict.host === 'beacon.example.net')?.sentData).toBe(1);
  });
});
