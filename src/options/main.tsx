/** Options entry: wires the real browser into OptionsApp. */
import { render } from 'preact';
import { renderWithPageData } from '../shared/packaged-data.ts';
import { HISTORY_KEY } from '../shared/history.ts';
import { extensionVersion, localArea, onStorageChanged, uiLanguage } from '../platform/browser.ts';
import { downloadText } from '../ui/download-file.ts';
import { browserLang, loadSettings, onSettingsChanged, saveSettings } from '../ui/extension-settings.ts';
import { OptionsApp, type OptionsPorts } from './options-app.tsx';

const ports: OptionsPorts = {
  initialLang: browserLang(),
  uiLanguage: uiLanguage(),
  version: extensionVersion(),
  load: loadSettings,
  save: saveSettings,
  readHistory: async () => (await localArea.get(HISTORY_KEY))[HISTORY_KEY],
  deleteHistory: () => localArea.remove(HISTORY_KEY),
  downloadText,
  subscribe(listener) {
    onSettingsChanged(listener);
    onStorageChanged((keys, area) => {
      if (area === 'local' && keys.includes(HISTORY_KEY)) listener();
    });
  },
  now: () => new Date(),
};

const root = document.getElementById('app');
// The catalog and the locales are packaged files (src/shared/packaged-data.ts): read before the first render.
if (root) renderWithPageData(root, () => render(<OptionsApp ports={ports} />, root));
