/**
 * Extension API calls per navigation (issue 15), counted by the platform facade (`apiCalls`, also in get-stats): a
 * typical navigation to a health page and to a non-health page, with the real background over the fake platform.
 * Counts, not time: every call that changes nothing is a defect.
 */
import { describe, expect, it, vi } from 'vitest';
import type { PageSignals } from '../../src/core/types.ts';
import type { RawResponse } from '../../src/platform/background.ts';
import { signals } from '../fixtures/page-signals.ts';
import type { ApiCallCounts } from '../../src/shared/messages.ts';
import { DISCREET_COLOR, LEVEL_COLORS } from '../../src/shared/levels.ts';

vi.mock('../../src/platform/browser.ts', () => import('../fixtures/fake-platform.ts'));
vi.mock('../../src/platform/packaged-file.ts', () => import('../fixtures/fake-platform.ts'));

const fake = await import('../fixtures/fake-platform.ts');

const response = (tabId: number, url: string, type: string, ip: string): RawResponse => ({ tabId, frameId: 0, url, method: 'GET', type, ip, fromCache: false, timeStamp: Date.now() });
const HEALTH: Partial<PageSignals> = {
  title: 'Assurance maladie — remboursements, médecin traitant, soins',
  headings: ['Vos remboursements de soins', 'Trouver un médecin'],
  schemaTypes: ['MedicalOrganization'],
  text: 'Patients, médecins, soins, hospitalisation, consultation, ordonnance, remboursement des soins, maladie.',
};

async function background() {
  const store = await import('../../src/background/tab-store.ts');
  const messaging = await import('../../src/background/messaging.ts');
  const engine = await import('../../src/background/engine.ts');
  await (await import('../../src/background/index.ts')).backgroundReady;
  await engine.fullTableReady;
  return { store, messaging };
}

/**
 * One navigation from another page, in the order Chromium delivers it (traced in the pageload bench's browser): the
 * main-frame response, then the commit (the browser resets the tab's badge) and its `tabs.onUpdated` (loading, with
 * the URL), sub-resources, load, the injected reader's result. `resetAfterEvent`: the browser's reset lands after the
 * worker applied the badge at the commit's event (seen with a worker stopped mid-navigation).
 */
async function navigate(tabId: number, url: string, page: Partial<PageSignals>, from: 'another page' | 'a new tab' = 'another page', resetAfterEvent = false): Promise<ApiCallCounts> {
  const { store } = await background();
  const previous = `https://accueil.example.org/${tabId}`;
  // A new tab's about:blank comes with no URL (the extension may not read it).
  if (from === 'a new tab') fake.events.tabUpdated.fire(tabId, { status: 'loading' }, { id: tabId, incognito: false });
  else fake.events.tabUpdated.fire(tabId, { status: 'loading', url: previous }, { id: tabId, url: previous, incognito: false });
  // That URL change is read once it has settled (it could be the page's own history change): past it, with nothing read.
  fake.pageReads.delete(tabId);
  await new Promise((r) => setTimeout(r, 450));
  await store.flush();
  const before = { ...fake.apiCalls };
  const tab = { id: tabId, url, incognito: false };
  fake.events.responseStarted.fire(response(tabId, url, 'main_frame', '51.91.0.1'));
  if (!resetAfterEvent) fake.resetToolbar(tabId);
  fake.events.tabUpdated.fire(tabId, { status: 'loading', url }, tab);
  await new Promise((r) => setTimeout(r, 0));
  if (resetAfterEvent) fake.resetToolbar(tabId);
  for (let i = 0; i < 20; i++) fake.events.responseStarted.fire(response(tabId, `https://cdn${i % 4}.tiers.example.net/r${i}.js`, 'script', `13.32.0.${i % 4 + 1}`));
  fake.pageReads.set(tabId, { signals: signals(url, page), loaded: [] });
  fake.events.tabUpdated.fire(tabId, { status: 'complete' }, tab);
  await vi.waitFor(() => expect(store.getTab(tabId)?.report.health).not.toBeNull());
  // Past the coalescing delay: every write of this navigation is made.
  await new Promise((r) => setTimeout(r, 300));
  await store.flush();
  return Object.fromEntries(Object.entries(fake.apiCalls).map(([k, v]) => [k, v - before[k as keyof ApiCallCounts]])) as unknown as ApiCallCounts;
}

describe('extension API calls per navigation', { shuffle: false }, () => {
  it('the badge text colour is set once for every tab, not per navigation', async () => {
    const first = await navigate(39, 'https://boutique.example.com/premiere', {});
    const second = await navigate(39, 'https://boutique.example.com/seconde', {});
    expect([first.badgeTextColor, second.badgeTextColor]).toEqual([1, 0]);
  });

  it('a health page (listed domain) with 20 third-party responses', async () => {
    const counts = await navigate(40, 'https://www.ameli.fr/', HEALTH);
    // Nothing at the main-frame response (the page has not committed: the commit would erase it); the badge is set in
    // full at the commit's event, and read back at the load's end (one read, not three sets: Chromium may reset it
    // after the commit's event); colour and title change once more when the page is judged health. Writes: the verdict
    // at once, in the same call as the tab's own sub-resource listener (a listed domain is observed from its first
    // response), and the health decision at once (what the user sees); the rest coalesced with them. One injection
    // (the reader, with the badge code since the tab is observed), then the badge sent to the page.
    expect(counts).toEqual({ badgeText: 1, badgeColor: 2, badgeTitle: 2, badgeTextColor: 0, badgeReads: 1, storageWrites: 2, injections: 1, messagesToTabs: 1, dnsCacheReads: 0 });
  });

  it('a non-health page: its sub-resources never arrive', async () => {
    const counts = await navigate(41, 'https://boutique.example.com/', {});
    expect(counts).toEqual({ badgeText: 1, badgeColor: 1, badgeTitle: 1, badgeTextColor: 0, badgeReads: 1, storageWrites: 2, injections: 1, messagesToTabs: 0, dnsCacheReads: 0 });
  });

  it('a non-health page in a new tab: nothing set before its commit either', async () => {
    const counts = await navigate(42, 'https://boutique.example.com/neuf', {}, 'a new tab');
    expect(counts).toEqual({ badgeText: 1, badgeColor: 1, badgeTitle: 1, badgeTextColor: 0, badgeReads: 1, storageWrites: 2, injections: 1, messagesToTabs: 0, dnsCacheReads: 0 });
  });

  it("a badge the browser reset after the commit's event is set again in full at the load's end, and shows the verdict", async () => {
    const counts = await navigate(43, 'https://boutique.example.com/remise', {}, 'another page', true);
    expect(counts).toMatchObject({ badgeText: 2, badgeColor: 2, badgeTitle: 2, badgeReads: 1 });
    const shown = fake.recorded.toolbars.get(43);
    expect(shown?.text).not.toBe('');
    expect(shown?.title).not.toBe(fake.DEFAULT_TITLE);
    expect(shown).toEqual({ text: expect.any(String), color: expect.any(String), title: expect.stringContaining('—') });
  });

  it("without any reset, what the tab shows at the end is what the commit's event applied", async () => {
    await navigate(44, 'https://boutique.example.com/stable', {});
    const shown = fake.recorded.toolbars.get(44);
    expect(shown).toEqual({ text: expect.stringMatching(/\S/), color: expect.any(String), title: expect.stringContaining('—') });
  });

  it('a change of where the badge alarms reaches the open tabs at once, with only the part that changes set', async () => {
    await navigate(46, 'https://boutique.example.com/chaussures', {});
    expect(fake.recorded.toolbars.get(46)?.color).toBe(DISCREET_COLOR);
    const settings = await import('../../src/background/settings-store.ts');
    const before = { ...fake.apiCalls };
    await settings.updateSettings(() => ({ badgeScope: 'all' }));
    try {
      const { store } = await background();
      expect(fake.recorded.toolbars.get(46)?.color).toBe(LEVEL_COLORS[store.getTab(46)!.report.main!.level]);
      expect(fake.recorded.toolbars.get(46)?.color).not.toBe(DISCREET_COLOR);
      expect(fake.apiCalls.badgeText - before.badgeText).toBe(0);
      expect(fake.apiCalls.badgeTitle - before.badgeTitle).toBe(0);
    } finally {
      await settings.updateSettings(() => ({ badgeScope: 'health' }));
    }
    expect(fake.recorded.toolbars.get(46)?.color).toBe(DISCREET_COLOR);
  });
});
