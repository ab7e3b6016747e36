/**
 * The toolbar badge against the browser's resets (Chromium and Firefox clear a tab's badge when a navigation commits,
 * sometimes after the worker saw the commit's event): whatever the order of the reset and the changes between the
 * loading event and the load's end, the tab ends showing every part of its verdict (churn e2e, seed 50216: a reset
 * after the commit's application, then a change that set only the colour and title, left the text empty).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { TabReport } from '../../src/core/types.ts';
import { DEFAULT_SETTINGS } from '../../src/shared/settings.ts';
import { MICROSOFT_HEALTH } from '../fixtures/ui/tab-reports.ts';

vi.mock('../../src/platform/browser.ts', () => import('../fixtures/fake-platform.ts'));

const fake = await import('../fixtures/fake-platform.ts');
const toolbar = await import('../../src/background/toolbar.ts');

const TAB = 61;
/** The page as first applied (its health not decided yet), then decided health. */
const undecided: TabReport = { ...MICROSOFT_HEALTH, tabId: TAB, health: null };
const decided: TabReport = { ...MICROSOFT_HEALTH, tabId: TAB };
const apply = (report: TabReport, afterLoad = false) => toolbar.applyToolbar(report, DEFAULT_SETTINGS, 'fr', afterLoad);
const expected = () => toolbar.toolbarState(decided, DEFAULT_SETTINGS, 'fr');
const shown = () => fake.recorded.toolbars.get(TAB);

describe('toolbar badge and the browser resets', () => {
  beforeEach(() => {
    toolbar.forgetToolbar(TAB);
    fake.resetToolbar(TAB);
  });

  /** The page's first application, the browser's reset after it, a change (health decided), then the load's end. */
  async function resetThenChange(): Promise<void> {
    await apply(undecided);
    fake.resetToolbar(TAB);
    await apply(decided);
    await apply(decided, true);
  }

  it('a reset after the commit, then a change before the load ends: every part is set again', async () => {
    toolbar.tabUrlSeen(TAB, true, decided.url, decided.url);
    await resetThenChange();
    expect(shown()).toEqual(expected());
  });

  it('a reload (loading with no new URL), reset after the first change', async () => {
    toolbar.tabUrlSeen(TAB, false, undefined, decided.url);
    await apply(decided);
    expect(shown()).toEqual(expected());
    toolbar.tabUrlSeen(TAB, true, undefined, decided.url);
    await resetThenChange();
    expect(shown()).toEqual(expected());
  });

  it('a reset after the last change before the load ends: the read-back sets it again', async () => {
    toolbar.tabUrlSeen(TAB, true, decided.url, decided.url);
    await apply(decided);
    fake.resetToolbar(TAB);
    const reads = fake.apiCalls.badgeReads;
    await apply(decided, true);
    expect(fake.apiCalls.badgeReads - reads).toBe(1);
    expect(shown()).toEqual(expected());
  });

  it('after the load end, a change sets only the parts that differ', async () => {
    toolbar.tabUrlSeen(TAB, true, decided.url, decided.url);
    await apply(undecided);
    await apply(undecided, true);
    const before = { ...fake.apiCalls };
    await apply(decided);
    expect(shown()).toEqual(expected());
    const state = toolbar.toolbarState(undecided, DEFAULT_SETTINGS, 'fr');
    expect(fake.apiCalls.badgeText - before.badgeText).toBe(state.text === expected().text ? 0 : 1);
    expect(fake.apiCalls.badgeTitle - before.badgeTitle).toBe(1);
  });
});
