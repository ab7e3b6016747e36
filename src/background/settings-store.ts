/** The effective settings in the background: stored user settings merged with managed policy, kept current. */
import { DEFAULT_SETTINGS, mergeSettings, sanitizeSettings, SETTINGS_KEY, type Settings } from '../shared/settings.ts';
import { localArea, onStorageChanged, readManaged, uiLanguage } from '../platform/browser.ts';
import { resolveLang, type Lang } from '../shared/lang.ts';

/**
 * Chromium answers `storage.managed` only once its policy service is up, seconds after the browser starts (measured by
 * the pageload bench: 3-4 s, once over 20 s; Ghostery and Privacy Badger stopped waiting for it too). The settings,
 * part of the worker's readiness barrier, wait for it this long at most; meanwhile the last policy read stands (kept
 * in storage.local, which only the extension writes), and the policy applies when it answers.
 */
export const MANAGED_WAIT_MS = 500;
/** storage.local key of the last managed policy read (sanitized). */
export const MANAGED_COPY_KEY = 'managedPolicy';

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

/** Reads the managed policy; the copy is rewritten when it changed. */
async function readPolicy(copy: unknown): Promise<unknown> {
  const policy = sanitizeSettings(await readManaged());
  if (JSON.stringify(policy) !== JSON.stringify(copy)) await localArea.set({ [MANAGED_COPY_KEY]: policy }).catch(() => undefined);
  return policy;
}

async function load(): Promise<void> {
  const stored = await localArea.get([SETTINGS_KEY, MANAGED_COPY_KEY]);
  const copy = stored[MANAGED_COPY_KEY];
  const policy = readPolicy(copy);
  const late = Symbol('late');
  const inTime = await Promise.race([policy, new Promise<typeof late>((resolve) => setTimeout(() => resolve(late), MANAGED_WAIT_MS))]);
  managed = inTime === late ? (copy ?? {}) : inTime;
  apply(stored[SETTINGS_KEY]);
  if (inTime === late) {
    void policy.then((fresh) => {
      managed = fresh;
      apply(userSettings);
    }, (error: unknown) => console.error('Vigie: managed settings', error));
  }
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
