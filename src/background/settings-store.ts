/** The effective settings in the background: stored user settings merged with managed policy, kept current. */
import { DEFAULT_SETTINGS, mergeSettings, SETTINGS_KEY, type Settings } from '../shared/settings.ts';
import { browser } from '../platform/browser.ts';
import { resolveLang, type Lang } from '../shared/i18n.ts';
import { uiLanguage } from '../platform/browser.ts';

let current: Settings = DEFAULT_SETTINGS;
const listeners: ((settings: Settings) => void)[] = [];

async function readManaged(): Promise<unknown> {
  try {
    return await browser.storage.managed.get(null);
  } catch {
    // No policy installed (the usual case); Firefox throws when no managed manifest exists.
    return {};
  }
}

async function load(): Promise<void> {
  const [stored, managed] = await Promise.all([browser.storage.local.get(SETTINGS_KEY), readManaged()]);
  current = mergeSettings(stored[SETTINGS_KEY], managed).settings;
  for (const listener of listeners) listener(current);
}

/** Resolves once settings are loaded. */
export const settingsReady: Promise<void> = load().catch((error: unknown) => console.error('Vigie: settings', error));

/** Current effective settings. */
export function settings(): Settings {
  return current;
}

/** The language to speak in. */
export function lang(): Lang {
  return resolveLang(current.language, uiLanguage());
}

/** Calls `listener` now and whenever the settings change. */
export function onSettings(listener: (settings: Settings) => void): void {
  listeners.push(listener);
  listener(current);
}

/** Saves a change to the user's settings (managed values still win). */
export async function updateSettings(change: (settings: Settings) => Partial<Settings>): Promise<void> {
  const stored = (await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY] ?? {};
  const next = { ...(stored as object), ...change(current) };
  await browser.storage.local.set({ [SETTINGS_KEY]: next });
}

browser.storage.onChanged.addListener((_changes, area) => {
  if (area === 'local' || area === 'managed') void load();
});
