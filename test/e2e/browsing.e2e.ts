/**
 * While browsing (issue 5): the demo scenarios in real Chromium and Firefox ESR. For each, the toolbar badge, the page
 * badge and the stored report; then the same after the background was stopped between navigations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, type BrowserName, type Harness, type TabPage } from './harness.ts';
import { LEVEL_COLORS, DISCREET_COLOR } from '../../src/shared/verdict-text.ts';
import type { TabReport } from '../../src/core/types.ts';

const hostOf = (r: TabReport, host: string) => r.hosts.find((h) => h.verdict.host === host);

describe.each<BrowserName>(['chromium', 'firefox'])('browsing in %s', (name) => {
  let h: Harness;
  const opened: TabPage[] = [];
  const open = async (host: string, path = '/') => {
    const tab = await h.open(h.url(host, path));
    opened.push(tab);
    return tab;
  };
  /** Waits until the page's verdict and health are both known. */
  const settled = (tab: TabPage, host: string) =>
    h.waitForReport(tab.tabId, (r) => r.host === host && r.main !== null && r.health !== null, `the report of ${host}`);

  beforeAll(async () => {
    h = await launch(name);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('health site on an extra-EU provider: red toolbar badge with the country, page badge, stored report', async () => {
    const tab = await open('clinique-demo.test');
    const report = await settled(tab, 'clinique-demo.test');
    expect(report.health?.health).toBe(true);
    expect(report.main).toMatchObject({ ip: '127.0.0.1', provider: { id: 'microsoft', country: 'US' }, level: 'extra-eu' });
    expect(report.level).toBe('extra-eu');
    const toolbar = await h.waitForToolbar(tab.tabId, (t) => t.text === 'US!' && t.color === LEVEL_COLORS['extra-eu'], 'red US badge');
    expect(toolbar.title).toMatch(/Microsoft/);
    const badge = await h.pageBadge(tab);
    expect(badge.present).toBe(true);
    if (badge.label !== undefined) expect(badge.label).toMatch(/Microsoft/);
  });

  it('health site on a SecNumCloud-qualified provider: says the provider holds it, not that the offer is verified', async () => {
    const tab = await open('mutuelle-demo.test');
    const report = await settled(tab, 'mutuelle-demo.test');
    expect(report.main).toMatchObject({ provider: { id: 'ovhcloud' }, level: 'secnumcloud-provider' });
    await h.waitForToolbar(tab.tabId, (t) => ['UE+', 'EU+'].includes(t.text) && t.color === LEVEL_COLORS['secnumcloud-provider'], 'UE+ badge');
    expect((await h.pageBadge(tab)).present).toBe(true);
  });

  it('EU provider without SecNumCloud: blue badge', async () => {
    const tab = await open('labo-demo.test');
    const report = await settled(tab, 'labo-demo.test');
    expect(report.main).toMatchObject({ provider: { id: 'scaleway', country: 'FR' }, level: 'eu' });
    await h.waitForToolbar(tab.tabId, (t) => ['EU', 'UE'].includes(t.text) && t.color === LEVEL_COLORS.eu, 'EU badge');
  });

  it('non-health shop: discreet toolbar badge and no page badge', async () => {
    const tab = await open('boutique-demo.test');
    const report = await settled(tab, 'boutique-demo.test');
    expect(report.health?.health).toBe(false);
    expect(report.main?.provider?.id).toBe('aws');
    await h.waitForToolbar(tab.tabId, (t) => t.text === 'US!' && t.color === DISCREET_COLOR, 'discreet badge');
    expect((await h.pageBadge(tab)).present).toBe(false);
  });

  it('health page behind a CDN: identified by its response headers, role cdn', async () => {
    const tab = await open('cdn-sante-demo.test');
    const report = await settled(tab, 'cdn-sante-demo.test');
    expect(report.main).toMatchObject({ provider: { id: 'cloudflare' }, role: 'cdn', level: 'extra-eu' });
    expect(report.main?.evidence.some((e) => e.kind === 'header')).toBe(true);
  });

  it('unknown host (loopback, no rule): grey "?" badge and an honest reason', async () => {
    const tab = await open('inconnu-sante-demo.test');
    const report = await settled(tab, 'inconnu-sante-demo.test');
    expect(report.main).toMatchObject({ provider: null, level: 'unknown', ipScope: 'loopback' });
    await h.waitForToolbar(tab.tabId, (t) => t.text === '?', 'unknown badge');
  });

  it('a form POST and a beacon to a third party on another provider are counted as data sent', async () => {
    const tab = await open('clinique-demo.test');
    await settled(tab, 'clinique-demo.test');
    const before = await h.waitForReport(tab.tabId, (r) => (hostOf(r, 'mesure-demo.test')?.sentData ?? 0) >= 1, 'the beacon');
    await tab.click('#contact button');
    const after = await h.waitForReport(
      tab.tabId,
      (r) => (hostOf(r, 'mesure-demo.test')?.sentData ?? 0) > (hostOf(before, 'mesure-demo.test')?.sentData ?? 0),
      'the form POST',
    );
    const third = hostOf(after, 'mesure-demo.test')!;
    expect(third.firstParty).toBe(false);
    expect(third.verdict.provider?.id).toBe('google');
    expect(after.host).toBe('clinique-demo.test');
  });

  it('a redirected navigation: the report is for the final page and keeps the hop', async () => {
    const tab = await open('clinique-demo.test', '/rdv');
    const report = await settled(tab, 'rdv-demo.test');
    expect(report.url).toBe(h.url('rdv-demo.test'));
    expect(hostOf(report, 'clinique-demo.test')).toBeDefined();
    await h.waitForToolbar(tab.tabId, (t) => t.text === 'US!', 'badge of the final page');
  });

  it('back and forward bring back each page verdict', async () => {
    const tab = await open('labo-demo.test');
    await settled(tab, 'labo-demo.test');
    await tab.goto(h.url('boutique-demo.test'));
    await settled(tab, 'boutique-demo.test');
    await tab.back();
    await h.waitForReport(tab.tabId, (r) => r.host === 'labo-demo.test' && r.main?.provider?.id === 'scaleway', 'labo after back');
    await h.waitForToolbar(tab.tabId, (t) => t.color === LEVEL_COLORS.eu, 'EU badge after back');
    await tab.forward();
    await h.waitForReport(tab.tabId, (r) => r.host === 'boutique-demo.test' && r.main?.provider?.id === 'aws', 'shop after forward');
    await h.waitForToolbar(tab.tabId, (t) => t.color === DISCREET_COLOR, 'discreet badge after forward');
  });

  it('a page served from the browser cache (no IP) keeps its verdict, and says why', async () => {
    const first = await open('labo-demo.test');
    await settled(first, 'labo-demo.test');
    const again = await open('labo-demo.test');
    const report = await settled(again, 'labo-demo.test');
    expect(report.main?.provider?.id).toBe('scaleway');
    // Whether the browser used its cache is its own choice; when it did, the verdict must say so.
    const cached = report.main?.evidence.some((e) => e.kind === 'cache');
    if (cached) expect(report.main?.ip).toBe('127.0.0.1');
  });

  it('a hostile page cannot read, restyle, remove for good, dismiss or message away the page badge', async () => {
    const tab = await open('hostile-demo.test');
    await settled(tab, 'hostile-demo.test');
    const view = await (async () => {
      for (let i = 0; i < 40; i++) {
        const v = await h.pageBadge(tab);
        if (v.present) return v;
        await new Promise((r) => setTimeout(r, 100));
      }
      return h.pageBadge(tab);
    })();
    expect(view.present).toBe(true);
    const attack = await tab.evaluate(() => (window as unknown as { __hostile: { removed: number; shadowRead: string[]; forgedClicks: number; messages: string[] } }).__hostile);
    expect(attack.removed).toBeGreaterThan(0);
    expect(attack.shadowRead.every((s) => s === 'closed')).toBe(true);
    expect(attack.messages.every((m) => m.startsWith('blocked'))).toBe(true);
    const settings = await h.ext(async () => (await chrome.storage.local.get('settings')).settings as { dismissedBadges?: string[] });
    expect(settings.dismissedBadges ?? []).not.toContain('hostile-demo.test');
    // It stays clear of the page's fixed cookie bar in the bottom-right corner.
    expect(view.rect!.x).toBeLessThan(500);
  });

  it('internal and extension pages get no verdict and a neutral badge', async () => {
    const blank = await h.open('about:blank');
    expect((await h.toolbar(blank.tabId)).text).toBe('');
    expect(await h.report(blank.tabId)).toBeNull();
    const page = await h.openExtensionPage('src/options/index.html');
    expect((await h.toolbar(page.tabId)).text).toBe('');
    await blank.close();
    await page.close();
  });

  it('after the background stops between navigations, reports and badges are the same', async () => {
    const clinic = await open('clinique-demo.test');
    const before = await settled(clinic, 'clinique-demo.test');
    const statsBefore = await h.stats();
    await h.stopBackground();
    const restored = await h.report(clinic.tabId);
    expect(restored?.main).toEqual(before.main);
    expect(restored?.health?.health).toBe(true);
    expect((await h.stats()).startedAt).not.toBe(statsBefore.startedAt);
    const shop = await open('boutique-demo.test');
    const report = await settled(shop, 'boutique-demo.test');
    expect(report.main?.provider?.id).toBe('aws');
    await h.waitForToolbar(shop.tabId, (t) => t.text === 'US!' && t.color === DISCREET_COLOR, 'shop badge after restart');
    await h.stopBackground();
    const mutuelle = await open('mutuelle-demo.test');
    await settled(mutuelle, 'mutuelle-demo.test');
    await h.waitForToolbar(mutuelle.tabId, (t) => ['UE+', 'EU+'].includes(t.text), 'UE+ after a second restart');
    expect((await h.pageBadge(mutuelle)).present).toBe(true);
    expect((await h.toolbar(clinic.tabId)).text).toBe('US!');
  });
});
