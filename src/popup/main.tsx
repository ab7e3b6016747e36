/** Popup entry: wires the real browser into PopupApp. */
import { render } from 'preact';
import { renderWithPageData } from '../shared/packaged-data.ts';
import { activeTabId, extensionVersion, openOptionsPage, sendToBackground } from '../platform/browser.ts';
import { copyText } from '../ui/copy-text.ts';
import { downloadText } from '../ui/download-file.ts';
import { browserLang, loadSettings, pageLang } from '../ui/extension-settings.ts';
import { PopupApp, type PopupPorts } from './popup-app.tsx';

const ports: PopupPorts = {
  initialLang: browserLang(),
  loadLang: async () => pageLang((await loadSettings()).settings),
  async tabId() {
    // Tests (and "open in a tab") pass the tab explicitly; the toolbar popup describes the active tab.
    const param = new URLSearchParams(location.search).get('tabId');
    if (param !== null && /^\d+$/.test(param)) return Number(param);
    return activeTabId();
  },
  getReport: async (tabId) => (await sendToBackground({ type: 'get-report', tabId, popupOpen: true })) ?? null,
  setSiteOverride: async (tabId, value) => (await sendToBackground({ type: 'set-site-override', tabId, value })) ?? { ok: false },
  getPageBadge: async (tabId) => (await sendToBackground({ type: 'get-page-badge', tabId })) ?? null,
  showPageBadgeAgain: async (tabId) => (await sendToBackground({ type: 'show-page-badge-again', tabId })) ?? { ok: false },
  openOptions: openOptionsPage,
  copyText,
  downloadText,
  now: () => new Date(),
  version: extensionVersion(),
};

const root = document.getElementById('app');
// The catalog and the locales are packaged files (src/shared/packaged-data.ts): read before the first render.
if (root) renderWithPageData(root, () => render(<PopupApp ports={ports} />, root));
