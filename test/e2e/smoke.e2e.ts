/** Smoke: the built extension loads in each browser, sees a server IP, sets the toolbar badge and names the host in its popup. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, type BrowserName, type Harness } from './harness.ts';

describe.each<BrowserName>(['chromium', 'firefox'])('smoke in %s', (name) => {
  let h: Harness;
  beforeAll(async () => {
    h = await launch(name);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('sees the server IP, sets the toolbar badge, and the popup names the host', async () => {
    const tab = await h.open(h.url('clinique-demo.test'));
    const report = await h.waitForReport(tab.tabId, (r) => r.main !== null && r.health !== null, 'the clinic report');
    expect(report.host).toBe('clinique-demo.test');
    expect(report.main?.ip).toBe('127.0.0.1');
    expect(report.main?.provider?.id).toBe('microsoft');
    const toolbar = await h.waitForToolbar(tab.tabId, (t) => t.text !== '', 'the toolbar badge');
    expect(toolbar.text).toBe('US!');
    const popup = await h.openExtensionPage(`src/popup/index.html?tabId=${tab.tabId}`);
    await popup.waitFor('[data-testid="headline"], #host');
    const body = await popup.evaluate(() => document.body.innerText);
    expect(body).toContain('Microsoft');
    await popup.close();
    await tab.close();
  });

  it('loads both packaged routing tables (the demo verdicts above come from rules, not from them)', async () => {
    const deadline = Date.now() + 15_000;
    let loaded = (await h.stats()).tableLoadMs;
    while (loaded.full === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      loaded = (await h.stats()).tableLoadMs;
    }
    expect(loaded.hot).toBeGreaterThan(0);
    expect(loaded.full).toBeGreaterThan(0);
  });
});
