/**
 * The platform facade's own behaviour in Firefox (src/platform/background.ts over an in-memory browser): no DNS query
 * of Vigie's own, ever, and private windows known from tab events and requests.
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../src/platform/browser.ts', async () => ({ ...(await import('../fixtures/fake-platform.ts')), IS_FIREFOX: true }));
vi.mock('../../src/platform/packaged-file.ts', () => import('../fixtures/fake-platform.ts'));

const fake = await import('../fixtures/fake-platform.ts');
const platform = await import('../../src/platform/background.ts');

describe('Firefox DNS', () => {
  it('asks only Firefox cache (the offline flag), and never behind a proxy', async () => {
    fake.browser.dns.resolve = async (host: string, flags: string[]) => {
      fake.recorded.dnsQueries.push({ host, flags });
      return { canonicalName: 'site.azurefd.net' };
    };
    expect(await platform.cachedCname('www.clinique.example', false)).toBe('site.azurefd.net');
    expect(fake.recorded.dnsQueries).toEqual([{ host: 'www.clinique.example', flags: ['canonical_name', 'offline'] }]);
    expect(await platform.cachedCname('www.clinique.example', true)).toBeNull();
    expect(fake.recorded.dnsQueries).toHaveLength(1);
  });

  it('a proxied response says so, and a private one too', () => {
    const o = platform.observationOf({ tabId: 3, url: 'https://a.example/', method: 'GET', type: 'main_frame', ip: '10.0.0.1', timeStamp: 1, proxyInfo: { type: 'http' }, incognito: true });
    expect(o).toMatchObject({ viaProxy: true, incognito: true, ip: '10.0.0.1', frameId: 0 });
    expect(platform.observationOf({ tabId: 3, url: 'https://a.example/', method: 'GET', type: 'script', timeStamp: 1, proxyInfo: null })).toMatchObject({ viaProxy: false, ip: null });
  });

  it('knows a tab is private from tab events', () => {
    platform.watchTabs({ updated: () => undefined, removed: () => undefined, replaced: () => undefined });
    fake.events.tabCreated.fire({ id: 9, incognito: true });
    expect(platform.isPrivateTab(9)).toBe(true);
    expect(platform.observationOf({ tabId: 9, url: 'https://a.example/', method: 'GET', type: 'script', timeStamp: 1 }).incognito).toBe(true);
    fake.events.tabReplaced.fire(10, 9);
    expect(platform.isPrivateTab(10)).toBe(true);
    fake.events.tabRemoved.fire(10);
    expect(platform.isPrivateTab(10)).toBe(false);
  });
});
