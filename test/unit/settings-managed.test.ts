/**
 * A browser's policy service can leave `storage.managed` unanswered for seconds (Chromium): neither the worker's
 * readiness nor an extension page waits for it. The last policy read applies at once (its copy in storage.local), and
 * the policy as soon as it answers. The real settings store and page settings over the fake platform.
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../src/platform/browser.ts', () => import('../fixtures/fake-platform.ts'));

type Fake = typeof import('../fixtures/fake-platform.ts');

const OVH_RULE = { match: '10.1.0.0/16', providerId: 'ovhcloud', origin: 'managed' };
const AWS_RULE = { match: '10.2.0.0/16', providerId: 'aws', origin: 'managed' };

/**
 * A restarted worker's settings store, its policy service held until `release` is called; `stored` is what
 * storage.local holds (the mocked platform is a fresh module after the reset, as the store sees it).
 */
async function startWithSlowPolicy(policy: unknown, stored: Record<string, unknown> = {}) {
  let release: () => void = () => undefined;
  vi.resetModules();
  const fake = (await import('../../src/platform/browser.ts')) as unknown as Fake;
  // The fake platform's storage can outlive the module reset: each test starts from its own storage.
  fake.localArea.data.clear();
  for (const [key, value] of Object.entries(stored)) fake.localArea.data.set(key, value);
  fake.managedStorage.policy = policy;
  fake.managedStorage.gate = new Promise<void>((resolve) => (release = resolve));
  const store = await import('../../src/background/settings-store.ts');
  return { fake, store, release };
}

describe('managed settings that the browser answers late', () => {
  it('do not hold the worker: the last policy read applies at once, the new one when it comes', async () => {
    const { fake, store, release } = await startWithSlowPolicy({ rules: [AWS_RULE] }, {
      managedPolicy: { rules: [OVH_RULE], history: false },
      settings: { history: true, badgeScope: 'health' },
    });
    // Ready with the policy still unanswered (the gate is held).
    await store.settingsReady;
    // The copy stands: its rules and its locked history setting win over the user's.
    expect(store.settings().rules.map((r) => r.providerId)).toEqual(['ovhcloud']);
    expect(store.settings().history).toBe(false);
    const seen: string[][] = [];
    store.onSettings((s) => seen.push(s.rules.map((r) => r.providerId)));
    release();
    await vi.waitFor(() => expect(store.settings().rules.map((r) => r.providerId)).toEqual(['aws']));
    // The user's own settings are kept under the new policy, which no longer locks the history; the copy is the new one.
    expect(store.settings().history).toBe(true);
    expect(seen.at(-1)).toEqual(['aws']);
    await vi.waitFor(() => expect(fake.localArea.data.get('managedPolicy')).toMatchObject({ rules: [{ providerId: 'aws' }] }));
  });

  it("an extension page (the popup) opened meanwhile speaks the user's language at once, not the browser's", async () => {
    const { fake, release } = await startWithSlowPolicy({ language: 'en' }, { settings: { language: 'fr' }, managedPolicy: {} });
    const pages = await import('../../src/ui/extension-settings.ts');
    expect(pages.pageLang((await pages.loadSettings()).settings)).toBe('fr');
    release();
    // The late policy is copied; the copy's write is what tells open pages to read their settings again.
    await vi.waitFor(() => expect(fake.localArea.data.get('managedPolicy')).toEqual({ language: 'en' }));
    expect(pages.pageLang((await pages.loadSettings()).settings)).toBe('en');
  });

  it('with no copy yet (first start), the policy applies as soon as the browser gives it', async () => {
    const { store, release } = await startWithSlowPolicy({ rules: [AWS_RULE] });
    await store.settingsReady;
    expect(store.settings().rules).toEqual([]);
    release();
    await vi.waitFor(() => expect(store.settings().rules.map((r) => r.providerId)).toEqual(['aws']));
  });
});
