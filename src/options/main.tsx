/** Options entry: wires the real browser into OptionsApp. */
import { render } from 'preact';
import { HISTORY_KEY } from '../background/history.ts';
import { browser, uiLanguage } from '../platform/browser.ts';
import { downloadText } from '../ui/download-file.ts';
import { browserLang, loadSettings, onSettingsChanged, saveSettings } from '../ui/extension-settings.ts';
import { OptionsApp, type OptionsPorts } from './options-app.tsx';

const ports: OptionsPorts = {
  initialLang: browserLang(),
  uiLanguage: uiLanguage(),
  version: browser.runtime.getManifest().version,
  load: loadSettings,
  save: saveSettings,
  readHistory: async () => (await browser.storage.local.get(HISTORY_KEY))[HISTORY_KEY],
  deleteHistory: () => browser.storage.local.remove(HISTORY_KEY),
  downloadText,
  subscribe(listener) {
    onSettingsChanged(listener);
    browser.storage.onChanged.addListener((changes, area) => {
      if (area === 'local' && HISTORY_KEY in changes) listener();
    });
  },
  now: () => new Date(),
};

const root = document.getElementById('app');
if (root) render(<OptionsApp ports={ports} />, root);
