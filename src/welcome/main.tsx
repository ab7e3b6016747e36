/** First-run page entry: wires the real browser into WelcomeApp. */
import { render } from 'preact';
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
if (root) render(<WelcomeApp ports={ports} />, root);
