/**
 * Churn (issue 7): 200 navigations over the demo sites in several tabs (150 in Chromium, 50 in Firefox, where each
 * stop waits for the idle suspend), with the background stopped at random points, mid-page included. At the end
 * every tab shows what a fresh load of its site shows, storage.session stays bounded, and (in Chromium, where the
 * worker's console can be watched) the background logged no error.
 */
import type { Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, type BrowserName, type Harness, type TabPage } from './harness.ts';
import { DEMO_SITES } from '../../demo/sites.ts';
import { MAX_HOSTS_PER_TAB } from '../../src/core/report.ts';
import type { TabReport } from '../../src/core/types.ts';
import { seededRandom } from '../fixtures/seeded-random.ts';

const PLAN: Record<BrowserName, { navigations: number; stops: number; tabs: number }> = {
  chromium: { navigations: 150, stops: 8, tabs: 3 },
  firefox: { navigations: 50, stops: 4, tabs: 2 },
};
/** Reports of earlier pages kept per tab (src/background/tab-store.ts). */
const PREVIOUS_PAGES = 4;
/** Generous ceiling on all of storage.session for a handful of tabs of demo pages. */
const MAX_SESSION_BYTES = 1_000_000;


/** What the user sees of a tab: verdict, health, toolbar text and colour. */
function view(report: TabReport, toolbar: { text: string; color: string }) {
  return {
    host: report.host,
    provider: report.main?.provider?.id ?? null,
    level: report.level,
    health: report.health?.health ?? null,
    toolbar: { text: toolbar.text, color: toolbar.color },
  };
}

const sites = DEMO_SITES.map((s) => s.host).filter((host) => host !== 'mesure-demo.test');

describe.each<BrowserName>(['chromium', 'firefox'])('churn in %s', (name) => {
  let h: Harness;
  const workerErrors: string[] = [];
  const seed = Number(process.env.CHURN_SEED ?? Date.now() % 100_000);

  beforeAll(async () => {
    h = await launch(name);
    if (name === 'chromium') {
      h.chromium!.on('console', (message) => {
        const fromWorker = (message as unknown as { worker(): Worker | null }).worker?.() ?? null;
        if (fromWorker && ['error', 'assert'].includes(message.type())) workerErrors.push(message.text());
      });
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Makes uncaught errors of the (restarted) worker visible on its console, where the test listens. */
  async function watchWorkerErrors(): Promise<void> {
    if (name !== 'chromium') return;
    const worker = h.chromium!.serviceWorkers()[0];
    await Promise.race([
      worker?.evaluate(() => {
        const scope = self as unknown as { __watched?: boolean };
        if (scope.__watched) return;
        scope.__watched = true;
        self.addEventListener('error', (e) => console.error('uncaught', (e as ErrorEvent).message));
        self.addEventListener('unhandledrejection', (e) => console.error('unhandled rejection', String((e as PromiseRejectionEvent).reason)));
      }),
      new Promise((r) => setTimeout(r, 1_000)),
    ]).catch(() => undefined);
  }

  it(`${PLAN[name].navigations} navigations with the background stopped ${PLAN[name].stops} times: every tab ends as a fresh load shows it`, async () => {
    const plan = PLAN[name];
    const next = seededRandom(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
    const stopAt = new Set<number>();
    while (stopAt.size < plan.stops) stopAt.add(1 + Math.floor(next() * (plan.navigations - 2)));
    const tabs: TabPage[] = [];
    const last = new Map<TabPage, string>();
    /** The index of each tab's last navigation or reload, for the failure message. */
    const lastAction = new Map<TabPage, number>();
    for (let i = 0; i < plan.tabs; i++) {
      const host = pick(sites);
      const tab = await h.open(h.url(host));
      tabs.push(tab);
      last.set(tab, host);
    }
    await watchWorkerErrors();
    const startedAt = (await h.stats()).startedAt;
    let restarts = 0;
    for (let n = 0; n < plan.navigations; n++) {
      const tab = pick(tabs);
      const host = pick(sites);
      const action = next();
      lastAction.set(tab, n);
      try {
        if (action < 0.1) await tab.reload();
        else {
          await tab.goto(h.url(host));
          last.set(tab, host);
        }
      } catch (error) {
        throw new Error(`navigation ${n} (seed ${seed}) to ${host} failed: ${String(error)}`);
      }
      if (stopAt.has(n)) {
        // Right after the load event, before the coalesced write: the worker may die with the page half reported.
        await h.stopBackground();
        restarts++;
        await watchWorkerErrors();
      }
    }
    expect((await h.stats()).startedAt).not.toBe(startedAt);
    expect(restarts).toBe(plan.stops);

    for (const tab of tabs) {
      const host = last.get(tab)!;
      const settled = await h.waitForReport(tab.tabId, (r) => r.host === host && r.main !== null && r.health !== null, `the final report of ${host} (seed ${seed})`);
      const fresh = await h.open(h.url(host));
      const freshReport = await h.waitForReport(fresh.tabId, (r) => r.host === host && r.main !== null && r.health !== null, `a fresh report of ${host}`);
      const freshToolbar = await h.waitForToolbar(fresh.tabId, (t) => t.text !== '', `the fresh toolbar of ${host}`);
      const expected = view(freshReport, freshToolbar);
      // The toolbar is re-applied after commit; give it the same chance as the fresh tab.
      const toolbar = await h.waitForToolbar(tab.tabId, (t) => t.text === expected.toolbar.text && t.color === expected.toolbar.color, `the toolbar of ${host} after churn (seed ${seed})`).catch(() => h.toolbar(tab.tabId));
      const when = `last action ${lastAction.get(tab) ?? 'none'}, stops after ${[...stopAt].sort((a, b) => a - b).join(', ')}`;
      expect(view(settled, toolbar), `${host} after churn (seed ${seed}; ${when})`).toEqual(expected);
      await fresh.close();
    }

    // Closed tabs are forgotten; what remains is bounded per tab and in total.
    await new Promise((r) => setTimeout(r, 400));
    const session = await h.ext(() => chrome.storage.session.get(null));
    const tabKeys = Object.keys(session).filter((k) => k.startsWith('tab:'));
    const openTabs = new Set(await h.ext(async () => (await chrome.tabs.query({})).map((t) => `tab:${t.id}`)));
    expect(tabKeys.filter((k) => !openTabs.has(k)), 'stored tabs that are closed').toEqual([]);
    for (const key of tabKeys) {
      const stored = session[key] as { report: TabReport; previous: TabReport[] };
      expect(stored.report.hosts.length).toBeLessThanOrEqual(MAX_HOSTS_PER_TAB);
      expect(stored.previous.length).toBeLessThanOrEqual(PREVIOUS_PAGES);
      for (const page of stored.previous) expect(page.hosts.length).toBeLessThanOrEqual(MAX_HOSTS_PER_TAB);
    }
    expect(JSON.stringify(session).length).toBeLessThan(MAX_SESSION_BYTES);
    expect(workerErrors, `errors on the worker console (seed ${seed})`).toEqual([]);
    for (const tab of tabs) await tab.close();
  }, 240_000);
});
