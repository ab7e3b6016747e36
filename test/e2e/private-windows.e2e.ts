/**
 * Private windows (issue 13), in real Chromium and Firefox ESR with the extension allowed there (manifest
 * `incognito: "spanning"`): a health page in a private window gets its verdict on the toolbar and in its report, and
 * nothing from it reaches storage (history with the option on, the host->IP memory, the site memory, stored tab
 * reports). The same page in a normal window does record, so each check can fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type AddressInfo } from 'node:net';
import { launch, type BrowserName, type Harness } from './harness.ts';
import { LEVEL_COLORS } from '../../src/shared/levels.ts';
import { HISTORY_KEY } from '../../src/shared/history.ts';

/** What Vigie keeps on disk (storage.local) and for the session (storage.session), as the extension sees it. */
const stored = (h: Harness) =>
  h.ext(async () => ({ local: await chrome.storage.local.get(null), session: await chrome.storage.session.get(null) }));

/**
 * Opens a tab in the control page's own (normal) window: a browser may put a test's new tab in the last focused
 * window, which is the private one here (Firefox does).
 */
const openNormal = (h: Harness, url: string) =>
  h.ext(async (u: string) => {
    const window = await chrome.windows.getCurrent();
    const tab = await chrome.tabs.create({ url: u, windowId: window.id! });
    return tab.id!;
  }, url);

const mentions = (value: unknown, host: string) => JSON.stringify(value ?? null).includes(host);

describe.each<BrowserName>(['chromium', 'firefox'])('private windows in %s', (name) => {
  let h: Harness;
  beforeAll(async () => {
    h = await launch(name, { privateWindows: true });
    await h.settings({ history: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a health page in a private window shows its verdict and leaves nothing behind; in a normal window it is recorded', async () => {
    const clinic = 'clinique-demo.test';
    const privateTab = await h.openPrivate(h.url(clinic));
    const report = await h.waitForReport(privateTab, (r) => r.host === clinic && r.main !== null && r.health !== null, 'the private tab\'s report');
    expect(report).toMatchObject({ level: 'extra-eu', main: { provider: { id: 'microsoft' } }, health: { health: true } });
    await h.waitForToolbar(privateTab, (t) => t.text === 'US!' && t.color === LEVEL_COLORS['extra-eu'], 'the red US! badge in the private window');

    // A normal page afterwards: once its history entry and IP are stored, the private page's would have been too.
    const normal = await openNormal(h, h.url('labo-demo.test'));
    await h.waitForReport(normal, (r) => r.main !== null && r.health !== null, 'the normal tab\'s report');
    const barrier = async () => {
      for (let i = 0; i < 100; i++) {
        const s = await stored(h);
        if (mentions(s.local[HISTORY_KEY], 'labo-demo.test') && mentions(s.session['ip-memory'], 'labo-demo.test') && s.session[`tab:${normal}`]) return s;
        await new Promise((r) => setTimeout(r, 100));
      }
      const s = await stored(h);
      throw new Error(`the normal page was never stored: history ${mentions(s.local[HISTORY_KEY], 'labo-demo.test')}, ip-memory ${mentions(s.session['ip-memory'], 'labo-demo.test')}, tab state ${s.session[`tab:${normal}`] !== undefined}; report ${JSON.stringify(await h.report(normal)).slice(0, 600)}; tabs ${JSON.stringify(await h.ext(async () => (await chrome.tabs.query({})).map((t) => [t.id, t.windowId, t.incognito, t.url])))}`);
    };
    const afterPrivate = await barrier();
    expect(mentions(afterPrivate.local[HISTORY_KEY], clinic)).toBe(false);
    expect(mentions(afterPrivate.session['ip-memory'], clinic)).toBe(false);
    expect(mentions(afterPrivate.session['site-memory'], clinic)).toBe(false);
    expect(afterPrivate.session[`tab:${privateTab}`]).toBeUndefined();
    // (The settings hold the demo rules, which name every demo host.)
    expect(Object.keys(afterPrivate.local).filter((k) => k !== 'settings' && mentions(afterPrivate.local[k], clinic))).toEqual([]);
    // The report still lives in memory while the window is open.
    expect((await h.report(privateTab))?.host).toBe(clinic);

    // The same page in a normal window is recorded everywhere the private one was not.
    const again = await openNormal(h, h.url(clinic));
    await h.waitForReport(again, (r) => r.main !== null && r.health?.health === true, 'the normal clinic report');
    for (let i = 0; i < 100; i++) {
      const s = await stored(h);
      if (mentions(s.local[HISTORY_KEY], clinic) && mentions(s.session['ip-memory'], clinic) && mentions(s.session['site-memory'], clinic) && s.session[`tab:${again}`]) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the normal clinic visit was not recorded: ${JSON.stringify(await stored(h)).slice(0, 1500)}`);
  });

  it('a page that did not load in a private window says so and is not stored; in a normal window it is', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = probe.address() as AddressInfo;
        probe.close(() => resolve(p));
      });
    });
    const refused = `http://localhost:${port}/prive`;
    const privateTab = await h.openPrivate(refused);
    const report = await h.waitForReport(privateTab, (r) => r.url === refused && r.loadError !== undefined, 'the private tab\'s page that did not load');
    expect(report).toMatchObject({ main: null, loadError: { reason: 'refused' } });
    await h.waitForToolbar(privateTab, (t) => t.text === '', 'no level in the private window');
    const normal = await openNormal(h, refused.replace('/prive', '/normal'));
    await h.waitForReport(normal, (r) => r.loadError?.reason === 'refused', 'the normal tab\'s page that did not load');
    for (let i = 0; i < 100 && !(await stored(h)).session[`tab:${normal}`]; i++) await new Promise((r) => setTimeout(r, 100));
    const after = await stored(h);
    expect(mentions(after.session[`tab:${normal}`], 'CONNECTION_REFUSED')).toBe(true);
    expect(after.session[`tab:${privateTab}`]).toBeUndefined();
    expect(mentions(after.session, '/prive')).toBe(false);
  });
});
