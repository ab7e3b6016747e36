/**
 * Settings as extension pages see them: the user's stored values merged with managed policy (which wins and shows as
 * locked). Pages write only the user's own object; the background follows storage changes.
 */
import { localArea, onStorageChanged, uiLanguage } from '../platform/browser.ts';
import { MANAGED_COPY_KEY, POLICY_KEYS, readPolicy } from '../shared/managed-policy.ts';
import { resolveLang, type Lang } from '../shared/lang.ts';
import { mergeSettings, sanitizeSettings, SETTINGS_KEY, type Settings } from '../shared/settings.ts';

/** Effective settings, the names of the fields policy locks, and what the user stored. */
export interface LoadedSettings {
  settings: Settings;
  locked: (keyof Settings)[];
}

/**
 * Reads the effective settings, with the last policy read (a policy the browser gives later, or that changed, comes
 * back through `onSettingsChanged`, when its copy is written).
 */
export async function loadSettings(): Promise<LoadedSettings> {
  const stored = await localArea.get([SETTINGS_KEY, ...POLICY_KEYS]);
  return mergeSettings(stored[SETTINGS_KEY], readPolicy(stored).policy);
}

/** Merges a change into the user's stored settings (managed values keep winning when read back). */
export async function saveSettings(change: Partial<Settings>): Promise<void> {
  const stored = sanitizeSettings((await localArea.get(SETTINGS_KEY))[SETTINGS_KEY]);
  await localArea.set({ [SETTINGS_KEY]: { ...stored, ...change } });
}

/** Calls `listener` when settings change in storage (this page, another page, the background or policy). */
export function onSettingsChanged(listener: () => void): void {
  onStorageChanged((keys, area) => {
    if (area === 'managed' || (area === 'local' && (keys.includes(SETTINGS_KEY) || keys.includes(MANAGED_COPY_KEY)))) listener();
  });
}

/** The language the pages speak: the user's choice, else the browser's. */
export function pageLang(settings: Settings): Lang {
  return resolveLang(settings.language, uiLanguage());
}

/** The language to speak before settings are read. */
export function browserLang(): Lang {
  return resolveLang('auto', uiLanguage());
}
