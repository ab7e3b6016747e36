/** First-run page entry: wires the real browser into WelcomeApp. */
import { render } from 'preact';
import { renderWithPageData } from '../shared/packaged-data.ts';
import { openOptionsPage } from '../platform/browser.ts';
import { browserLang, loadSettings, onSettingsChanged, pageLang } from '../ui/extension-settings.ts';
import { WelcomeApp, type WelcomePorts } from './welcome-app.tsx';

const ports: WelcomePorts = {
  initialLang: browserLang(),
  loadLang: async () => pageLang((await loadSettings()).settings),
  openOptions: openOptionsPage,
  subscribe: onSettingsChanged,
};

const root = document.getElementById('app');
// The catalog and the locales are packaged files (src/shared/packaged-data.ts): read before the first render.
if (root) renderWithPageData(root, () => render(<WelcomeApp ports={ports} />, root));
