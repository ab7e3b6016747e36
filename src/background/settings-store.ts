/** The effective settings in the background: stored user settings merged with managed policy, kept current. */
import { DEFAULT_SETTINGS, mergeSettings, sanitizeSettings, SETTINGS_KEY, type Settings } from '../shared/settings.ts';
import { localArea, onStorageChanged, uiLanguage } from '../platform/browser.ts';
import { POLICY_KEYS, readPolicy } from '../shared/managed-policy.ts';
import { resolveLang, type Lang } from '../shared/lang.ts';

let current: Settings = DEFAULT_SETTINGS;
let managed: unknown = {};
/** The user's stored settings as last applied (a late policy is merged with them). */
let userSettings: unknown;
const listeners: ((settings: Settings, before: Settings) => void)[] = [];

function apply(stored: unknown): void {
  const before = current;
  userSettings = stored;
  current = mergeSettings(stored, managed).settings;
  for (const listener of listeners) listener(current, before);
}

async function load(): Promise<void> {
  const stored = await localArea.get([SETTINGS_KEY, ...POLICY_KEYS]);
  const read = readPolicy(stored);
  managed = read.policy;
  apply(stored[SETTINGS_KEY]);
  void read.late.then((policy) => {
    if (policy === undefined) return;
    managed = policy;
    apply(userSettings);
  }, (error: unknown) => console.error('Vigie: managed settings', error));
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

/** Calls `listener` now and whenever the settings change (with the settings before the change). */
export function onSettings(listener: (settings: Settings, before: Settings) => void): void {
  listeners.push(listener);
  listener(current, current);
}

/**
 * Saves a change to the user's settings (managed values still win), and applies it at once: what the background
 * decides next (a page's health after an override) must not wait for the storage event.
 */
export async function updateSettings(change: (settings: Settings) => Partial<Settings>): Promise<void> {
  const stored = sanitizeSettings((await localArea.get(SETTINGS_KEY))[SETTINGS_KEY]);
  const next = { ...stored, ...change(current) };
  apply(next);
  await localArea.set({ [SETTINGS_KEY]: next });
}

onStorageChanged((keys, area) => {
  if (area === 'managed' || (area === 'local' && keys.includes(SETTINGS_KEY))) void load();
});
